"""The overview's leaders' charts: per-unit bars and the 12-month trend, at 1366×768 and 1024×700
(screenshots in the test's shots folder; QJTASKS_SHOTS copies them)."""
import datetime as dt

import pytest
from gui_helpers import shown_window

from qjtasks.core.circular import monthly_trend
from qjtasks.core.models import ItemEdit

TODAY = dt.date(2026, 11, 25)


def _running(session):
    svc = session.services
    for item_id, deadline in ((1, "2026-11-10"), (2, "2027-01-16"), (3, "2026-10-01"),
                              (10, "2026-11-20")):
        svc.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        svc.lifecycle.issue(item_id, dt.date(2026, 9, 1))


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_overview_shows_unit_bars_and_trend(session, qtbot, shots, size):
    _running(session)
    win = shown_window(session, qtbot, *size)
    win.refresh_all()
    win.show_page(2)
    qtbot.wait(50)
    ov = win.overview
    bars = {r["unit"]: r for r in ov.unit_bars.rows}
    table = {ov.units.item(r, 0).text(): r for r in range(ov.units.rowCount())}
    assert set(bars) <= set(table) and bars              # units with nothing are left out
    assert sum(r["overdue"] for r in bars.values()) >= 3
    assert ov.trend.months == monthly_trend(session.store, TODAY)
    assert len(ov.trend.months) == 12 and ov.trend.months[9]["new"] == 4
    shot = ov.grab().toImage()
    assert shot.width() <= size[0]
    assert shot.save(str(shots / f"overview_charts_{size[0]}x{size[1]}.png"))
    for widget in (ov.unit_bars, ov.trend, ov.chart):
        assert widget.isVisible() and widget.height() >= widget.fontMetrics().height() * 4
        assert widget.width() >= 180, (widget.objectName(), widget.width())
    for widget in (ov.unit_bars, ov.trend):
        image = widget.grab().toImage()
        greys = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
                 for y in range(0, image.height(), 3)}
        assert len(greys) > 3                               # drawn, not blank
        coloured = [c for c in greys if len({c[1:3], c[3:5], c[5:7]}) > 1]
        assert not coloured, coloured[:5]                   # black, white and greys only


def test_unit_bars_scroll_rather_than_squeeze(session, qtbot):
    win = shown_window(session, qtbot, 1024, 700)
    rows = [{"unit": f"单位{k}", "on_time": k, "overdue": 1, "closed": 2} for k in range(40)]
    win.overview.unit_bars.set_rows(rows)
    assert win.overview.unit_bars.minimumHeight() >= 40 * win.overview.unit_bars.row_height()
