"""Dates as people type them in a form: 2026-12-31, 2026/12/31, 2026年12月31日, 12月31日, and a
deadline counted in working days (“20个工作日”, “10个工作日后”) from a base date.

`read_date` is pure: `today` and the working-day calendar are parameters. A day without a year
(12月31日) is in `today`'s year. Anything it cannot read is a `ValidationError` in Chinese
(the same wording as `calendar.parse_date`, which reads the full forms).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .calendar import parse_date
from .errors import ValidationError

MAX_WORKDAYS = 2000     # about eight years: more is a typing slip, not a deadline
_WORKDAYS = re.compile(r"^\s*(\d{1,5})\s*个?\s*工作日\s*(?:后|以后|之后)?\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*$")


@dataclass(frozen=True)
class ReadDate:
    day: dt.date
    workdays: int | None = None        # set when the text counted working days from `base`
    base: dt.date | None = None

    def describe(self) -> str:
        """2026年12月23日（星期三），and for a count: 自 2026-11-25 起第 20 个工作日."""
        text = f"{self.day.year}年{self.day.month}月{self.day.day}日（{WEEKDAYS[self.day.weekday()]}）"
        if self.workdays is not None:
            text += f"，自 {self.base} 起第 {self.workdays} 个工作日"
        return text


WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def read_date(text: str | None, *, today: dt.date, calendar=None, base: dt.date | None = None,
              what: str = "日期") -> ReadDate | None:
    """The date `text` means, or None when it is empty. `calendar` (a WorkCalendar) is needed
    only for working-day counts, which start from `base` (default `today`)."""
    raw = (text or "").strip()
    if not raw:
        return None
    m = _WORKDAYS.match(raw)
    if m:
        return _count(int(m[1]), raw, calendar, base or today, what)
    m = _MONTH_DAY.match(raw)
    if m:
        try:
            return ReadDate(dt.date(today.year, int(m[1]), int(m[2])))
        except ValueError:
            raise ValidationError(f"{what}“{raw[:40]}”不存在（请检查月份和日）") from None
    return ReadDate(parse_date(raw, what=what))


def _count(n: int, raw: str, calendar, base: dt.date, what: str) -> ReadDate:
    if calendar is None:
        raise ValidationError(f"{what}“{raw[:40]}”需要工作日历，请直接填写日期")
    if not 1 <= n <= MAX_WORKDAYS:
        raise ValidationError(f"{what}“{raw[:40]}”的工作日数须在 1–{MAX_WORKDAYS} 之间")
    return ReadDate(calendar.add_workdays(base, n), n, base)
