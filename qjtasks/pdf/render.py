"""Render sheets to PDF bytes with reportlab: page geometry, page numbers, fonts embedded.

Portrait pages follow GB/T 9704-2012: A4, top margin 37 mm, left (binding) margin 28 mm, text
block 156 × 225 mm; the page number “— N —” in 4号 (14 pt) sits 7 mm below the text block, one
character in from the right edge on odd pages and from the left edge on even pages. Landscape
pages (the ledger) use a 267 × 172 mm block and “第×页 共×页”. Several sheets can go into one PDF
(a batch of notices); each starts on a new page and numbers its own pages. Page numbers are
drawn when the document is saved, because “共×页” needs the total.
"""
from __future__ import annotations

import io
from collections import Counter

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from . import fonts as fonts_mod
from .blocks import GBT, CutLine, Gap, Grid, Keep, NewPage, Sheet, Text
from .layout import CutFlow, GridFlow, TextFlow, Typesetter

rl_config.useA85 = 0  # binary compressed streams: smaller files, and ASCII85 costs 0.3 s per 100 pages
TOP, LEFT, BLOCK_W, BLOCK_H = 37 * mm, 28 * mm, 156 * mm, 225 * mm
PAGE_NO_GAP, PAGE_NO_SIZE = 7 * mm, 14.0
LAND_MARGIN_X, LAND_TOP, LAND_BOTTOM = 15 * mm, 18 * mm, 20 * mm


def portrait_frame() -> Frame:
    bottom = A4[1] - TOP - BLOCK_H
    return Frame(LEFT, bottom, BLOCK_W, BLOCK_H, 0, 0, 0, 0, id="portrait")


def landscape_frame() -> Frame:
    w, h = landscape(A4)
    return Frame(LAND_MARGIN_X, LAND_BOTTOM, w - 2 * LAND_MARGIN_X, h - LAND_TOP - LAND_BOTTOM,
                 0, 0, 0, 0, id="landscape")


class SheetMark(Flowable):
    """Zero-size marker: tells the canvas which sheet the current page belongs to."""

    def __init__(self, index: int, numbering: str, progress=None, count: int = 1):
        super().__init__()
        self.index, self.numbering = index, numbering
        self.progress, self.count = progress, count

    def wrap(self, avail_w, avail_h):
        return 0, 0

    def draw(self):
        self.canv._qj_sheet = (self.index, self.numbering)
        if self.progress is not None:
            self.progress(self.index, self.count)


class NumberedCanvas(Canvas):
    """Keeps each page until save() so page numbers can say “共×页” per sheet."""

    def __init__(self, *args, typesetter: Typesetter, **kwargs):
        super().__init__(*args, **kwargs)
        self._ts = typesetter
        self._pages: list[dict] = []
        self._qj_sheet = (0, GBT)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        totals = Counter(p["_qj_sheet"][0] for p in self._pages)
        seen: Counter = Counter()
        for state in self._pages:
            self.__dict__.update(state)
            sheet, numbering = state["_qj_sheet"]
            seen[sheet] += 1
            self._page_number(seen[sheet], totals[sheet], numbering)
            super().showPage()
        super().save()

    def _page_number(self, n: int, total: int, numbering: str) -> None:
        ts, size = self._ts, PAGE_NO_SIZE
        if numbering == GBT:
            text = f"— {n} —"
            glyph_top = A4[1] - TOP - BLOCK_H - PAGE_NO_GAP
            y = glyph_top - ts.top("body", size)
            w = ts.width(text, "body", size)
            x = LEFT + BLOCK_W - size - w if n % 2 else LEFT + size
            ts.draw(self, x, y, text, "body", size)
        else:
            w, _ = self._pagesize
            ts.draw(self, 0, 8 * mm, f"第{n}页 共{total}页", "body", 10.5, "center", w)


def flowables(sheets: list[Sheet], ts: Typesetter, progress=None) -> list:
    out: list = []
    for i, sheet in enumerate(sheets):
        if i:
            out += [NextPageTemplate("landscape" if sheet.landscape else "portrait"), PageBreak()]
        out.append(SheetMark(i, sheet.numbering, progress, len(sheets)))
        out += [_flowable(b, ts) for b in sheet.blocks]
    return out


def _flowable(block, ts: Typesetter):
    from reportlab.platypus import Spacer
    if isinstance(block, Text):
        return TextFlow(block, ts)
    if isinstance(block, Grid):
        return GridFlow(block, ts)
    if isinstance(block, CutLine):
        return CutFlow(block, ts)
    if isinstance(block, Gap):
        return Spacer(1, block.height * mm)
    if isinstance(block, NewPage):
        return PageBreak()
    if isinstance(block, Keep):
        return KeepTogether([_flowable(b, ts) for b in block.blocks])
    raise TypeError(f"unknown block {block!r}")


def render(sheets: list[Sheet], fontset: fonts_mod.FontSet | None = None,
           title: str = "", progress=None) -> bytes:
    """The PDF of `sheets` as bytes (fonts resolved with defaults unless given).

    `progress(index, count)` is called as each sheet starts being laid out.
    """
    fontset = fontset or fonts_mod.resolve()
    ts = Typesetter(fontset)
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, title=title or (sheets[0].title if sheets else ""),
                          author="qjtasks", creator="qjtasks", pageCompression=1)
    portrait = PageTemplate("portrait", [portrait_frame()], pagesize=A4)
    land = PageTemplate("landscape", [landscape_frame()], pagesize=landscape(A4))
    first_land = bool(sheets) and sheets[0].landscape
    doc.addPageTemplates([land, portrait] if first_land else [portrait, land])
    doc.build(flowables(sheets, ts, progress) or [SheetMark(0, GBT)],
              canvasmaker=lambda *a, **k: NumberedCanvas(*a, typesetter=ts, **k))
    return buf.getvalue()


def render_to(path, sheets: list[Sheet], fontset: fonts_mod.FontSet | None = None) -> int:
    """Write the PDF to `path`; returns its size in bytes."""
    data = render(sheets, fontset)
    with open(path, "wb") as fh:
        fh.write(data)
    return len(data)
