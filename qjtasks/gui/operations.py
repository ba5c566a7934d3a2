"""Run a core call, show its Chinese error, broadcast what changed, once.

Every change the GUI makes goes through `Operations`: a dialog calls `attempt()` (errors come
back to it so it can show them beside the field), a menu action calls `run()` (errors appear in
a message box). On success the `Changes` is emitted through `changed` and each view decides
whether to refresh. Long work runs in `run_in_background()`: a worker thread that never touches
widgets, a progress dialog, and the result delivered back on the UI thread through a signal.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import Changes


def show_error(parent: QWidget | None, err: BaseException) -> None:
    if isinstance(err, QjtasksError):
        text = str(err)
    else:
        text = f"程序内部错误（{type(err).__name__}）：{err}"
    QMessageBox.warning(parent, "无法完成操作", text)


class Operations(QObject):
    """The one place GUI writes pass through; emits `changed(Changes)` once per success."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.last_edit_journal_id: int | None = None
        self._workers: set[_Worker] = set()

    def attempt(self, fn: Callable[[], Changes]) -> Changes:
        """Run `fn`; a QjtasksError propagates to the caller (a dialog shows it by its field)."""
        changes = fn()
        self.broadcast(changes)
        return changes

    def run(self, parent: QWidget | None, fn: Callable[[], Changes]) -> Changes | None:
        try:
            return self.attempt(fn)
        except QjtasksError as err:
            show_error(parent, err)
            return None

    def broadcast(self, changes: Changes | None) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.action == "item.edit" and changes.new_id is not None:
            self.last_edit_journal_id = changes.new_id
        elif changes.action == "item.undo":
            self.last_edit_journal_id = None
        self.changed.emit(changes)

    def run_in_background(self, parent: QWidget | None, label: str,
                          fn: Callable[[Callable[[int, int], None]], object],
                          done: Callable[[object], None] | None = None) -> QThread:
        """Run `fn(progress)` in a thread; `progress(n, total)` may be called from it."""
        dialog = QProgressDialog(label, "", 0, 0, parent)
        dialog.setCancelButton(None)
        dialog.setWindowTitle("请稍候")
        dialog.setMinimumDuration(300)
        worker = _Worker(fn)
        self._workers.add(worker)
        worker.progressed.connect(lambda n, total: (dialog.setMaximum(total), dialog.setValue(n)))
        worker.finished_with.connect(lambda result: self._finish(worker, dialog, parent,
                                                                 result, done))
        worker.start()
        return worker

    def _finish(self, worker, dialog, parent, result, done) -> None:
        dialog.close()
        worker.wait()
        self._workers.discard(worker)
        if isinstance(result, BaseException):
            show_error(parent, result)
            return
        self.broadcast(result if isinstance(result, Changes) else None)
        if done is not None:
            done(result)


class _Worker(QThread):
    """Runs one function off the UI thread; never touches widgets."""

    progressed = Signal(int, int)
    finished_with = Signal(object)

    def __init__(self, fn):
        super().__init__()
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn(lambda n, total: self.progressed.emit(n, total))
        except BaseException as exc:  # noqa: BLE001 - reported to the user on the UI thread
            result = exc
        self.finished_with.emit(result)
