"""Assessment against the original and the approved deadline, and the summaries' calendar periods.

The SQL of the overview / 单位办理情况表 (`unit_summary`) and of the week/month summaries
(`period_summary`) is checked against a plain walk over the same random items that applies
`assess.judge` one item at a time, and `period_bounds` against a day-by-day walk.
"""
import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from qjtasks.core import assess, circular
from qjtasks.core.store import Store
from qjtasks.core.summary import unit_summary

D = dt.date
BASE = D(2026, 1, 1)
# Drawn with repeats so that closed items with accepted reports are common.
STATUSES = ["待交办", "待签收", "办理中", "申请办结", "已办结", "已办结", "已办结", "暂缓", "已撤销"]
DECISIONS = ["审结", "审结", "退回重办", "待审核"]
day_st = st.integers(min_value=0, max_value=30)
# Reports are drawn a few days either side of the deadlines, so that a report on the deadline
# day itself, one day late and one day early are common (the boundaries the rule is about).
item_st = st.fixed_dictionaries({
    "status": st.sampled_from(STATUSES), "lead": st.integers(1, 3),
    "co": st.lists(st.integers(1, 3), max_size=2, unique=True),
    "assigned": st.none() | day_st, "original": st.sampled_from([None, *range(8, 23)]),
    "extended_by": st.sampled_from([None, 0, 1, 2, 3]),
    "reports": st.lists(st.tuples(st.integers(-2, 5), st.integers(0, 6),
                                  st.sampled_from(DECISIONS)), max_size=3)})


def report_day(it, offset):
    """A report `offset` days after the original deadline (day 15 when there is none)."""
    return (15 if it["original"] is None else it["original"]) + offset


def on(n):
    return None if n is None else (BASE + dt.timedelta(days=n)).isoformat()


def make_store(items):
    store = Store.open(":memory:")
    conn, stamp = store.conn, "2026-01-01 00:00"
    conn.executemany("INSERT INTO units (id, name, short_name, sort) VALUES (?, ?, ?, ?)",
                     [(n, f"单位{n}全称", f"单位{n}", n) for n in (1, 2, 3)])
    for n, it in enumerate(items, 1):
        approved = (None if it["original"] is None else
                    it["original"] + (it["extended_by"] or 0))
        conn.execute("""INSERT INTO items (id, title, status, assigned_on, original_deadline,
            current_deadline, lead_unit_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)""",
                     (n, f"事项{n}", it["status"], on(it["assigned"]), on(it["original"]),
                      on(approved), it["lead"], stamp, stamp))
        conn.execute("INSERT INTO assignments (item_id, unit_id, role) VALUES (?, ?, '牵头')",
                     (n, it["lead"]))
        for unit in it["co"]:
            if unit != it["lead"]:
                conn.execute("INSERT INTO assignments (item_id, unit_id, role) "
                             "VALUES (?, ?, '配合')", (n, unit))
        for k, (offset, wait, decision) in enumerate(it["reports"]):
            submitted = report_day(it, offset)
            conn.execute("""INSERT INTO completions (uid, item_id, unit_id, created_at,
                submitted_on, report, decision, decided_on) VALUES (?,?,?,?,?,'报告',?,?)""",
                         (f"p{n}-{k}", n, it["lead"], stamp, on(submitted), decision,
                          on(submitted + wait) if decision != "待审核" else None))
    conn.commit()
    store.invalidate()
    return store


def verdict(it, as_of):
    original = None if it["original"] is None else BASE + dt.timedelta(days=it["original"])
    approved = (None if original is None else
                original + dt.timedelta(days=it["extended_by"] or 0))
    accepted = [BASE + dt.timedelta(days=report_day(it, o)) for o, _w, dec in it["reports"]
                if dec == "审结"]
    return assess.judge(it["status"], original, approved, max(accepted, default=None), as_of)


# Boundaries as examples too: finished within the extension (late against the original only),
# on the original day (on time), no original deadline, two accepted reports (the latest counts).
CLOSED_IN_EXTENSION = {"status": "已办结", "lead": 1, "co": [2], "assigned": 0, "original": 10,
                       "extended_by": 3, "reports": [(2, 1, "审结")]}
CLOSED_ON_THE_DAY = {**CLOSED_IN_EXTENSION, "reports": [(0, 0, "审结")]}
REOPENED = {**CLOSED_IN_EXTENSION, "extended_by": 0, "reports": [(-1, 0, "审结"), (1, 0, "审结")]}
UNDATED = {**CLOSED_IN_EXTENSION, "original": None}
EXAMPLES = [CLOSED_IN_EXTENSION, CLOSED_ON_THE_DAY, REOPENED, UNDATED,
            {**CLOSED_IN_EXTENSION, "status": "办理中"}]


@example(EXAMPLES, 12)
@given(st.lists(item_st, min_size=1, max_size=25), day_st)
def test_unit_summary_counts_both_deadlines_like_the_plain_rule(items, today_n):
    today = BASE + dt.timedelta(days=today_n)
    store = make_store(items)
    got = {r["unit"]: r for r in unit_summary(store, today)}
    for unit in (1, 2, 3):
        mine = [it for it in items if it["lead"] == unit
                or (unit in it["co"] and unit != it["lead"])]
        v = [verdict(it, today) for it in mine]
        row = got[f"单位{unit}"]
        assert row["closed_late_original"] == sum(x.late_original for x in v)
        assert row["closed_late_approved"] == sum(x.late_approved for x in v)
        assert row["overdue_original"] == sum(x.overdue_original for x in v)
    store.close()


@example(EXAMPLES, 14, "week", False)
@given(st.lists(item_st, min_size=1, max_size=25), day_st, st.sampled_from(["week", "month"]),
       st.booleans())
def test_period_summary_counts_both_deadlines_like_the_plain_rule(items, today_n, period,
                                                                   previous):
    today = BASE + dt.timedelta(days=today_n)
    store = make_store(items)
    s = circular.period_summary(store, today, period, previous=previous)
    start, end = D.fromisoformat(s["start"]), D.fromisoformat(s["end"])
    for unit in (1, 2, 3):
        mine = [it for it in items if it["lead"] == unit]
        closed = [it for it in mine if any(
            dec == "审结" and start <= BASE + dt.timedelta(days=report_day(it, o) + wait) <= end
            for o, wait, dec in it["reports"])]
        expect = {"closed": len(closed),
                  "closed_late_original": sum(_late_if_closed(it, "original") for it in closed),
                  "closed_late_approved": sum(_late_if_closed(it, "approved") for it in closed),
                  "overdue_original": sum(verdict(it, today).overdue_original for it in mine),
                  "overdue": sum(verdict(it, today).overdue_approved for it in mine)}
        row = next((r for r in s["units"] if r["unit"] == f"单位{unit}"), None)
        got = {k: row[k] for k in expect} if row else dict.fromkeys(expect, 0)
        assert got == expect
    store.close()


def _late_if_closed(it, which):
    """Closed in the period (whatever the status now): late by the finishing day."""
    v = assess.judge("已办结", *_deadlines(it), _finished(it), BASE)
    return v.late_original if which == "original" else v.late_approved


def _deadlines(it):
    if it["original"] is None:
        return None, None
    original = BASE + dt.timedelta(days=it["original"])
    return original, original + dt.timedelta(days=it["extended_by"] or 0)


def _finished(it):
    return max((BASE + dt.timedelta(days=report_day(it, o)) for o, _w, dec in it["reports"]
                if dec == "审结"), default=None)


# ---- the rule itself, on examples a supervisor would give ----------------------------------

def test_judge_on_examples():
    nov = lambda n: D(2026, 11, n)  # noqa: E731
    # finished after the original deadline, within the approved one: late for assessment only
    v = assess.judge("已办结", nov(10), nov(20), nov(18), nov(25))
    assert (v.late_original, v.late_approved) == (True, False)
    v = assess.judge("已办结", nov(10), nov(10), nov(10), nov(25))     # on the day: on time
    assert (v.late_original, v.late_approved) == (False, False)
    v = assess.judge("办理中", nov(10), nov(30), None, nov(25))
    assert (v.overdue_original, v.overdue_approved) == (True, False)
    v = assess.judge("暂缓", nov(10), nov(10), None, nov(25))            # paused: neither
    assert v == assess.Verdict()
    v = assess.judge("已办结", nov(10), nov(10), None, nov(25))          # no finishing day
    assert v == assess.Verdict()
    v = assess.judge("申请办结", None, nov(1), None, nov(25))            # no original: approved
    assert (v.overdue_original, v.overdue_approved) == (True, True)


# ---- calendar periods -----------------------------------------------------------------------

def walk_bounds(period, day):
    start = day
    if period == "week":
        while start.isoweekday() != 1:
            start -= dt.timedelta(days=1)
        end = start
        while end.isoweekday() != 7:
            end += dt.timedelta(days=1)
        return start, end
    while start.day != 1:
        start -= dt.timedelta(days=1)
    end = day
    while (end + dt.timedelta(days=1)).month == day.month:
        end += dt.timedelta(days=1)
    return start, end


@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)), st.sampled_from(["week", "month"]))
def test_period_bounds_are_the_calendar_week_and_month(day, period):
    assert circular.period_bounds(period, day) == walk_bounds(period, day)
    prev = circular.previous_day(period, day)
    assert walk_bounds(period, prev)[1] + dt.timedelta(days=1) == walk_bounds(period, day)[0]


def test_period_bounds_examples():
    assert circular.period_bounds("week", D(2026, 11, 25)) == (D(2026, 11, 23), D(2026, 11, 29))
    assert circular.period_bounds("month", D(2026, 11, 25)) == (D(2026, 11, 1), D(2026, 11, 30))
    assert circular.period_bounds("month", D(2028, 2, 3)) == (D(2028, 2, 1), D(2028, 2, 29))
    assert circular.period_bounds("week", D(2026, 11, 29)) == (D(2026, 11, 23), D(2026, 11, 29))
