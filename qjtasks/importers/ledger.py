"""Read an office's Excel/CSV ledger (台账) into ledger rows, reporting what cannot be read.

The header row is found among the first rows (title rows above it are skipped); columns are
mapped by header name (a remembered mapping for the same header set wins, explicit overrides win
over both). Merged cells are filled from their top-left cell, formulas use their saved result
(a formula Excel never calculated is reported), empty rows are skipped, and every other row that
cannot be read — no title, a date column holding text, a unit not in the register — is reported
with its row number and the reason. Nothing here writes; `core.ledger.apply_rows` does.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from qjtasks.core import ledger, validate
from qjtasks.core.errors import Cancelled, NotFoundError, QjtasksError, ValidationError, technical
from qjtasks.core.ledger import FIELDS, LedgerRow
from qjtasks.core.models import Status
from qjtasks.core.unitlist import split_units

HEADER_SCAN = 15
READ_STEP = 500       # rows between progress reports while reading and parsing
NO_VALUE = object()   # a formula cell without a saved result
STATUS_WORDS = {"在办": "办理中", "推进中": "办理中", "正在办理": "办理中", "未办结": "办理中",
                "办结": "已办结", "已完成": "已办结", "完成": "已办结", "已销号": "已办结",
                "未签收": "待签收", "待办": "待交办"}


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list]]          # (row number as the user sees it, cell values)
    header_row: int = 1


@dataclass
class Parsed:
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    empty: int = 0

    def error_lines(self) -> list[str]:
        return [f"第{n}行：{reason}" for n, reason in self.errors]


@dataclass
class Preview:
    path: Path
    sheet: Sheet
    mapping: dict[str, str]
    parsed: Parsed


# ---- reading files -----------------------------------------------------------------------

def read_table(path: str | Path, progress=None) -> Sheet:
    """The ledger's sheet; `progress(rows_read, rows_stated)` every `READ_STEP` rows (may raise
    `Cancelled` to stop; the file's stated size is 0 when it does not say)."""
    path = Path(path)
    if not path.is_file():
        raise QjtasksError(f"文件“{path}”不存在")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid = _xlsx_grid(path, progress)
    elif suffix == ".csv":
        grid = _csv_grid(path)
    elif suffix == ".xls":
        raise QjtasksError("不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再导入")
    else:
        raise QjtasksError(f"不支持的台账格式“{suffix}”，请使用 .xlsx 或 .csv")
    return _find_header(grid)


def _xlsx_grid(path: Path, progress=None) -> list[list]:
    """The active sheet as rows of values, merged cells filled with their top-left value and
    formulas replaced by their saved results. Read in openpyxl's read-only (streaming) mode,
    about twice as fast on a 10,000-row ledger; merged ranges, which that mode does not read,
    come from the sheet's XML."""
    from openpyxl import load_workbook
    try:
        wb = load_workbook(path, read_only=True)
        try:
            sheet = wb.active
            stated = _stated_rows(sheet)
            sheet.reset_dimensions()       # trust the cells, not the file's stated size
            grid, formulas = _values(sheet, progress, stated)
            merged = _merged_ranges(sheet)
        finally:
            wb.close()
        if formulas:   # only then is the second read (saved results) worth its time
            saved_wb = load_workbook(path, read_only=True, data_only=True)
            try:
                saved_sheet = saved_wb.active
                saved_sheet.reset_dimensions()
                saved, _ = _values(saved_sheet)
            finally:
                saved_wb.close()
            for r, c in formulas:
                value = saved[r][c] if r < len(saved) and c < len(saved[r]) else None
                grid[r][c] = NO_VALUE if value is None else value
    except Cancelled:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage in the zip/xml is the same to a clerk
        raise QjtasksError(f"无法读取“{path.name}”：不是有效的 Excel 文件（.xlsx）",
                           detail=technical(exc)) from None
    if merged:           # a merged range counts as cells, as in the full load
        rows = max(len(grid), *(m[3] for m in merged))
        width = max(len(grid[0]) if grid else 0, *(m[2] for m in merged))
        grid += [[] for _ in range(rows - len(grid))]
        for r in grid:
            r.extend([None] * (width - len(r)))
    for min_col, min_row, max_col, max_row in merged:
        top = grid[min_row - 1][min_col - 1]
        for r in range(min_row - 1, max_row):
            for c in range(min_col - 1, max_col):
                grid[r][c] = top
    return grid


def _stated_rows(sheet) -> int:
    try:
        return int(sheet.max_row or 0)
    except (TypeError, ValueError):
        return 0


def _values(sheet, progress=None, stated: int = 0) -> tuple[list[list], list[tuple[int, int]]]:
    """Rows padded to one width, and where the formulas are."""
    rows, formulas = [], []
    for r, row in enumerate(sheet.iter_rows()):
        if progress is not None and r and not r % READ_STEP:
            progress(r, max(stated, r))
        values = []
        for c, cell in enumerate(row):
            values.append(cell.value)
            if getattr(cell, "data_type", None) == "f":
                formulas.append((r, c))
        rows.append(values)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([None] * (width - len(r)))
    return rows, formulas


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range, from the sheet's XML."""
    from openpyxl.utils.cell import range_boundaries
    with sheet._get_source() as source:     # the read-only sheet's own XML stream
        xml = source.read()
    return [range_boundaries(ref.decode("ascii").upper()) for ref in _MERGE.findall(xml)]


def _csv_grid(path: Path) -> list[list]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise QjtasksError(f"无法识别“{path.name}”的文字编码，请另存为 UTF-8 的 CSV")
    return [list(r) for r in csv.reader(text.splitlines())]


def _find_header(grid: list[list]) -> Sheet:
    for index, row in enumerate(grid[:HEADER_SCAN]):
        headers = [_text(v) for v in row]
        found = ledger.guess_mapping(headers)
        if "title" in found:
            rows = [(n + 1, list(r) + [None] * (len(headers) - len(r)))
                    for n, r in enumerate(grid) if n > index]
            return Sheet(headers, rows, index + 1)
    raise QjtasksError("未找到表头行：前 15 行中没有“事项”等列名；请用“列对应”指定各列")


def _text(value) -> str:
    return "" if value is None or value is NO_VALUE else str(value).strip()


# ---- mapping -----------------------------------------------------------------------------

def resolve_mapping(store, sheet: Sheet, overrides: dict[str, str] | None = None
                    ) -> dict[str, str]:
    """Field key → header: guessed, then remembered, then the caller's overrides."""
    mapping = ledger.guess_mapping(sheet.headers)
    mapping.update(ledger.remembered_mapping(store, sheet.headers))
    labels = {label: key for key, (label, _) in FIELDS.items()}
    for name, header in (overrides or {}).items():
        key = labels.get(name, name)
        if key not in FIELDS:
            raise ValidationError(f"列对应中的字段“{name}”无效，可选：{'、'.join(labels)}")
        if header and header not in sheet.headers:
            raise ValidationError(f"台账中没有名为“{header}”的列")
        mapping = {k: v for k, v in mapping.items() if v != header or not header}
        if header:
            mapping[key] = header
        else:
            mapping.pop(key, None)
    if "title" not in mapping:
        raise ValidationError("请指定哪一列是“事项”（事项名称）")
    return mapping


def parse_mapping_arg(text: str) -> dict[str, str]:
    """`事项=任务名称,办结时限=完成时间` → {"事项": "任务名称", …}."""
    out = {}
    for part in re.split(r"[,，]", text or ""):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValidationError(f"列对应“{part}”格式应为 字段=列名")
        key, header = part.split("=", 1)
        out[key.strip()] = header.strip()
    return out


# ---- rows --------------------------------------------------------------------------------

def parse(store, sheet: Sheet, mapping: dict[str, str], progress=None) -> Parsed:
    index = {key: sheet.headers.index(h) for key, h in mapping.items() if h in sheet.headers}
    store = _UnitCache(store)
    out = Parsed()
    total = len(sheet.rows)
    for n, (row_no, values) in enumerate(sheet.rows):
        if progress is not None and n and not n % READ_STEP:
            progress(n, total)
        cells = {key: values[i] if i < len(values) else None for key, i in index.items()}
        if all(_text(cells.get(k)) == "" for k in ledger.IMPORTED):
            out.empty += 1
            continue
        try:
            out.rows.append(_row(store, row_no, cells))
        except QjtasksError as exc:
            out.errors.append((row_no, exc.message))
    return out


def _row(store, row_no: int, cells: dict) -> LedgerRow:
    for key, value in cells.items():
        if value is NO_VALUE and key in ledger.IMPORTED:
            raise ValidationError(f"“{FIELDS[key][0]}”是公式但没有计算结果，请在 Excel 中打开并保存后再导入")
    dates = {k: _date(cells.get(k), FIELDS[k][0]) for k in
             ("assigned_on", "deadline", "original_deadline")}
    validate.deadline_after(dates["assigned_on"], dates["deadline"])
    return LedgerRow(
        row_no=row_no, title=validate.title(_text(cells.get("title"))),
        serial=validate.text(_text(cells.get("serial")), "督办编号", limit=100),
        lead_unit_id=_unit(store, _text(cells.get("lead")), "牵头单位"),
        co_unit_ids=[_unit(store, n, "配合单位") for n in split_units(_text(cells.get("co_units")))],
        percent=_percent(cells.get("percent")), status=_status(_text(cells.get("status"))),
        category=validate.text(_text(cells.get("category")), "类别", limit=50),
        requirements=validate.text(_text(cells.get("requirements")), "督办要求"), **dates)


def _date(value, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):                  # an Excel date cell (datetime included)
        return validate.date(value, what)
    if isinstance(value, int | float) and 20000 < value < 80000:
        from openpyxl.utils.datetime import from_excel
        return from_excel(value).date()
    return validate.date(str(value).strip(), what)


def _percent(value) -> int | None:
    if isinstance(value, float) and 0 < value <= 1 and not value.is_integer():
        value = round(value * 100)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return validate.percent(_text(value))


def _status(text: str) -> str:
    text = STATUS_WORDS.get(text, text)
    return text if text in [s.value for s in Status] else ""


def _unit(store, name: str, what: str) -> int | None:
    if not name:
        return None
    unit_id = store.unit_id(name)
    if unit_id is None:
        raise ValidationError(f"{what}“{name[:40]}”不在单位名录中")
    return unit_id


class _UnitCache:
    """Unit names looked up once per import, not once per row."""

    def __init__(self, store):
        self.store = store
        self.ids: dict[str, int | None] = {}

    def unit_id(self, name: str) -> int | None:
        if name not in self.ids:
            try:
                self.ids[name] = self.store.unit_by_name(name).id
            except NotFoundError:
                self.ids[name] = self._loose(name)
        return self.ids[name]

    def _loose(self, name: str) -> int | None:
        """“科技局” or “綦江区科技局” for 区科技局 — only when exactly one unit fits."""
        core = name.removeprefix("重庆市").removeprefix("綦江区").removeprefix("区")
        if len(core) < 2:
            return None
        hits = {u.id for u in self.store.units()
                if core in (u.short_name.removeprefix("区"), u.name.removeprefix("重庆市綦江区"))}
        return hits.pop() if len(hits) == 1 else None


# ---- one call for the CLI and the dialog -------------------------------------------------

def load(store, path: str | Path, overrides: dict[str, str] | None = None) -> Preview:
    sheet = read_table(path)
    mapping = resolve_mapping(store, sheet, overrides)
    return Preview(Path(path), sheet, mapping, parse(store, sheet, mapping))


def commit(services, preview: Preview, progress=None):
    """Import the readable rows in one transaction and remember the mapping used.

    `progress(done, total)` is passed on to `core.ledger.apply_rows`.
    """
    changes, report = ledger.apply_rows(services, preview.parsed.rows, progress)
    ledger.remember_mapping(services.store, preview.sheet.headers, preview.mapping,
                            services.clock)
    return changes, report
