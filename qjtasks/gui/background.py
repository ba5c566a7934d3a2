"""Work off the UI thread: one request at a time that counts, the newest one wins.

Every worker thread of the GUI except the table's long-lived counter goes through `Runner`:
the import dialogs' reads and writes, the restore dialog's backup checks and the restore itself,
the start-up check, the hourly reminder check, exports, backups and print batches.

`runner.start(work, done, failed, progress=...)` runs `work(task)` on a daemon thread. The work
never touches a widget; it may call `task.progress(*args)` and may poll `task.stopped()` (true
once the request is stale) to give up early. Its result or exception comes back through a queued
signal, and `done(result)` or `failed(exc)` then runs on the UI thread; so does `progress(*args)`.
All three run only for the newest request: starting another one, or `cancel()` (the dialog
closed), makes the earlier ones stale and their reports are dropped when they arrive. `busy`
tells whether the newest request is still running; `busy_changed` lets the dialog grey its
buttons and show its progress bar. `failure_text` turns what `failed` receives into the one
Chinese line the user sees.

Nothing here shares a database connection: work that needs the database opens its own with
`aside()` (a read-only one unless it writes). An in-memory database cannot be reopened, so such
work runs inline on the UI thread instead (`can_reopen`).
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from qjtasks.core.errors import QjtasksError
from qjtasks.core.store import Store

Progress = Callable[..., None]


def failure_text(exc: BaseException, doing: str = "程序内部错误") -> str:
    """The user's line for a failure: a QjtasksError says it itself, anything else is a bug."""
    from qjtasks import errlog
    from qjtasks.core.dbfile import os_reason, storage_failure
    if isinstance(exc, QjtasksError):
        if not exc.detail:
            return str(exc)
        return f"{exc}\n{errlog.where_logged(errlog.record(exc, detail=exc.detail))}"
    name = getattr(exc, "filename", None)
    known = storage_failure(Path(name), exc) if name else None
    if known is None and isinstance(exc, OSError):
        known = f"{doing}：{os_reason(exc)}"
    return f"{known or doing}{errlog.where_logged(errlog.record(exc))}"


class Task:
    """What `work` is handed: report progress, ask whether a newer request made it stale."""

    __slots__ = ("_runner", "generation")

    def __init__(self, runner: Runner, generation: int):
        self._runner, self.generation = runner, generation

    def stopped(self) -> bool:
        """A newer request or `cancel()` came: the result will be dropped; may be polled."""
        return self.generation != self._runner.generation

    def progress(self, *args) -> None:
        """Hand `args` to the request's `progress` callback on the UI thread (if still newest)."""
        if not self.stopped():                   # a stale request reports nothing
            self._runner._progress.emit(self.generation, args)


class Runner(QObject):
    """Runs `work(task)` off the UI thread and reports the newest result on it."""

    busy_changed = Signal(bool)
    _finished = Signal(int, object, bool)   # generation, result or exception, failed
    _progress = Signal(int, object)         # generation, the arguments of task.progress
    stale_ended = Signal()                  # on the UI thread: a cancelled request's work ended
    _stale_ended = Signal()                 # emitted by the worker, forwarded to the above

    def __init__(self, name: str = "qjtasks-worker"):
        # No Qt parent on purpose, and held in `_LIVE` while a thread runs: a dialog deleted
        # mid-read leaves this object alive until its last result has been dropped on the UI
        # thread (a QObject must not be freed by a worker thread). The owner calls
        # `forget_when_destroyed(owner)` so nothing is delivered to a deleted widget.
        super().__init__()
        self.name = name
        self.generation = 0
        self._current: tuple[int, Callable, Callable, Progress | None] | None = None
        self._threads: dict[int, threading.Thread] = {}
        self._finished.connect(self._deliver)
        self._progress.connect(self._forward)
        self._stale_ended.connect(self.stale_ended)

    @property
    def busy(self) -> bool:
        """The newest request has not reported yet."""
        return self._current is not None

    @property
    def outstanding(self) -> int:
        """Threads whose result (current or stale) has not yet reached the UI thread."""
        return len(self._threads)

    @property
    def running(self) -> bool:
        """A thread (current or stale) is still working."""
        return any(t.is_alive() for t in self._threads.values())

    def start(self, work: Callable[[Task], object], done: Callable[[object], None],
              failed: Callable[[BaseException], None], *, progress: Progress | None = None,
              inline: bool = False) -> Task:
        """Start a request; earlier ones become stale. `inline` runs it here and now."""
        self.generation += 1
        task = Task(self, self.generation)
        was_busy = self.busy
        self._current = (task.generation, done, failed, progress)
        if not was_busy:
            self.busy_changed.emit(True)
        if inline:
            self._run(task, work)
            return task
        thread = threading.Thread(target=self._run, args=(task, work), name=self.name,
                                  daemon=True)
        self._threads[task.generation] = thread
        _LIVE.add(self)
        thread.start()
        return task

    def cancel(self) -> None:
        """Drop whatever is still running (its result will be ignored, `stopped()` turns true)."""
        self.generation += 1
        if self._current is not None:
            self._current = None
            self.busy_changed.emit(False)

    def forget(self) -> None:
        """Like `cancel()` but silent: for an owner being destroyed (no widget may be touched)."""
        self.generation += 1
        self._current = None

    def forget_when_destroyed(self, owner: QObject) -> None:
        """`forget()` when `owner` is destroyed, holding this runner only weakly.

        A bound-method connection would outlive the runner when the garbage collector frees it
        before its owner (both without a Qt parent), and the owner's `destroyed` would then
        reach a deleted slot.
        """
        ref = weakref.ref(self)

        def gone(*_args) -> None:
            runner = ref()
            if runner is not None:
                runner.forget()
        owner.destroyed.connect(gone)

    def wait(self, timeout: float | None = None) -> bool:
        """Join every thread started so far (stale ones too); True if all have ended.

        Their results are still queued: they are delivered (or dropped) by the event loop.
        """
        for thread in list(self._threads.values()):
            thread.join(timeout)
        return not self.running

    def _run(self, task: Task, work) -> None:
        try:
            result, failed = work(task), False
        except BaseException as exc:  # noqa: BLE001 - handed to the owner on the UI thread
            result, failed = exc, True
        if task.stopped():
            self._stale_ended.emit()
        self._finished.emit(task.generation, result, failed)

    def _forward(self, generation: int, args: tuple) -> None:
        current = self._current
        if current is not None and generation == current[0] and current[3] is not None:
            current[3](*args)

    def _deliver(self, generation: int, result, failed: bool) -> None:
        thread = self._threads.pop(generation, None)
        if thread is not None:
            thread.join()                           # it has just emitted: ends at once
        if not self._threads:
            _LIVE.discard(self)
        if self._current is None or generation != self._current[0]:
            return                                  # stale: a newer request or a cancel
        _, done, fail, _ = self._current
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
