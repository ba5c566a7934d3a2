"""The one place that reads the wall clock.

Everything else receives "today" and "now" from a `Clock` held by the session (CLI context,
window session, services). A clock may be pinned to a day (`qjtasks --today 2026-11-10`,
tests): then `today()` is that day and `now()` is that day at the wall-clock time of day, so a
record made "now" is dated on the pinned day while several records on it still keep order.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass


def wall_now() -> dt.datetime:
    """The real local time; only `Clock` and the two entry points call this."""
    return dt.datetime.now()


def wall_millis() -> int:
    """Real milliseconds since the epoch: a counter that survives restoring an old backup
    (exchange sequence numbers), never a date to record."""
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class Clock:
    """Today and now for one session; `day` pins the date, `None` follows the wall clock.

    `follow` (instead of `day`) asks a callable for the day each time: a window session whose
    day a test pins or that follows midnight."""
    day: dt.date | None = None
    follow: Callable[[], dt.date] | None = None

    @classmethod
    def pinned(cls, day: dt.date | None) -> Clock:
        return cls(day) if day is not None else SYSTEM

    def today(self) -> dt.date:
        if self.day is not None:
            return self.day
        if self.follow is not None:
            return self.follow()
        return wall_now().date()

    def now(self) -> dt.datetime:
        real = wall_now()
        if self.day is None and self.follow is None:
            return real
        return dt.datetime.combine(self.today(), real.time())

    def stamp(self, sep: str = "T", timespec: str = "seconds") -> str:
        """`now()` as ISO text, the form every recorded timestamp takes."""
        return self.now().isoformat(sep=sep, timespec=timespec)

    def at(self, day: dt.date | None) -> dt.datetime:
        """`day` (or today) at the wall-clock time of day: a backup made for `day`."""
        return dt.datetime.combine(day or self.today(), wall_now().time())


SYSTEM = Clock()
