"""下次反馈 (next feedback due) as stored on each item, worked out by the feedback-cycle rule
(`core.feedback`) after every act that moves it, or once per item at the end of a package."""
from __future__ import annotations

import contextlib

from .. import feedback
from ..rows import d, iso
from ..workflow import cycle_of
from .part import Part


class FeedbackDue(Part):
    _deferred: set[int] | None = None

    @contextlib.contextmanager
    def deferred(self):
        """Inside, 下次反馈 is worked out once per touched item at the end instead of after
        every act (a package brings a 签收, notes and a completion request for the same item).
        The rule reads only the item's state at the time, so the end state is the same; call
        it inside the transaction the acts run in."""
        if self._deferred is not None:
            yield
            return
        self._deferred = touched = set()
        try:
            yield
        finally:
            self._deferred = None
        co_count = self.store.feedback_rule.counts_co_notes()     # one setting, read once
        for item_id in sorted(touched):
            self.refresh(item_id, co_count)

    def refresh(self, item_id: int, co_count: bool | None = None) -> None:
        """Store 下次反馈 by the feedback-cycle rule (`core.feedback`), read by every view."""
        if self._deferred is not None:
            self._deferred.add(item_id)
            return
        row = self.store.item_row(item_id)
        due = self.due(item_id, cycle_of(row), d(row["assigned_on"]),
                                 row["lead_unit_id"], co_count)
        self.store.item_rows.set_next_feedback_due(item_id, iso(due))

    def due(self, item_id: int | None, cycle, assigned_on, lead_unit_id,
            co_count: bool | None = None):
        reports = (self.store.feedback_rule.report_dates(item_id, lead_unit_id, co_count)
                   if item_id is not None else [])
        resting = (self.store.feedback_rule.resting_days(item_id) if item_id is not None
                   else (lambda _day: False))
        return feedback.next_due(cycle, assigned_on, reports,
                                 self.store.calendar.next_workday_on_or_after, resting)

    def refresh_all(self) -> int:
        """Recompute 下次反馈 of every open item (a setting the rule reads has changed)."""
        return self.store.feedback_rule.refresh_all(self.store.calendar.next_workday_on_or_after)
