"""Import an Excel/CSV ledger: choose the file, check the column mapping, preview, import.

The mapping panel shows, for every field qjtasks reads, which column of the sheet feeds it
(guessed from the header names or remembered from the last import of a sheet with the same
headers); changing a choice re-reads the sheet at once. The preview shows the first rows as they
will be imported and, separately, every row that cannot be read with its row number and reason.
"导入" writes the readable rows in one transaction and remembers the mapping; rows already in the
database (same 督办编号, or same 事项 and 牵头单位) are left alone.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.core.ledger import FIELDS, IMPORTED
from qjtasks.importers import ledger as imp

PREVIEW_ROWS = 50
NOT_USED = "（不导入）"
PREVIEW_COLUMNS = ["行号", "督办编号", "事项", "牵头单位", "配合单位", "交办日期", "办结时限",
                   "进度", "状态"]


class LedgerImportDialog(QDialog):
    changed = Signal(object)

    def __init__(self, services, store, parent=None, *, path: str | Path | None = None):
        super().__init__(parent)
        self.services, self.store = services, store
        self.preview: imp.Preview | None = None
        self.sheet: imp.Sheet | None = None
        self.setWindowTitle("导入督办台账")
        self.resize(1000, 620)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("选择 .xlsx 或 .csv 台账文件")
        browse = QPushButton("选择文件(&F)…")
        browse.clicked.connect(self.browse)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        self.status = QLabel("尚未选择文件")
        self.status.setWordWrap(True)
        self.boxes: dict[str, QComboBox] = {}
        self.table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.table.setHorizontalHeaderLabels(PREVIEW_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.errors = QListWidget()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self._body(), 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("导入")
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if path:
            self.open_file(path)

    def _body(self) -> QWidget:
        mapping = QWidget()
        self.form = QFormLayout(mapping)
        for key in IMPORTED:
            box = QComboBox()
            box.setObjectName(f"map_{key}")
            box.currentIndexChanged.connect(self.remap)
            self.boxes[key] = box
            self.form.addRow(FIELDS[key][0], box)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        errors = QWidget()
        col = QVBoxLayout(errors)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(QLabel("无法读取的行（不会导入）："))
        col.addWidget(self.errors)
        right.addWidget(errors)
        split = QSplitter()
        split.addWidget(mapping)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        return split

    # ---- reading --------------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择台账", "", "台账 (*.xlsx *.csv)")
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))
        try:
            self.sheet = imp.read_table(path)
            mapping = imp.resolve_mapping(self.store, self.sheet)
        except QjtasksError as err:
            self.sheet, self.preview = None, None
            self._show_failure(str(err))
            return
        self._set_boxes(mapping)
        self.remap()

    def _set_boxes(self, mapping: dict[str, str]) -> None:
        headers = [h for h in self.sheet.headers if h]
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItems([NOT_USED, *headers])
            box.setCurrentText(mapping.get(key, NOT_USED))
            box.blockSignals(False)

    def mapping(self) -> dict[str, str]:
        return {k: b.currentText() for k, b in self.boxes.items() if b.currentText() != NOT_USED}

    def remap(self) -> None:
        if self.sheet is None:
            return
        mapping = self.mapping()
        if "title" not in mapping:
            self._show_failure("请指定哪一列是“事项”")
            return
        parsed = imp.parse(self.store, self.sheet, mapping)
        self.preview = imp.Preview(Path(self.path_edit.text()), self.sheet, mapping, parsed)
        self._fill(parsed)

    def _fill(self, parsed: imp.Parsed) -> None:
        names = {u.id: u.short_name for u in self.store.units()}
        rows = parsed.rows[:PREVIEW_ROWS]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [row.row_no, row.serial, row.title, names.get(row.lead_unit_id, ""),
                      "、".join(names.get(u, "") for u in row.co_unit_ids),
                      row.assigned_on or "", row.deadline or "",
                      "" if row.percent is None else f"{row.percent}%", row.status]
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.errors.clear()
        self.errors.addItems(parsed.error_lines())
        more = f"（预览前 {PREVIEW_ROWS} 行）" if len(parsed.rows) > PREVIEW_ROWS else ""
        self.status.setText(f"表头在第{self.sheet.header_row}行。可导入 {len(parsed.rows)} 行{more}，"
                            f"无法读取 {len(parsed.errors)} 行，空行 {parsed.empty} 行。")
        self.import_button.setEnabled(bool(parsed.rows) and not self.store.readonly)

    def _show_failure(self, message: str) -> None:
        self.status.setText(message)
        self.table.setRowCount(0)
        self.errors.clear()
        self.import_button.setEnabled(False)

    # ---- writing --------------------------------------------------------------------------
    def do_import(self) -> None:
        if self.preview is None:
            return
        try:
            changes, report = imp.commit(self.services, self.preview)
        except QjtasksError as err:
            self.status.setText(str(err))
            return
        self.changes, self.report = changes, report
        self.changed.emit(changes)
        self.status.setText(f"导入完成：{changes.message}")
        self.import_button.setEnabled(False)
