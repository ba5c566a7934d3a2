"""Print preview and background print batches for the desktop app.

`show_print_preview(parent, pdf_bytes, title)` opens a dialog that shows the PDF pages (QtPdf),
with 打印… (the system print dialog; pages are drawn onto the printer at its resolution),
另存为PDF… and, when the sheets are given, 另存为Word… (the same sheets as an editable .docx,
for changes in WPS or Word before stamping). `run_batch(parent, job)` renders a `qjtasks.pdf.jobs.PrintJob` on a worker thread
(`qjtasks.gui.background.Runner`) with a progress dialog and opens the preview when done; the
worker never touches widgets, its progress and result come back on the UI thread. Font substitutions (which face replaced which) are shown under the pages.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.core.files import write_atomically
from qjtasks.gui.background import Runner, failure_text
from qjtasks.gui.dialogs.base import fit_to_screen


class PrintPreviewDialog(QDialog):
    """Shows PDF pages; prints them or saves the PDF."""

    def __init__(self, parent: QWidget | None, pdf_bytes: bytes, title: str,
                 messages: list[str] | tuple[str, ...] = (), suggested_name: str = "",
                 sheets: list | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 — {title}")
        self.pdf_bytes, self.suggested_name = pdf_bytes, suggested_name or f"{title}.pdf"
        self.title, self.sheets = title, list(sheets or [])
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self._build(messages)
        fit_to_screen(self, 820, 900)   # A4 upright, within a 1366×768 laptop's screen

    def _build(self, messages) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        self.pages_label = QLabel(f"共 {self.page_count()} 页")
        self.fonts_label = QLabel("；".join(messages))
        self.fonts_label.setWordWrap(True)
        self.fonts_label.setVisible(bool(messages))
        layout.addWidget(self.fonts_label)
        row = QHBoxLayout()
        row.addWidget(self.pages_label)
        row.addStretch(1)
        self.zoom_in = self._button(row, "放大", lambda: self._zoom(1.25))
        self.zoom_out = self._button(row, "缩小", lambda: self._zoom(0.8))
        self.fit = self._button(row, "适合宽度", self._fit_width)
        self.print_button = self._button(row, "打印…", self.print_with_dialog)
        self.save_button = self._button(row, "另存为PDF…", self.save_with_dialog)
        self.word_button = self._button(row, "另存为Word…", self.save_word_with_dialog)
        self.word_button.setToolTip("保存为可编辑的 Word 文档（.docx），可在 WPS 或 Word 中修改后再盖章")
        self.word_button.setVisible(bool(self.sheets))
        self.close_button = self._button(row, "关闭", self.reject)
        self.print_button.setDefault(True)
        layout.addLayout(row)

    def _button(self, row, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def page_count(self) -> int:
        return self.document.pageCount()

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def _fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def save_to(self, path: str) -> None:
        write_atomically(path, lambda tmp: tmp.write_bytes(self.pdf_bytes))

    def save_with_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "另存为PDF", self.suggested_name,
                                              "PDF 文件 (*.pdf)")
        if path:
            try:
                self.save_to(path if path.lower().endswith(".pdf") else path + ".pdf")
            except QjtasksError as exc:
                QMessageBox.warning(self, "保存失败", str(exc))

    def save_word_to(self, path: str) -> None:
        from qjtasks.pdf import word
        data = word.render(self.sheets, self.title)
        write_atomically(path, lambda tmp: tmp.write_bytes(data))

    def save_word_with_dialog(self) -> None:
        name = str(Path(self.suggested_name).with_suffix(".docx"))
        path, _ = QFileDialog.getSaveFileName(self, "另存为Word", name, "Word 文档 (*.docx)")
        if path:
            try:
                self.save_word_to(path if path.lower().endswith(".docx") else path + ".docx")
            except QjtasksError as exc:
                QMessageBox.warning(self, "保存失败", str(exc))

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw every selected page onto the printer; returns the number of pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        pages = range(max(first, 1) - 1 if first else 0, last if last else self.page_count())
        painter = QPainter()
        if not painter.begin(printer):
            raise QjtasksError("无法连接打印机，请检查打印机设置")
        try:
            for k, page in enumerate(pages):
                if k:
                    printer.newPage()
                self._draw_page(painter, printer, page)
        finally:
            painter.end()
        return len(pages)

    def _draw_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        target = printer.pageLayout().paintRectPixels(printer.resolution())
        size = self.document.pagePointSize(page)
        scale = min(target.width() / size.width(), target.height() / size.height())
        out = QSize(int(size.width() * scale), int(size.height() * scale))
        image = self.document.render(page, out)
        painter.drawImage(QRect(0, 0, out.width(), out.height()), image)


def show_print_preview(parent: QWidget | None, pdf_bytes: bytes, title: str,
                       messages=(), suggested_name: str = "",
                       sheets: list | None = None) -> PrintPreviewDialog:
    """Open the preview (non-blocking) and return it."""
    dialog = PrintPreviewDialog(parent, pdf_bytes, title, messages, suggested_name, sheets)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def run_batch(parent: QWidget | None, job, on_done=None, preview: bool = True,
              on_progress=None) -> Runner:
    """Render `job` in the background with a progress dialog, then preview it.

    `on_done(pdf_bytes, messages)` is called on success and `on_progress(done, total)` as
    sheets are laid out, both in the UI thread. The returned runner carries `progress_dialog`
    and, once shown, `preview`.
    """
    progress = QProgressDialog(f"正在生成：{job.title}", "隐藏", 0, len(job.sheets), parent)
    progress.setWindowTitle("批量打印")
    progress.setMinimumDuration(300)
    runner = Runner("qjtasks-print")

    def work(task):
        from qjtasks.pdf import fonts, render
        fontset = fonts.resolve(job.settings)
        data = render.render(job.sheets, fontset, job.title,
                             progress=lambda i, n: task.progress(i + 1, n))
        return data, [fontset.notice()] if fontset.messages else []

    def step(i: int, n: int) -> None:
        progress.setValue(min(i, n))
        if on_progress is not None:
            on_progress(i, n)

    def done(result) -> None:
        data, messages = result
        progress.setValue(progress.maximum())
        progress.close()
        if on_done:
            on_done(data, messages)
        if preview:
            runner.preview = show_print_preview(parent, data, job.title, messages,
                                                job.suggested_name, job.sheets)

    def failed(exc: BaseException) -> None:
        progress.close()
        QMessageBox.warning(parent, "打印失败", failure_text(exc, "生成PDF时出错"))

    runner.progress_dialog = progress
    runner.start(work, done, failed, progress=step)
    return runner
