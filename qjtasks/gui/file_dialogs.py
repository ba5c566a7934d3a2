"""Qt's own file dialogs, the Chinese way: sizes as “87.9 KB”, dates as 2026-12-06 14:30.

Qt's widget-based file dialog (the one Linux desktops without a portal get) formats sizes and
dates with the system locale, which on many machines is C or English (“88.…KiB”, “6 12 2026”);
its words come from qtbase_zh_CN (`app.install_translations`). Every file dialog the program
opens, through the static `QFileDialog.get…` functions too, is given a proxy model that formats
the 大小 and 修改日期 columns itself, so the call sites need nothing: `gui.polish` dresses each
dialog as it is first shown.
"""
from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QHeaderView, QTreeView

SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3
# Labels whose source text this Qt's qtbase_zh_CN does not cover ("&Look in:" is newer than it).
LABELS = {QFileDialog.DialogLabel.LookIn: "查找范围(&L)：",
          QFileDialog.DialogLabel.FileType: "文件类型(&T)："}
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


def dress(dialog: QFileDialog) -> None:
    """Give one file dialog the Chinese proxy and columns wide enough for their text."""
    if dialog.property("qjChinese"):
        return
    dialog.setProperty("qjChinese", True)
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    if dialog.proxyModel() is None:
        dialog.setProxyModel(ChineseFileModel(dialog))
    for view in dialog.findChildren(QTreeView):
        header = view.header()
        for column in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            if column < header.count():
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
