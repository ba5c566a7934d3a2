"""Render sheets to PDF bytes with reportlab: page geometry, page numbers, fonts embedded.

Portrait pages follow GB/T 9704-2012: A4, top margin 37 mm, left (binding) margin 28 mm, text
block 156 × 225 mm; the page number “— N —” in 4号 (14 pt) sits 7 mm below the text block, one
character in from the right edge on odd pages and from the left edge on even pages. Landscape
pages (the ledger) use a 267 × 172 mm block and “第×页 共×页”. Several sheets can go into one PDF
(a batch of notices); each starts on a new page and numbers its own pages. Page numbers are
drawn when the document is saved, because “共×页” needs the total. A small `Pager` places the
blocks on the pdfgen canvas; reportlab's platypus is not used (its import alone costs about a
tenth of a second per `qjtasks print` run, for features the sheets do not need).
"""
from __future__ import annotations

import io
from collections import Counter

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import fonts as fonts_mod
from .blocks import (
    GBT,
    Beside,
    Chart,
    CutLine,
    Gap,
    Grid,
    Keep,
    MarginCode,
    NewPage,
    Sheet,
    Text,
)
from .layout import BesideFlow, CutFlow, Flow, GridFlow, TextFlow, Typesetter, draw_qr

rl_config.useA85 = 0  # binary compressed streams: smaller files, and ASCII85 costs 0.3 s per 100 pages
TOP, LEFT, BLOCK_W, BLOCK_H = 37 * mm, 28 * mm, 156 * mm, 225 * mm
PAGE_NO_GAP, PAGE_NO_SIZE = 7 * mm, 14.0
LAND_MARGIN_X, LAND_TOP, LAND_BOTTOM = 15 * mm, 18 * mm, 20 * mm
# (page size, frame x, frame bottom y, frame width, frame height)
PORTRAIT = (A4, LEFT, A4[1] - TOP - BLOCK_H, BLOCK_W, BLOCK_H)
CODE_TOP = 12 * mm   # a margin code's top edge below the page's top edge (inside the 37 mm margin)
LANDSCAPE = (landscape(A4), LAND_MARGIN_X, LAND_BOTTOM, landscape(A4)[0] - 2 * LAND_MARGIN_X,
             landscape(A4)[1] - LAND_TOP - LAND_BOTTOM)


class NumberedCanvas(Canvas):
    """Keeps each page until save() so page numbers can say “共×页” per sheet."""

    def __init__(self, *args, typesetter: Typesetter, **kwargs):
        super().__init__(*args, **kwargs)
        self._ts = typesetter
        self._pages: list[dict] = []
        self._qj_sheet = (0, GBT)

    def showPage(self):  # noqa: N802 - reportlab's name
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


class Space(Flow):
    def __init__(self, height: float):
        self.height = height

    def wrap(self, avail_w, avail_h):
        return avail_w, self.height

    def draw(self):
        pass


class Pager:
    """Places flows top to bottom in the frame, splitting them or starting new pages."""

    def __init__(self, canv: NumberedCanvas):
        self.canv, self.open, self.geometry = canv, False, PORTRAIT
        self.y = self.avail = 0.0
        self.at_top = True

    def sheet(self, index: int, sheet: Sheet, flows: list) -> None:
        self.geometry = LANDSCAPE if sheet.landscape else PORTRAIT
        self.mark = (index, sheet.numbering)
        self.new_page()
        self.run(flows)

    def new_page(self) -> None:
        if self.open:
            self.canv.showPage()
        size, _, bottom, _, height = self.geometry
        self.canv.setPageSize(size)
        self.canv._qj_sheet = self.mark
        self.y, self.avail, self.at_top, self.open = bottom + height, height, True, True

    def run(self, queue: list) -> None:
        while queue:
            f = queue.pop(0)
            if f == "page":
                self.new_page()
            elif isinstance(f, MarginCode):
                self._margin_code(f)
            elif isinstance(f, list):
                self._keep(f, queue)
            elif not (isinstance(f, Space) and self.at_top):
                self._add(f, queue)

    def _margin_code(self, code: MarginCode) -> None:
        """In the top margin, right-aligned with the text block: never over text."""
        if not code.text:
            return
        (_, page_h), x, _, width, _ = self.geometry
        size = code.size * mm
        draw_qr(self.canv, code.text, x + width - size, page_h - CODE_TOP - size, size)

    def _keep(self, flows: list, queue: list) -> None:
        width = self.geometry[3]
        height = sum(f.wrap(width, 1e9)[1] for f in flows)
        if height > self.avail and not self.at_top:
            self.new_page()
        queue[:0] = flows

    def _add(self, f: Flow, queue: list) -> None:
        width = self.geometry[3]
        _, h = f.wrap(width, self.avail)
        if h <= self.avail + 0.01 or (self.at_top and not f.split(width, self.avail)):
            self._place(f, h)  # fits (or can never fit: draw rather than loop forever)
            return
        parts = f.split(width, self.avail)
        if parts:
            queue[:0] = parts[1:]
            self._place(parts[0], parts[0].wrap(width, self.avail)[1])
        else:
            self.new_page()
            queue.insert(0, f)

    def _place(self, f: Flow, h: float) -> None:
        f.drawOn(self.canv, self.geometry[1], self.y - h)
        self.y -= h
        self.avail -= h
        self.at_top = False


def flows(sheet: Sheet, ts: Typesetter) -> list:
    return [_flow(b, ts) for b in sheet.blocks]


def _flow(block, ts: Typesetter):
    if isinstance(block, Text):
        return TextFlow(block, ts)
    if isinstance(block, Grid):
        return GridFlow(block, ts)
    if isinstance(block, CutLine):
        return CutFlow(block, ts)
    if isinstance(block, Gap):
        return Space(block.height * mm)
    if isinstance(block, NewPage):
        return "page"
    if isinstance(block, MarginCode):
        return block
    if isinstance(block, Beside):
        return BesideFlow(_flow(block.block, ts), block.code, block.size, block.gap)
    if isinstance(block, Keep):
        return [_flow(b, ts) for b in block.blocks]
    if isinstance(block, Chart):
        from .charts import ChartFlow
        return ChartFlow(block, ts)
    raise TypeError(f"unknown block {block!r}")


def render(sheets: list[Sheet], fontset: fonts_mod.FontSet | None = None,
           title: str = "", progress=None) -> bytes:
    """The PDF of `sheets` as bytes (fonts resolved with defaults unless given).

    `progress(index, count)` is called as each sheet starts being laid out.
    """
    fontset = fontset or fonts_mod.resolve()
    ts = Typesetter(fontset)
    buf = io.BytesIO()
    canv = NumberedCanvas(buf, pagesize=A4, typesetter=ts, pageCompression=1)
    canv.setTitle(title or (sheets[0].title if sheets else ""))
    canv.setAuthor("qjtasks")
    canv.setCreator("qjtasks")
    pager = Pager(canv)
    for i, sheet in enumerate(sheets or [Sheet("")]):
        if progress is not None:
            progress(i, len(sheets))
        pager.sheet(i, sheet, flows(sheet, ts))
    canv.showPage()
    canv.save()
    return buf.getvalue()

def render_to(path, sheets: list[Sheet], fontset: fonts_mod.FontSet | None = None) -> int:
    """Write the PDF to `path`; returns its size in bytes."""
    data = render(sheets, fontset)
    with open(path, "wb") as fh:
        fh.write(data)
    return len(data)
