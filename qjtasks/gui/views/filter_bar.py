"""The filter bar above the table: unit, role, status, light, category, date range, search.

Typing in the search box filters after a 250 ms pause (debounced) so each keystroke does not
run a query. Emits `changed` whenever the filter it describes changes.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.models import Light, Role, Status
from qjtasks.gui.views.date_field import DateField

DEBOUNCE_MS = 250


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for text, data in items:
        box.addItem(text, data)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _date_edit(name: str, session) -> DateField:
    """Empty means no limit; typed as in the forms, or picked from a calendar opening today."""
    edit = DateField(preview=False, placeholder="不限")
    edit.setObjectName(name)
    edit.edit.setObjectName(f"{name}Text")
    edit.bind(lambda: session.today, session.store.calendar)
    wide = edit.fontMetrics().horizontalAdvance("2026-12-31") + 16
    edit.edit.setFixedWidth(wide)     # a whole date, never "…", and no wider: the room goes
    return edit                       # to the search box


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.unit = _combo("unitFilter", [("全部单位", None)])
        self.role = _combo("roleFilter", [("牵头或配合", None)] + [(r.value, r.value) for r in Role])
        self.status = _combo("statusFilter", [("全部状态", None)] + [(s.value, s.value)
                                                                   for s in Status])
        self.light = _combo("lightFilter", [("全部灯色", None)] + [(f"● {x.value}", x.value)
                                                                 for x in Light])
        self.category = _combo("categoryFilter", [("全部类别", None)])
        self.due_after = _date_edit("dueAfter", session)
        self.due_before = _date_edit("dueBefore", session)
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("搜索事项、要求、编号、反馈（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        # never squeezed to "…" by the deadline range beside it (1024 px with a wide pane)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("中") * 9)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self._layout()
        self._connect()
        self.refresh_choices()

    def _layout(self) -> None:
        # Two rows so nothing is cut off down to 1024 px: search and the deadline range, then
        # the choosers. Tab follows the rows: search, dates, 清除筛选, then the choosers.
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(QLabel("搜索"))
        top.addWidget(self.search, 1)
        clear = QPushButton("清除筛选")
        clear.setObjectName("clearFilters")
        clear.clicked.connect(self.clear)
        for widget in (QLabel("办结时限"), self.due_after, QLabel("至"), self.due_before, clear):
            top.addWidget(widget)
        for widget in (self.unit, self.role, self.status, self.light, self.category):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(top)
        rows.addLayout(bottom)
        chain = [self.search, self.due_after, self.due_before, clear, self.unit, self.role,
                 self.status, self.light, self.category]     # now that they are children
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        for box in (self.unit, self.role, self.status, self.light, self.category):
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for edit in (self.due_after, self.due_before):
            edit.date_changed.connect(lambda _d: self._timer.start())
        self.search.textChanged.connect(lambda _t: self._timer.start())

    def refresh_choices(self) -> None:
        """Reload the unit and category lists, keeping the current choice."""
        self._refill(self.unit, [(u.short_name, u.id) for u in self.session.store.units()])
        self._refill(self.category, [(c, c) for c in self.session.store.lists.categories()])

    @staticmethod
    def _refill(box: QComboBox, items: list[tuple[str, object]]) -> None:
        keep = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for text, data in items:
            box.addItem(text, data)
        idx = box.findData(keep)
        box.setCurrentIndex(max(idx, 0))
        box.blockSignals(False)

    def clear(self) -> None:
        for w in (self.unit, self.role, self.status, self.light, self.category,
                  self.due_after, self.due_before, self.search):
            w.blockSignals(True)
        for box in (self.unit, self.role, self.status, self.light, self.category):
            box.setCurrentIndex(0)
        self.due_after.setText("")
        self.due_before.setText("")
        self.search.clear()
        for w in (self.unit, self.role, self.status, self.light, self.category,
                  self.due_after, self.due_before, self.search):
            w.blockSignals(False)
        self.changed.emit()

    def flush(self) -> None:
        """Apply a pending (debounced) search now."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()

    def values(self) -> dict:
        """Filter fields for `ItemFilter(**values)`."""
        status, light = self.status.currentData(), self.light.currentData()
        return {"unit_id": self.unit.currentData(), "role": self.role.currentData(),
                "statuses": [status] if status else [], "lights": [light] if light else [],
                "category": self.category.currentData(), "due_after": self.due_after.date(),
                "due_before": self.due_before.date(), "text": self.search.text().strip()}
