"""通报 and summary PDFs read back: text, page size, embedded CJK font, one-page summary."""
import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from qjtasks.core import circular
from qjtasks.core.models import ItemEdit
from qjtasks.pdf.circular import (
    OVERVIEW_COLS,
    SUMMARY_COLS,
    circular_sheet,
    render_circular,
    render_summary,
    summary_sheet,
)
from qjtasks.pdf.sheets import W

D = dt.date


@pytest.fixture
def running(seeded):
    for item_id, deadline in ((1, "2026-11-10"), (2, "2026-11-16"), (10, "2026-11-20")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2026, 9, 1))
        seeded.lifecycle.sign(item_id, seeded.store.item(item_id).lead_unit_id, "王五",
                              "2026-09-02 09:00")
    seeded.items.edit(10, ItemEdit(title="<b>绿色工厂</b> & 培育库"))
    return seeded


def text_of(path):
    reader = PdfReader(str(path))
    return reader, "".join(p.extract_text() for p in reader.pages).replace("\n", "")


def fonts_of(reader):
    names = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            if f["/Subtype"] == "/Type1":      # reportlab's unused initial Helvetica
                continue
            names.add(f["/BaseFont"])
            assert "/FontFile2" in f["/FontDescriptor"].get_object()   # embedded
    return names


def test_circular_pdf(running, tmp_path):
    c = circular.overdue_by_unit(running.store, D(2026, 11, 25))
    path = render_circular(c, tmp_path / "通报.pdf")
    reader, text = text_of(path)
    assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 1
    assert "关于督办事项逾期未办结情况的通报" in text and "共有3项" in text
    assert "<b>绿色工厂</b> & 培育库" in text and "— 1 —" in text
    assert fonts_of(reader)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path),
                        str(tmp_path / "c")], check=True)
        assert (tmp_path / "c-1.png").stat().st_size > 5000


def test_summary_pdf_is_one_page_and_its_charts(running, tmp_path):
    s = circular.period_summary(running.store, D(2026, 11, 25), "month")
    reader, text = text_of(render_summary(s, tmp_path / "月报.pdf"))
    assert len(reader.pages) == 2       # the summary on one page, the charts (附图) on the back
    assert "附图" in reader.pages[1].extract_text() and "附图" not in reader.pages[0].extract_text()
    assert "督办工作月报" in text and "合计" in text and "区经济信息委" in text
    assert "不对个人排名" in text
    assert "逾期办结按原时限" in text and "逾期办结按批准时限" in text and "考核口径" in text


def test_sheets_are_data_and_fit_the_text_block(running):
    assert sum(w for _, w in OVERVIEW_COLS) <= W and sum(w for _, w in SUMMARY_COLS) <= W
    c = circular.overdue_by_unit(running.store, D(2026, 11, 25))
    text = circular_sheet(c).text()
    assert "各有关单位：" in text and "<b>绿色工厂</b> & 培育库" in text
    s = circular.period_summary(running.store, D(2026, 11, 25), "week")
    assert "督办工作周报" in summary_sheet(s).text()
