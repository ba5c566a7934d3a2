"""Working days, cycles, date parsing and lights."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core.calendar import (
    WorkCalendar,
    cycle_dates,
    feedback_cutoff,
    light_for,
    next_feedback_due,
    parse_date,
    validate_cycle,
)
from qjtasks.core.dues import overdue_since
from qjtasks.core.errors import ValidationError
from qjtasks.core.models import CycleKind, FeedbackCycle, ItemEdit, Light

D = dt.date
_CAL = WorkCalendar()


def test_working_day_after_national_day_is_the_makeup_saturday():
    cal = WorkCalendar()
    assert cal.add_workdays(D(2022, 9, 30), 1) == D(2022, 10, 8)
    assert D(2022, 10, 8).weekday() == 5
    assert cal.workdays_between(D(2022, 9, 30), D(2022, 10, 8)) == 1


def test_backwards_and_zero():
    cal = WorkCalendar()
    assert cal.add_workdays(D(2022, 10, 8), -1) == D(2022, 9, 30)
    assert cal.add_workdays(D(2022, 10, 8), 0) == D(2022, 10, 8)
    assert cal.workdays_between(D(2022, 10, 8), D(2022, 9, 30)) == -1


def test_unknown_year_falls_back_to_weekends_with_warning():
    cal = WorkCalendar()
    assert cal.is_workday(D(2031, 1, 6)) is True   # a Monday
    assert cal.is_workday(D(2031, 1, 4)) is False  # a Saturday
    assert 2031 in cal.unknown_years
    assert any("2031" in w for w in cal.warnings(D(2031, 1, 6)))


def test_extra_dates_win_over_the_official_calendar():
    cal = WorkCalendar(extra_holidays=[D(2022, 6, 27)], extra_workdays=[D(2022, 6, 26)])
    assert not cal.is_workday(D(2022, 6, 27))
    assert cal.is_workday(D(2022, 6, 26))


@settings(max_examples=150, deadline=None)
@given(st.dates(D(2005, 1, 1), D(2025, 6, 1)), st.integers(0, 60))
def test_add_then_count_round_trips(start, n):
    cal = WorkCalendar()
    end = cal.add_workdays(start, n)
    assert cal.workdays_between(start, end) == n
    if n:
        assert cal.is_workday(end)


@pytest.mark.parametrize("text", ["2022-02-30", "明天", "", "2022年13月1日", "20220627x"])
def test_bad_dates_are_refused_in_chinese(text):
    with pytest.raises(ValidationError) as err:
        parse_date(text)
    assert "日期" in str(err.value)


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899年12月31日", "2101-01-01",
                                   D(9999, 12, 31)])
def test_dates_outside_any_supervision_year_are_refused(value):
    with pytest.raises(ValidationError, match="年份超出范围"):
        parse_date(value, what="办结时限")


@pytest.mark.parametrize("text", ["2022-06-27", "2022/6/27", "2022年6月27日", " 2022年 6月27日 "])
def test_good_dates(text):
    assert parse_date(text) == D(2022, 6, 27)


def test_month_end_cycle_never_skips_short_months():
    dates = cycle_dates(FeedbackCycle(CycleKind.MONTHLY, 31), D(2023, 1, 1), 4)
    assert dates == [D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30)]
    ends = cycle_dates(FeedbackCycle(CycleKind.MONTHLY, -1), D(2024, 1, 31), 2)
    assert ends == [D(2024, 2, 29), D(2024, 3, 31)]


def test_quarterly_and_half_yearly():
    q = cycle_dates(FeedbackCycle(CycleKind.QUARTERLY, 25), D(2026, 11, 25), 2)
    assert q == [D(2026, 12, 25), D(2027, 3, 25)]
    h = cycle_dates(FeedbackCycle(CycleKind.HALFYEARLY, 30), D(2026, 1, 1), 2)
    assert h == [D(2026, 6, 30), D(2026, 12, 30)]


def test_next_feedback_due_follows_the_last_feedback():
    cycle = FeedbackCycle(CycleKind.MONTHLY, 25)
    assert next_feedback_due(cycle, D(2026, 11, 25), None) == D(2026, 12, 25)
    assert next_feedback_due(cycle, D(2026, 11, 25), D(2026, 12, 20)) == D(2026, 12, 25)
    assert next_feedback_due(cycle, D(2026, 11, 25), D(2026, 12, 26)) == D(2027, 1, 25)
    once = FeedbackCycle(CycleKind.ONCE, due=D(2027, 1, 10))
    assert next_feedback_due(once, D(2026, 11, 25), None) == D(2027, 1, 10)
    assert next_feedback_due(once, D(2026, 11, 25), D(2026, 12, 1)) is None


def test_lights():
    today, cutoff = D(2026, 11, 25), D(2026, 11, 30)
    assert light_for("办理中", D(2026, 11, 24), None, today, cutoff) == Light.RED
    assert light_for("办理中", D(2026, 11, 30), None, today, cutoff) == Light.YELLOW
    assert light_for("办理中", D(2027, 1, 1), D(2026, 11, 20), today, cutoff) == Light.YELLOW
    assert light_for("办理中", D(2027, 1, 1), D(2026, 12, 25), today, cutoff) == Light.GREEN
    assert light_for("已办结", D(2020, 1, 1), None, today, cutoff) == Light.DONE


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from([CycleKind.MONTHLY, CycleKind.QUARTERLY, CycleKind.HALFYEARLY]),
       day=st.sampled_from([-1, *range(1, 32)]),
       start=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
def test_next_due_by_month_arithmetic_matches_the_rrule(kind, day, start):
    """The fast path the daily work-out uses gives exactly the rrule's first date."""
    cycle = FeedbackCycle(kind, day)
    assert next_feedback_due(cycle, start, None) == cycle_dates(cycle, start)[0]
    later = start + dt.timedelta(days=17)
    assert next_feedback_due(cycle, start, later) == cycle_dates(cycle, later)[0]


def test_feedback_cutoff_around_holidays_and_weekends():
    cal = WorkCalendar()
    # 2024 National Day: 1–7 October off, Sunday 29 September and Saturday 12 October worked.
    assert feedback_cutoff(cal, D(2024, 10, 8)) == D(2024, 10, 1)    # Sep 30 was the last
    assert feedback_cutoff(cal, D(2024, 10, 5)) == D(2024, 9, 30)    # holiday: Sep 29 counts
    assert feedback_cutoff(cal, D(2024, 10, 12)) == D(2024, 10, 12)  # make-up Saturday
    assert feedback_cutoff(cal, D(2024, 11, 23)) == D(2024, 11, 22)  # Saturday: Friday not late
    assert feedback_cutoff(cal, D(2024, 11, 26)) == D(2024, 11, 26)  # an ordinary Tuesday
    due = D(2024, 10, 3)
    far = D(2025, 6, 30)
    assert light_for("办理中", far, due, D(2024, 10, 8), D(2024, 10, 8),
                     feedback_cutoff(cal, D(2024, 10, 8))) == Light.GREEN
    assert light_for("办理中", None, due, D(2024, 10, 8), D(2024, 10, 8),
                     feedback_cutoff(cal, D(2024, 10, 8))) == Light.UNSET  # no deadline
    assert light_for("办理中", None, due, D(2024, 10, 9), D(2024, 10, 9),
                     feedback_cutoff(cal, D(2024, 10, 9))) == Light.YELLOW


@settings(max_examples=300, deadline=None)
@given(due=st.dates(D(2024, 1, 1), D(2025, 12, 31)),
       today=st.dates(D(2024, 1, 1), D(2025, 12, 31)))
def test_feedback_cutoff_matches_working_days_late(due, today):
    # SQL lists use `due < cutoff`; the daily list counts working days late: the two agree.
    assert (due < feedback_cutoff(_CAL, today)) == (overdue_since(due, _CAL, today) > 0)


def test_one_far_deadline_neither_stops_the_list_nor_floods_the_warnings(seeded):
    """An item due 2100-12-31 made every list fail with 日期跨度过大 (found by the QA pass)."""
    from qjtasks.core.filters import ItemFilter
    seeded.items.edit(2, ItemEdit(assigned_on="2026-11-02", deadline="2100-12-31"))
    today = D(2026, 11, 25)
    rows = {r["id"]: r for r in seeded.store.lists.items(ItemFilter(), today=today, limit=None)}
    assert len(rows) == 17 and str(rows[2]["current_deadline"]) == "2100-12-31"
    assert WorkCalendar().workdays_between(today, D(2100, 12, 31)) > 18_000
    warnings = seeded.store.calendar.warnings(today)
    assert len(warnings) == 1 and "–2100年法定节假日安排尚未收录" in warnings[0], warnings


def test_weekly_cycle_falls_on_its_weekday():
    friday = FeedbackCycle(CycleKind.WEEKLY, 5)
    assert friday.describe() == "每周周五前反馈"
    # 2026-11-25 is a Wednesday: the Fridays after it; a Friday start gives the next week's
    assert cycle_dates(friday, D(2026, 11, 25), 3) == [D(2026, 11, 27), D(2026, 12, 4),
                                                      D(2026, 12, 11)]
    assert next_feedback_due(friday, D(2026, 11, 27), None) == D(2026, 12, 4)
    assert next_feedback_due(FeedbackCycle(CycleKind.WEEKLY, 1), D(2026, 11, 25),
                             D(2026, 11, 30)) == D(2026, 12, 7)
    with pytest.raises(ValidationError, match="周一至周日"):
        validate_cycle(FeedbackCycle(CycleKind.WEEKLY, 25))
    assert validate_cycle(friday) is friday


@given(day=st.integers(1, 7), start=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
def test_weekly_next_due_matches_the_rrule(day, start):
    cycle = FeedbackCycle(CycleKind.WEEKLY, day)
    due = next_feedback_due(cycle, start, None)
    assert due == cycle_dates(cycle, start)[0]
    assert due.isoweekday() == day and 1 <= (due - start).days <= 7
