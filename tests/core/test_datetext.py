"""Dates as typed in forms (core.datetext), checked against a plain reference."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qjtasks.core.calendar import WorkCalendar
from qjtasks.core.datetext import read_date
from qjtasks.core.errors import ValidationError

TODAY = dt.date(2026, 11, 25)
CAL = WorkCalendar()


def reference_add_workdays(cal, base, n):
    """Step one day at a time, counting working days (the plain reference)."""
    day = base
    while n:
        day += dt.timedelta(days=1)
        n -= cal.is_workday(day)
    return day


@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_reads_back(day):
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                 f"{day.year}年{day.month}月{day.day}日", f" {day:%Y.%m.%d} "):
        assert read_date(text, today=TODAY).day == day
    this_year = day.replace(year=TODAY.year) if not (day.month == 2 and day.day == 29) else None
    if this_year:
        assert read_date(f"{day.month}月{day.day}日", today=TODAY).day == this_year


@given(n=st.integers(1, 400), base=st.dates(min_value=dt.date(2020, 1, 1),
                                            max_value=dt.date(2026, 6, 30)),
       form=st.sampled_from(["{}个工作日", "{}个工作日后", "{} 个工作日以后", "{}工作日"]))
def test_working_day_counts_match_the_reference(n, base, form):
    got = read_date(form.format(n), today=TODAY, calendar=CAL, base=base)
    assert got.day == reference_add_workdays(CAL, base, n)
    assert got.workdays == n and got.base == base
    assert f"自 {base} 起第 {n} 个工作日" in got.describe()


def test_counts_start_from_today_without_a_base():
    got = read_date("20个工作日", today=TODAY, calendar=CAL)
    assert got.day == reference_add_workdays(CAL, TODAY, 20) == dt.date(2026, 12, 23)
    assert got.describe() == "2026年12月23日（星期三），自 2026-11-25 起第 20 个工作日"


@pytest.mark.parametrize("text, message", [
    ("2月30日", "不存在"), ("下周", "无法识别"), ("0个工作日", "1–2000"),
    ("99999个工作日", "1–2000"), ("2026-13-01", "不存在")])
def test_unreadable_text_is_a_chinese_error(text, message):
    with pytest.raises(ValidationError, match=message):
        read_date(text, today=TODAY, calendar=CAL)


def test_empty_is_none_and_counts_need_a_calendar():
    assert read_date("  ", today=TODAY) is None
    with pytest.raises(ValidationError, match="工作日历"):
        read_date("5个工作日", today=TODAY)
