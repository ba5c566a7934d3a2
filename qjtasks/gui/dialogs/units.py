"""Units management: the register of handling units (add, edit, deactivate, reactivate)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from qjtasks.gui.dialogs.base import FormDialog


class UnitFormDialog(FormDialog):
    """Add a unit (no `unit_id`) or edit one."""

    ok_text = "保存"

    def __init__(self, session, parent=None, **context):
        self.title = "修改单位" if context.get("unit_id") else "新增单位"
        super().__init__(session, parent, **context)

    def build(self) -> None:
        unit = (self.session.store.unit(self.context["unit_id"])
                if self.context.get("unit_id") else None)
        self.add("name", "单位全称", QLineEdit(unit.name if unit else ""))
        self.add("short_name", "单位简称", QLineEdit(unit.short_name if unit else ""),
                 "表格和通知单上使用的简称，如“区财政局”")
        self.add("contact", "联系人", QLineEdit(unit.contact if unit else ""))
        self.add("phone", "联系电话", QLineEdit(unit.phone if unit else ""))

    def submit(self):
        values = {k: self.value(k) for k in ("name", "short_name", "contact", "phone")}
        if self.context.get("unit_id"):
            return self.session.services.units.update(self.context["unit_id"], **values)
        return self.session.services.units.add(values["name"], values["short_name"],
                                               values["contact"], values["phone"])


class UnitsDialog(QDialog):
    HEADERS = ("简称", "全称", "联系人", "联系电话", "状态")

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("承办单位")
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("unitsTable")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.edit_unit())
        buttons = QHBoxLayout()
        for text, slot in (("新增…", self.add_unit), ("修改…", self.edit_unit),
                           ("停用", lambda: self.set_active(False)),
                           ("启用", lambda: self.set_active(True)), ("关闭", self.accept)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("中") * 60,
                    self.fontMetrics().height() * 24)
        self.reload()

    def reload(self) -> None:
        units = self.session.store.units()
        self.table.setRowCount(len(units))
        for row, u in enumerate(units):
            state = "督办单位" if u.is_office else ("在用" if u.active else "已停用")
            for col, text in enumerate((u.short_name, u.name, u.contact, u.phone, state)):
                cell = QTableWidgetItem(text)
                cell.setData(256, u.id)
                self.table.setItem(row, col, cell)

    def current_unit(self) -> int | None:
        cell = self.table.item(self.table.currentRow(), 0)
        return cell.data(256) if cell else None

    def add_unit(self) -> None:
        if UnitFormDialog(self.session, self).exec():
            self.reload()

    def edit_unit(self) -> None:
        unit_id = self.current_unit()
        if unit_id is not None and UnitFormDialog(self.session, self, unit_id=unit_id).exec():
            self.reload()

    def set_active(self, active: bool) -> None:
        unit_id = self.current_unit()
        if unit_id is None:
            return
        if self.session.ops.run(self, lambda: self.session.services.units.set_active(
                unit_id, active)):
            self.reload()
