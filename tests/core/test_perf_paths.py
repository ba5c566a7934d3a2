"""The fast paths added for 100,000 items keep the answers of the slow ones they replaced.

Working days are counted from per-year running totals instead of day by day; an up-to-date file
opens without sqlite-utils; lists compute sort-only columns only when sorting by them.
"""
import datetime as dt
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core.calendar import WorkCalendar
from qjtasks.core.filters import ORDERS, ItemFilter
from qjtasks.core.models import ItemEdit
from qjtasks.core.store import Store

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def naive_workdays(cal: WorkCalendar, start: dt.date, end: dt.date) -> int:
    lo, hi, sign = (start, end, 1) if end >= start else (end, start, -1)
    days = (lo + dt.timedelta(days=n) for n in range(1, (hi - lo).days + 1))
    return sign * sum(cal.is_workday(day) for day in days)


@settings(max_examples=60, deadline=None)
@given(st.dates(D(2020, 1, 1), D(2028, 12, 31)), st.dates(D(2020, 1, 1), D(2028, 12, 31)))
def test_workdays_between_matches_counting_day_by_day(start, end):
    cal = WorkCalendar(extra_holidays=[D(2026, 6, 1)], extra_workdays=[D(2026, 6, 6)])
    assert cal.workdays_between(start, end) == naive_workdays(cal, start, end)


def test_workdays_across_years_and_extra_dates():
    cal = WorkCalendar()
    assert cal.workdays_between(D(2022, 9, 30), D(2022, 10, 8)) == 1      # 国庆 + 调休
    across = cal.workdays_between(D(2025, 12, 31), D(2026, 1, 5))        # 元旦 across years
    assert across == naive_workdays(cal, D(2025, 12, 31), D(2026, 1, 5)) >= 1
    assert cal.workdays_between(D(2026, 1, 5), D(2025, 12, 31)) == -across
    plus = WorkCalendar(extra_holidays=[D(2026, 1, 5)])
    assert plus.workdays_between(D(2025, 12, 31), D(2026, 1, 5)) == across - 1
    assert cal.workdays_between(D(2020, 1, 1), D(2029, 12, 31)) == naive_workdays(
        cal, D(2020, 1, 1), D(2029, 12, 31))


def test_up_to_date_file_opens_without_sqlite_utils(tmp_path):
    path = tmp_path / "qj.db"
    Store.open(path).close()
    code = ("import sys; from qjtasks.core.store import Store; s = Store.open(sys.argv[1]); "
            "s.lists.items(today=__import__('datetime').date(2026, 11, 25)); "
            "print(s.schema_version, 'sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}).stdout
    version, imported = out.split()
    assert int(version) >= 2 and imported == "False"


def test_every_sort_key_orders_the_same_rows(seeded, today):
    """Sorted by any key, ascending or not, the list holds every item once, nulls last."""
    store = seeded.store
    every = {r["id"] for r in store.lists.items(ItemFilter(), today=today, limit=None)}
    for order in ORDERS:
        for desc in (False, True):
            rows = store.lists.items(ItemFilter(), today=today, order=order, descending=desc,
                                    limit=None)
            assert [r["id"] for r in rows] and {r["id"] for r in rows} == every
    by_lead = [r["lead_name"] for r in store.lists.items(ItemFilter(), today=today, order="lead",
                                                        limit=None)]
    assert by_lead == sorted(by_lead)
    by_id = [r["id"] for r in store.lists.items(ItemFilter(), today=today, descending=True)]
    assert by_id == sorted(by_id, reverse=True)


def test_light_sort_puts_red_first(seeded, today):
    seeded.items.edit(1, ItemEdit(assigned_on="2026-10-01", deadline="2026-11-20"))
    seeded.lifecycle.issue(1, D(2026, 10, 1))
    rows = seeded.store.lists.items(ItemFilter(), today=today, order="light", limit=3)
    assert rows[0]["id"] == 1 and rows[0]["light"] == "红"


def test_light_sort_follows_the_light_every_row_shows(seeded, today):
    """The SQL rank agrees with the light computed in Python for each row, both ways."""
    for n, (assigned, deadline) in enumerate([("2026-10-01", "2026-11-20"),
                                              ("2026-10-01", "2026-11-27"),
                                              ("2026-10-01", "2027-03-01"),
                                              ("2026-11-20", "2027-03-01")]):
        seeded.items.edit(n + 1, ItemEdit(assigned_on=assigned, deadline=deadline))
        seeded.lifecycle.issue(n + 1, D.fromisoformat(assigned))
    rank = {"红": 0, "黄": 1, "绿": 2, "未定时限": 2, "完成": 3}
    for desc in (False, True):
        rows = seeded.store.lists.items(ItemFilter(), today=today, order="light",
                                       descending=desc, limit=None)
        keys = [(rank[r["light"]], r["id"]) for r in rows]
        assert keys == sorted(keys, reverse=desc)
        assert {r["light"] for r in rows} >= {"红", "黄", "绿", "未定时限"}


def test_workday_rule_matches_chinese_calendar_on_every_known_day():
    import chinese_calendar
    cal = WorkCalendar()
    day, last = D(2004, 1, 1), D(2026, 12, 31)
    while day <= last:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    assert not cal.unknown_years
    assert cal.is_workday(D(2040, 1, 2)) and 2040 in cal.unknown_years   # weekday fallback


def test_unit_filter_same_items_for_pages_counts_and_whole_lists(seeded, today):
    """Pages in id order test each item (EXISTS); counts and whole lists read the unit's ids."""
    store = seeded.store
    for unit in store.units():
        for role in (None, "牵头", "配合"):
            flt = ItemFilter(unit_id=unit.id, role=role)
            whole = [r["id"] for r in store.lists.items(flt, today=today, limit=None)]
            paged = [r["id"] for r in store.lists.items(flt, today=today, limit=3)]
            paged += [r["id"] for r in store.lists.items(flt, today=today, limit=100, offset=3)]
            assert paged == whole and store.lists.count(flt, today=today) == len(whole)
    lead = seeded.units.resolve("区机关事务管理中心")
    assert store.lists.count(ItemFilter(unit_id=lead, role="牵头"), today=today) == 9
