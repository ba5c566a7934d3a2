"""Other commitments in the body of a letter: `今年将…`, `力争…`, `启动…`, `再引导…`.

These are checkable promises outside the next-step part, offered as secondary candidates. Each
is the clause that carries the promise, so the dialog can highlight exactly those words.
"""
from __future__ import annotations

import re

from .model import Candidate

_VERBS = ("积极|继续|进一步|加快|加大|全力|持续|认真|努力|大力|重点|着力|逐步|适时|尽快|按照|在|于|会同|联合"
          "|组织|开展|推动|推进|启动|实施|完成|建成|出台|制定|编制|研究|争取|力争|配合|指导|督促|加强|做好"
          "|不断|主动|及时|协调|全面|切实|坚持|深入|引导|抓好|落实")
PROMISE = re.compile(
    f"(?:^|(?<=[。；\\n]))(?:下一步|下步|今后)|(?:今年|明年|年内|年底前)?将(?:{_VERBS})|今年再|年底前|力争|(?<!已)(?<!已经)启动|再引导|(?<![\\u4e00-\\u9fff]{{2}}的)拟"
    r"|计划(?:于|在|到|年内|今年)|争取(?:在|于|到|今年|明年|年底|年内)|预计(?:于|在|到)|持续推进|即将|着手")
_CLAUSE_END = "，；。！？\n"


def find_commitments(text: str, start: int, end: int,
                     skip: list[tuple[int, int]]) -> list[Candidate]:
    """Promise clauses in `text[start:end]` that do not overlap the `skip` spans."""
    out: list[Candidate] = []
    for m in PROMISE.finditer(text, start, end):
        a, b = _clause(text, m.start(), end)
        if re.search(r"以下|如下", text[a:b]) or any(a < y and x < b for x, y in skip) or any(a < c.end and c.start < b for c in out):
            continue
        out.append(Candidate("", a, b, kind="commitment"))
    return out


def _clause(text: str, pos: int, limit: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, pos) for c in _CLAUSE_END) + 1
    b = _next_end(text, pos, limit)
    while b - a < 10 and b < limit and text[b] not in "。\n":
        b = _next_end(text, b + 1, limit)
    m = re.match(r"\s*(?:[一二三四五六七八九十]{1,3}是|同时|并|且|此外|另外)?[，、]?", text[a:b])
    return a + (m.end() if m else 0), b


def _next_end(text: str, pos: int, limit: int) -> int:
    ends = [i for i in (text.find(c, pos, limit) for c in _CLAUSE_END) if i >= 0]
    return min(ends) if ends else limit
