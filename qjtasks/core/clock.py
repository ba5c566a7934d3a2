"""The one place that reads the wall clock.

Everything else receives "today" and "now" from a `Clock` held by the session (CLI context,
window session, services). A clock may be pinned to a day (`qjtasks --today 2026-11-10`,
tests): then `today()` is that day and `now()` is that day at the wall-clock time of day, so a
record made "now" is dated on the pinned day while several records on it still keep order.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def wall_now() -> dt.datetime:
    """The real local time; only `Clock` and the two entry points call this."""
    return dt.datetime.now()


@dataclass(frozen=True)
class Clock:
    """Today and now for one session; `day` pins the date, `None` follows the wall clock."""
    day: dt.date | None = None

    def today(self) -> dt.date:
        return self.day if self.day is not None else wall_now().date()

    def now(self) -> dt.datetime:
        real = wall_now()
        if self.day is None:
            return real
        return dt.datetime.combine(self.day, real.time())

    def stamp(self, sep: str = "T", timespec: str = "seconds") -> str:
        """`now()` as ISO text, the form every recorded timestamp takes."""
        return self.now().isoformat(sep=sep, timespec=timespec)

    def at(self, day: dt.date | None) -> dt.datetime:
        """`day` (or today) at the wall-clock time of day: a backup made for `day`."""
        return dt.datetime.combine(day or self.today(), wall_now().time())


SYSTEM = Clock()
