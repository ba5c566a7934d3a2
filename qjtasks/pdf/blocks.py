"""The sheet description: a few plain block types that `render.py` lays out (no reportlab here).

A `Sheet` is a page orientation, a page-number style and a list of blocks: `Text` (a paragraph
in one face, size and alignment), `Grid` (a ruled table whose rows each carry their own cell
widths, so spans need no special case; a tall row splits across pages line by line and the
header rows repeat), `CutLine` (the dashed 沿此线剪开 line), `Keep` (blocks kept on one page), `Gap`, `NewPage`,
`MarginCode` (a QR code in the page's top margin, outside the text block), `Beside` (a block
with a QR code to its right, e.g. the 签收回执 with its code beside the signature line) and
`Chart` (the leader's bars per unit or a month-by-month trend, in greys and line styles with
the numbers written on them, so it reads in black-and-white print). Measures are
in millimetres and points as named. Keeping this pure lets tests check what a sheet says
without drawing it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

GBT = "gbt"          # “— N —”, 4号, odd pages right, even pages left (GB/T 9704)
OF_TOTAL = "total"   # “第×页 共×页”, centred


@dataclass(frozen=True)
class Text:
    """A paragraph in one of the sheet's text roles."""
    text: str
    role: str = "body"            # body / title / heading
    size: float = 16.0            # pt
    align: str = "left"           # left / center / right
    leading: float | None = None  # pt; default 1.5 × size
    before: float = 0.0           # mm of space above
    after: float = 0.0            # mm of space below
    indent: float = 0.0           # mm, first line (首行缩进)


@dataclass(frozen=True)
class Cell:
    """One cell of a grid row: text, width, alignment, role and blank lines to write on."""
    text: str
    width: float                  # mm
    align: str = "left"
    role: str = "body"
    ruled: int = 0                # blank writing lines drawn under the text
    footer: str = ""              # right-aligned lines after the ruled ones (signature, date)


@dataclass(frozen=True)
class Row:
    """A row of cells."""
    cells: tuple[Cell, ...]
    min_height: float = 0.0       # mm
    rule_above: bool = True
    continued: str = ""           # label shown in the first cell when the row continues


@dataclass(frozen=True)
class Grid:
    """A ruled table of rows."""
    rows: tuple[Row, ...]
    size: float = 14.0
    leading: float | None = None
    header_rows: int = 0
    pad: float = 1.5              # mm inside each cell
    shade_header: bool = False
    border: bool = True
    before: float = 0.0
    after: float = 0.0


@dataclass(frozen=True)
class CutLine:
    """A dashed line to cut along, with its label."""
    label: str = "（沿此线剪开）"
    before: float = 3.0
    after: float = 3.0


@dataclass(frozen=True)
class Gap:
    """Vertical space."""
    height: float                 # mm


@dataclass(frozen=True)
class Keep:
    """Blocks kept on one page (the tear-off receipt with its cut line)."""

    blocks: tuple


@dataclass(frozen=True)
class NewPage:
    """A page break."""


@dataclass(frozen=True)
class MarginCode:
    """A QR code drawn in the top margin at the right, on the page where this block falls."""

    text: str
    size: float = 18.0            # mm, quiet zone included


@dataclass(frozen=True)
class Beside:
    """`block` narrowed by the code's width, with the QR code top-aligned to its right."""

    block: object
    code: str
    size: float = 22.0            # mm, quiet zone included
    gap: float = 2.0              # mm between the block and the code


@dataclass(frozen=True)
class Chart:
    """`bars`: one stacked horizontal bar per category, a segment per series, each labelled
    with its number; `trend`: one line per series over the categories (months)."""

    kind: str                                      # bars / trend
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]   # (name, one value per category)
    height: float = 70.0                            # mm, title and legend included
    before: float = 0.0
    after: float = 0.0
    note: str = ""                                  # a line under the chart

    def text(self) -> str:
        return "\n".join([self.title, *self.categories, *(n for n, _ in self.series),
                          *([self.note] if self.note else [])])


@dataclass(frozen=True)
class Sheet:
    """One printed sheet: its title and blocks, in order."""
    title: str
    blocks: tuple = ()
    landscape: bool = False
    numbering: str = GBT
    meta: dict = field(default_factory=dict, compare=False)

    def text(self) -> str:
        """All printed words, in order (for tests and search)."""
        out = []
        for b in self.blocks:
            if isinstance(b, Text):
                out.append(b.text)
            elif isinstance(b, Grid):
                out.extend(t for r in b.rows for c in r.cells for t in (c.text, c.footer) if t)
            elif isinstance(b, CutLine):
                out.append(b.label)
            elif isinstance(b, Keep):
                out.append(Sheet("", b.blocks).text())
            elif isinstance(b, Beside):
                out.append(Sheet("", (b.block,)).text())
            elif isinstance(b, Chart):
                out.append(b.text())
        return "\n".join(out)

    def codes(self) -> list[str]:
        """The texts of every QR code on the sheet, in order."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, MarginCode | Beside):
                out.append(b.text if isinstance(b, MarginCode) else b.code)
            if isinstance(b, Keep):
                out.extend(Sheet("", b.blocks).codes())
        return [c for c in out if c]
