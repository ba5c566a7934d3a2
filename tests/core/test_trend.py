"""The 12-month trend of the week/month summary (新交办, 办结, 逾期 per month) against a plain walk
over the same random items as test_assess, and the months it covers against a day-by-day walk."""
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from test_assess import BASE, item_st, make_store, report_day

from qjtasks.core import assess, circular
from qjtasks.core.models import ItemEdit

D = dt.date


def walk_months(last_day, months):
    """Walk back day by day to each month's first day; the last span ends at last_day."""
    spans, end = [], last_day
    while len(spans) < months:
        start = end
        while start.day != 1:
            start -= dt.timedelta(days=1)
        spans.append((start, end))
        end = start - dt.timedelta(days=1)
    return spans[::-1]


def plain_trend(items, last_day, months):
    out = []
    for start, stop in walk_months(last_day, months):
        def day(n):
            return None if n is None else BASE + dt.timedelta(days=n)
        new = closed = overdue = 0
        for it in items:
            assigned = day(it["assigned"])
            approved = (None if it["original"] is None
                        else day(it["original"] + (it["extended_by"] or 0)))
            decided = [day(report_day(it, o) + w) for o, w, dec in it["reports"] if dec == "审结"]
            if it["status"] != "待交办" and assigned is not None and start <= assigned <= stop:
                new += 1
            if any(start <= x <= stop for x in decided):
                closed += 1
            last = max(decided, default=None)
            not_closed_then = (it["status"] in assess.OPEN and (last is None or last > stop)
                               or it["status"] == "已办结" and last is not None and last > stop)
            if (approved is not None and approved < stop and not_closed_then
                    and (assigned is None or assigned <= stop)):
                overdue += 1
        out.append({"month": f"{start.year}-{start.month:02d}", "new": new, "closed": closed,
                    "overdue": overdue})
    return out


@given(st.lists(item_st, min_size=1, max_size=25), st.integers(0, 75), st.integers(1, 4))
def test_trend_counts_like_the_plain_walk(items, last_n, months):
    last_day = BASE + dt.timedelta(days=last_n)
    store = make_store(items)
    got = circular.monthly_trend(store, last_day, months)
    assert [{k: e[k] for k in ("month", "new", "closed", "overdue")} for e in got] == \
        plain_trend(items, last_day, months)
    store.close()


@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)))
def test_twelve_calendar_months_up_to_the_day(day):
    spans = circular.month_spans(day)
    assert spans == walk_months(day, 12)
    assert len({s.strftime("%Y-%m") for s, _ in spans}) == 12


def test_summary_carries_the_trend_and_per_unit_bars(seeded):
    for item_id, deadline in ((1, "2026-11-10"), (2, "2026-12-16")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2026, 9, 1))
    s = circular.period_summary(seeded.store, D(2026, 11, 25), "month")
    trend = s["trend"]
    assert [e["month"] for e in trend][:2] == ["2025-12", "2026-01"] and len(trend) == 12
    assert trend[-1]["month"] == "2026-11" and trend[-1]["end"] == "2026-11-25"
    assert trend[9]["new"] == 2 and trend[-1]["overdue"] == 1 and trend[10]["overdue"] == 0
    t = s["totals"]
    assert (t["on_time"], t["overdue"], t["closed_total"]) == (1, 1, 0)
    assert all({"on_time", "closed_total", "closed_late_original", "closed_late_approved",
                "overdue_original"} <= set(r) for r in s["units"])
    # a week that ends after today: the trend stops at today
    w = circular.period_summary(seeded.store, D(2026, 11, 30), "week")
    assert w["trend"][-1]["month"] == "2026-11" and w["trend"][-1]["end"] == "2026-11-30"
