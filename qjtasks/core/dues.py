"""Dates owed, counted in working days: feedback on its cycle, and a memoising calendar.

`feedback_due` recomputes when an item's next feedback is owed from its cycle (month-end safe,
via `calendar.next_feedback_due`); `overdue_since` counts the working days a date owed is late,
a due date on a holiday moving to the next working day. `MemoCalendar` remembers day counts,
because thousands of items share a few dozen dates and the daily work-out asks for each.
"""
from __future__ import annotations

import datetime as dt
import functools

from .calendar import WorkCalendar, next_feedback_due
from .models import CycleKind, FeedbackCycle
from .rows import d


def feedback_due(row: dict) -> dt.date | None:
    """When feedback is owed, recomputed from the cycle (month-end safe)."""
    return feedback_due_of(row["cycle_kind"], row["cycle_day"], row["cycle_due"],
                           row["assigned_on"], row["last_feedback_on"])


def feedback_due_of(kind, day, due, assigned_on, last_feedback_on) -> dt.date | None:
    """`feedback_due` from the columns themselves (ISO text as stored).

    The assignment date counts only until the first feedback, so it stays out of the cache
    key after that: at 100,000 items the open ones have some 16,000 distinct column
    combinations but under 2,000 keys.
    """
    if last_feedback_on:
        assigned_on = None
    return _feedback_due(kind, day, due, assigned_on, last_feedback_on)


@functools.lru_cache(maxsize=4096)
def _feedback_due(kind, day, due, assigned_on, last_feedback_on) -> dt.date | None:
    # Many items share a cycle and dates; the answer depends on nothing else.
    cycle = FeedbackCycle(CycleKind(kind), day, d(due))
    return next_feedback_due(cycle, d(assigned_on), d(last_feedback_on))


class MemoCalendar:
    """A WorkCalendar whose day counts are remembered: thousands of items share few dates."""

    def __init__(self, cal: WorkCalendar):
        self.cal = cal
        self._between: dict = {}
        self._add: dict = {}

    def is_workday(self, day: dt.date) -> bool:
        return self.cal.is_workday(day)

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        return self.cal.next_workday_on_or_after(day)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        key = (start, end)
        if key not in self._between:
            self._between[key] = self.cal.workdays_between(start, end)
        return self._between[key]

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        key = (start, n)
        if key not in self._add:
            self._add[key] = self.cal.add_workdays(start, n)
        return self._add[key]


def overdue_since(due: dt.date | None, cal: WorkCalendar, today: dt.date) -> int:
    """Working days a date owed is overdue; a due date on a holiday moves to the next workday."""
    if due is None:
        return 0
    effective = cal.next_workday_on_or_after(due)
    return cal.workdays_between(effective, today) if today > effective else 0
