"""The database check and daily backup that run after the window has painted.

The window opens on a header check only (`integrity.open_for_use(defer_check=True)`), so it
appears at once even at 100,000 items. `StartupCheck` then runs `integrity.DeferredCheck` on a
worker thread with its own connection — SQLite's quick_check, then the first backup of the day —
and shows its progress in the status bar. If the check finds damage, the window turns read-only
at once (nothing more is written to the file) and offers what the start-up prompt offers:
restore the newest good backup, choose a backup, keep viewing read-only, or quit. The restore
runs on a worker behind a modal progress dialog (`recovery.restore_with_progress`).
Closing the window cancels the check; a half-made backup is removed.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from qjtasks.core import integrity
from qjtasks.core.errors import QjtasksError
from qjtasks.gui.background import Runner, failure_text
from qjtasks.gui.style import ERROR_STYLE

READONLY, CHOOSE, QUIT, RESTORE_LATEST = "readonly", "choose", "quit", "restore_latest"
DAMAGED_REASON = "数据库检查发现文件损坏，已改为只读以免损坏扩大；请从备份恢复"
CLEAR_AFTER_MS = 15_000


class StartupCheck(QObject):
    """Runs the deferred check for one window; `finished(outcome or exception)` when done."""

    finished = Signal(object)

    def __init__(self, window, *, full: bool = False):
        super().__init__(window)
        self.window = window
        store = window.session.store
        self.check = integrity.DeferredCheck(store.path, full=full, today=window.session.today,
                                             backup_daily=not store.readonly)
        self.label = QLabel()
        self.label.setObjectName("checkLabel")
        window.statusBar().addPermanentWidget(self.label)
        self._runner = Runner("qjtasks-check")
        self._runner.forget_when_destroyed(self)
        self.result = None              # the outcome (or exception) once reported

    @property
    def running(self) -> bool:
        return self._runner.running

    def start(self) -> None:
        what = "完整检查" if self.check.full else "检查"
        self.label.setText(f"正在{what}数据库…")
        self._runner.start(lambda _task: self.check.run(), self._report, self._report)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel and wait (the window is closing); what it reports still arrives."""
        if self.running:
            self.check.cancel()
            self._runner.wait(timeout)

    def _report(self, result) -> None:
        self.result = result
        if isinstance(result, integrity.CheckCancelled):
            self.label.setText("")
        elif isinstance(result, BaseException):
            self._failed(result)
        elif result.problems:
            self.label.setText("数据库已损坏，已改为只读（文件 → 从备份恢复…）")
            self.label.setToolTip(result.message)
            self.label.setStyleSheet(ERROR_STYLE)
            self._damaged(result)
        else:
            done = "数据库检查通过"
            if result.backup_path is not None:
                done += f"，已做今日备份（{result.backup_path.name}）"
            self.label.setText(done)
            self.label.setToolTip(str(result.backup_path or ""))
            QTimer.singleShot(CLEAR_AFTER_MS, self.label, lambda: self.label.setText(""))
        self.result = result
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        text = failure_text(exc)
        self.label.setText("数据库检查或今日备份未完成")
        self.label.setToolTip(text)
        self.label.setStyleSheet("color: #b05a00;")

    def _damaged(self, outcome: integrity.CheckOutcome) -> None:
        from qjtasks.gui.dialogs import recovery
        store = self.window.session.store
        store.readonly, store.readonly_reason = True, DAMAGED_REASON
        self.window.set_readonly(DAMAGED_REASON)
        choices = [(CHOOSE, "选择备份…"), (READONLY, "只读查看"), (QUIT, "退出")]
        if outcome.latest is not None:
            choices.insert(0, (RESTORE_LATEST, "恢复最近的完好备份"))
        answer = recovery.ask(self.window, "数据库已损坏", outcome.message, choices)
        if answer == RESTORE_LATEST:
            self._restore_latest(outcome)
        elif answer == CHOOSE:
            self.window.commands.restore()
        elif answer == QUIT:
            self.window.close()

    def _restore_latest(self, outcome: integrity.CheckOutcome) -> None:
        """Restore on a worker behind a modal progress dialog, then close the window."""
        from qjtasks.gui.dialogs import recovery
        path = self.window.session.store.path
        self.window.commands.release_database()
        try:
            result = recovery.restore_with_progress(self.window, outcome.latest.path, path)
        except QjtasksError as failure:
            recovery.inform(self.window, "恢复失败", f"{failure}\n数据库已关闭，请重新打开 qjtasks。")
        else:
            recovery.inform(self.window, "已恢复",
                            f"已恢复 {result.info.items} 项事项。\n原文件保留为：{result.kept}\n"
                            "请重新打开 qjtasks。")
        self.window.close()
