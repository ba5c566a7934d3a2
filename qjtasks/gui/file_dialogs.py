"""Qt's own file dialogs, the Chinese way: sizes as “87.9 KB”, dates as 2026-12-06 14:30.

Qt's widget-based file dialog (the one Linux desktops without a portal get) formats sizes and
dates with the system locale, which on many machines is C or English (“88.…KiB”, “6 12 2026”);
its words come from qtbase_zh_CN (`app.install_translations`). Every file dialog the program
opens, through the static `QFileDialog.get…` functions too, is given a proxy model
(`gui.models.files`) that formats the 大小 and 修改日期 columns itself, so the call sites need
nothing: `gui.polish` dresses each dialog as it is first shown.
"""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView

from qjtasks.gui.models.files import DATE_COLUMN, SIZE_COLUMN, TYPE_COLUMN, ChineseFileModel

# Labels whose source text this Qt's qtbase_zh_CN does not cover ("&Look in:" is newer than it).
LABELS = {QFileDialog.DialogLabel.LookIn: "查找范围(&L)：",
          QFileDialog.DialogLabel.FileType: "文件类型(&T)："}


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
