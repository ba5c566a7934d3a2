"""Word's automatic numbering, rendered back into the text of a .docx letter.

Letters typed in Word often number their headings and points automatically (`一、`, `（一）`,
`1.`); python-docx returns paragraph text without those numbers. `Numbering` reads the
document's numbering definitions and produces the label each numbered paragraph shows, so the
importer sees `六、下一步工作计划` rather than a heading that lost its numeral.
"""
from __future__ import annotations

CN = "〇一二三四五六七八九"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional",
                    "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital",
                    "chineseLegalSimplified", "japaneseCounting"}


def chinese(n: int) -> str:
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    return str(n)


def render(n: int, fmt: str) -> str:
    if fmt in _CHINESE_FORMATS:
        return chinese(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        return chr((65 if fmt == "upperLetter" else 97) + n - 1)
    return str(n)


class Numbering:
    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): self._levels(a)
                    for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    @staticmethod
    def _levels(abstract) -> dict[int, tuple[str, str, int]]:
        out = {}
        for lvl in abstract.iter(f"{_W}lvl"):
            out[int(lvl.get(f"{_W}ilvl", "0"))] = (_val(lvl, "numFmt", "decimal"),
                                                   _val(lvl, "lvlText", "%1."),
                                                   int(_val(lvl, "start", "1")))
        return out

    def label(self, paragraph) -> str:
        """The number Word shows before `paragraph` (and advance the counters), or ''."""
        num_id, ilvl = _num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        fmt, text, start = levels[ilvl]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("none", "bullet"):
            return ""
        for lv in range(ilvl, -1, -1):
            lf, _, ls = levels.get(lv, ("decimal", "", 1))
            text = text.replace(f"%{lv + 1}", render(counters.get(lv, ls), lf))
        return text


def _val(lvl, tag: str, default: str) -> str:
    el = lvl.find(f"{_W}{tag}")
    return el.get(f"{_W}val", default) if el is not None else default


def _num_pr(paragraph) -> tuple[str | None, int]:
    for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return str(num_pr.numId.val), int(ilvl)
    return None, 0


def _style_ppr(paragraph):
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.element.pPr if style is not None else None
