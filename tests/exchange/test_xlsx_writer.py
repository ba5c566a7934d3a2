"""The direct XML ledger writer (issue 20) against the openpyxl writer it replaced: the same cell
values and styles for any records, the same sheet set-up, characters XML cannot carry dropped,
a cancel leaves nothing, and writing needs no openpyxl."""
import datetime as dt
import re
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl_ledger import write_ledger as reference_writer

from qjtasks.core.errors import Cancelled
from qjtasks.core.ledger import DATE_FIELDS, EXPORT_ORDER, FIELDS
from qjtasks.exchange.xlsx import LIGHT_FILL, WIDTHS, write_ledger

XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TEXT_KEYS = ("serial", "title", "source", "lead", "co_units", "progress", "status", "remarks")
NUMBER_KEYS = ("seq", "stale_days", "percent", "chase_count")

tricky = st.sampled_from(["<&>", "a<b>&c", "=SUM(A1)", "=", "#N/A", " 前后空格 ", "\u3000全角",
                          "行一\n行二", "回车\r换行\r\n", "\t", "綦发改督〔2026〕1号", "𠀀𪚥",
                          "x\x01y\x1fz", "\x0b\x0c", "\ufffe\uffff", "&amp;", "]]>"])
texts = st.one_of(
    st.none(), st.just(""), tricky,
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.sampled_from("督办事项宣传<&>\"' \n\x02"), min_size=1, max_size=30),
    st.integers(9_990, 10_010).map(lambda n: ("专题会议<&>\x07" * 2000)[:n]),
    st.just("长" * 40_000))
dates = st.one_of(st.none(), st.dates(dt.date(1900, 3, 1), dt.date(2199, 12, 31)))
numbers = st.one_of(st.none(), st.integers(-10**6, 10**6))
lights = st.one_of(st.none(), st.just(""), st.sampled_from([*LIGHT_FILL, "其他"]))


@st.composite
def records(draw):
    rec = {k: draw(texts) for k in TEXT_KEYS}
    rec.update({k: draw(dates) for k in DATE_FIELDS})
    rec.update({k: draw(numbers) for k in NUMBER_KEYS})
    rec["light"] = draw(lights)
    return rec


def _cleaned(record: dict) -> dict:
    """What the old writer was given: it refused characters XML 1.0 cannot carry."""
    return {k: XML_ILLEGAL.sub("", v) if isinstance(v, str) else v for k, v in record.items()}


def _cells(path):
    ws = load_workbook(path).active
    return [[(c.value, c.style, c.number_format, c.fill.fgColor.rgb if c.fill.fill_type else None,
              c.alignment.wrap_text, c.font.b) for c in row] for row in ws.iter_rows()]


@settings(max_examples=30)
@given(st.lists(records(), max_size=6))
def test_same_cells_as_the_openpyxl_writer(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("w")
    new = write_ledger(folder / "new.xlsx", rows)
    old = reference_writer(folder / "old.xlsx", [_cleaned(r) for r in rows])
    got, want = _cells(new), _cells(old)
    assert got == want
    assert len(got) == len(rows) + 1


def test_control_characters_are_dropped_not_refused(tmp_path):
    row = {k: None for k in EXPORT_ORDER}
    row.update(title="第一\x00二\x08三\x0b四\x1f五\ufffe", progress="a\tb\nc")
    with pytest.raises(Exception, match="cannot be used"):
        reference_writer(tmp_path / "old.xlsx", [row])
    ws = load_workbook(write_ledger(tmp_path / "new.xlsx", [row])).active
    col = {k: i for i, k in enumerate(EXPORT_ORDER)}
    assert ws[2][col["title"]].value == "第一二三四五"
    assert ws[2][col["progress"]].value == "a\tb\nc"


def test_sheet_set_up_is_kept(tmp_path):
    rows = [{k: None for k in EXPORT_ORDER} | {"seq": n, "title": f"事项{n}", "light": light,
                                               "deadline": dt.date(2026, 11, 20)}
            for n, light in enumerate(LIGHT_FILL, start=1)]
    wb = load_workbook(write_ledger(tmp_path / "l.xlsx", rows))
    ws = wb.active
    old_wb = load_workbook(reference_writer(tmp_path / "old.xlsx", rows))
    old = old_wb.active
    assert wb.sheetnames == old_wb.sheetnames == ["督办事项台账"]
    assert ws.freeze_panes == old.freeze_panes == "A2"
    assert ws.auto_filter.ref == old.auto_filter.ref == f"A1:Q{len(rows) + 1}"
    assert ws.print_title_rows == old.print_title_rows == "$1:$1"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == \
        (old.page_setup.orientation, old.page_setup.paperSize)
    assert set(wb.named_styles) == set(old_wb.named_styles)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert [ws.column_dimensions[chr(65 + i)].width for i in range(len(EXPORT_ORDER))] == \
        [WIDTHS[k] for k in EXPORT_ORDER]
    assert {"台账日期", "台账换行", *(f"灯色{w}" for w in LIGHT_FILL)} <= set(wb.named_styles)
    header = ws[1]
    assert [c.value for c in header] == [FIELDS[k][0] for k in EXPORT_ORDER]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") for c in header)
    assert all(c.alignment.horizontal == "center" for c in header)
    col = {k: i for i, k in enumerate(EXPORT_ORDER)}
    for row, (word, colour) in zip(ws.iter_rows(min_row=2), LIGHT_FILL.items(), strict=True):
        assert row[col["light"]].value == word and row[col["light"]].style == f"灯色{word}"
        assert row[col["light"]].fill.fgColor.rgb.endswith(colour)
        assert row[col["deadline"]].value == dt.datetime(2026, 11, 20)
        assert row[col["deadline"]].number_format == "yyyy-mm-dd"
        assert row[col["title"]].style == "台账换行" and row[col["title"]].alignment.wrap_text
    names = zipfile.ZipFile(tmp_path / "l.xlsx").namelist()
    assert names[0] == "[Content_Types].xml" and "xl/theme/theme1.xml" in names


def test_empty_ledger_is_a_header_only_workbook(tmp_path):
    ws = load_workbook(write_ledger(tmp_path / "l.xlsx", [])).active
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:Q1"


def test_cancel_while_writing_leaves_nothing(tmp_path):
    row = {k: None for k in EXPORT_ORDER} | {"title": "事项"}
    seen = []

    def progress(done, total):
        seen.append(done)
        if done >= 500:
            raise Cancelled("已取消")
    with pytest.raises(Cancelled):
        write_ledger(tmp_path / "l.xlsx", [row] * 2000, progress)
    assert seen == [0, 250, 500] and list(tmp_path.iterdir()) == []


def test_cancel_after_the_last_row_leaves_nothing(tmp_path):
    def progress(done, total):
        if done == total and total:
            raise Cancelled("已取消")
    with pytest.raises(Cancelled):
        write_ledger(tmp_path / "l.xlsx", [{"title": "事项"}] * 3, progress)
    assert list(tmp_path.iterdir()) == []


def test_writing_a_ledger_does_not_import_openpyxl(tmp_path):
    code = ("import datetime as dt, sys\n"
            "from qjtasks.exchange.xlsx import write_ledger\n"
            f"write_ledger({str(tmp_path / 'l.xlsx')!r}, [{{'title': '事项', "
            "'deadline': dt.date(2026, 1, 1), 'light': '红', 'seq': 1}])\n"
            "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert load_workbook(tmp_path / "l.xlsx").active.max_row == 2
