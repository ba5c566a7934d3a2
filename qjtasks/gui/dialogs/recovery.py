"""Restore dialog and the start-up hook that turns a damaged database into an offer to restore.

`RestoreDialog` lists the backups beside the database (newest first, damaged ones marked), lets
the user pick another file, shows what the chosen backup holds (time, item count, schema
version) and only then, after a confirmation, replaces the database; the old file is kept.
`open_with_recovery(path)` is what the app calls instead of `Store.open`: it checks the file,
and if it is damaged offers to restore the newest good backup (or to choose one) and retries.
Questions go through `ask()` so tests can answer them.

Checking a backup and restoring one take seconds on a large file, so both run on worker threads
(`qjtasks.gui.background.Runner`): the thread opens its own SQLite connections, never touches a
widget, and its progress and result come back on the UI thread. The dialog checks the selected
backup in the background; picking another file stops that check and drops its result. While
restoring it shows a progress bar and cannot be closed. `restore_with_progress` does the same behind a modal progress
dialog for the start-up prompt and the window's background check.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core import backup, integrity
from qjtasks.core.errors import QjtasksError
from qjtasks.core.lock import DbLock
from qjtasks.core.restore import RestoreResult, check_restorable, restore

from ..background import Runner, Task, failure_text
from ..style import ERROR_STYLE

RESTORE_LATEST, CHOOSE, QUIT, CREATE = "restore_latest", "choose", "quit", "create"


def ask(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]]) -> str:
    """Modal question; returns the key of the chosen (key, label) pair (last one on Esc)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key
               for key, label in choices}
    box.exec()
    return buttons.get(box.clickedButton(), choices[-1][0])


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def progress_step(stage: str, done: int, total: int) -> tuple[str, int, int]:
    """(text, maximum, value) for a progress bar; maximum 0 means busy without a measure."""
    if stage == "copy" and total > 0:
        return f"第 2 步，共 3 步：复制备份…… {100 * done // total}%", total, done
    if stage == "replace":
        return "第 3 步，共 3 步：保留原数据库，换上备份……", 1, 1
    return "第 1 步，共 3 步：完整检查备份文件（大的数据库需要几十秒）……", 0, 0


def _restore_work(source: Path, db_path: Path):
    """`restore()` under the database's write lock, as work for a `Runner`."""
    def work(task: Task) -> RestoreResult:
        with DbLock(db_path, "恢复备份"):
            return restore(source, db_path, progress=task.progress)
    return work


class RestoreProgress(QProgressDialog):
    """Modal progress of one restore; it cannot be closed until the restore has finished."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(progress_step("check", 0, 0)[0], "", 0, 0, parent)
        self.setObjectName("restoreProgress")
        self.setWindowTitle("正在恢复备份")
        self.setCancelButton(None)
        bar = QProgressBar()
        bar.setTextVisible(False)                  # the label says how far, as in the dialog
        self.setBar(bar)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.busy = True

    @Slot(str, int, int)
    def show_step(self, stage: str, done: int, total: int) -> None:
        text, maximum, value = progress_step(stage, done, total)
        self.setLabelText(text)
        self.setMaximum(maximum)
        self.setValue(value)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)


def restore_with_progress(parent: QWidget | None, source: Path,
                          db_path: Path) -> RestoreResult:
    """Restore on a worker behind a modal progress dialog; raise what `restore` raised."""
    dialog = RestoreProgress(parent)
    runner, loop, outcome = Runner("qjtasks-restore"), QEventLoop(), []

    def finish(result) -> None:
        outcome.append(result)
        loop.quit()
    dialog.show()
    runner.start(_restore_work(Path(source), Path(db_path)), finish, finish,
                 progress=dialog.show_step)
    if not outcome:
        loop.exec()
    dialog.busy = False
    dialog.close()
    dialog.deleteLater()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


class RestoreDialog(QDialog):
    """Pick a backup, see what it holds, restore it after confirming.

    The selected file is checked (quick_check) on a worker; picking another one stops that
    check and drops its result, and 恢复 stays off until the chosen file has passed. The restore
    itself (full check, copy, keeping the old file) runs on a worker with a progress bar; the
    dialog cannot be closed meanwhile and closes itself once the backup is in place.
    """

    def __init__(self, db_path: Path, parent: QWidget | None = None, before_replace=None):
        """`before_replace` is called after the confirmation, e.g. to close the open store."""
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.before_replace = before_replace
        self.chosen: backup.BackupInfo | None = None
        self.result_kept: Path | None = None
        self.restoring = False
        self._checks = Runner("qjtasks-check-backup")     # the newest selection wins
        self._restorer = Runner("qjtasks-restore")
        for runner in (self._checks, self._restorer):
            runner.forget_when_destroyed(self)
        self.setWindowTitle("从备份恢复")
        self.resize(720, 460)
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"当前数据库：{self.db_path}\n选择一份备份，核对内容后再恢复；"
                                "现有数据库会保留为 .replaced 文件，不会删除。"))
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda cur, _prev: self.select(cur))
        row.addWidget(self.list, 1)
        self.details = QPlainTextEdit(readOnly=True)
        row.addWidget(self.details, 1)
        layout.addLayout(row)
        self.status = QLabel("")
        self.status.setObjectName("restoreStatus")
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setObjectName("restoreProgressBar")
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.error = QLabel("")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.other = QPushButton("选择其他备份文件…")
        self.other.clicked.connect(self.choose_file)
        buttons.addButton(self.other, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.do_restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reload(self) -> None:
        self.list.clear()
        for path in backup.list_backups(self.db_path):
            entry = QListWidgetItem(backup.label(path))
            entry.setToolTip(str(path))
            entry.setData(256, str(path))
            self.list.addItem(entry)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.details.setPlainText(f"{backup.backup_dir(self.db_path)} 中还没有备份。")

    def select(self, entry: QListWidgetItem | None) -> None:
        if entry is not None:
            self.show_file(Path(entry.data(256)))

    @property
    def checking(self) -> bool:
        """The chosen file is still being checked."""
        return self._checks.busy

    def show_file(self, path: Path) -> None:
        """Check the backup (quick_check) on a worker; 恢复 is off until it has passed.

        A check still running for another file is told to stop and its result is dropped.
        """
        self.chosen = None
        self.restore_button.setEnabled(False)
        self.details.setPlainText(f"{path}\n\n正在检查备份文件……")
        self.error.setText("")
        self._checks.start(                     # the full check runs on 恢复
            lambda task: check_restorable(path, full=False, stop=task.stopped),
            self._checked, lambda err: self._check_failed(path, err))

    def _checked(self, info: backup.BackupInfo) -> None:
        self.chosen = info
        self.details.setPlainText(info.describe())
        self.restore_button.setEnabled(not self.restoring)

    def _check_failed(self, path: Path, err: BaseException) -> None:
        self.details.setPlainText(str(path))
        self.error.setText(failure_text(err, "无法检查备份文件"))

    def _stop_check(self) -> None:
        """Stop the running check; its result, if it still comes, is dropped."""
        self._checks.cancel()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(self.db_path.parent),
                                              "qjtasks 数据库 (*.db *.sqlite);;所有文件 (*)")
        if name:
            self.list.setCurrentRow(-1)
            self.show_file(Path(name))

    def do_restore(self) -> None:
        info = self.chosen
        if info is None or self.restoring:
            return
        text = (f"{info.describe()}\n\n将用这份备份替换：\n{self.db_path}\n"
                "现有数据库会保留为 .replaced 文件。确定恢复吗？")
        if ask(self, "确认恢复", text, [("yes", "恢复"), ("no", "取消")]) != "yes":
            return
        if self.before_replace is not None:
            self.before_replace()
            self.before_replace = None
        self._set_restoring(True)
        self._restorer.start(_restore_work(info.path, self.db_path), self._restored,
                             self._restore_failed, progress=self._show_step)

    def _set_restoring(self, on: bool) -> None:
        self.restoring = on
        for widget in (self.list, self.other, self.cancel_button):
            widget.setEnabled(not on)
        self.restore_button.setEnabled(not on and self.chosen is not None)
        self.progress.setVisible(on)
        if on:
            self.error.setText("")
            self._show_step("check", 0, 0)

    @Slot(str, int, int)
    def _show_step(self, stage: str, done: int, total: int) -> None:
        text, maximum, value = progress_step(stage, done, total)
        self.status.setText(text)
        self.progress.setRange(0, maximum)
        self.progress.setValue(value)

    def _restore_failed(self, err: BaseException) -> None:
        self._set_restoring(False)
        self.status.setText("")
        self.error.setText(failure_text(err, "恢复未完成，程序内部错误"))

    def _restored(self, result: RestoreResult) -> None:
        self.restoring = False              # the controls stay off: the dialog closes now
        self.progress.hide()
        self.result_kept = result.kept
        kept = f"；原数据库保留为 {result.kept.name}" if result.kept else ""
        self.status.setText(f"已恢复 {result.info.items} 项事项{kept}。")
        self.accept()

    def reject(self) -> None:
        """取消, Esc and the window's close button; refused while restoring."""
        if self.restoring:
            return
        self._stop_check()
        super().reject()

    def accept(self) -> None:
        self._stop_check()
        super().accept()


def open_with_recovery(path: Path, parent: QWidget | None = None, *, full: bool = False,
                       defer_check: bool = False, create: bool = True):
    """Open for use; on a damaged file offer a restore and retry. None means the user quit.

    `defer_check`: only the header is checked here; the window runs the rest after painting
    (`qjtasks.gui.startup_check`). `create=False`: a missing file is not made silently; the
    user is offered to create it there, choose another file, or quit.
    """
    path = Path(path)
    while True:
        try:
            store = integrity.open_for_use(path, app="桌面版", full=full, every_open=True,
                                           defer_check=defer_check, create=create)
        except integrity.DamagedDatabaseError as err:
            if not _recover(path, err, parent):
                return None
            continue
        except QjtasksError as err:
            if path.exists() or create:     # only a missing file gets the offer
                raise
            answer = _missing(path, err, parent)
            if answer is None:
                return None
            path, create = answer
            continue
        if store.notices:
            inform(parent, "已处理上次中断留下的文件", "\n".join(store.notices))
        return store


def _missing(path: Path, err: QjtasksError, parent) -> tuple[Path, bool] | None:
    """The database is not there: (path, create) to retry with, or None to quit."""
    answer = ask(parent, "数据库文件不存在", str(err).split("\n如要在这里新建")[0],
                 [(CREATE, "在这里新建数据库"), (CHOOSE, "选择其他数据库文件…"), (QUIT, "退出")])
    if answer == CREATE:
        return path, True
    if answer == CHOOSE:
        chosen = choose_database(parent, path)
        return (chosen, False) if chosen else None
    return None


def choose_database(parent, near: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog
    start = str(near.parent if near.parent.is_dir() else Path.home())
    name, _ = QFileDialog.getOpenFileName(parent, "选择数据库文件", start,
                                          "qjtasks 数据库 (*.db);;所有文件 (*)")
    return Path(name) if name else None


def _recover(path: Path, err: integrity.DamagedDatabaseError, parent) -> bool:
    choices = [(CHOOSE, "选择备份…"), (QUIT, "退出")]
    if err.latest is not None:
        choices.insert(0, (RESTORE_LATEST, "恢复最近的完好备份"))
    answer = ask(parent, "数据库已损坏", str(err), choices)
    if answer == RESTORE_LATEST:
        try:
            result = restore_with_progress(parent, err.latest.path, path)
        except QjtasksError as failure:
            inform(parent, "恢复失败", str(failure))
            return True
        inform(parent, "已恢复", f"已恢复 {result.info.items} 项事项。\n原文件保留为：{result.kept}")
        return True
    if answer == CHOOSE:
        return RestoreDialog(path, parent).exec() == QDialog.DialogCode.Accepted
    return False
