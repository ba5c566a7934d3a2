"""TaskTableModel: a plain QAbstractTableModel over `store.lists.items`, paged lazily.

The first page (200 rows) is read at once; when it is full, the exact count and then the ordered
ids of all matches come from a worker (`Counter`); later pages are read by id from that list
(`store.lists.rows`; by OFFSET until it arrives), so scrolling 100,000 items costs one small query
per page, never one per row, and a page at the bottom costs what the first one does.
Filtering and sorting are SQL (`ItemFilter`, `order`): changing either resets the model. No
QSortFilterProxyModel: sorting a Python list of 100,000 rows is what we are avoiding.
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from qjtasks.core.filters import ItemFilter
from qjtasks.gui.models.counter import Counter, can_count_aside

PAGE_SIZE = 200
MAX_PAGES = 60
LIGHT_COLOURS = {"绿": "#1e8e3e", "黄": "#d49b00", "红": "#d93025", "未定时限": "#5b6dae",
                 "完成": "#8a8a8a"}

# (header, order key, row -> text)
COLUMNS = [
    ("督办编号", "serial", lambda r: r["serial"] or "（未交办）"),
    ("事项", "title", lambda r: r["title"]),
    ("牵头单位", "lead", lambda r: r["lead_name"]),
    ("配合单位", "co_units", lambda r: r["co_names"]),
    ("办结时限", "deadline", lambda r: _deadline(r)),
    ("剩余\n工作日", "remaining", lambda r: _opt(r["remaining_workdays"])),
    ("灯", "light", lambda r: "● " + SHORT_LIGHTS.get(r["light"], r["light"])),
    ("未更新\n天数", "stale", lambda r: _opt(r["stale_days"])),
    ("进度", "percent", lambda r: f"{r['percent'] or 0}%"),
    ("状态", "status", lambda r: r["status"]),
]
LIGHT_COLUMN = 6
HEADER_TIPS = {5: "距办结时限还有几个工作日（负数为已逾期的工作日）",
               7: "距最近一次反馈的自然日数", 6: "灯色：绿、黄、红、完成"}
RIGHT_ALIGNED = {5, 7, 8}


def slow_search(flt: ItemFilter) -> bool:
    """Text searches may scan many notes (short words bypass the trigram index, common words
    match half the file): fetch them aside so typing never stalls the window."""
    return bool(flt.text.strip())


def _opt(value) -> str:
    return "" if value is None else str(value)


def _deadline(r: dict) -> str:
    current, original = r["current_deadline"] or "", r["original_deadline"] or ""
    if current and original and current != original:
        return f"{current}（原 {original}）"
    return current


def _texts(r: dict) -> tuple[str, ...]:
    texts = r.get("_texts")
    if texts is None:
        texts = r["_texts"] = tuple(column[2](r) for column in COLUMNS)
    return texts


# The light column is two characters wide: 未定时限 shows as 未定 (the tooltip says it in full).
SHORT_LIGHTS = {"未定时限": "未定"}
_BRUSHES = {light: QBrush(QColor(colour)) for light, colour in LIGHT_COLOURS.items()}
_BOLD = QFont()
_BOLD.setBold(True)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROLE_HANDLERS = {
    Qt.ItemDataRole.DisplayRole: lambda r, col: _texts(r)[col],
    Qt.ItemDataRole.ForegroundRole: lambda r, col: (
        _BRUSHES.get(r["light"]) if col == LIGHT_COLUMN else None),
    Qt.ItemDataRole.FontRole: lambda r, col: _BOLD if col == LIGHT_COLUMN else None,
    Qt.ItemDataRole.TextAlignmentRole: lambda r, col: _RIGHT if col in RIGHT_ALIGNED else None,
    Qt.ItemDataRole.ToolTipRole: lambda r, col: (
        _texts(r)[col] if col in (1, 3) else
        "未定时限：尚未确定办结时限（不计为按期）" if col == LIGHT_COLUMN and r["light"] == "未定时限"
        else None),
    Qt.ItemDataRole.UserRole: lambda r, col: r["id"],
}


class TaskTableModel(QAbstractTableModel):
    """Rows of `store.lists.items` for the current filter and order."""

    reloaded = Signal(int, bool)  # row count, whether it is exact (or still being counted)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.filter = ItemFilter()
        self.order = "id"
        self.descending = False
        self._count = 0
        self.exact = True
        self.loading = False  # the first page is being fetched aside
        self._generation = 0
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()
        self._ids = None        # all matching ids in order, once listed aside
        self._counter = None

    # ---- loading --------------------------------------------------------------------------
    def set_filter(self, flt: ItemFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """First page now; when it is full, the total is counted aside and rows added later."""
        if slow_search(self.filter) and self._ensure_counter():
            self._load_aside()
            return
        self.beginResetModel()
        self._generation += 1
        self.loading = False
        self._pages.clear()
        self._ids = None
        first = self._page(0)
        self._count, self.exact = len(first), len(first) < PAGE_SIZE
        if not self.exact:
            self._count_rest()
        self.endResetModel()
        self.reloaded.emit(self._count, self.exact)

    def _ensure_counter(self) -> bool:
        if self._counter is None and can_count_aside(self.session.store):
            self._counter = Counter(self.session.store.path, self)
            self._counter.counted.connect(self._counted)
            self._counter.listed.connect(self._listed)
            self._counter.loaded.connect(self._loaded)
        return self._counter is not None

    def _load_aside(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._pages.clear()
        self._ids = None
        self._count, self.exact, self.loading = 0, False, True
        self.endResetModel()
        self.reloaded.emit(0, False)
        self._counter.request_page(self._generation, self.filter, self.session.today,
                                   self.order, self.descending, PAGE_SIZE)

    def _loaded(self, generation: int, rows: list) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.beginResetModel()
        self._pages[0] = rows
        self._count, self.exact = len(rows), len(rows) < PAGE_SIZE
        if not self.exact:
            self._counter.request(generation, self.filter, self.session.today, self.order,
                                  self.descending)
        self.endResetModel()
        self.reloaded.emit(self._count, self.exact)

    def _count_rest(self) -> None:
        store, today = self.session.store, self.session.today
        if not self._ensure_counter():
            self._count, self.exact = store.lists.count(self.filter, today=today), True
        else:
            self._counter.request(self._generation, self.filter, today, self.order,
                                  self.descending)

    def _listed(self, generation: int, ids) -> None:
        if generation == self._generation and len(ids) == self._count:
            self._ids = ids

    def _counted(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        self.exact = True
        self.reloaded.emit(self._count, True)

    def wait_exact(self, timeout_ms: int = 10_000) -> int:
        """Block (processing events) until the count is exact; for tests and benchmarks."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer
        deadline = QDeadlineTimer(timeout_ms)
        while (self.loading or not self.exact) and not deadline.hasExpired():
            QCoreApplication.processEvents()
        return self._count

    def stop(self) -> None:
        if self._counter is not None:
            self._counter.stop()
            self._counter = None

    def _page(self, number: int) -> list[dict]:
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            if self._ids is not None:
                page = self.session.store.lists.rows(list(self._ids[start:start + PAGE_SIZE]),
                                                    self.session.today)
            else:
                page = self.session.store.lists.items(
                    self.filter, today=self.session.today, order=self.order,
                    descending=self.descending, limit=PAGE_SIZE, offset=start)
            self._pages[number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def row_dict(self, row: int) -> dict | None:
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def item_id(self, row: int) -> int | None:
        r = self.row_dict(row)
        return r["id"] if r else None

    def row_of(self, item_id: int) -> int:
        """Row of an item among the loaded pages, or -1 (never scans the database)."""
        for number, page in self._pages.items():
            for offset, r in enumerate(page):
                if r["id"] == item_id:
                    return number * PAGE_SIZE + offset
        return -1

    # ---- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]      # two lines for the long number headers: narrow
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section, COLUMNS[section][0].replace("\n", ""))
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # A repaint asks ~10 roles of every visible cell: dispatch on the role first, keep the
        # common path to a dict lookup and a tuple index (display texts are made once per row).
        handler = _ROLE_HANDLERS.get(role)
        if handler is None or not index.isValid():
            return None
        r = self.row_dict(index.row())
        if r is None:
            return None
        return handler(r, index.column())

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.order = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else "id"
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
