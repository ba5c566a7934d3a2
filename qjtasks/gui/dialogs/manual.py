"""帮助 → 使用说明 (F1): the short Chinese manual shipped in resources/manual/, in the window."""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from qjtasks.paths import resources_dir

TITLE = "使用说明"


def manual_path():
    return resources_dir() / "manual" / "manual.html"


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("manualDialog")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        path = manual_path()
        if path.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setPlainText(f"找不到使用说明文件“{path}”，程序安装可能不完整。"
                                      "命令行版本可用 qjtasks --help 查看全部命令。")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        em = self.fontMetrics().horizontalAdvance("中")
        width, height = 52 * em, 40 * em
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)
