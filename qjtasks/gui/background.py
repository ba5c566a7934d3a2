"""Background work for a dialog: one request at a time that counts, the newest one wins.

A dialog that reads a file, previews it or writes a long import calls
`runner.start(work, done, failed)`. `work(progress)` runs on a daemon thread and never touches a
widget (it may call `progress(n, total)`); its result or exception comes back through a queued
signal, and `done(result)` or `failed(exc)` then runs on the UI thread — but only for the newest
request: starting another one, or `cancel()` (the dialog closed), makes the earlier ones stale and
their results are dropped when they arrive. `busy` tells whether the newest request is still
running; `busy_changed` lets the dialog grey its buttons and show its progress bar.

Nothing here shares a database connection: work that needs the database opens its own with
`aside()` (a read-only one unless it writes). An in-memory database cannot be reopened, so such
work runs inline on the UI thread instead (`can_reopen`).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from qjtasks.core.store import Store

Progress = Callable[[int, int], None]


class Runner(QObject):
    """Runs `work(progress)` off the UI thread and reports the newest result on it."""

    busy_changed = Signal(bool)
    progressed = Signal(int, int)           # n, total of the newest request
    _finished = Signal(int, object, bool)   # generation, result or exception, failed
    _progress = Signal(int, int, int)       # generation, n, total

    def __init__(self, name: str = "qjtasks-worker"):
        # No Qt parent on purpose, and held in `_LIVE` while a thread runs: a dialog deleted
        # mid-read leaves this object alive until its last result has been dropped on the UI
        # thread (a QObject must not be freed by a worker thread).
        super().__init__()
        self.name = name
        self.generation = 0
        self._current: tuple[int, Callable, Callable] | None = None
        self._threads: dict[int, threading.Thread] = {}
        self._finished.connect(self._deliver)
        self._progress.connect(self._forward)

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def outstanding(self) -> int:
        """Threads whose result (current or stale) has not yet reached the UI thread."""
        return len(self._threads)

    def start(self, work: Callable[[Progress], object], done: Callable[[object], None],
              failed: Callable[[BaseException], None], *, inline: bool = False) -> int:
        """Start a request; earlier ones become stale. `inline` runs it here and now."""
        self.generation += 1
        generation = self.generation
        was_busy = self.busy
        self._current = (generation, done, failed)
        if not was_busy:
            self.busy_changed.emit(True)
        if inline:
            self._run(generation, work)
            return generation
        thread = threading.Thread(target=self._run, args=(generation, work), name=self.name,
                                  daemon=True)
        self._threads[generation] = thread
        _LIVE.add(self)
        thread.start()
        return generation

    def cancel(self) -> None:
        """Drop whatever is still running (its result will be ignored)."""
        self.generation += 1
        if self._current is not None:
            self._current = None
            self.busy_changed.emit(False)

    def forget(self) -> None:
        """Like `cancel()` but silent: for a dialog being destroyed (no widget may be touched)."""
        self.generation += 1
        self._current = None

    def wait(self, timeout: float | None = None) -> bool:
        """Join every thread started so far (stale ones too); True if all have ended.

        Their results are still queued: they are delivered (or dropped) by the event loop.
        """
        for thread in list(self._threads.values()):
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads.values())

    def _run(self, generation: int, work) -> None:
        def progress(n: int, total: int) -> None:
            if generation == self.generation:       # a stale request reports nothing
                self._progress.emit(generation, n, total)
        try:
            result, failed = work(progress), False
        except BaseException as exc:  # noqa: BLE001 - handed to the dialog on the UI thread
            result, failed = exc, True
        self._finished.emit(generation, result, failed)

    def _forward(self, generation: int, n: int, total: int) -> None:
        if self._current is not None and generation == self._current[0]:
            self.progressed.emit(n, total)

    def _deliver(self, generation: int, result, failed: bool) -> None:
        thread = self._threads.pop(generation, None)
        if thread is not None:
            thread.join()                           # it has just emitted: ends at once
        if not self._threads:
            _LIVE.discard(self)
        if self._current is None or generation != self._current[0]:
            return                                  # stale: a newer request or a cancel
        _, done, fail = self._current
        self._current = None
        try:
            (fail if failed else done)(result)
        finally:
            if self._current is None:               # the callback did not start another
                self.busy_changed.emit(False)


_LIVE: set[Runner] = set()


def can_reopen(store: Store) -> bool:
    """A worker can open its own connection (not an in-memory or vanished database)."""
    return str(store.path) != ":memory:" and store.path.exists()


@contextmanager
def aside(main: Store, *, write: bool = False) -> Iterator[Store]:
    """A connection of the calling thread's own to `main`'s file, closed afterwards.

    It is read-only unless `write` is asked for and `main` itself may write; a read-only main
    store passes its reason on, so a write attempt is refused with the same message. A database
    that cannot be reopened (`can_reopen`) yields `main` itself: such work must run inline.
    """
    if not can_reopen(main):
        yield main
        return
    readonly = main.readonly or not write
    store = Store.open(main.path, readonly=readonly, migrate=False)
    store.readonly_reason = main.readonly_reason
    try:
        yield store
    finally:
        store.close()
