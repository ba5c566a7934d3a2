"""Assessment: was an item late, against the original deadline and against the approved one.

DOMAIN: "the original deadline is kept; assessment counts against it". An approved extension
moves the deadline the unit works to (按批准时限) but not the one it is assessed against
(按原时限), so the summaries show both figures:
- A closed item (已办结) was finished on the day its accepted completion report was submitted
  (the 申请办结 the supervisor 审结). It is late against a deadline when that day is after the
  deadline. A closed item with no accepted report (closed by a ledger import) has no finishing
  day and is counted late against neither.
- An open item (待签收, 办理中, 申请办结) is overdue against a deadline when the deadline is before
  the day counted to (today, or the end of a past period).
- Paused (暂缓), withdrawn (已撤销) and draft (待交办) items are neither.
An item without an original deadline (older data) is assessed against its approved one.

`judge` is the rule in plain Python; the SQL fragments in core/store/reports.py compute the same
in the grouped queries of the overview, the 单位办理情况表 and the week/month summaries.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import ASSESSED_OPEN, Status

OPEN = ASSESSED_OPEN

@dataclass(frozen=True)
class Verdict:
    overdue_original: bool = False       # open, past the original deadline
    overdue_approved: bool = False       # open, past the approved (current) deadline
    late_original: bool = False          # closed after the original deadline
    late_approved: bool = False          # closed after the approved deadline


def judge(status: str, original: dt.date | None, approved: dt.date | None,
          finished_on: dt.date | None, as_of: dt.date) -> Verdict:
    """The plain rule for one item (see the module docstring)."""
    original = original or approved
    if status in OPEN:
        return Verdict(overdue_original=original is not None and original < as_of,
                       overdue_approved=approved is not None and approved < as_of)
    if status == Status.CLOSED and finished_on is not None:
        return Verdict(late_original=original is not None and finished_on > original,
                       late_approved=approved is not None and finished_on > approved)
    return Verdict()
