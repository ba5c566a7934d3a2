"""The file system model of Qt's file dialogs with sizes as “87.9 KB” and dates as
2026-12-06 14:30 whatever the system locale (`gui.file_dialogs.dress` installs it)."""
from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, Qt
from PySide6.QtWidgets import QFileSystemModel

SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3
TYPE_WORDS = {"Folder": "文件夹", "Drive": "驱动器", "File": "文件"}
_UNITS = ("KB", "MB", "GB", "TB")


def chinese_size(size: int) -> str:
    """123 字节, 87.9 KB, 1.2 MB … (1 KB = 1024 字节, as Windows Explorer counts)."""
    if size < 1024:
        return f"{size} 字节"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            text = f"{value:.1f}".removesuffix(".0")
            return f"{text} {unit}"
    raise AssertionError("unreachable")


class ChineseFileModel(QIdentityProxyModel):
    """The file system model with sizes and modification times written the Chinese way."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        column = index.column()
        if role != Qt.ItemDataRole.DisplayRole or column not in (SIZE_COLUMN, TYPE_COLUMN,
                                                                 DATE_COLUMN):
            return super().data(index, role)
        source = self.sourceModel()
        src = self.mapToSource(index)
        if not isinstance(source, QFileSystemModel) or not src.isValid():
            return super().data(index, role)
        if column == SIZE_COLUMN:
            return "" if source.isDir(src) else chinese_size(source.size(src))
        if column == TYPE_COLUMN:
            text = super().data(index, role)
            return "文件夹" if source.isDir(src) else TYPE_WORDS.get(text, text)
        stamp = source.lastModified(src)
        return stamp.toString("yyyy-MM-dd HH:mm") if stamp.isValid() else ""
