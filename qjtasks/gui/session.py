"""What every view and dialog gets: the store, the services, today, and the operation runner.

One `Session` per window, passed down (no module-level globals). `today` is a callable so tests
can pin the date while the running app follows the clock across midnight.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from qjtasks.core.clock import SYSTEM, Clock
from qjtasks.core.services import Services
from qjtasks.core.store import Store


@dataclass
class Session:
    """`clock` gives the session's day (a callable, so a test can pin it); the services record
    with a `core.clock.Clock` that follows it, so every stamp is dated on the session's day."""
    store: Store
    services: Services
    clock: Callable[[], dt.date] = field(default=SYSTEM.today)
    ops: object = None  # operations.Operations, set by the window that owns the session

    def __post_init__(self) -> None:
        self.services.clock = self._follow()

    def __setattr__(self, name, value) -> None:
        super().__setattr__(name, value)
        if name in ("clock", "services") and hasattr(self, "services") and hasattr(self, "clock"):
            self.services.clock = self._follow()

    def _follow(self) -> Clock:
        return SYSTEM if self.clock == SYSTEM.today else Clock(follow=self.clock)

    @property
    def today(self) -> dt.date:
        return self.clock()

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @classmethod
    def of(cls, services: Services, today: dt.date | None = None) -> Session:
        """A session around existing services (tests, benches, a worker's own services):
        `today` pins the day, else the day the services' clock gives stays the session's."""
        old = services.clock
        clock = (lambda: today) if today else (SYSTEM.today if old == SYSTEM else old.today)
        return cls(services.store, services, clock)

    @classmethod
    def for_store(cls, store: Store, today: dt.date | None = None) -> Session:
        clock = (lambda: today) if today else SYSTEM.today
        return cls(store, Services(store), clock)
