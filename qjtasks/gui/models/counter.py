"""Listing matches (and slow first pages) off the UI thread, on a read-only connection.

Counting 100,000 rows under a filter can take longer than fetching the first page. The table
shows its first page at once; the exact count arrives a moment later from this worker, then the
ordered list of all matching ids, from which later pages are read by id, so a page deep in the
table costs what the first one does (no growing OFFSET). A newer request makes an
older one stale: a progress handler aborts the running statement as soon as a newer request
exists, and the stale result is dropped. In-memory databases cannot be reopened, so they are
counted synchronously by the model instead. Text searches can scan many notes, so their first
page is fetched here too and the window stays live while one types.
"""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QThread, Signal, Slot

from qjtasks.core.errors import QjtasksError
from qjtasks.core.store import Store


class _CountWorker(QObject):
    counted = Signal(int, int)  # generation, exact count
    listed = Signal(int, object)  # generation, all matching ids in order (array of int)
    loaded = Signal(int, object)  # generation, first page rows

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.store: Store | None = None
        self.latest = 0
        self.current = 0

    def _fresh_store(self, generation: int) -> Store:
        """This thread's own read-only connection, with settings re-read for each request."""
        if self.store is None:
            self.store = Store.open(self.path, readonly=True)
            # Checked every few thousand SQLite steps: a newer request aborts this one
            # (`interrupt()` alone is lost when it lands between two statements).
            self.store.stop_when(self._superseded)
        self.current = generation
        self.store.invalidate()
        return self.store

    def _superseded(self) -> bool:
        return self.latest != self.current

    @Slot(int, object, object, str, bool)
    def count(self, generation: int, flt, today, order: str, descending: bool) -> None:
        if generation != self.latest:
            return
        try:
            # the count first (the status bar waits for it), then the ids for deep pages
            store = self._fresh_store(generation)
            self.counted.emit(generation, store.lists.count(flt, today=today))
            ids = store.lists.ids(flt, today=today, order=order, descending=descending)
        except (sqlite3.OperationalError, QjtasksError):
            return  # aborted by a newer request, or the file went away
        self.listed.emit(generation, ids)

    @Slot(int, object, object, str, bool, int)
    def load(self, generation: int, flt, today, order: str, descending: bool, limit: int):
        if generation != self.latest:
            return
        try:
            rows = self._fresh_store(generation).lists.items(
                flt, today=today, order=order, descending=descending, limit=limit)
        except (sqlite3.OperationalError, QjtasksError):
            return
        self.loaded.emit(generation, rows)

    def interrupt(self) -> None:
        if self.store is not None:
            self.store.interrupt()


class Counter(QObject):
    """Owns the worker thread; `request()` returns at once, `counted` reports later."""

    counted = Signal(int, int)
    listed = Signal(int, object)
    loaded = Signal(int, object)
    _requested = Signal(int, object, object, str, bool)
    _load_requested = Signal(int, object, object, str, bool, int)

    def __init__(self, path, parent=None):
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _CountWorker(path)
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.count)
        self._load_requested.connect(self._worker.load)
        self._worker.counted.connect(self.counted)
        self._worker.listed.connect(self.listed)
        self._worker.loaded.connect(self.loaded)
        self._thread.start()

    def request(self, generation: int, flt, today, order: str = "id",
                descending: bool = False) -> None:
        self._worker.latest = generation
        self._worker.interrupt()
        self._requested.emit(generation, flt, today, order, descending)

    def request_page(self, generation: int, flt, today, order: str, descending: bool,
                     limit: int) -> None:
        self._worker.latest = generation
        self._worker.interrupt()
        self._load_requested.emit(generation, flt, today, order, descending, limit)

    def stop(self) -> None:
        self._worker.latest = -1
        self._worker.interrupt()
        self._thread.quit()
        self._thread.wait()
        if self._worker.store is not None:
            self._worker.store.close()


def can_count_aside(store: Store) -> bool:
    return str(store.path) != ":memory:" and store.path.exists()
