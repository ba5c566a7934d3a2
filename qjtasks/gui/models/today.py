"""The tables of 今日需催办: the late and nearly late items (a tick and a rung per row) and the
read-only rows of feedback overdue and requests waiting. Models over the entries, not a widget
per cell (a QTableWidget with a QComboBox per row took 7.7 s and 400 MB for 7,000 rows)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from qjtasks.core import ladder

LADDER_COLUMNS = ["选择", "编号", "督办编号", "事项", "牵头单位", "办结时限", "工作日",
                  "已到层级", "建议层级", "应于"]
OTHER_COLUMNS = ["类别", "编号", "事项", "单位", "日期", "超期工作日"]
RUNG_COLUMN = 8
_Index = QModelIndex | QPersistentModelIndex


def _ladder_cells(e: dict) -> list:
    late = (f"逾期{e['overdue_workdays']}" if e["overdue_workdays"]
            else f"剩{e['remaining_workdays']}")
    return ["", e["item_id"], e["serial"], e["title"], e["lead"], e["deadline"], late,
            e["reached"] or "—", "", "今日" if e["due_now"] else e["due_on"] or "（已通报）"]


class LadderModel(QAbstractTableModel):
    """The late and nearly late items: a tick and a chosen rung per row, the rest read-only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[dict] = []
        self._cells: list[list] = []
        self.checked: list[bool] = []
        self.rungs: list[str] = []

    def load(self, entries: list[dict]) -> None:
        self.beginResetModel()
        self.entries = entries
        self._cells = [_ladder_cells(e) for e in entries]
        self.checked = [bool(e["due_now"] and e["next_rung"]) for e in entries]
        # past the last rung, a further chase repeats the one reached
        self.rungs = [e["next_rung"] or e["reached"] or ladder.RUNGS[0] for e in entries]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:   # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:   # noqa: B008
        return 0 if parent.isValid() else len(LADDER_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return LADDER_COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == RUNG_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if self.checked[row] else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == RUNG_COLUMN:
                return self.rungs[row]
            value = self._cells[row][col]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and col == RUNG_COLUMN:
            return "双击选择催办层级"
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row, col = index.row(), index.column()
        if col == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.checked[row] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif col == RUNG_COLUMN and role == Qt.ItemDataRole.EditRole and value in ladder.RUNGS:
            self.rungs[row] = value
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    def selection(self) -> list[tuple[int, str]]:
        return [(e["item_id"], self.rungs[r]) for r, e in enumerate(self.entries)
                if self.checked[r]]

    def check_all(self, on: bool) -> None:
        if not self.entries:
            return
        self.checked = [on] * len(self.entries)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 0),
                              [Qt.ItemDataRole.CheckStateRole])


class RowsModel(QAbstractTableModel):
    """Read-only rows of texts."""

    def __init__(self, columns: list[str], parent=None):
        super().__init__(parent)
        self.columns, self.rows = columns, []

    def load(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = [tuple("" if v is None else str(v) for v in row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:   # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:   # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None
