"""The ledger writer as it was before issue 20 (openpyxl's write-only mode), kept as the
reference the direct XML writer in `qjtasks.exchange.xlsx` is compared with. The sheet's
widths, fills, wrapped columns and title are the writer's own (one definition of what the
ledger looks like); what is compared is how the file is written."""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from qjtasks.core.files import write_atomically
from qjtasks.core.ledger import DATE_FIELDS, EXPORT_ORDER, FIELDS
from qjtasks.exchange.xlsx import LIGHT_FILL, SHEET_TITLE, STEP, WIDTHS, WRAPPED


def write_ledger(path: str | Path, records: list[dict],
                 progress: Callable[[int, int], None] | None = None) -> Path:
    """Streamed (openpyxl's write-only mode): rows go to the file as they are made, so
    10,000 rows take a fraction of the time and memory of building the whole sheet first.

    `progress(rows_done, total)` is called every few hundred rows and once more after the
    workbook is saved, before it is renamed into place: if it raises (the user's 取消), the
    export stops there and no file, not even a `.part`, is left.
    """
    path = Path(path)
    total = len(records)
    report = progress or (lambda done, total: None)
    report(0, total)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    _styles(wb)
    for c, key in enumerate(EXPORT_ORDER, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[key]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_ORDER))}{max(len(records) + 1, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.append(_header(ws))
    looks = _looks(ws)
    try:
        for n, record in enumerate(records, start=1):
            ws.append(_row(ws, record, looks))
            if not n % STEP:
                report(n, total)
    except BaseException:
        _discard(ws)
        raise

    def save(tmp: Path) -> None:
        wb.save(tmp)
        report(total, total)               # a 取消 during saving still leaves nothing
    return write_atomically(path, save)


def _discard(ws) -> None:
    """Close a write-only sheet given up half way and remove openpyxl's temporary file."""
    with contextlib.suppress(Exception):
        ws.close()
    with contextlib.suppress(Exception):
        ws._writer.cleanup()


def _header(ws) -> list[WriteOnlyCell]:
    thin = Side(style="thin", color="808080")
    cells = []
    for key in EXPORT_ORDER:
        cell = WriteOnlyCell(ws, value=FIELDS[key][0])
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=thin)
        cells.append(cell)
    return cells


def _styles(wb) -> None:
    """Named styles: one lookup per cell instead of a new style object per cell (10x faster)."""
    wb.add_named_style(NamedStyle("台账日期", number_format="yyyy-mm-dd",
                                  alignment=Alignment(vertical="top")))
    wb.add_named_style(NamedStyle("台账换行", alignment=Alignment(wrap_text=True,
                                                                  vertical="top")))
    for word, color in LIGHT_FILL.items():
        wb.add_named_style(NamedStyle(f"灯色{word}", fill=PatternFill("solid", fgColor=color),
                                      alignment=Alignment(horizontal="center", vertical="top")))


def _row(ws, record: dict, looks: dict) -> list:
    out = []
    for key in EXPORT_ORDER:
        value = record.get(key)
        style = ("台账日期" if key in DATE_FIELDS else "台账换行" if key in WRAPPED else
                 f"灯色{value}" if key == "light" and value in LIGHT_FILL else None)
        formula_like = isinstance(value, str) and value.startswith("=")
        if style is None and not formula_like:
            out.append(value)              # a plain cell: no cell object needed
            continue
        cell = WriteOnlyCell(ws, value=value)
        if formula_like:
            cell.data_type = "s"   # user text that looks like a formula stays text
        if style:
            cell._style = copy(looks[style])   # the named style's ids, without a lookup each
        out.append(cell)
    return out


def _looks(ws) -> dict:
    """Each named style as the style ids a cell carries, looked up once per export."""
    looks = {}
    for name in ("台账日期", "台账换行", *(f"灯色{w}" for w in LIGHT_FILL)):
        cell = WriteOnlyCell(ws)
        cell.style = name
        looks[name] = cell._style
    return looks


