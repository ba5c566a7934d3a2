"""The item table: the main tool. Sort by header (in SQL), context menu, Enter opens.

Shows an empty-state hint instead of a blank grid when nothing matches, saying what to do next.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
)

from qjtasks.gui.models.delegates import ElideLeft
from qjtasks.gui.models.task_table import TaskTableModel

EMPTY_ALL = "尚无督办事项：导入复函或新建事项（Ctrl+N）"
EMPTY_FILTERED = "没有符合筛选条件的事项：可放宽筛选条件、清空搜索，或点“清除筛选”"
SEARCHING = "正在搜索…"
# An empty view with no filter set says that nothing is in that state, not that a filter hides it.
EMPTY_VIEWS = {"待签收": "目前没有待签收的事项：交办后、牵头单位签收前的事项显示在这里",
               "今日需催办": "今天没有需要催办的事项：没有逾期或反馈超期的事项",
               "本周到期": "本周内没有到期的事项", "已逾期": "目前没有逾期的事项",
               "反馈超期": "目前没有反馈超期的事项", "申请办结待审核": "没有等待审核的办结申请",
               "已办结": "还没有已办结的事项"}


def empty_text(flt, bar_unit: bool, has_items: bool) -> str:
    """Why the list is empty: no items at all, a filter or search that matches nothing, or a
    view (or unit, or letter) with nothing in it. `bar_unit`: the unit came from the filter bar."""
    if not has_items:
        return EMPTY_ALL
    narrowing = (flt.role, flt.statuses, flt.lights, flt.category, flt.due_after,
                 flt.due_before, flt.text)
    if any(narrowing) or (bar_unit and flt.unit_id is not None):
        return EMPTY_FILTERED
    if flt.ids is not None:
        return "该事项不在当前列表中"
    if flt.reply_id is not None:
        return "这份复函下还没有事项：可在“复函对照”中从复函原句新建事项"
    if flt.unit_id is not None:
        where = f"“{flt.view}”中" if flt.view != "全部" else ""
        return f"该单位{where}没有承办的事项（未设筛选条件）"
    if flt.view != "全部":
        return EMPTY_VIEWS.get(flt.view, f"“{flt.view}”中目前没有事项") + "（未设筛选条件）"
    return EMPTY_ALL
# Default column widths in CJK character widths, so they follow the font and the scaling.
DEFAULT_WIDTHS = (10.5, 14, 7, 8.5, 7.5, 4, 3.5, 4, 3.5, 4.5)
# When the columns are wider than the table (a 1024 px screen), these give way first, in this
# order, down to these widths (in characters): the long texts elide, the dates and numbers
# stay whole; 督办编号 elides on the left, keeping its number.
SHRINK = ((1, 5), (3, 3), (0, 6), (2, 4), (4, 6), (6, 2.5))
SERIAL_COLUMN = 0


class ItemTable(QTableView):
    """Emits `current_changed(item_id | None)`, `opened(item_id)` (Enter) and
    `edit_requested(item_id)` (double-click: the 修改事项 form, as in a ledger or OA list)."""

    current_changed = Signal(object)
    opened = Signal(int)
    edit_requested = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.model_ = TaskTableModel(session, self)
        self.setModel(self.model_)
        self.setObjectName("itemTable")
        self.context_actions: list = []
        self.bar_unit = False      # the unit filter came from the filter bar, not the tree
        self._setup()
        self._empty = QLabel(EMPTY_ALL, self.viewport())
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setStyleSheet("color: #555; font-size: 12pt;")
        self.model_.reloaded.connect(self._update_empty)
        self.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.current_changed.emit(self.model_.item_id(cur.row())))
        self.doubleClicked.connect(self._double_clicked)

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
        self.setItemDelegateForColumn(SERIAL_COLUMN, ElideLeft(self))
        self._fitting = False
        self._wanted = [int(width * em) for width in DEFAULT_WIDTHS]
        self.horizontalHeader().sectionResized.connect(self._column_dragged)

    def fit_columns(self) -> None:
        """Fit the columns to the table's width: from the widths wanted (the defaults, or what
        the user dragged), the long-text columns and then the others in `SHRINK` give way
        until every column fits, so 未更新天数 and 进度 are never behind a horizontal
        scrollbar; when the table grows again they get their wanted widths back."""
        if self._fitting or not self.isVisible():
            return
        self._fitting = True
        try:
            header = self.horizontalHeader()
            em = self.fontMetrics().horizontalAdvance("中")
            widths = list(self._wanted)
            last = len(widths) - 1                       # stretches to fill what is left
            excess = sum(widths) - self.viewport().width()
            for col, least in SHRINK:
                if excess <= 0:
                    break
                floor = max(int(least * em), self._header_width(col))
                cut = min(excess, max(0, widths[col] - floor))
                widths[col] -= cut
                excess -= cut
            for col in range(last):
                if header.sectionSize(col) != widths[col]:
                    header.resizeSection(col, widths[col])
        finally:
            self._fitting = False

    def _column_dragged(self, col: int, _old: int, new: int) -> None:
        if not self._fitting and col < len(self._wanted) - 1:
            self._wanted[col] = new

    def _header_width(self, col: int) -> int:
        text = self.model_.headerData(col, Qt.Orientation.Horizontal)
        metrics = self.horizontalHeader().fontMetrics()
        return max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 20

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

    def _double_clicked(self, index) -> None:
        item_id = self.model_.item_id(index.row())
        if item_id is not None:
            self.edit_requested.emit(item_id)

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
        if count == 0:
            self._empty.setText(SEARCHING if not exact else self._why_empty())
        self._empty.setVisible(count == 0)
        self._place_empty()

    def _why_empty(self) -> str:
        flt = self.model_.filter
        store = self.model_.session.store
        has_items = store.lists.count(type(flt)(), today=self.model_.session.today) > 0
        return empty_text(flt, self.bar_unit, has_items)

    def empty_text(self) -> str:
        """The empty-state hint shown (empty when the list has rows)."""
        return self._empty.text() if not self._empty.isHidden() else ""

    def _place_empty(self) -> None:
        self._empty.setGeometry(self.viewport().rect().adjusted(20, 20, -20, -20))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_empty()
        self.fit_columns()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_columns()
