"""The item table: the main tool. Sort by header (in SQL), context menu, Enter opens.

Shows an empty-state hint instead of a blank grid when nothing matches, saying what to do next.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QTableView

from qjtasks.gui.models.task_table import TaskTableModel

EMPTY_ALL = "尚无督办事项：导入复函或新建事项（Ctrl+N）"
EMPTY_FILTERED = "没有符合条件的事项：可放宽筛选条件或清空搜索"
SEARCHING = "正在搜索…"
# Default column widths in CJK character widths, so they follow the font and the scaling.
DEFAULT_WIDTHS = (10.5, 14, 7, 8.5, 7.5, 5.5, 3.5, 5.5, 3.5, 4.5)


class ItemTable(QTableView):
    """Emits `current_changed(item_id | None)` and `opened(item_id)` (Enter / double-click)."""

    current_changed = Signal(object)
    opened = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.model_ = TaskTableModel(session, self)
        self.setModel(self.model_)
        self.setObjectName("itemTable")
        self.context_actions: list = []
        self._setup()
        self._empty = QLabel(EMPTY_ALL, self.viewport())
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setStyleSheet("color: #555; font-size: 12pt;")
        self.model_.reloaded.connect(self._update_empty)
        self.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.current_changed.emit(self.model_.item_id(cur.row())))
        self.doubleClicked.connect(lambda idx: self._open(idx.row()))

    def _setup(self) -> None:
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate(DEFAULT_WIDTHS):
            self.setColumnWidth(col, int(width * em))

    def current_item_id(self) -> int | None:
        idx = self.currentIndex()
        return self.model_.item_id(idx.row()) if idx.isValid() else None

    def select_item(self, item_id: int) -> bool:
        row = self.model_.row_of(item_id)
        if row < 0:
            return False
        self.selectionModel().setCurrentIndex(
            self.model_.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.scrollTo(self.model_.index(row, 0))
        return True

    def reload(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_item_id()
        self.model_.reload()
        if keep is None or not self.select_item(keep):
            self.current_changed.emit(None)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        item_id = self.model_.item_id(row)
        if item_id is not None:
            self.opened.emit(item_id)

    def _context_menu(self, pos) -> None:
        idx = self.indexAt(pos)
        if idx.isValid():
            self.selectRow(idx.row())
        menu = QMenu(self)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(pos))

    def _update_empty(self, count: int, exact: bool = True) -> None:
        filtered = self.model_.filter != type(self.model_.filter)()
        self._empty.setText(SEARCHING if not exact else EMPTY_FILTERED if filtered else EMPTY_ALL)
        self._empty.setVisible(count == 0)
        self._place_empty()

    def _place_empty(self) -> None:
        self._empty.setGeometry(self.viewport().rect().adjusted(20, 20, -20, -20))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_empty()
