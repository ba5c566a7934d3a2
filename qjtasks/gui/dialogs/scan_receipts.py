"""文件 → 导入扫描回执…: scanned, returned 签收回执 → paper 签收, page by page.

The clerk picks scanned PDFs or photos; the pages are decoded on a worker (`qjtasks.paper.
scan`, no database) with a progress bar and 取消识别. Each decoded page comes back to the UI
thread through the runner's progress signal and is recorded there at once (`receipts.
ReceiptRecorder`, one transaction per receipt, the page image kept as evidence), so a
cancelled run keeps what it already recorded and running the same scan again changes nothing.
The table lists every page's outcome; `scanned` carries the Changes for the window.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import Changes

from ..background import Runner, failure_text
from ..style import ERROR_STYLE_STRONG
from .base import plain_label, record_table

COLUMNS = ["页", "结果", "督办编号", "单位", "说明"]
FILTER = "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp);;所有文件 (*)"


class ScanReceiptsDialog(QDialog):
    scanned = Signal(object)   # Changes of the items whose 签收 was recorded

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.paths: list[Path] = []
        self.recorder = None
        self._runner = Runner("qjtasks-scan")
        self._runner.busy_changed.connect(self._show_busy)
        self._runner.forget_when_destroyed(self)
        self.setWindowTitle("导入扫描回执")
        self.resize(860, 540)
        self._build()
        self._show_busy(False)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择扫描的签收回执（多页 PDF，或 JPG/PNG 照片）。每页的二维码经核对"
                                "后登记该单位的纸质签收，扫描页作为签收凭证保存；已签收的不会重复登记。"))
        row = QHBoxLayout()
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self._choose)
        self.files_label = plain_label("尚未选择文件")
        self.files_label.setWordWrap(True)
        row.addWidget(self.choose_button)
        row.addWidget(self.files_label, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.start_button = QPushButton("开始识别并登记")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("取消识别")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m 页")
        for w in (self.start_button, self.cancel_button, self.progress):
            row.addWidget(w)
        layout.addLayout(row)
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = record_table(COLUMNS)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # ---- choosing and running -------------------------------------------------------------
    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择扫描回执", "", FILTER)
        if names:
            self.set_files(names)

    def set_files(self, names) -> None:
        self.paths = [Path(n) for n in names]
        shown = "、".join(p.name for p in self.paths[:4])
        more = f" 等 {len(self.paths)} 个文件" if len(self.paths) > 4 else ""
        self.files_label.setText(shown + more)
        self._show_busy(False)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def start(self) -> None:
        from qjtasks.paper import codes, receipts, scan
        from qjtasks.paper.scan import count_pages
        try:
            total = count_pages(self.paths)
            signer = codes.signer_for(self.session.store)
        except QjtasksError as exc:
            return self._error(str(exc))
        self.recorder = receipts.ReceiptRecorder(self.session.services, signer,
                                                 self._now())
        self.table.setRowCount(0)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.summary.setStyleSheet("")
        self.summary.setText(f"正在识别：共 {total} 页…")
        paths = list(self.paths)

        def work(task):
            for page in scan.read_pages(paths, cancelled=task.stopped):
                task.progress(page)
            return None
        self._runner.start(work, self._finished, self._failed, progress=self._page)

    def _now(self):
        from qjtasks.core.clock import Clock
        return Clock(self.session.today).now()

    def cancel(self) -> None:
        if self._runner.busy:
            self._runner.cancel()
            self._report(cancelled=True)

    # ---- results (UI thread) --------------------------------------------------------------
    def _page(self, page) -> None:
        try:
            self.recorder.page(page)
        except QjtasksError as exc:             # e.g. a read-only database: stop here
            self._runner.cancel()
            return self._error(str(exc))
        self.progress.setValue(self.recorder.summary.pages)
        self._add_rows()

    def _add_rows(self) -> None:
        from qjtasks.paper.receipts import KEYS, LABELS
        entries = [(e, k) for k in KEYS for e in self.recorder.summary.entries[k]]
        entries.sort(key=lambda pair: pair[0]["order"])
        self.table.setRowCount(0)
        for e, kind in entries:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, text in enumerate((e["page"], LABELS[kind], e.get("serial", ""),
                                      e.get("unit", ""), e.get("reason", ""))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _finished(self, _result) -> None:
        self._report(cancelled=False)

    def _report(self, cancelled: bool) -> None:
        summary = self.recorder.summary
        head = "已取消：" if cancelled else "识别完成："
        self.summary.setText(head + summary.lines()[0])
        items = frozenset(e["item_id"] for e in summary.entries["recorded"])
        if items:
            self.scanned.emit(Changes("item.sign", item_ids=items))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, QjtasksError):
            raise exc
        self._error(failure_text(exc))

    def _error(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(ERROR_STYLE_STRONG)

    def _show_busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.start_button.setEnabled(not busy and bool(self.paths))
        self.cancel_button.setEnabled(busy)

    def done(self, result: int) -> None:
        self._runner.cancel()                   # pages still being read are dropped
        super().done(result)
