"""Import an Excel/CSV ledger: choose the file, check the column mapping, preview, import.

The mapping panel shows, for every field qjtasks reads, which column of the sheet feeds it
(guessed from the header names or remembered from the last import of a sheet with the same
headers); changing a choice re-reads the sheet at once. The preview shows the first rows as they
will be imported and, separately, every row that cannot be read with its row number and reason.
"导入" writes the readable rows in one transaction and remembers the mapping; rows already in the
database (same 督办编号, or same 事项 and 牵头单位) are left alone.

Reading a 10,000-row workbook takes seconds and importing it more, so reading, previewing and
importing run on a worker thread with a connection of its own (read-only except for the import;
the UI thread's connection is never used there). The status line says what is running beside a
busy bar (a counting one for the import); choosing another file or another column makes the
earlier request stale and its result is dropped. During the import the dialog cannot be closed
and nothing can be changed; it stays live all the same. `busy` tells whether a request runs.
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
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.errors import Cancelled, QjtasksError
from qjtasks.core.ledger import FIELDS, IMPORTED
from qjtasks.core.services import Services
from qjtasks.importers import ledger as imp

from ..background import Runner, aside, can_reopen
from .base import ERROR_STYLE, fit_to_screen, plain_label

PREVIEW_ROWS = 50
NOT_USED = "（不导入）"
PREVIEW_COLUMNS = ["行号", "督办编号", "事项", "牵头单位", "配合单位", "交办日期", "办结时限",
                   "进度", "状态"]


class LedgerImportDialog(QDialog):
    changed = Signal(object)

    def __init__(self, session, parent=None, *, path: str | Path | None = None):
        super().__init__(parent)
        self.session = session
        self.services, self.store = session.services, session.store
        self.preview: imp.Preview | None = None
        self.sheet: imp.Sheet | None = None
        self.committing = False
        self._runner = Runner("qjtasks-ledger")
        self._runner.busy_changed.connect(self._show_busy)
        self._runner.forget_when_destroyed(self)
        self.setWindowTitle("导入督办台账")
        fit_to_screen(self, 1000, 620)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("选择 .xlsx 或 .csv 台账文件")
        self.browse_button = QPushButton("选择文件(&F)…")
        self.browse_button.clicked.connect(self.browse)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.browse_button)
        self.status = plain_label("尚未选择文件")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.stop_button = QPushButton("取消")
        self.stop_button.setToolTip("停止读取或导入；取消的导入不保存任何事项")
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self._stopping = False
        self._runner.stale_ended.connect(self._stopped)
        status_row = QHBoxLayout()
        status_row.addWidget(self.progress)
        status_row.addWidget(self.stop_button)
        status_row.addWidget(self.status, 1)
        self.boxes: dict[str, QComboBox] = {}
        self.table = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.table.setHorizontalHeaderLabels(PREVIEW_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.errors = QListWidget()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status_row)
        layout.addWidget(self._body(), 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("导入")
        self.import_button.setEnabled(False)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText("关闭")
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if path:
            self.open_file(path)

    def _body(self) -> QWidget:
        mapping = self.mapping_panel = QWidget()
        mapping.setEnabled(False)
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

    @property
    def busy(self) -> bool:
        """A file is being read, previewed or imported on the worker."""
        return self._runner.busy

    def open_file(self, path: str | Path) -> None:
        """Read and preview the file on the worker; the result arrives in `_loaded`."""
        path = Path(path)
        self.path_edit.setText(str(path))
        self.sheet, self.preview = None, None
        self._set_boxes({})
        self._clear_preview()
        main = self.store

        def work(task):
            read = _reporter(task, "正在读取")
            sheet = imp.read_table(path, read)      # the file alone: no database needed
            with aside(main) as store:
                mapping = imp.resolve_mapping(store, sheet)
                parsed = imp.parse(store, sheet, mapping, _reporter(task, "正在生成预览"))
                return imp.Preview(path, sheet, mapping, parsed)
        self._start(f"正在读取“{path.name}”…", work, self._loaded)

    def _loaded(self, preview: imp.Preview) -> None:
        self.sheet = preview.sheet
        self._set_boxes(preview.mapping)
        self._previewed(preview)

    def _set_boxes(self, mapping: dict[str, str]) -> None:
        headers = [h for h in self.sheet.headers if h] if self.sheet is not None else []
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            if headers:
                box.addItems([NOT_USED, *headers])
                box.setCurrentText(mapping.get(key, NOT_USED))
            box.blockSignals(False)

    def mapping(self) -> dict[str, str]:
        return {k: b.currentText() for k, b in self.boxes.items() if b.currentText() != NOT_USED}

    def remap(self) -> None:
        """A column choice changed: parse the sheet again on the worker."""
        if self.sheet is None:
            return
        mapping = self.mapping()
        self.preview = None
        if "title" not in mapping:
            self._runner.cancel()                   # an older preview must not come back
            self._show_failure("请指定哪一列是“事项”")
            return
        sheet, path, main = self.sheet, Path(self.path_edit.text()), self.store

        def work(task):
            with aside(main) as store:
                parsed = imp.parse(store, sheet, mapping, _reporter(task, "正在生成预览"))
                return imp.Preview(path, sheet, mapping, parsed)
        self.import_button.setEnabled(False)
        self._start("正在按新的列对应生成预览…", work, self._previewed)

    def _previewed(self, preview: imp.Preview) -> None:
        self.preview = preview
        self._fill(preview.parsed)

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
        self._show_status(f"表头在第{self.sheet.header_row}行。可导入 {len(parsed.rows)} 行{more}，"
                          f"无法读取 {len(parsed.errors)} 行，空行 {parsed.empty} 行。")

    def _clear_preview(self) -> None:
        self.table.setRowCount(0)
        self.errors.clear()
        self.import_button.setEnabled(False)

    def _show_failure(self, message: str) -> None:
        self._show_status(message, error=True)
        self._clear_preview()

    def _read_failed(self, exc: BaseException) -> None:
        self.preview = None
        if not isinstance(exc, QjtasksError):
            self._show_failure("")
            raise exc                               # a bug: the application's error box shows it
        self._show_failure(str(exc))

    # ---- writing --------------------------------------------------------------------------
    def do_import(self) -> None:
        """Write the readable rows on the worker, with a connection of its own."""
        if self.preview is None or self.busy:
            return
        preview, main, services = self.preview, self.store, self.services

        def work(task):
            with aside(main, write=True) as store:
                own = services if store is main else Services(
                    store, actor=services.actor, clock=services.clock)
                return imp.commit(own, preview, _reporter(task, "正在导入"))
        self.committing = True
        self.progress.setRange(0, len(preview.parsed.rows))
        self._start(f"正在导入 {len(preview.parsed.rows)} 行…", work, self._imported,
                    self._import_failed)

    def _imported(self, outcome) -> None:
        changes, report = outcome
        self.committing = False
        self.preview = None                         # imported: choose a column or file again
        self.changes, self.report = changes, report
        self._show_status(f"导入完成：{changes.message}")
        self.changed.emit(changes)

    def _import_failed(self, exc: BaseException) -> None:
        self.committing = False
        if not isinstance(exc, QjtasksError):
            raise exc
        self._show_status(str(exc), error=True)     # one transaction: nothing was written

    # ---- the worker and what shows while it runs ------------------------------------------
    def _start(self, message: str, work, done, failed=None) -> None:
        self._show_status(message)
        self.progress.reset()                       # no count left over from the last phase
        if not self.committing:
            self.progress.setRange(0, 0)            # busy, no steps to count
        self._runner.start(work, done, failed or self._read_failed,
                           progress=self._show_progress, inline=not can_reopen(self.store))

    def _show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy or self._stopping)
        self.stop_button.setVisible(busy or self._stopping)
        self.browse_button.setEnabled(not self.committing)
        self.close_button.setEnabled(not self.committing)
        self.mapping_panel.setEnabled(self.sheet is not None and not self.committing)
        self.import_button.setEnabled(not busy and self.preview is not None
                                      and bool(self.preview.parsed.rows)
                                      and not self.store.readonly)

    def _show_progress(self, done: int, total: int, doing: str = "正在导入") -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.status.setText(f"{doing}… {done:,}/{total:,} 行")

    def stop(self) -> None:
        """取消: the worker stops at its next progress report; an import is rolled back."""
        if not self.busy:
            return
        self._stopping = True
        self.stop_button.setEnabled(False)
        self._show_status("正在取消…")
        self._runner.cancel()

    def _stopped(self) -> None:
        """The cancelled work has ended (on the UI thread)."""
        if not self._stopping:
            return                                  # superseded by a newer read, not cancelled
        self._stopping = False
        was_import, self.committing = self.committing, False
        self.stop_button.setEnabled(True)
        self._show_busy(self.busy)
        if was_import:
            self._show_status("已取消导入，没有保存任何事项", error=True)
        else:
            self.sheet, self.preview = None, None
            self._set_boxes({})
            self._show_failure("已取消读取")

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")

    def reject(self) -> None:
        if self.committing:                         # one transaction: 取消 rolls it back
            return
        super().reject()

    def done(self, result: int) -> None:
        self._runner.cancel()                       # a read still running is dropped
        super().done(result)


def _reporter(task, doing: str):
    """`progress(done, total)` for the worker: reports with what it is doing, and raises
    `Cancelled` once the dialog's 取消 (or closing) made the request stale."""
    def progress(done: int, total: int) -> None:
        if task.stopped():
            raise Cancelled()
        task.progress(done, total, doing)
    return progress
