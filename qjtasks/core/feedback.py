"""The feedback-cycle rule: which period a progress note satisfies, and when feedback is owed.

A periodic cycle (每月/每季度/每半年 on a set day, or 月末) cuts the time after 交办 into periods,
each ending on its due day; a due day on a holiday or weekend moves to the next working day
(the official calendar with 调休, plus the supervisor's extra holidays and workdays).

- A report dated on or before a period's (moved) due day satisfies that period; a report that
  comes late satisfies the oldest period still unsatisfied, the one it is late for. A second
  report inside a period already satisfied satisfies nothing more (nobody reports in advance).
- 下次反馈 is the due day of the oldest unsatisfied period (as the cycle states it, before
  moving): the first due day after the last satisfied period.
- Which notes are reports: the lead unit's (牵头单位) and those the office records for the item
  without naming a unit. Co-units (配合单位) report to the lead, so their notes are information
  only, unless the setting `co_notes_count` (协办单位反馈计入周期反馈) is on.
- Periods whose due day falls while the item is 暂缓 (paused) or 申请办结 (submitted) are owed
  nothing; while it is in that state nothing is owed at all (`calendar.light_for`).
- A one-off cycle (一次性) has one period, due on its date; any report settles it.

`next_due` is the only implementation. The services store its answer in
`items.next_feedback_due` whenever a note, the cycle, the 交办 date or the status changes, and
every reader (the list and its lights, the 反馈超期 view, 今日需催办, the overview counts, the
reminders, the printed notice) reads that column, so they cannot disagree.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable

from .calendar import _next_cycle_date
from .models import CycleKind, FeedbackCycle, Status
from .store import feedback as rows
from .store import settings as store_settings

# States in which an item owes no feedback.
RESTING = (Status.PAUSED.value, Status.SUBMITTED.value)
# At most this many periods are walked (50 years of monthly reports): a guard, never reached.
MAX_PERIODS = 600


def due_days(cycle: FeedbackCycle, assigned_on: dt.date):
    """The periods' due days as the cycle states them, in order, strictly after 交办."""
    if cycle.kind == CycleKind.ONCE:
        if cycle.due is not None:
            yield cycle.due
        return
    day = assigned_on
    for _ in range(MAX_PERIODS):
        day = _next_cycle_date(cycle, day)
        yield day


def next_due(cycle: FeedbackCycle, assigned_on: dt.date | None, reports: Iterable[dt.date],
             moved: Callable[[dt.date], dt.date],
             resting: Callable[[dt.date], bool] = lambda _day: False) -> dt.date | None:
    """The due day of the oldest unsatisfied period (None: nothing is owed any more).

    `reports`: the dates of the notes that count (see the module text); `moved(day)`: the
    working day a due day moves to (`WorkCalendar.next_workday_on_or_after`); `resting(day)`:
    the item was paused or submitted on that day, so the period ending then is owed nothing.
    """
    if assigned_on is None:
        return None
    # a rest that has not ended (the item is paused or submitted now) owes nothing from its
    # start on: every later period would be skipped one by one, up to MAX_PERIODS
    rests_from: dt.date | None = getattr(resting, "open_from", None)
    periods = due_days(cycle, assigned_on)
    pending = sorted(reports)
    satisfied_until: dt.date | None = None    # the moved due day of the last satisfied period
    at = 0
    for due in periods:
        end = moved(due)
        if rests_from is not None and end >= rests_from:
            return None
        if resting(end):
            satisfied_until = end
            continue
        # the first report after the last satisfied period satisfies this one, on time or late
        while at < len(pending) and satisfied_until is not None and pending[at] <= satisfied_until:
            at += 1                                  # inside a satisfied period: information
        if at == len(pending):
            return due
        at += 1
        satisfied_until = end
    return None


# ---- reading what the rule needs from the database -------------------------------------------

def counts_co_notes(conn) -> bool:
    return store_settings.counts_co_notes(conn)


def report_dates(conn, item_id: int, lead_unit_id: int | None,
                 co_count: bool | None = None) -> list[dt.date]:
    """The dates of an item's notes that count as its periodic report."""
    if co_count is None:
        co_count = counts_co_notes(conn)
    out = []
    for text in rows.note_dates(conn, item_id, lead_unit_id, co_count):
        try:
            out.append(dt.date.fromisoformat(str(text)[:10]))
        except ValueError:
            continue
    return out


def resting_days(conn, item_id: int) -> Callable[[dt.date], bool]:
    """Whether the item was 暂缓 or 申请办结 on a day, from its journalled status changes."""
    spans: list[tuple[str, str | None]] = []
    start: str | None = None
    for at, after in rows.status_changes(conn, item_id):
        try:
            status = json.loads(after).get("status")
        except (ValueError, AttributeError):
            continue
        if status is None:
            continue
        day = str(at)[:10]
        if status in RESTING and start is None:
            start = day
        elif status not in RESTING and start is not None:
            spans.append((start, day))
            start = None
    if start is not None:
        spans.append((start, None))
    if not spans:
        return lambda _day: False
    return _Resting(spans)


class _Resting:
    """Whether a day falls in one of the spans; `open_from`: the start of a rest not ended."""

    def __init__(self, spans: list[tuple[str, str | None]]) -> None:
        self.spans = spans
        last = spans[-1]
        self.open_from = dt.date.fromisoformat(last[0]) if last[1] is None else None

    def __call__(self, day: dt.date) -> bool:
        text = day.isoformat()
        return any(a <= text and (b is None or text < b) for a, b in self.spans)


# ---- recomputing stored answers --------------------------------------------------------------

# Kept in `PRAGMA user_version`: databases written before this rule hold 下次反馈 as "the first
# due day after the last note", so their open items are recomputed once.
RULE_VERSION = 2
def refresh_all(conn, moved: Callable[[dt.date], dt.date]) -> int:
    """Recompute and store 下次反馈 of every open item; returns how many (caller's transaction)."""
    from .rows import d
    co = counts_co_notes(conn)
    items = rows.open_cycles(conn)
    for item_id, kind, day, due, assigned, lead in items:
        cycle = FeedbackCycle(CycleKind(kind), day, d(due))
        value = next_due(cycle, d(assigned), report_dates(conn, item_id, lead, co), moved,
                         resting_days(conn, item_id))
        rows.set_next_due(conn, item_id, value.isoformat() if value else None)
    return len(items)


def upgrade(conn, moved: Callable[[dt.date], dt.date]) -> bool:
    """Bring a database's stored 下次反馈 up to this rule once (on a writable open; `moved` as
    for `next_due`)."""
    if rows.rule_version(conn) >= RULE_VERSION:
        return False
    from .tx import transaction
    with transaction(conn):
        refresh_all(conn, moved)
        rows.set_rule_version(conn, RULE_VERSION)
    return True
