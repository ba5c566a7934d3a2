"""Restore dialog and the start-up hook that turns a damaged database into an offer to restore.

`RestoreDialog` lists the backups beside the database (newest first, damaged ones marked), lets
the user pick another file, shows what the chosen backup holds (time, item count, schema
version) and only then, after a confirmation, replaces the database; the old file is kept.
`open_with_recovery(path)` is what the app calls instead of `Store.open`: it checks the file,
and if it is damaged offers to restore the newest good backup (or to choose one) and retries.
Questions go through `ask()` so tests can answer them.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core import backup, integrity
from qjtasks.core.errors import QjtasksError
from qjtasks.core.lock import DbLock
from qjtasks.core.restore import check_restorable, restore

RESTORE_LATEST, CHOOSE, QUIT = "restore_latest", "choose", "quit"


def ask(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]]) -> str:
    """Modal question; returns the key of the chosen (key, label) pair (last one on Esc)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key
               for key, label in choices}
    box.exec()
    return buttons.get(box.clickedButton(), choices[-1][0])


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


class RestoreDialog(QDialog):
    """Pick a backup, see what it holds, restore it after confirming."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, before_replace=None):
        """`before_replace` is called after the confirmation, e.g. to close the open store."""
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.before_replace = before_replace
        self.chosen: backup.BackupInfo | None = None
        self.result_kept: Path | None = None
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
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c5221f;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
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

    def show_file(self, path: Path) -> None:
        """Check the backup fully and show its contents; a bad file disables 恢复."""
        self.chosen = None
        try:
            self.chosen = check_restorable(path, full=False)   # full check runs on 恢复
        except QjtasksError as err:
            self.details.setPlainText(str(path))
            self.error.setText(str(err))
        else:
            self.details.setPlainText(self.chosen.describe())
            self.error.setText("")
        self.restore_button.setEnabled(self.chosen is not None)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(self.db_path.parent),
                                              "qjtasks 数据库 (*.db *.sqlite);;所有文件 (*)")
        if name:
            self.show_file(Path(name))

    def do_restore(self) -> None:
        info = self.chosen
        if info is None:
            return
        text = (f"{info.describe()}\n\n将用这份备份替换：\n{self.db_path}\n"
                "现有数据库会保留为 .replaced 文件。确定恢复吗？")
        if ask(self, "确认恢复", text, [("yes", "恢复"), ("no", "取消")]) != "yes":
            return
        if self.before_replace is not None:
            self.before_replace()
            self.before_replace = None
        self.error.setText("正在检查备份并恢复，大的数据库需要几十秒……")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            with DbLock(self.db_path, "恢复备份"):
                result = restore(info.path, self.db_path)
        except QjtasksError as err:
            self.error.setText(str(err))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.result_kept = result.kept
        self.accept()


def open_with_recovery(path: Path, parent: QWidget | None = None, *, full: bool = False,
                       defer_check: bool = False):
    """Open for use; on a damaged file offer a restore and retry. None means the user quit.

    `defer_check`: only the header is checked here; the window runs the rest after painting
    (`qjtasks.gui.startup_check`).
    """
    while True:
        try:
            return integrity.open_for_use(path, app="桌面版", full=full, every_open=True,
                                          defer_check=defer_check)
        except integrity.DamagedDatabaseError as err:
            if not _recover(Path(path), err, parent):
                return None


def _recover(path: Path, err: integrity.DamagedDatabaseError, parent) -> bool:
    choices = [(CHOOSE, "选择备份…"), (QUIT, "退出")]
    if err.latest is not None:
        choices.insert(0, (RESTORE_LATEST, "恢复最近的完好备份"))
    answer = ask(parent, "数据库已损坏", str(err), choices)
    if answer == RESTORE_LATEST:
        try:
            with DbLock(path, "恢复备份"):
                result = restore(err.latest.path, path)
        except QjtasksError as failure:
            inform(parent, "恢复失败", str(failure))
            return True
        inform(parent, "已恢复", f"已恢复 {result.info.items} 项事项。\n原文件保留为：{result.kept}")
        return True
    if answer == CHOOSE:
        return RestoreDialog(path, parent).exec() == QDialog.DialogCode.Accepted
    return False
