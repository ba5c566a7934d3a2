"""Next-step items (下一步工作计划) of a reply letter.

Letters state their plan in several layouts: a heading (`六、下一步工作计划`, `下步工作打算`)
followed by numbered paragraphs (`一是`, `（一）`, `1、`); a lead-in (`下一步，重点做好以下工作：`);
an inline paragraph (`下一步，…一是…二是…`); a `下一步` sentence closing each section; or a
single sentence. Each item is a `Candidate` whose span points into the normalised text. A letter
without a next-step part yields no items.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Candidate
from .normalize import MARKER

NEXT = r"(?:下一步|下步|下阶段|下一阶段|今后|后续|接下来)"
HEADING = re.compile(f"^(?:{MARKER.pattern[1:]})?\\s*{NEXT}(?:的)?(?:工作)?(?:计划|打算|安排|措施|举措|思路"
                     r"|重点|方向|目标|建议)?(?:[及和与][\u4e00-\u9fff]{0,6})?[：:。]?")
INLINE = re.compile(f"(?:^|(?<=[。；！]))\\s*{NEXT}(?:工作中)?[，,：:]?\\s*(?:我们|我[委局办厅部区市县省]|我中心)?"
                    r"(?:将|要|会|拟|还将|继续)?")
HEADING2 = re.compile(f"^(?:{MARKER.pattern[1:]})?\\s*(?:关于)?(?:(?:拟采取的|今后的?)(?:工作)?(?:措施|打算|计划)|(?:工作)?(?:打算|计划))"
                      r"(?:[及和与][\u4e00-\u9fff]{0,6})?[：:]?$")
CLOSING = re.compile(r"^(?:此复|此函|特此|专此|以上答复|对以上答复|对此答复|感谢|衷心感谢|再次感谢|非常感谢"
                     r"|如有|欢迎|联系人|联系电话|抄送|附件|本复函|此复函|本答复|本函|请您|恳请|您对|希望您|诚挚)")
_CLOSING_IN_TEXT = re.compile(r"(?<=[。！])\s*(?:此复|此函|特此|专此|感谢|衷心感谢|对以上|对此答复|如有|以上答复)")
_STYLES = {
    "shi": r"[一二三四五六七八九十]{1,3}是", "dun": r"[一二三四五六七八九十]{1,3}[、.．]",
    "paren": r"[（(][一二三四五六七八九十]{1,3}[)）]", "num": r"\d{1,2}(?:[、．]|\.(?!\d))",
    "nparen": r"[（(]\d{1,2}[)）]", "circ": r"[①-⑳]", "di": r"第[一二三四五六七八九十]{1,3}[，,、是]",
}
_FIRST = {"shi": "一是", "dun": "一", "paren": "一", "num": "1", "nparen": "1", "circ": "①", "di": "第一"}


@dataclass
class Para:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Para]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append(Para(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def style_of(text: str) -> str | None:
    for name, rx in _STYLES.items():
        if re.match(rx, text):
            return name
    return None


def is_closing(p: Para) -> bool:
    return bool(CLOSING.match(p.text) or "审签" in p.text[:25])


def extract_plan(paras: list[Para], lo: int, hi: int) -> tuple[list[Candidate], str]:
    """Items from paragraphs lo..hi (the body); returns (items, section label)."""
    body = paras[lo:hi]
    for i, p in enumerate(body):
        if _is_plan_heading(p):
            return _from_heading(body, i), _label(p.text)
    return _from_inline(body), "下一步工作（正文）"


def _is_heading(p: Para) -> bool:
    m = HEADING.match(p.text)
    if not m or not re.search(NEXT, m.group(0)):
        return False
    rest = p.text[m.end():]
    short = len(p.text) <= 25 and "，" not in p.text and not p.text.endswith(("。", "！", "；"))
    return short or (m.group(0)[-1] in "：:。" and bool(style_of(rest.strip())))


def _is_plan_heading(p: Para) -> bool:
    """`六、下一步工作计划`, `下步工作打算`, and numeral-less or NEXT-less forms (`四、工作打算`)."""
    return _is_heading(p) or bool(HEADING2.match(p.text))


def _label(text: str) -> str:
    return HEADING.match(text).group(0).rstrip("：:。") if HEADING.match(text) else text[:20]


def _from_heading(body: list[Para], h: int) -> list[Candidate]:
    head = body[h]
    m = HEADING.match(head.text) or HEADING2.match(head.text)
    section = [Para(head.start + m.end(), head.end, head.text[m.end():])] if len(
        head.text) > m.end() + 4 else []
    for p in body[h + 1:]:
        if is_closing(p) or (_looks_like_heading(p) and style_of(p.text) in (
                None, style_of(head.text))):
            break
        if style_of(p.text) == "dun" and style_of(head.text) == "dun":
            break
        section.append(p)
    return _items(section)


def _looks_like_heading(p: Para) -> bool:
    return len(p.text) <= 25 and not p.text.rstrip("”）").endswith(("。", "；", "！", "：", ":"))


def _items(section: list[Para]) -> list[Candidate]:
    """Marker paragraphs → one item each (with the next level's markers as sub-items);
    otherwise inline markers; otherwise one item per promise sentence, or per paragraph."""
    styled = [style_of(p.text) for p in section]
    style = next((s for s in styled if s), None)
    if style and styled.count(style) >= 2:
        items = _marker_items(section, style)
        for c in items:
            inner = [p for p in section if c.start < p.start < c.end]
            sub = [style_of(p.text) for p in inner]
            sub_style = next((x for x in sub if x and x != style), None)
            if sub_style and sub.count(sub_style) >= 2:
                c.sub_items = _marker_items(inner, sub_style)
        return items
    out: list[Candidate] = []
    for p in section:
        inline = _inline_items(p, _marker_len(p.text))
        sentences = _promise_sentences(p) if len(inline) == 1 else []
        out += sentences if len(sentences) >= 2 else inline
    return out


# Under a next-step heading a paragraph of plain sentences (`我局将加快…。同时，将会同…。此外，
# 还将加强…。`) holds one commitment per sentence; a sentence counts when it promises (`将`,
# `下一步`, a body's `将/拟`) or opens with a doing verb (`加快`, `持续推进`).
_DOING = re.compile(r"(?:同时|此外|另外|并且|并|还|也|再)?[，,]?\s*(?:要|将|会)?(?:积极|继续|进一步|加快|加大|加强|持续|全力"
                    r"|着力|努力|大力|不断|逐步|深入|切实|认真|尽快|推进|推动|完善|强化|落实|做好|抓好|争取|力争|优化|开展)")


def _promise_sentences(p: Para) -> list[Candidate]:
    out: list[Candidate] = []
    for s in _SENTENCE.finditer(p.text):
        sentence = s.group(0)
        body = sentence.strip()
        if len(body) < 6 or CLOSING.match(body) or _NOT_PROMISE.search(body) or body.endswith(("：", ":")):
            continue
        if commitment_items(Para(p.start + s.start(), p.start + s.end(), sentence)) or _DOING.match(body):
            lead = len(sentence) - len(sentence.lstrip())
            out.append(Candidate("", p.start + s.start() + lead, p.start + s.end()))
    return out


def _marker_len(text: str) -> int:
    """Length of a leading marker (`1、`) unless it starts an inline sequence (`一是…二是…`)."""
    style = style_of(text)
    if not style or len(_sequence(text)) >= 2:
        return 0
    m = re.match(_STYLES[style] + r"[，,、：:\s]*", text)
    return m.end()


def _marker_items(section: list[Para], style: str) -> list[Candidate]:
    items: list[Candidate] = []
    for p in section:
        m = re.match(_STYLES[style], p.text)
        if m:
            start = p.start + m.end()
            start += len(p.text[m.end():]) - len(p.text[m.end():].lstrip("，,、：: "))
            items.append(Candidate("", start, p.end))
        elif items:
            items[-1].end = p.end
    joined = "\n".join(p.text for p in section)  # section paragraphs are contiguous
    base = section[0].start if section else 0
    for c in items:
        c.end = c.start + _closing_cut(joined[c.start - base:c.end - base])
    return items


def _closing_cut(text: str) -> int:
    """Length of `text` before a closing sentence that shares its paragraph (`…。此复函已经…`)."""
    m = _CLOSING_IN_TEXT.search(text)
    return m.start() if m else len(text)


def _inline_items(p: Para, offset: int = 0) -> list[Candidate]:
    """Split `p.text[offset:]` at sequential inline markers (一是…二是…); else one item."""
    text = p.text[offset:]
    cut = _CLOSING_IN_TEXT.search(text)
    text = text[:cut.start()] if cut else text
    marks = _sequence(text)
    if len(marks) < 2:
        body = text.strip("：: ")
        return [Candidate("", p.start + offset + text.find(body),
                          p.start + offset + text.find(body) + len(body))] if len(body) >= 4 else []
    bounds = marks + [(len(text), len(text))]
    return [Candidate("", p.start + offset + b, p.start + offset + _trim_end(text, b, nxt[0]))
            for (_, b), nxt in zip(marks, bounds[1:], strict=False)]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \n；;，,":
        end -= 1
    return end


def _sequence(text: str) -> list[tuple[int, int]]:
    """(marker start, content start) of markers 一是/二是… (or （一）/（二）…) in order."""
    for name, rx in _STYLES.items():
        hits = list(re.finditer(f"(?:^|(?<=[。；：:，！\\s]))({rx})", text))
        if len(hits) >= 2 and hits[0].group(1).startswith(_FIRST[name]) or (
                len(hits) >= 2 and name == "dun" and hits[0].group(1)[0] == "一"):
            return [(h.start(1), h.end(1)) for h in hits]
    return []


def _from_inline(body: list[Para]) -> list[Candidate]:
    """`下一步，…` paragraphs or sentences; a lead-in ending in `：` takes the marker paragraphs."""
    items: list[Candidate] = []
    for i, p in enumerate(body):
        if is_closing(p):
            continue
        m = INLINE.search(p.text)
        if not m:
            items += commitment_items(p)
            continue
        rest = p.text[m.end():].strip()
        if rest.endswith(("：", ":")) and i + 1 < len(body) and style_of(body[i + 1].text):
            follow = []
            for q in body[i + 1:]:
                if is_closing(q) or (not style_of(q.text) and _looks_like_heading(q)):
                    break
                follow.append(q)
            items += _items(follow)
        elif not p.text[:m.start()].strip():
            items += _inline_items(p, m.end())
        else:
            items += commitment_items(p)
    return items


# Commitments inside answer points (`…，下一步，我局将加快…。`, `县水务局将积极争取…`,
# `争取年内建成…`): the clause that opens the promise, by a next-step word, by a body and its
# `将/会/拟`, or by a dated `争取/力争`. Each such sentence is one item.
_LINK = r"(?:但是|但|而且|而|同时|并且|并|且|另外|此外|对此|为此|因此|所以|届时|最后)?"
SUBJECT = (r"(?:我们|我[局委办厅部镇区县市乡司所站队]|我单位|我中心|本[局委办厅部]"
           r"|(?![会拟])[^\s，。；：的了着是有把被对向与和及在从经召将]{0,16}?(?:局|委|办|厅|部|署|政府|中心|大队|支队|中队|管委会|街道|部门|财政|镇|乡))")
_WHEN = r"(?:在)?(?:下一步|下步|下阶段|下一阶段)(?:的)?(?:工作中|工作)?(?:中)?"
_MODAL = r"(?:还|也|都|仍|均|继续)?(?:将会(?![同商议])|将|(?<![委员协学工社大商署])会(?![同商议员])|拟)"
LEAD = re.compile(
    f"{_LINK}(?:{_WHEN}[，,]?\\s*(?:{SUBJECT})?(?:{_MODAL})?"
    f"|(?:今后|后续|接下来)[，,]\\s*(?:{SUBJECT})?(?:{_MODAL})?"
    f"|{SUBJECT}(?:{_WHEN}[，,]?)?{_MODAL}"
    r"|(?=(?:争取|力争|计划|预计)(?:在|于|到)?(?:今年|明年|年内|年底前?|\d{4}年)))")
# `省发展改革委将…项目纳入储备库`: 将 as 把 (something done), not the future 将.
_FUTURE = re.compile(r"把|向|积极|继续|进一步|加快|加大|加强|尽快|尽最大|认真|及时|严格|按照|根据|结合|在|于|会同"
                     r"|联合|协调|配合|督促|指导|推动|推进|持续|全力|努力|着力|重点|适时|密切|主动|不断|逐步|切实")
_BA_VERB = re.compile(r"纳入|列入|列为|作为|转为|转交|交由|调整为|确定为|反映|转达|转送|移交|报送|上报|汇报|通报|告知|转告")


def _done_ba(sentence: str, m: re.Match) -> bool:
    after = sentence[m.end():m.end() + 30]
    return sentence[m.end() - 1] == "将" and not _FUTURE.match(after) and bool(
        _BA_VERB.search(re.split(r"[，。；]", after)[0]))


# `资金到位后，将组织施工`: a clause that opens with 将 continues its sentence's subject.
_BARE_WILL = re.compile(r"(?:还|也|仍|均|并|继续)?将(?=[\u4e00-\u9fff])(?!来|近|要|其|此|这|该|以上|上述)")
_NOT_PROMISE = re.compile(r"感谢|希望|恳请|欢迎|请您|请你|敬请|望您|谢谢|支持和理解")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


def commitment_items(p: Para) -> list[Candidate]:
    """One item per sentence of `p` that makes a promise (split further at 一是…二是…)."""
    items: list[Candidate] = []
    for s in _SENTENCE.finditer(p.text):
        sentence = s.group(0)
        if CLOSING.match(sentence.strip()):
            continue
        lead = _marker_len(sentence) if s.start() == 0 else 0
        for pos in [lead] + [m.end() for m in re.finditer(r"[，,；;：:]\s*", sentence)]:
            m = LEAD.match(sentence, pos) or (_BARE_WILL.match(sentence, pos) if pos > lead else None)
            clause = re.split(r"[，,；;]", sentence[pos:], maxsplit=1)[0]
            if m and not _NOT_PROMISE.search(sentence[:pos] + clause) and not _done_ba(sentence, m):
                part = Para(p.start + s.start() + pos, p.start + s.end(), sentence[pos:])
                items += _inline_items(part, m.end() - pos)
                break
    return items
