"""Run a core call, show its Chinese error, broadcast what changed, once.

Every change the GUI makes goes through `Operations`: a dialog calls `attempt()` (errors come
back to it so it can show them beside the field), a menu action calls `run()` (errors appear in
a message box). On success the `Changes` is emitted through `changed` and each view decides
whether to refresh. Long work runs in `run_in_background()`: a worker thread that never touches
widgets (`qjtasks.gui.background.Runner`), a progress dialog, and the result delivered back on
the UI thread.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from qjtasks.core.errors import Cancelled, QjtasksError
from qjtasks.core.models import Changes
from qjtasks.gui.background import Runner, failure_text
from qjtasks.gui.dialogs.base import as_plain


def show_error(parent: QWidget | None, err: BaseException) -> None:
    QMessageBox.warning(parent, "无法完成操作", as_plain(failure_text(err)))


class Operations(QObject):
    """The one place GUI writes pass through; emits `changed(Changes)` once per success."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.last_edit_journal_id: int | None = None

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

    def forget_edit(self) -> None:
        """The last edit can no longer be undone (later operations depend on it)."""
        self.last_edit_journal_id = None

    def broadcast(self, changes: Changes | None) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.action == "item.edit" and changes.journal_id is not None:
            self.last_edit_journal_id = changes.journal_id
        elif changes.action == "item.undo":
            self.last_edit_journal_id = None
        self.changed.emit(changes)

    def run_in_background(self, parent: QWidget | None, label: str,
                          fn: Callable[[Callable[[int, int], None]], object],
                          done: Callable[[object], None] | None = None, *,
                          cancellable: bool = False,
                          cancelled: Callable[[], None] | None = None) -> Runner:
        """Run `fn(progress)` in a thread; `progress(n, total)` may be called from it.

        With `cancellable` the dialog has a 取消 button and counts rows (n / total); pressing
        it makes the job stale and its next `progress` call raises `Cancelled`, so a job that
        reports every few hundred rows stops within a fraction of a second and leaves nothing
        behind (a file is written to `.part` and renamed only when complete). `cancelled()`
        runs on the UI thread once the worker has actually stopped.
        """
        dialog = QProgressDialog(label, "取消" if cancellable else "", 0, 0, parent)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowTitle("请稍候")
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def close() -> None:
            dialog.blockSignals(True)          # closing a QProgressDialog emits `canceled`
            dialog.close()

        def finished(result) -> None:
            close()
            self.broadcast(result if isinstance(result, Changes) else None)
            if done is not None:
                done(result)

        def failed(err: BaseException) -> None:
            close()
            show_error(parent, err)
        runner = Runner("qjtasks-job")
        runner.dialog = dialog

        def shown(n: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(n)
            if cancellable and total:
                dialog.setLabelText(f"{label}\n已完成 {n:,} / {total:,} 行")

        def work(task):
            def progress(n: int, total: int) -> None:
                if task.stopped():
                    raise Cancelled()
                task.progress(n, total)
            return fn(progress)
        if cancellable:
            def cancel() -> None:
                runner.cancel()
                dialog.setLabelText("正在取消…")
                dialog.setCancelButtonText("")
            dialog.canceled.connect(cancel)

            def gone() -> None:
                dialog.setLabelText("已取消，未生成文件")
                close()
                if cancelled is not None:
                    cancelled()
            runner.stale_ended.connect(gone)
        runner.start(work, finished, failed, progress=shown)
        return runner
