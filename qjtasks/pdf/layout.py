"""Flows for the sheet blocks: text and ruled grids that split line by line, drawn with reportlab.

Both break lines with `linebreak.break_lines` (Chinese 禁则, never wider than the measure) and
draw each line as runs of the face that has the glyphs (`fonts.FontSet.runs`), so user text is
printed literally — no markup parsing, nothing to escape — and never as hollow boxes. A text
block or a grid row taller than the space left on a page splits between lines; a grid repeats
its header rows on the next page and marks a continued row with its `continued` label. The
first line's glyph tops sit exactly at the top of the block (extra leading goes below), so
GB/T 9704 positions can be checked from the PDF.
"""
from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm

from . import linebreak
from .blocks import Cell, CutLine, Grid, Row, Text

SHADE = Color(0.9, 0.9, 0.9)
SPLIT_TALLER_THAN = 60 * mm   # shorter rows move to the next page whole


class Typesetter:
    """Breaks and draws lines for one FontSet, caching character widths."""

    def __init__(self, fonts):
        self.fonts = fonts
        self._widths: dict[tuple[str, float], dict[str, float]] = {}

    def width(self, text: str, role: str, size: float) -> float:
        cache = self._widths.setdefault((role, size), {})
        total = 0.0
        for ch in text:
            w = cache.get(ch)
            if w is None:
                w = cache[ch] = self.fonts.width(ch, role, size)
            total += w
        return total

    def lines(self, text: str, role: str, size: float, measure: float) -> list[str]:
        return linebreak.break_lines(text, lambda t: self.width(t, role, size), measure)

    def top(self, role: str, size: float) -> float:
        """Distance from a line's top to its baseline (pdfminer's glyph box top)."""
        return size * self.fonts.top(role)

    def draw(self, canv, x: float, y: float, text: str, role: str, size: float,
             align: str = "left", measure: float = 0.0) -> None:
        if not text:
            return
        if align != "left":
            w = self.width(text, role, size)
            x += (measure - w) / (2 if align == "center" else 1)
        tx = canv.beginText(x, y)
        for name, run in self.fonts.runs(text, role):
            tx.setFont(name, size)
            tx.textOut(run)
        canv.drawText(tx)


class Flow:
    """What the pager needs: wrap (→ width, height), split (→ parts or []) and drawOn."""

    width = height = 0.0
    canv = None

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        raise NotImplementedError

    def split(self, avail_w: float, avail_h: float) -> list:
        return []

    def draw(self) -> None:
        raise NotImplementedError

    def drawOn(self, canv, x: float, y: float) -> None:  # noqa: N802 - reportlab's name
        canv.saveState()
        canv.translate(x, y)
        self.canv = canv
        self.draw()
        canv.restoreState()


class TextFlow(Flow):
    def __init__(self, block: Text, ts: Typesetter, lines: list[str] | None = None):
        self.block, self.ts, self._lines = block, ts, lines
        self.leading = block.leading or block.size * 1.5

    def _text(self) -> str:
        if not self.block.indent:
            return self.block.text
        return "\n".join("\u3000\u3000" + p if p else p for p in self.block.text.split("\n"))

    def lines(self, avail_w: float) -> list[str]:
        if self._lines is None:
            b = self.block
            self._lines = self.ts.lines(self._text(), b.role, b.size, avail_w)
        return self._lines

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        n = len(self.lines(avail_w))
        self.height = (self.block.before + self.block.after) * mm + n * self.leading
        return avail_w, self.height

    def split(self, avail_w, avail_h):
        lines = self.lines(avail_w)
        room = avail_h - self.block.before * mm
        k = int((room + 0.01) // self.leading)
        if k <= 0 or k >= len(lines):
            return [] if k <= 0 else [self]
        head = TextFlow(replace(self.block, after=0), self.ts, lines[:k])
        tail = TextFlow(replace(self.block, before=0), self.ts, lines[k:])
        return [head, tail]

    def draw(self):
        b, canv = self.block, self.canv
        y = self.height - b.before * mm - self.ts.top(b.role, b.size)
        for line in self.lines(self.width):
            self.ts.draw(canv, 0, y, line, b.role, b.size, b.align, self.width)
            y -= self.leading


class LaidRow:
    """A grid row broken into lines: per cell (x, width, cell, lines).

    A line is a string, None for a ruled writing line, or (align, text) for a footer line.
    """

    def __init__(self, row: Row, cells: list, n_lines: int, min_lines: int = 0):
        self.row, self.cells = row, cells
        self.n = max(n_lines, min_lines, 1)


class GridFlow(Flow):
    def __init__(self, grid: Grid, ts: Typesetter, rows: list[LaidRow] | None = None,
                 header: list[LaidRow] | None = None):
        self.grid, self.ts = grid, ts
        self.leading = grid.leading or grid.size * 1.4
        self.pad = grid.pad * mm
        if rows is None:
            laid = [self._lay(r) for r in grid.rows]
            header, rows = laid[:grid.header_rows], laid[grid.header_rows:]
        self.header, self.rows = header or [], rows

    def _lay(self, row: Row) -> LaidRow:
        cells, x, most = [], 0.0, 0
        for cell in row.cells:
            w = cell.width * mm
            lines: list = self.ts.lines(cell.text, cell.role, self.grid.size, w - 2 * self.pad)
            if cell.text == "":
                lines = []
            lines += [None] * cell.ruled
            if cell.footer:
                measure = w - 2 * self.pad
                lines += [("right", t) for t in self.ts.lines(cell.footer, cell.role,
                                                               self.grid.size, measure)]
            cells.append((x, w, cell, lines))
            most = max(most, len(lines))
            x += w
        min_lines = int(round((row.min_height * mm - 2 * self.pad) / self.leading))
        return LaidRow(row, cells, most, min_lines)

    def _h(self, r: LaidRow) -> float:
        return r.n * self.leading + 2 * self.pad

    def wrap(self, avail_w, avail_h):
        self.width = max((c[0] + c[1] for r in self.header + self.rows for c in r.cells[-1:]),
                         default=avail_w)
        body = sum(self._h(r) for r in self.header + self.rows)
        self.height = body + (self.grid.before + self.grid.after) * mm
        return self.width, self.height

    def split(self, avail_w, avail_h):
        room = avail_h - self.grid.before * mm - sum(self._h(r) for r in self.header)
        used, k = 0.0, 0
        while k < len(self.rows) and used + self._h(self.rows[k]) <= room + 0.01:
            used += self._h(self.rows[k])
            k += 1
        if k == len(self.rows):
            return [self]
        head_rows, tail_rows = self.rows[:k], self.rows[k:]
        fit = int((room - used - 2 * self.pad + 0.01) // self.leading)
        if fit >= 1 and self._splittable(tail_rows[0], avail_h):
            first, rest = self._split_row(tail_rows[0], fit)
            head_rows, tail_rows = [*head_rows, first], [rest, *tail_rows[1:]]
        if not head_rows:
            return []
        g = self.grid
        return [GridFlow(replace(g, after=0), self.ts, head_rows, self.header),
                GridFlow(replace(g, before=0), self.ts, tail_rows, self.header)]

    def _splittable(self, r: LaidRow, avail_h: float) -> bool:
        """Split rows that are meant to continue, or are too tall to move whole."""
        if max(len(c[3]) for c in r.cells) <= 1:
            return False
        return bool(r.row.continued) or self._h(r) > SPLIT_TALLER_THAN

    def _split_row(self, r: LaidRow, fit: int) -> tuple[LaidRow, LaidRow]:
        first = [(x, w, c, lines[:fit]) for x, w, c, lines in r.cells]
        rest = [(x, w, c, lines[fit:]) for x, w, c, lines in r.cells]
        if r.row.continued and not rest[0][3]:
            x, w, c, _ = rest[0]
            rest[0] = (x, w, c, [r.row.continued])
        n_rest = max(len(c[3]) for c in rest)
        return LaidRow(r.row, first, fit), LaidRow(replace(r.row, rule_above=False), rest, n_rest)

    def draw(self):
        canv = self.canv
        y = self.height - self.grid.before * mm
        laid = self.header + self.rows
        for i, r in enumerate(laid):
            h = self._h(r)
            self._draw_row(canv, r, y, h, i < len(self.header), first=i == 0)
            y -= h
        if self.grid.border and laid:
            canv.setLineWidth(0.8)
            canv.line(0, y, self.width, y)

    def _draw_row(self, canv, r: LaidRow, top: float, h: float, is_header: bool,
                  first: bool) -> None:
        g = self.grid
        if is_header and g.shade_header:
            canv.setFillColor(SHADE)
            canv.rect(0, top - h, self.width, h, stroke=0, fill=1)
            canv.setFillColor(black)
        if g.border:
            canv.setLineWidth(0.8 if first else 0.5)
            if first or r.row.rule_above:
                canv.line(0, top, self.width, top)
            for x, _w, _, _ in r.cells:
                canv.line(x, top, x, top - h)
            canv.line(self.width, top, self.width, top - h)
        for x, w, cell, lines in r.cells:
            self._draw_cell(canv, x, w, cell, lines, top)

    def _draw_cell(self, canv, x, w, cell: Cell, lines: list, top: float) -> None:
        size, pad = self.grid.size, self.pad
        y = top - pad - self.ts.top(cell.role, size)
        for line in lines:
            if line is None:
                canv.setLineWidth(0.3)
                canv.line(x + pad, y - size * 0.3, x + w - pad, y - size * 0.3)
            elif isinstance(line, tuple):
                self.ts.draw(canv, x + pad, y, line[1], cell.role, size, line[0], w - 2 * pad)
            else:
                self.ts.draw(canv, x + pad, y, line, cell.role, size, cell.align, w - 2 * pad)
            y -= self.leading


class CutFlow(Flow):
    """The dashed 沿此线剪开 line across the text block."""

    def __init__(self, block: CutLine, ts: Typesetter):
        self.block, self.ts, self.size = block, ts, 10.5

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        self.height = (self.block.before + self.block.after) * mm + self.size * 1.4
        return self.width, self.height

    def draw(self):
        canv, b = self.canv, self.block
        mid = self.block.after * mm + self.size * 0.7
        label_w = self.ts.width(b.label, "body", self.size) + 8
        canv.setDash(4, 3)
        canv.setLineWidth(0.6)
        canv.line(0, mid, (self.width - label_w) / 2, mid)
        canv.line((self.width + label_w) / 2, mid, self.width, mid)
        canv.setDash()
        self.ts.draw(canv, 0, mid - self.size * 0.35, b.label, "body", self.size, "center",
                     self.width)


def draw_qr(canv, text: str, x: float, y: float, size: float) -> None:
    """A QR code (error correction M, 4-module quiet zone inside `size`) with its lower left
    corner at (x, y); reportlab's own encoder, drawn as vector squares."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    widget = QrCodeWidget(text, barLevel="M", barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canv, x, y)


class BesideFlow(Flow):
    """A flow narrowed by a QR code's width, the code top-aligned at its right."""

    def __init__(self, inner: Flow, code: str, size_mm: float, gap_mm: float):
        self.inner, self.code = inner, code
        self.size, self.gap = size_mm * mm, gap_mm * mm

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        _, h = self.inner.wrap(avail_w - self.size - self.gap, avail_h)
        self.inner_h = h
        self.height = max(h, self.size)
        return avail_w, self.height

    def draw(self):
        self.inner.drawOn(self.canv, 0, self.height - self.inner_h)
        if self.code:
            draw_qr(self.canv, self.code, self.width - self.size, self.height - self.size,
                    self.size)
