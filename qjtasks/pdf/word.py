"""Render sheets to Word (.docx) with python-docx: the same `blocks.Sheet` data the PDF draws.

A supervisor edits the Word copy in WPS or Word before it is stamped, so the file follows the
same GB/T 9704 conventions as `render.py`: A4, margins 37 mm top, 35 mm bottom, 28 mm left
(binding), 26 mm right; body in 仿宋_GB2312 (the East Asian font is set in `w:eastAsia`, which
Word uses for Chinese text), titles in 方正小标宋简体, headings in 黑体, sizes and line pitch as
the PDF (三号 body, exact line spacing); page numbers “— N —” in 4号 in the footer, right on odd
pages and left on even pages. Each sheet is a section of its own that numbers its pages from 1
(a batch of notices), the landscape ledger gets “第×页 共×页” (SECTIONPAGES). Grids become
tables whose grid is the union of every row's cell edges, so a row's wider cells span columns;
header rows repeat on each page. A chart becomes its title and a table of its numbers (the
series by category), which the supervisor can edit or turn into a Word chart. QR codes are drawn as pictures from reportlab's encoder (the
margin code floats in the top margin, the receipt's code sits beside its rows), so a printed
Word copy still comes back through `scan-receipts`. Text goes in literally (python-docx escapes
XML), so `<&>` in a title stays as typed.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .blocks import (
    GBT,
    Beside,
    Cell,
    Chart,
    CutLine,
    Gap,
    Grid,
    Keep,
    MarginCode,
    NewPage,
    Row,
    Sheet,
    Text,
)

FACES = {"body": "仿宋_GB2312", "title": "方正小标宋简体", "heading": "黑体"}
PORTRAIT_MARGINS = (37, 35, 28, 26)     # top, bottom, left, right in mm (GB/T 9704 7.1)
LANDSCAPE_MARGINS = (18, 20, 15, 15)    # the ledger, as render.LANDSCAPE
PAGE_NO_SIZE = 14.0                      # 4号
FOOTER_DISTANCE = 23                     # mm: the number's glyphs 7 mm below the text block
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
SHADE = "E6E6E6"                         # the PDF's 0.9 grey header rows
QR_PIXELS_PER_MODULE = 8


def render(sheets: list[Sheet], title: str = "") -> bytes:
    """The .docx of `sheets` as bytes."""
    doc = Document()
    _defaults(doc)
    doc.core_properties.title = title or (sheets[0].title if sheets else "")
    doc.core_properties.author = "qjtasks"
    doc.settings.odd_and_even_pages_header_footer = True
    for i, sheet in enumerate(sheets or [Sheet("")]):
        section = doc.sections[0] if i == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _section(section, sheet)
        Writer(doc, doc).blocks(sheet.blocks)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_to(path, sheets: list[Sheet]) -> int:
    data = render(sheets)
    with open(path, "wb") as fh:
        fh.write(data)
    return len(data)


# ---- document and sections ------------------------------------------------------------------

def _defaults(doc) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), FACES["body"])
    normal.font.size = Pt(16)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = False
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)


def _fonts(rpr, face: str) -> None:
    """Set a run's (or style's) fonts to `face` for Latin and East Asian text alike."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)


def _section(section, sheet: Sheet) -> None:
    if sheet.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        top, bottom, left, right = LANDSCAPE_MARGINS
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        top, bottom, left, right = PORTRAIT_MARGINS
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(12)
    section.footer_distance = Mm(FOOTER_DISTANCE if not sheet.landscape else 6)
    _restart_numbering(section)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        for run in list(para.runs):
            run._r.getparent().remove(run._r)
        if sheet.numbering == GBT:
            _gbt_number(para, odd)
        else:
            _of_total(para)
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False


def _restart_numbering(section) -> None:
    _put(section._sectPr, _el("w:pgNumType", start=1), "sectPr")


def _gbt_number(para, odd: bool) -> None:
    """“— N —”, one character in from the right edge on odd pages, from the left on even."""
    pf = para.paragraph_format
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        pf.right_indent = Pt(PAGE_NO_SIZE)
    else:
        pf.left_indent = Pt(PAGE_NO_SIZE)
    _run(para, "— ", "body", PAGE_NO_SIZE)
    _field(para, "PAGE", PAGE_NO_SIZE)
    _run(para, " —", "body", PAGE_NO_SIZE)


def _of_total(para) -> None:
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(para, "第", "body", 10.5)
    _field(para, "PAGE", 10.5)
    _run(para, "页 共", "body", 10.5)
    _field(para, "SECTIONPAGES", 10.5)
    _run(para, "页", "body", 10.5)


def _field(para, instr: str, size: float) -> None:
    """A Word field (PAGE, SECTIONPAGES) shown as “1” until Word updates it."""
    for kind, text in (("begin", None), ("instr", f" {instr} "), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = _run(para, "", "body", size)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def _run(para, text: str, role: str, size: float):
    run = para.add_run(text)
    _fonts(run._r.get_or_add_rPr(), FACES.get(role, FACES["body"]))
    run.font.size = Pt(size)
    if role == "heading" and FACES[role] == "黑体":
        run.font.bold = False
    return run


# Child order the schema wants (Word reports a file as damaged when it is not kept).
ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
            "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
            "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
            "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
               "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
               "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
               "printerSettings", "sectPrChange"],
}


def _put(parent, el, kind: str):
    """Insert `el` into `parent` where the schema's child order puts it (replacing a twin)."""
    order = ORDER[kind]
    name = el.tag.split("}")[1]
    old = parent.find(el.tag)
    if old is not None:
        parent.remove(old)
    rank = order.index(name)
    for k, child in enumerate(parent):
        tag = child.tag.split("}")[-1]
        if tag in order and order.index(tag) > rank:
            parent.insert(k, el)
            return el
    parent.append(el)
    return el


def _el(tag: str, **attrs):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


# ---- blocks ---------------------------------------------------------------------------------

class Writer:
    """Writes blocks into a container (the document body or a table cell)."""

    def __init__(self, doc, container, width_mm: float | None = None, keep: bool = False):
        self.doc, self.box, self.keep = doc, container, keep
        self.width = width_mm
        self.page_break = False
        self._fresh = container is not doc   # a new cell holds one empty paragraph to reuse

    def blocks(self, blocks) -> None:
        for b in blocks:
            self.block(b)

    def block(self, b) -> None:
        if isinstance(b, Text):
            self.text(b)
        elif isinstance(b, Grid):
            self.grid(b)
        elif isinstance(b, CutLine):
            self.cut(b)
        elif isinstance(b, Gap):
            self.gap(b.height)
        elif isinstance(b, NewPage):
            self.page_break = True
        elif isinstance(b, MarginCode):
            self.margin_code(b)
        elif isinstance(b, Beside):
            self.beside(b)
        elif isinstance(b, Chart):
            self.chart(b)
        elif isinstance(b, Keep):
            inner = Writer(self.doc, self.box, self.width, keep=True)
            inner.page_break, inner._fresh = self.page_break, self._fresh
            inner.blocks(b.blocks)
            self.page_break, self._fresh = inner.page_break, inner._fresh
        else:
            raise TypeError(f"unknown block {b!r}")

    # -- paragraphs
    def paragraph(self, *, size: float, leading: float | None, align: str = "left",
                  before: float = 0.0, after: float = 0.0):
        if self._fresh and self.box.paragraphs and not self.box.paragraphs[-1].text:
            para = self.box.paragraphs[-1]
            self._fresh = False
        else:
            para = self.box.add_paragraph()
        pf = para.paragraph_format
        para.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        pf.space_before, pf.space_after = Mm(before), Mm(after)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(leading or size * 1.5)
        pf.widow_control = False
        if self.keep:
            pf.keep_with_next = True
            pf.keep_together = True
        if self.page_break:
            pf.page_break_before = True
            self.page_break = False
        _snap_off(para)
        return para

    def text(self, b: Text) -> None:
        parts = b.text.split("\n")
        for k, part in enumerate(parts):
            para = self.paragraph(size=b.size, leading=b.leading, align=_align(b),
                                  before=b.before if k == 0 else 0,
                                  after=b.after if k == len(parts) - 1 else 0)
            if b.indent:
                para.paragraph_format.first_line_indent = Pt(2 * b.size)
            _run(para, part, b.role, b.size)

    def gap(self, height_mm: float) -> None:
        para = self.paragraph(size=1, leading=None)
        para.paragraph_format.line_spacing = Mm(height_mm)

    def cut(self, b: CutLine) -> None:
        """The dashed cut line: dashed tab leaders either side of the centred label."""
        para = self.paragraph(size=10.5, leading=10.5 * 1.4, before=b.before, after=b.after)
        width = self.width or 156.0
        stops = para.paragraph_format.tab_stops
        stops.add_tab_stop(Mm(width / 2), WD_TAB_ALIGNMENT.CENTER, WD_TAB_LEADER.DASHES)
        stops.add_tab_stop(Mm(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DASHES)
        _run(para, f"\t{b.label}\t", "body", 10.5)

    def chart(self, b: Chart) -> None:
        """The chart's title, then its numbers as a table (categories down, or months across)."""
        self.text(Text(b.title, role="heading", size=12, align="center", leading=20,
                       before=b.before, after=1))
        self.grid(chart_grid(b, self.width or 156.0))
        if b.note:
            self.text(Text(b.note, size=10.5, leading=16, before=1))
        if b.after:
            self.gap(b.after)

    # -- codes
    def margin_code(self, b: MarginCode) -> None:
        """The QR code floating in the top margin at the right, anchored to the next paragraph."""
        if not b.text:
            return
        para = self.paragraph(size=1, leading=1)
        run = para.add_run()
        run.add_picture(io.BytesIO(qr_png(b.text)), width=Mm(b.size), height=Mm(b.size))
        _float_in_top_margin(run, b.size)

    def beside(self, b: Beside) -> None:
        width = self.width or 156.0
        left = width - b.size - b.gap
        table = self._table(1, 2)
        _table_layout(table, [left, b.size + b.gap], borders=False, pad=0)
        inner, code = table.rows[0].cells
        Writer(self.doc, inner, left, self.keep).block(b.block)
        if b.code:
            para = code.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            para.add_run().add_picture(io.BytesIO(qr_png(b.code)), width=Mm(b.size),
                                       height=Mm(b.size))
            if self.keep:
                para.paragraph_format.keep_with_next = True
        _cant_split(table.rows[0])

    # -- tables
    def grid(self, g: Grid) -> None:
        if g.before:
            self.gap(g.before)
        edges = sorted({round(x, 3) for r in g.rows for x in _edges(r.cells)})
        widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
        table = self._table(len(g.rows), max(len(widths), 1))
        _table_layout(table, widths, borders=g.border, pad=g.pad)
        leading = g.leading or g.size * 1.4
        for r_index, row in enumerate(g.rows):
            tr = table.rows[r_index]
            if r_index < g.header_rows:
                _repeat_header(tr)
            if row.min_height:
                tr.height = Mm(row.min_height)
            if self.keep:
                _cant_split(tr)
            xs = _edges(row.cells)
            for cell, x0, x1 in zip(row.cells, xs, xs[1:], strict=False):
                a, b = edges.index(round(x0, 3)), edges.index(round(x1, 3))
                tc = tr.cells[a] if b - a == 1 else tr.cells[a].merge(tr.cells[b - 1])
                tc.width = Mm(cell.width)
                self._cell(tc, cell, g, leading, shade=g.shade_header and r_index < g.header_rows)
        if g.after:
            self.gap(g.after)

    def _table(self, rows: int, cols: int):
        """A new table; in a fresh cell, the cell's empty first paragraph goes (a cell must still
        end with a paragraph, which python-docx adds after the table)."""
        if self.box is self.doc:
            return self.box.add_table(rows=rows, cols=cols)
        lead = self.box.paragraphs[0] if self._fresh and self.box.paragraphs else None
        table = self.box.add_table(rows, cols)
        if lead is not None and not lead.text:
            lead._p.getparent().remove(lead._p)
        self._fresh = False
        return table

    def _cell(self, tc, cell: Cell, g: Grid, leading: float, shade: bool) -> None:
        for p in tc.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        first = tc.paragraphs[0]
        for run in list(first.runs):
            run._r.getparent().remove(run._r)
        lines: list[tuple[str, str]] = [(cell.align, t) for t in cell.text.split("\n")] \
            if cell.text else []
        lines += [("ruled", "")] * cell.ruled
        lines += [("right", t) for t in cell.footer.split("\n")] if cell.footer else []
        for k, (align, text) in enumerate(lines or [(cell.align, "")]):
            para = first if k == 0 else tc.add_paragraph()
            pf = para.paragraph_format
            para.alignment = ALIGN.get("left" if align == "ruled" else align)
            pf.space_before = pf.space_after = Pt(0)
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(leading)
            if self.keep:
                pf.keep_with_next = True
            _snap_off(para)
            if align == "ruled":
                _rule_below(para, cell.width - 2 * g.pad)
                _run(para, "\t", cell.role, g.size).font.underline = True
            else:
                _run(para, text, cell.role, g.size)
        if shade:
            _shade(tc)


def chart_grid(b: Chart, width: float) -> Grid:
    """A bar chart's table has a row per category, a trend's a column per month."""
    def row(cells, heading=False):
        return Row(tuple(Cell(t, w, align="left" if k == 0 and not heading else "center",
                              role="heading" if heading else "body")
                         for k, (t, w) in enumerate(cells)))
    if b.kind == "bars":
        first = min(40.0, width - 16 * len(b.series))
        rest = (width - first) / max(len(b.series), 1)
        rows = [row([("", first), *((n, rest) for n, _ in b.series)], True)]
        rows += [row([(cat, first), *((str(v[i]), rest) for _, v in b.series)])
                 for i, cat in enumerate(b.categories)]
    else:
        first = 20.0
        rest = (width - first) / max(len(b.categories), 1)
        rows = [row([("", first), *((c, rest) for c in b.categories)], True)]
        rows += [row([(n, first), *((str(x), rest) for x in v)]) for n, v in b.series]
    return Grid(tuple(rows), size=10.5, leading=15, header_rows=1, pad=0.8, shade_header=True)


def _align(b: Text) -> str:
    return "justify" if b.align == "left" and b.role == "body" else b.align


def _edges(cells) -> list[float]:
    xs, x = [0.0], 0.0
    for c in cells:
        x += c.width
        xs.append(round(x, 3))
    return xs


def _snap_off(para) -> None:
    """Do not snap lines to the document grid: the exact line pitch is the sheet's."""
    _put(para._p.get_or_add_pPr(), _el("w:snapToGrid", val=0), "pPr")


def _table_layout(table, widths_mm: list[float], *, borders: bool, pad: float) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tblpr = table._tbl.tblPr
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    _put(tblpr, _el("w:tblW", w=_twips(sum(widths_mm)), type="dxa"), "tblPr")
    _put(tblpr, _el("w:tblInd", w=0, type="dxa"), "tblPr")
    edges = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            edges.append(_el(f"w:{side}", val="single", color="000000",
                             sz=4 if side.startswith("inside") else 6))
        else:
            edges.append(_el(f"w:{side}", val="nil"))
    _put(tblpr, edges, "tblPr")
    _put(tblpr, _el("w:tblLayout", type="fixed"), "tblPr")
    margins = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{side}", w=_twips(pad), type="dxa"))
    _put(tblpr, margins, "tblPr")
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(_twips(w)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def _twips(mm: float) -> int:
    return int(round(mm / 25.4 * 1440))


def _repeat_header(tr) -> None:
    trpr = tr._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(tr) -> None:
    trpr = tr._tr.get_or_add_trPr()
    if trpr.find(qn("w:cantSplit")) is None:
        trpr.append(OxmlElement("w:cantSplit"))


def _shade(tc) -> None:
    _put(tc._tc.get_or_add_tcPr(), _el("w:shd", val="clear", color="auto", fill=SHADE), "tcPr")


def _rule_below(para, width_mm: float) -> None:
    """A blank writing line: an underlined tab to the cell's right edge."""
    para.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT)


# ---- QR pictures ----------------------------------------------------------------------------

def qr_png(text: str) -> bytes:
    """The QR code of `text` as a black-and-white PNG, as `layout.draw_qr` draws it in the PDF
    (reportlab's encoder, error correction M, 4-module quiet zone)."""
    from PIL import Image
    from reportlab.graphics.barcode.qr import QrCodeWidget
    qr = QrCodeWidget(text, barLevel="M", barBorder=4).qr
    qr.make()
    n, border, px = qr.getModuleCount(), 4, QR_PIXELS_PER_MODULE
    side = (n + 2 * border) * px
    image = Image.new("1", (side, side), 1)
    dark = Image.new("1", (px, px), 0)
    for r in range(n):
        for c in range(n):
            if qr.isDark(r, c):
                image.paste(dark, ((c + border) * px, (r + border) * px))
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(300, 300))
    return buf.getvalue()


def _float_in_top_margin(run, size_mm: float) -> None:
    """Turn the run's inline picture into one anchored in the top margin, right-aligned with
    the text block (12 mm below the page's top edge, as the PDF), text not wrapped around it."""
    inline = run._r.find(".//" + qn("wp:inline"))
    anchor = OxmlElement("wp:anchor")
    for k, v in (("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"),
                 ("simplePos", "0"), ("relativeHeight", "251659264"), ("behindDoc", "0"),
                 ("locked", "0"), ("layoutInCell", "1"), ("allowOverlap", "1")):
        anchor.set(k, v)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    pos_h = OxmlElement("wp:positionH")
    pos_h.set("relativeFrom", "margin")
    align = OxmlElement("wp:align")
    align.text = "right"
    pos_h.append(align)
    anchor.append(pos_h)
    pos_v = OxmlElement("wp:positionV")
    pos_v.set("relativeFrom", "page")
    offset = OxmlElement("wp:posOffset")
    offset.text = str(int(Mm(12)))
    pos_v.append(offset)
    anchor.append(pos_v)
    for child in list(inline):
        if child.tag == qn("wp:extent"):
            anchor.append(child)
            effect = OxmlElement("wp:effectExtent")
            for k in ("l", "t", "r", "b"):
                effect.set(k, "0")
            anchor.append(effect)
            anchor.append(OxmlElement("wp:wrapNone"))
        elif child.tag in (qn("wp:docPr"), qn("wp:cNvGraphicFramePr"), qn("a:graphic")):
            anchor.append(child)
    inline.getparent().replace(inline, anchor)
