"""Chinese line breaking (禁则) for printed sheets: pure text in, lines out.

reportlab's CJK wrapping lets a closing mark hang into the margin and does not know the full-width
Chinese marks (，；：？！》” …), so qjtasks breaks lines itself. Rules: no line starts with closing
punctuation, no line ends with opening punctuation, a run of Latin letters or digits (a number) and a
whole 文号 (綦发改函〔2022〕140号) stay together unless longer than a line, and no line is ever wider than the
measure — offending characters are pushed to the next line instead of hanging. Explicit newlines
start new lines. The caller supplies the width of a character, so this module needs no fonts.
"""
from __future__ import annotations

import re
from collections.abc import Callable

CANNOT_START = set("，。、；：？！）」』》〉】〕〗］｝’”…—·～%‰℃°,.;:?!)]}>" "ー々〻ゝゞ")
CANNOT_END = set("（「『《〈【〔〖［｛‘“([{<$￥＄£")

# A 文号 or 督办编号 (綦发改函〔2022〕140号, 綦发改催〔2026〕3-2号) is one token: it never breaks
# across lines unless it is longer than a whole line.
DOC_NUMBER = r"[\u4e00-\u9fff]{2,4}[〔\[［(（]\d{4}[〕\]］)）]\d+(?:-\d+)?号"
_PLAIN = r"[A-Za-z0-9_@#%&+\-./:=?~]+|."
_TOKEN = re.compile(DOC_NUMBER + "|" + _PLAIN, re.S)
_PLAIN_TOKEN = re.compile(_PLAIN, re.S)


def tokens(text: str) -> list[str]:
    """Characters, except that runs of Latin letters and digits are one token."""
    return _TOKEN.findall(text)


def break_lines(text: str, width: Callable[[str], float], measure: float) -> list[str]:
    """Break `text` into lines no wider than `measure`, following the rules above."""
    out: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        out.extend(_break_para(para, width, measure))
    return out


def _break_para(text: str, width, measure: float) -> list[str]:
    if not text:
        return [""]
    toks: list[str] = []
    for tok in tokens(text):
        toks.extend(_split_long(tok, width, measure))
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    for tok in toks:
        w = width(tok)
        if line and used + w > measure + 0.01:
            carry = _carry(line, tok)
            lines.append(line[:len(line) - len(carry)])
            line, used = carry, sum(width(t) for t in carry)
        line.append(tok)
        used += w
    lines.append(line)
    return ["".join(x) for x in lines]


def _carry(line: list[str], nxt: str) -> list[str]:
    """Tokens to move from the end of `line` to the next line so both obey the rules."""
    k = 0
    while True:
        first = nxt if k == 0 else line[len(line) - k]
        last = line[len(line) - k - 1]
        if not (first[0] in CANNOT_START or last[-1] in CANNOT_END):
            return line[len(line) - k:] if k else []
        if k + 1 >= len(line):
            return []  # only marks left: give up rather than empty the line
        k += 1


def _split_long(tok: str, width, measure: float) -> list[str]:
    """A Latin run wider than the line is cut into pieces that fit; a 文号 wider than the line
    falls back to its characters and digit runs."""
    if len(tok) == 1 or width(tok) <= measure:
        return [tok]
    parts = _PLAIN_TOKEN.findall(tok)
    if len(parts) > 1:
        return [p for part in parts for p in _split_long(part, width, measure)]
    out, cur = [], ""
    for ch in tok:
        if cur and width(cur + ch) > measure:
            out.append(cur)
            cur = ""
        cur += ch
    return out + ([cur] if cur else [])


def violations(lines: list[str]) -> list[str]:
    """Lines that break a rule (for tests and self-checks)."""
    bad = []
    for i, line in enumerate(lines):
        if line and line[0] in CANNOT_START and i > 0 and lines[i - 1]:
            bad.append(f"第{i + 1}行以“{line[0]}”开头")
        if line and line[-1] in CANNOT_END:
            bad.append(f"第{i + 1}行以“{line[-1]}”结尾")
    return bad
