"""Export any selection of items to an .xlsx ledger (台账) that offices keep working in.

Columns follow the 督办事项汇总表 (DOMAIN.md §5) plus 督办编号, so a re-import finds each row
again. The header row is frozen and filtered, columns have widths that fit Chinese text, dates
are real Excel dates, and the light is written as its word (绿/黄/红/完成) and as a cell fill so it
reads on colour and black-and-white printouts alike. Written to a temporary file and renamed, so
a failed export never leaves half a workbook.

The workbook's XML parts are written straight into the zip, the sheet streamed row by row
(issue 20: openpyxl spent ~70% of an export building a cell object per value; this writer is
about three times faster). The parts are those openpyxl wrote for the same ledger — one sheet,
the same named styles, number format, fills, widths, frozen header, autofilter, print titles
and page setup — so the file opens in Excel, WPS and LibreOffice as before.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from qjtasks.core.files import write_atomically
from qjtasks.core.ledger import DATE_FIELDS, EXPORT_ORDER, FIELDS, export_records

from .xlsx_theme import THEME_XML

WIDTHS = {"seq": 6, "serial": 22, "title": 40, "source": 30, "lead": 16, "co_units": 24,
          "assigned_on": 12, "deadline": 12, "original_deadline": 12, "last_feedback_on": 12,
          "stale_days": 8, "progress": 40, "percent": 8, "light": 6, "chase_count": 8,
          "status": 9, "remarks": 16}
LIGHT_FILL = {"绿": "C6EFCE", "黄": "FFEB9C", "红": "FFC7CE", "未定时限": "DDE3F5", "完成": "D9D9D9"}
WRAPPED = ("title", "source", "co_units", "progress", "remarks")
SHEET_TITLE = "督办事项台账"
STEP = 250          # rows between progress reports (a cancel is seen within ~30 ms)
MAX_TEXT = 32767    # Excel's limit on the characters in one cell (openpyxl cuts there too)

# Characters XML 1.0 cannot carry (C0 controls except tab/newline/return, lone surrogates,
# U+FFFE/U+FFFF): dropped, where openpyxl refused the whole export.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = dt.date(1899, 12, 30)

# cellXfs: 0 plain, 1 header, 2 date, 3 wrapped, then one per light in LIGHT_FILL's order
HEADER, DATE, WRAP = 1, 2, 3
LIGHT_STYLE = {word: 4 + i for i, word in enumerate(LIGHT_FILL)}


def write_ledger(path: str | Path, records: list[dict],
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Streamed: rows go into the zip as they are made, a few hundred at a time.

    `progress(rows_done, total)` is called every few hundred rows and once more after the
    workbook is complete, before it is renamed into place: if it raises (the user's 取消), the
    export stops there and no file, not even a `.part`, is left.
    """
    total = len(records)
    report = progress or (lambda done, total: None)
    report(0, total)

    def save(tmp: Path) -> None:
        _write_workbook(tmp, records, report)
        report(total, total)               # a 取消 after the last row still leaves nothing
    return write_atomically(Path(path), save)


def _write_workbook(tmp: Path, records: list[dict], report: Callable[[int, int], None]) -> None:
    last, rows = _letter(len(EXPORT_ORDER)), len(records) + 1
    filtered = f"A1:{last}{rows}"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in _parts(f"$A$1:${last}${rows}"):
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_head().encode())
            _write_rows(sheet, records, report)
            sheet.write(_sheet_tail(filtered).encode())


def _write_rows(sheet, records: list[dict], report: Callable[[int, int], None]) -> None:
    columns = [(key, _letter(c), DATE if key in DATE_FIELDS else WRAP if key in WRAPPED else 0,
                key == "light") for c, key in enumerate(EXPORT_ORDER, start=1)]
    total = len(records)
    out: list[str] = []
    for n, record in enumerate(records, start=1):
        r = n + 1
        out.append(f'<row r="{r}">')
        for key, letter, style, is_light in columns:
            value = record.get(key)
            if is_light:
                style = LIGHT_STYLE.get(value, 0) if isinstance(value, str) else 0
            out.append(_cell(f"{letter}{r}", value, style))
        out.append("</row>")
        if not n % STEP:
            sheet.write("".join(out).encode())
            out.clear()
            report(n, total)
    sheet.write("".join(out).encode())


def _cell(ref: str, value, style: int) -> str:
    """One `<c>` element, as openpyxl writes the same value (strings inline, never formulas)."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        if not value:
            return f'<c r="{ref}"{s}/>' if style else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is>{_text(value)}</is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return f'<c r="{ref}"{s}/>'
        return f'<c r="{ref}"{s} t="n"><v>{value:.16g}</v></c>'
    if isinstance(value, dt.date | dt.datetime | dt.time):
        s = s or f' s="{DATE}"'
        return f'<c r="{ref}"{s} t="n"><v>{_serial(value):.16g}</v></c>'
    return _cell(ref, str(value), style)


def _text(value: str) -> str:
    """`<t>` of a string already rid of the characters XML cannot carry."""
    value = value[:MAX_TEXT]
    space = ' xml:space="preserve"' if value != value.strip() else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")   # a bare CR would be read back as a newline
    return f"<t{space}>{value}</t>"


def _serial(value) -> float:
    """Excel's day number (1900 date system), the way openpyxl's `to_excel` counts it."""
    if type(value) is dt.date:
        days = (value - _EPOCH).days
        return days - 1 if 0 < days <= 60 else days
    from openpyxl.utils.datetime import to_excel  # datetimes and times: rare, exact as before
    return to_excel(value)


def _letter(column: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet_head() -> str:
    cols = "".join(f'<col width="{WIDTHS[key]}" customWidth="1" min="{c}" max="{c}"/>'
                   for c, key in enumerate(EXPORT_ORDER, start=1))
    header = "".join(f'<c r="{_letter(c)}1" s="{HEADER}" t="inlineStr"><is>'
                     f'{_text(FIELDS[key][0])}</is></c>'
                     for c, key in enumerate(EXPORT_ORDER, start=1))
    return (f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
            '<pageSetUpPr/></sheetPr><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
            f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData><row r="1">{header}</row>')


def _sheet_tail(filtered: str) -> str:
    return (f'</sheetData><autoFilter ref="{filtered}"/><pageMargins left="0.75" right="0.75" '
            'top="1" bottom="1" header="0.5" footer="0.5"/>'
            '<pageSetup orientation="landscape" paperSize="9"/></worksheet>')


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_OOXML = "application/vnd.openxmlformats-officedocument"


def _parts(filtered: str) -> list[tuple[str, str]]:
    """Every part but the sheet: content types, relationships, properties, workbook, styles."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sheet = f"'{SHEET_TITLE}'"
    types = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in (
        ("/xl/workbook.xml", f"{_OOXML}.spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", f"{_OOXML}.spreadsheetml.worksheet+xml"),
        ("/xl/styles.xml", f"{_OOXML}.spreadsheetml.styles+xml"),
        ("/xl/theme/theme1.xml", f"{_OOXML}.theme+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_OOXML}.extended-properties+xml")))
    return [
        ("[Content_Types].xml",
         f'<Types xmlns="{_PKG}/content-types"><Default Extension="rels" '
         'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'),
        ("_rels/.rels", _rels(("officeDocument", "xl/workbook.xml"),
                              (f"{_PKG}/relationships/metadata/core-properties",
                               "docProps/core.xml"),
                              ("extended-properties", "docProps/app.xml"))),
        ("docProps/app.xml",
         '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
         'extended-properties"><Application>qjtasks</Application></Properties>'),
        ("docProps/core.xml",
         f'<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>qjtasks</dc:creator>'
         f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
         f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
         '</cp:coreProperties>'),
        ("xl/workbook.xml",
         f'<workbook xmlns="{_MAIN}"><workbookPr/><workbookProtection/><bookViews>'
         '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
         'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
         'autoFilterDateGrouping="1"/></bookViews><sheets>'
         f'<sheet xmlns:r="{_REL}" name="{SHEET_TITLE}" sheetId="1" state="visible" r:id="rId1"/>'
         '</sheets><definedNames>'
         f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">{sheet}!'
         f'{filtered}</definedName>'
         f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{sheet}!$1:$1</definedName>'
         '</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'),
        ("xl/_rels/workbook.xml.rels", _rels(("worksheet", "/xl/worksheets/sheet1.xml"),
                                             ("styles", "styles.xml"),
                                             ("theme", "theme/theme1.xml"))),
        ("xl/styles.xml", _styles()),
        ("xl/theme/theme1.xml", THEME_XML),
    ]


def _rels(*targets: tuple[str, str]) -> str:
    body = "".join(
        f'<Relationship Type="{kind if "/" in kind else f"{_REL}/{kind}"}" Target="{target}" '
        f'Id="rId{i}"/>' for i, (kind, target) in enumerate(targets, start=1))
    return f'<Relationships xmlns="{_PKG}/relationships">{body}</Relationships>'


def _styles() -> str:
    """The named styles 台账日期, 台账换行 and 灯色… and the cell formats that use them."""
    top, centre = '<alignment vertical="top"/>', '<alignment horizontal="center" vertical="top"/>'
    wrap = '<alignment vertical="top" wrapText="1"/>'
    fills = "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="00{c}"/></patternFill>'
                    '</fill>' for c in (*LIGHT_FILL.values(), "DDEBF7"))
    named = [("台账日期", 164, 0, top), ("台账换行", 0, 0, wrap),
             *((f"灯色{w}", 0, 2 + i, centre) for i, w in enumerate(LIGHT_FILL))]
    xf = ('<xf numFmtId="{}" fontId="{}" fillId="{}" borderId="{}"{}>{}</xf>').format
    applied = ' applyAlignment="1"'
    style_xfs = xf(0, 0, 0, 0, "", "") + "".join(
        xf(fmt, 1, fill, 1, applied, align) for _, fmt, fill, align in named)
    used = ' pivotButton="0" quotePrefix="0" xfId="{}"'.format
    cell_xfs = [xf(0, 0, 0, 0, used(0), ""),
                xf(0, 2, 2 + len(LIGHT_FILL), 2, applied + used(0),
                   '<alignment horizontal="center" vertical="center" wrapText="1"/>')]
    cell_xfs += [xf(fmt, 1, fill, 1, applied + used(i), align)
                 for i, (_, fmt, fill, align) in enumerate(named, start=1)]
    cell_styles = '<cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/>' + "".join(
        f'<cellStyle name="{name}" xfId="{i}" hidden="0"/>'
        for i, (name, *_) in enumerate(named, start=1))
    return (f'<styleSheet xmlns="{_MAIN}"><numFmts count="1">'
            '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<fonts count="3"><font><name val="Calibri"/><family val="2"/><color theme="1"/>'
            '<sz val="11"/><scheme val="minor"/></font><font/><font><b val="1"/></font></fonts>'
            f'<fills count="{2 + len(LIGHT_FILL) + 1}"><fill><patternFill/></fill>'
            f'<fill><patternFill patternType="gray125"/></fill>{fills}</fills>'
            '<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '<border/><border><bottom style="thin"><color rgb="00808080"/></bottom></border>'
            f'</borders><cellStyleXfs count="{1 + len(named)}">{style_xfs}</cellStyleXfs>'
            f'<cellXfs count="{len(cell_xfs)}">{"".join(cell_xfs)}</cellXfs>'
            f'<cellStyles count="{1 + len(named)}">{cell_styles}</cellStyles>'
            '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>')


def export_items(store, rows: list[dict], path: str | Path,
                 progress: Callable[[int, int], None] | None = None) -> Path:
    return write_ledger(path, export_records(store, rows), progress)
