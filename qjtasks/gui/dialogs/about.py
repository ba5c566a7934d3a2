"""关于 dialog: program version, database path, schema version and where the backups are.

`about_rows(store)` gives the (label, value) pairs so that tests and the CLI-side checks do not
need a window; the dialog shows them as selectable text with a 复制 button for support calls.
"""
from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from qjtasks import __version__
from qjtasks.core import backup, migrations

TITLE = "关于 qjtasks"


def installed_version() -> str:
    """The version pip (or the package) recorded, else the source's own."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("qjtasks")
    except PackageNotFoundError:
        return __version__


def about_rows(store) -> list[tuple[str, str]]:
    known = len(migrations.MIGRATIONS)
    current = store.schema_version
    schema = f"{current}（本程序支持 {known}）" if current != known else str(current)
    mode = f"只读（{store.readonly_reason or '只读打开'}）" if store.readonly else "可修改"
    return [("程序版本", f"qjtasks {installed_version()}"), ("数据库文件", str(store.path)),
            ("架构版本", schema), ("打开方式", mode),
            ("备份文件夹", f"{backup.backup_dir(store.path)}"
                           f"（{len(backup.list_backups(store.path))} 份）"),
            ("运行环境", f"Python {sys.version.split()[0]}，PySide6 {pyside_version}，"
                         f"{platform.system()} {platform.release()}")]


class AboutDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.rows = about_rows(session.store)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>qjtasks 督办事项管理</b><br>把复函中的承诺变成可督办、可追踪、可打印的事项")
        layout.addWidget(heading)
        form = QFormLayout()
        for label, value in self.rows:
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}：", field)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        copy = buttons.addButton("复制", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return "\n".join(f"{label}：{value}" for label, value in self.rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
