"""Conflicts found when importing packages, each waiting for the supervisor's decision.

One row per open conflict (item, kind, description, both versions); 采用单位版本 or
保留督办方版本 records the decision through `qjtasks.exchange.conflicts.resolve`, which is
journalled. A deadline conflict only needs acknowledging here: the extension request itself
is decided with the usual 审批延期 dialog.
"""
from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import Changes
from qjtasks.gui.dialogs.base import record_table

HEADERS = ["编号", "事项", "类型", "说明", "督办方记录", "单位提交"]



def _brief(value) -> str:
    if not value:
        return ""
    if isinstance(value, dict):
        for key in ("text", "answer", "current_deadline", "proposed_deadline"):
            if key in value:
                return str(value[key])
    return json.dumps(value, ensure_ascii=False)[:80]


class PackageConflictsDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("数据包冲突（待决定）")
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        self.table = record_table(HEADERS)
        layout.addWidget(self.table)
        self.remark = QLineEdit()
        self.remark.setPlaceholderText("决定说明（可选）")
        self.message = QLabel()
        layout.addWidget(self.remark)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        self.load()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.take_button = QPushButton("采用单位版本")
        self.keep_button = QPushButton("保留督办方版本")
        self.take_button.clicked.connect(lambda: self.decide(True))
        self.keep_button.clicked.connect(lambda: self.decide(False))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for widget in (self.take_button, self.keep_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def load(self) -> None:
        from qjtasks.exchange import conflicts
        rows = conflicts.open_conflicts(self.session.store)
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = [c["id"], c["item_id"] or "—", conflicts.KIND_LABELS.get(c["kind"], c["kind"]),
                      c["description"], _brief(c["local"]), _brief(c["incoming"])]
            for col, value in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        self.message.setText(f"待决定 {len(rows)} 条" if rows else "没有待决定的冲突")
        for button in (self.take_button, self.keep_button):
            button.setEnabled(bool(rows) and not self.session.readonly)

    def decide(self, take_incoming: bool) -> None:
        from qjtasks.exchange import conflicts
        row = self.table.currentRow()
        if row < 0:
            return
        conflict_id = int(self.table.item(row, 0).text())
        try:
            done = conflicts.resolve(self.session.services, conflict_id, take_incoming,
                                     self.remark.text())
        except QjtasksError as exc:
            self.message.setText(str(exc))
            return
        item_ids = frozenset({done["item_id"]}) if done["item_id"] else frozenset()
        self.session.ops.broadcast(Changes("exchange.conflict", item_ids=item_ids))
        self.remark.clear()
        self.load()
