"""What every view and dialog gets: the store, the services, today, and the operation runner.

One `Session` per window, passed down (no module-level globals). `today` is a callable so tests
can pin the date while the running app follows the clock across midnight.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from qjtasks.core.services import Services
from qjtasks.core.store import Store


@dataclass
class Session:
    store: Store
    services: Services
    clock: Callable[[], dt.date] = field(default=dt.date.today)
    ops: object = None  # operations.Operations, set by the window that owns the session

    @property
    def today(self) -> dt.date:
        return self.clock()

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @classmethod
    def for_store(cls, store: Store, today: dt.date | None = None) -> Session:
        clock = (lambda: today) if today else dt.date.today
        return cls(store, Services(store), clock)
