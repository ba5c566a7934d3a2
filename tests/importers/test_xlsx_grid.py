"""The streamed ledger reader gives the same grid as openpyxl's full load (the reference):
values, merged ranges filled from their top-left cell, formulas replaced by saved results."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from qjtasks.importers.ledger import NO_VALUE, _xlsx_grid

value_st = st.one_of(st.none(), st.integers(-5, 500), st.sampled_from(
    ["区科技局", "綦发改督〔2026〕1号", "<&>", "=SUM(1,2)", " 空格 ", "进一步强化科研项目支撑"]),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))


def reference(path):
    """The reader as it was: full load, merged cells from openpyxl, saved results."""
    sheet = load_workbook(path).active
    grid = [[c.value for c in row] for row in sheet.iter_rows()]
    formulas = [(r, c) for r, row in enumerate(sheet.iter_rows()) for c, cell in
                enumerate(row) if cell.data_type == "f"]
    if formulas:
        values = load_workbook(path, data_only=True).active
        for r, c in formulas:
            saved = values.cell(row=r + 1, column=c + 1).value
            grid[r][c] = NO_VALUE if saved is None else saved
    for rng in sheet.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row - 1, rng.max_row):
            for c in range(rng.min_col - 1, rng.max_col):
                grid[r][c] = top
    return grid


@settings(max_examples=40)
@given(st.lists(st.lists(value_st, min_size=1, max_size=6), min_size=1, max_size=8),
       st.lists(st.tuples(st.integers(1, 8), st.integers(1, 6), st.integers(0, 2),
                          st.integers(0, 2)), max_size=3))
def test_streamed_grid_equals_the_full_load(tmp_path_factory, rows, merges):
    path = tmp_path_factory.mktemp("x") / "台账.xlsx"
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    taken: set = set()
    for r, c, dr, dc in merges:
        cells = {(r + i, c + j) for i in range(dr + 1) for j in range(dc + 1)}
        if (dr or dc) and not cells & taken:
            taken |= cells
            ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
    wb.save(path)
    assert trimmed(_xlsx_grid(path)) == trimmed(reference(path))


def trimmed(grid):
    """Without trailing empty cells and rows (the full load may count a sheet's unused edge)."""
    rows = [list(r) for r in grid]
    for r in rows:
        while r and r[-1] is None:
            r.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows
