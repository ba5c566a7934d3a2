"""The leader's charts on the 周报/月报: what they show, that they print in greys with their
numbers on them, and their Word copy as a table of the same numbers."""
import datetime as dt
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader
from wordcheck import open_docx

from qjtasks.core import circular
from qjtasks.core.models import ItemEdit
from qjtasks.pdf import render, word
from qjtasks.pdf.blocks import Chart
from qjtasks.pdf.circular import UNIT_BARS, summary_charts, summary_sheet

D = dt.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def month(seeded):
    for item_id, deadline in ((1, "2026-11-10"), (2, "2026-12-16"), (10, "2026-10-20")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2026, 9, 1))
    return circular.period_summary(seeded.store, TODAY, "month")


def charts(s):
    return [b for b in summary_charts(s) if isinstance(b, Chart)]


def test_bars_per_unit_and_twelve_months_of_trend(month):
    bars, trend = charts(month)
    assert bars.kind == "bars" and [n for n, _ in bars.series] == [n for n, _ in UNIT_BARS]
    shown = {r["unit"]: r for r in month["units"] if r["on_time"] or r["overdue"]
             or r["closed_total"]}
    assert list(bars.categories) == list(shown)            # units with nothing are left out
    for k, (_, key) in enumerate(UNIT_BARS):
        assert bars.series[k][1] == tuple(shown[u][key] for u in bars.categories)
    assert trend.kind == "trend" and len(trend.categories) == 12
    assert trend.categories[0] == "12月" and trend.categories[-1] == "11月"
    assert dict(trend.series)["新交办"][9] == 3            # September 2026
    assert dict(trend.series)["逾期"][-1] == 2
    assert "2025年12月至2026年11月" in trend.title


def test_charts_print_in_greys_with_their_numbers(month, fontset, tmp_path):
    pdf = tmp_path / "月报.pdf"
    pdf.write_bytes(render.render([summary_sheet(month)], fontset))
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 2
    text = reader.pages[1].extract_text().replace("\n", "")
    for words in ("各牵头单位在办与办结情况", "按期（在办）", "逾期（在办）", "已办结（累计）",
                  "近12个月走势", "新交办", "办结", "逾期", "12月", "11月"):
        assert words in text, words
    bars = charts(month)[0]
    for unit in bars.categories:
        assert unit in text
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm missing")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "2", "-l", "2", str(pdf),
                    str(tmp_path / "c")], check=True)
    image = Image.open(next(tmp_path.glob("c-*.png"))).convert("RGB")
    pixels = [px for _, px in image.getcolors(maxcolors=1 << 24)]
    colours = {px for px in pixels if max(px) - min(px) > 8}
    assert not colours                                     # black, white and greys only
    greys = {px[0] // 32 for px in pixels}
    assert {0, 7} <= greys and len(greys) >= 3             # black, white and a mid grey


def test_no_chart_page_without_units_or_months():
    empty = {"label": "周", "start": "2026-11-23", "end": "2026-11-29", "today": "2026-11-25",
             "totals": dict.fromkeys(circular.COUNTS, 0), "units": [], "trend": [],
             "stagnant_days": 30, "office": "办"}
    assert summary_charts(empty) == []


def test_word_copy_has_the_charts_numbers(month):
    doc = open_docx(word.render([summary_sheet(month)]))
    bars, trend = charts(month)
    tables = doc.tables
    bar_table = next(t for t in tables if t.rows[0].cells[1].text == "按期（在办）")
    assert [r.cells[0].text for r in bar_table.rows[1:]] == list(bars.categories)
    assert [c.text for c in bar_table.rows[1].cells[1:]] == [str(v[0]) for _, v in bars.series]
    trend_table = next(t for t in tables if t.rows[0].cells[1].text == "12月")
    assert [r.cells[0].text for r in trend_table.rows[1:]] == ["新交办", "办结", "逾期"]
    assert trend_table.rows[3].cells[12].text == str(dict(trend.series)["逾期"][-1])
