"""Preview of a `.qjpkg` package before it is imported: header, changes per item, conflicts.

The preview is the real import run in a transaction that is rolled back
(`qjtasks.exchange.importer.preview`), so what the clerk sees is what 导入 will do. A package
that fails any check (signature, recipient, revoked key, replay, unsafe archive …) shows the
Chinese reason and the 导入 button stays disabled. 导入 applies everything in one transaction;
`package_imported` carries the report afterwards.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.gui.dialogs.base import plain_label
from qjtasks.gui.style import ERROR_COLOUR, ERROR_STYLE_STRONG

CONFLICT_COLOUR = QColor(ERROR_COLOUR)


class PackageImportDialog(QDialog):
    package_imported = Signal(object)   # ImportReport

    def __init__(self, session, path: str | Path, parent=None):
        super().__init__(parent)
        self.session = session
        self.services = session.services
        self.path = Path(path)
        self.report = None
        self.setWindowTitle(f"导入数据包 — {self.path.name}")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        self.header_box = QGroupBox("数据包信息")
        self.header_form = QFormLayout(self.header_box)
        layout.addWidget(self.header_box)
        self.message = plain_label()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.changes = _tree(["事项 / 改动"])
        layout.addWidget(QLabel("将登记的改动（按事项）："))
        layout.addWidget(self.changes, 3)
        self.conflicts = _tree(["事项", "冲突（导入后待督办员决定）"])
        layout.addWidget(self.conflicts, 1)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("导入", QDialogButtonBox.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        from qjtasks.exchange import importer
        from qjtasks.exchange.errors import ReplayError
        try:
            self._show_header(importer.read_header(self.path))
            preview = importer.preview(self.services, self.path)
        except ReplayError as exc:   # nothing wrong: it was applied before, nothing changes
            self.message.setText(str(exc))
            self.message.setStyleSheet("")
            self.apply_button.setEnabled(False)
            self.conflicts.setVisible(False)
            return None
        except QjtasksError as exc:
            return self._refuse(str(exc))
        self.message.setText("\n".join([preview.summary(), *preview.kind_lines()]))
        self.message.setStyleSheet("")
        self._show_changes(preview)
        self.apply_button.setEnabled(True)
        self.apply_button.setDefault(True)

    def _refuse(self, text: str) -> None:
        self.message.setText(f"不能导入：{text}")
        self.message.setStyleSheet(ERROR_STYLE_STRONG)
        self.apply_button.setEnabled(False)
        self.conflicts.setVisible(False)

    def _show_header(self, h: dict) -> None:
        rows = [("发送方", (h.get("sender") or {}).get("name", "")),
                ("接收方", (h.get("recipient") or {}).get("name", "")),
                ("序号", f"第 {h.get('sequence')} 号"),
                ("生成时间", str(h.get("created_at", "")).replace("T", " ")),
                ("记录数", str(h.get("records", "—"))),
                ("数据包编号", str(h.get("package_id", "")))]
        for label, value in rows:
            field = plain_label(value)
            field.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.header_form.addRow(f"{label}：", field)

    def _show_changes(self, report) -> None:
        self.changes.clear()
        for change in report.items.values():
            title = f"[{change.item_id}] {change.title}"
            top = QTreeWidgetItem([title + (f"（{change.serial}）" if change.serial else "")])
            for line in change.lines:
                child = QTreeWidgetItem([line])
                if line.startswith("冲突"):
                    child.setForeground(0, QBrush(CONFLICT_COLOUR))
                top.addChild(child)
            self.changes.addTopLevelItem(top)
        self.changes.expandAll()
        if not report.items:
            self.changes.addTopLevelItem(QTreeWidgetItem(["没有新的改动（内容均已导入过）"]))
        self.conflicts.clear()
        for c in report.conflicts:
            row = QTreeWidgetItem([str(c.get("item_id") or "—"), c["description"]])
            row.setForeground(1, QBrush(CONFLICT_COLOUR))
            self.conflicts.addTopLevelItem(row)
        self.conflicts.setVisible(bool(report.conflicts))

    def apply(self) -> None:
        from qjtasks.exchange import importer
        try:
            self.report = importer.import_package(self.services, self.path)
        except QjtasksError as exc:
            return self._refuse(str(exc))
        self.package_imported.emit(self.report)
        self.accept()


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(True)
    tree.setUniformRowHeights(True)
    tree.setWordWrap(True)
    return tree
