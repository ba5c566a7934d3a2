"""Import a reply letter: the letter with its extracted spans highlighted, beside the proposed
items the supervisor edits, merges, splits and assigns before saving.

`ImportReplyDialog(session, parent=None, text=None, path=None)`. The letter comes from a
file (打开文件…) or pasted text (识别). Reading the file (a long PDF takes seconds) and
recognising the letter run on a worker thread that needs no database (the unit register is read
before it starts): a busy bar and "正在读取…" show beside the buttons, Save and the item pane are
grey meanwhile, and the dialog stays live — opening another file makes the earlier read stale
and its result is dropped; closing drops it too. `busy` tells whether a read is running.
A scan (an image-only PDF, or a photo or scan as PNG/JPG/TIFF) is read by text recognition
(the `ocr` extra) on the same worker: the bar counts the pages, 停止识别 cancels between pages,
and the scanned page of the selected item is shown beside the recognised text, with the item's
page and line under it (the text can be checked against the paper before saving).
Save creates the dossier, new units and the checked draft (待交办) items in one transaction
through `services.dossiers.import_reply` (on the UI thread: it is quick); Cancel saves nothing. Errors
are shown as Chinese messages (a box, and beside the buttons) and leave the dialog open.

The dialog reads and recognises; its parts live beside it: the letter's marks, scanned page and
复函信息 fields in `import_letter`, the list of proposed items in `import_items.ProposalList`,
and 保存 in `SaveStep` below.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.importers import parse_letter
from qjtasks.importers.output import to_draft
from qjtasks.importers.readers import load_letter
from qjtasks.importers.save import NotALetterError, check_not_imported, register_of, save_import

from ..background import Runner
from .base import ERROR_STYLE, as_plain, hrow, plain_label
from .import_items import Proposal, ProposalList
from .import_letter import DocumentForm, LetterMarks, ScannedPage, page_pngs


class ImportReplyDialog(QDialog):
    imported = Signal(object)  # the Changes of the import

    def __init__(self, session, parent=None, text: str | None = None, path=None):
        super().__init__(parent)
        self.session = session
        self.services, self.store = session.services, session.store
        self.parsed = None
        self.changes = None
        self.setWindowTitle("导入复函")
        self._runner = Runner("qjtasks-letter")
        self._runner.busy_changed.connect(self._show_busy)
        self._runner.forget_when_destroyed(self)
        self.saving = SaveStep(self.services, self)
        self._fit_screen()
        self._build()
        if path:
            self.load_file(path)
        elif text:
            self.letter.setPlainText(text)
            self.recognise()

    # ---- layout ---------------------------------------------------------------------------
    def _fit_screen(self) -> None:
        """Large but within the screen: many clerks work on 1366×768."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1280, 800
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
        self.resize(width, height)

    def _build(self) -> None:
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self._left_pane())
        self.right = self._right_pane()
        # The fields, the item list and its editor scroll as one on a short screen, so the
        # dialog fits 1366×768 and 1024×700 whole (it was 802 px tall at least).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.right)
        splitter.addWidget(scroll)
        splitter.setSizes([560, 720])
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存(&S)")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self._set_ready(False)

    def _left_pane(self) -> QWidget:
        self.letter = QPlainTextEdit()
        self.letter.setPlaceholderText("在此粘贴复函全文，然后点“识别”；或点“打开文件…”选择 .txt/.docx/.pdf")
        self.marks = LetterMarks(self.letter)
        self.open_button = QPushButton("打开文件(&O)…")
        self.recognise_button = QPushButton("识别(&R)")
        self.open_button.clicked.connect(self._choose_file)
        self.recognise_button.clicked.connect(self.recognise)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(hrow(QLabel("复函原文（黄色：下一步工作计划；蓝色：其他承诺）"), self.open_button,
                          self.recognise_button, stretch=False))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)                # busy: no steps to count
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = plain_label()
        self.status.setObjectName("readStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        self.stop_button = QPushButton("停止识别")
        self.stop_button.setToolTip("停止扫描件的文字识别（已识别的页不保留）")
        self.stop_button.clicked.connect(self.stop_reading)
        self.stop_button.hide()
        lv.addLayout(hrow(self.progress, self.stop_button, self.status, stretch=False))
        self.page_box = ScannedPage()
        self.page_view, self.page_caption = self.page_box.view, self.page_box.caption
        text_and_page = self.text_and_page = QSplitter(Qt.Horizontal)
        text_and_page.addWidget(self.letter)
        text_and_page.addWidget(self.page_box)
        lv.addWidget(text_and_page, 1)
        self.scan_pages: list[bytes] = []
        self.ocr = None
        return left

    def _right_pane(self) -> QWidget:
        pane = QWidget()
        v = QVBoxLayout(pane)
        self.document = DocumentForm()
        self.fields, self.kind = self.document.fields, self.document.kind
        v.addWidget(self.document)
        self.item_list = ProposalList(self.services.today)
        self.item_list.current_changed.connect(self._current)
        self.proposals: list[Proposal] = self.item_list.proposals     # the same list
        self.items, self.editor = self.item_list.items, self.item_list.editor
        self.merge_button, self.split_button = (self.item_list.merge_button,
                                                self.item_list.split_button)
        v.addWidget(self.item_list, 1)
        self.warnings = plain_label()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
        v.addWidget(self.warnings)
        self.lead_warning = self.item_list.lead_warning
        v.addWidget(self.lead_warning)
        return pane

    def _set_ready(self, ready: bool) -> None:
        self.buttons.button(QDialogButtonBox.Save).setEnabled(ready)
        self.item_list.set_ready(ready)

    # ---- reading and recognising ----------------------------------------------------------
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择复函文件", "", "复函 (*.txt *.docx *.pdf *.png *.jpg *.jpeg *.tif *.tiff);;"
            "扫描件图片 (*.png *.jpg *.jpeg *.tif *.tiff *.bmp);;所有文件 (*)")
        if path:
            self.load_file(path)

    @property
    def busy(self) -> bool:
        """A letter is being read or recognised on the worker."""
        return self._runner.busy

    def load_file(self, path) -> None:
        """Read and recognise the file on the worker; the result arrives in `_recognised`."""
        path = Path(path)
        units = register_of(self.store)

        def work(task):
            letter = load_letter(path, progress=task.progress, cancelled=task.stopped)
            pages = page_pngs(path) if letter.ocr is not None else []
            return letter.text, _parse(letter.text, units), letter.ocr, pages
        self._start(f"正在读取“{path.name}”…", work)

    def recognise(self) -> None:
        text, units = self.letter.toPlainText(), register_of(self.store)
        self._start("正在识别…", lambda _task: (text, _parse(text, units), None, []))

    def _start(self, message: str, work) -> None:
        self._show_status(message)
        self.progress.setRange(0, 0)
        self._runner.start(work, self._recognised, self._read_failed, progress=self._page_read)

    def _page_read(self, page: int, pages: int) -> None:
        """A scanned page recognised (worker progress, on the UI thread)."""
        self.progress.setRange(0, pages)
        self.progress.setValue(page)
        self.stop_button.show()
        self._show_status(f"正在文字识别：第 {page}/{pages} 页…" if page < pages
                          else "正在识别复函内容…")

    def stop_reading(self) -> None:
        if self._runner.busy:
            self._runner.cancel()
            self._show_busy(False)
            self._show_status("已停止文字识别")

    def _recognised(self, outcome) -> None:
        text, result, self.ocr, self.scan_pages = outcome
        if self.scan_pages and not self.page_box.isVisible():
            self.page_box.show()
            half = max(sum(self.text_and_page.sizes()) // 2, 240)
            self.text_and_page.setSizes([half, half])
        self.page_box.setVisible(bool(self.scan_pages))
        if isinstance(result, QjtasksError):    # read, but not a letter we can recognise
            self._clear_result()
            self.letter.setPlainText(text)
            self._read_failed(result)
            return
        self.parsed = result
        self.letter.setPlainText(result.text)  # spans point into the normalised text
        self.document.fill(result.document)
        self.proposals[:] = [Proposal.from_candidate(c)
                             for c in result.plan_items + result.other_commitments]
        self.editor.set_units(self._unit_names(result))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in
                                        self._duplicate_warning(result) + result.warnings))
        self.item_list.refresh(0)
        scanned = (f"（扫描件文字识别 {self.ocr.pages} 页，用时 {self.ocr.seconds:.0f} 秒，请对照右侧原件核对）"
                   if self.ocr is not None else "")
        self._show_status(f"已识别：下一步工作计划 {len(result.plan_items)} 项，"
                          f"其他承诺 {len(result.other_commitments)} 项" + scanned)

    def _duplicate_warning(self, result) -> list[str]:
        """Said as soon as the letter is read, not only at 保存."""
        try:
            check_not_imported(self.store, result.document.doc_number)
        except QjtasksError as exc:
            return [f"{exc}：这份复函已在“复函对照”中，再次保存会被拒绝"]
        return []

    def _read_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, QjtasksError):
            self._show_status("")
            raise exc                           # a bug: the application's error box shows it
        self._show_status(str(exc), error=True)
        self._show_busy(False)                  # before the message box's own event loop
        self._error(str(exc))

    def _clear_result(self) -> None:
        self.parsed = None
        self.proposals.clear()
        self.warnings.setText("")
        self.document.clear()
        self.item_list.refresh()

    def _show_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if not busy:
            self.stop_button.hide()
        self.recognise_button.setEnabled(not busy)
        self.right.setEnabled(not busy)
        self.letter.setReadOnly(busy or self.parsed is not None)
        self._set_ready(not busy and self.parsed is not None)

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setVisible(bool(text))

    def done(self, result: int) -> None:
        self._runner.cancel()                   # a read still running is dropped
        super().done(result)

    def _unit_names(self, result) -> list[str]:
        """The letter's co-units first, then the register, then bodies the items name."""
        names = [u.name for u in result.co_units]
        names += [u.short_name for u in self.store.units(active_only=True)]
        names += [n for c in result.plan_items + result.other_commitments for n in c.units]
        return list(dict.fromkeys(names + result.new_units))

    def _current(self, p: Proposal | None) -> None:
        """The item being edited: marked in the letter, its scanned page shown."""
        self.marks.mark(self.proposals, p, self.parsed.text if self.parsed else "")
        self.page_box.show_for(p, self.scan_pages, self.ocr)

    def highlighted_spans(self) -> list[tuple[int, int]]:
        return self.marks.spans()

    # ---- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        if self.busy:
            return
        if self.parsed is None:
            self._error("请先打开或粘贴复函并点“识别”")
            return
        try:
            changes = self.saving.run(self.parsed, self.proposals,
                                      self.document.proposal_fields(),
                                      self.document.reply_fields())
        except QjtasksError as exc:
            self._error(str(exc))
            return
        if changes is None:                     # not a letter, and not imported anyway
            return
        self.changes = changes
        self.imported.emit(self.changes)
        self.accept()

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, "导入复函", as_plain(message))


class SaveStep:
    """保存: the ticked proposals as draft items, saved with the letter in one transaction
    (`importers.save.save_import`); a text that is not a reply letter only when the user
    presses 仍然导入."""

    def __init__(self, services, parent: QWidget):
        self.services, self.parent = services, parent

    def run(self, parsed, proposals: list[Proposal], proposal: dict, reply: dict):
        """The `Changes`, or None when the user chose not to import a non-letter; a refusal
        raises its `QjtasksError`."""
        drafts = [to_draft(p.candidate(), title=p.title or None, lead=p.lead,
                           co_units=p.co_units, deadline=p.deadline,
                           quote="\n".join(parsed.text[a:b] for a, b in p.spans))
                  for p in proposals if p.checked]
        try:
            return save_import(self.services, parsed, drafts, proposal=proposal, reply=reply)
        except NotALetterError as exc:
            if not self._insist(str(exc)):
                return None
            return save_import(self.services, parsed, drafts, proposal=proposal, reply=reply,
                               force=True)

    def _insist(self, reason: str) -> bool:
        """Text that is not a reply letter: saved only when the user presses 仍然导入."""
        box = QMessageBox(QMessageBox.Icon.Warning, "导入复函", as_plain(reason),
                          parent=self.parent)
        box.setObjectName("notALetter")
        box.setInformativeText("可以先在右侧填写文号、发文单位或提案编号；确是复函可点“仍然导入”。")
        force = box.addButton("仍然导入", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is force


def _parse(text: str, units: list[tuple[str, str]]):
    """The recognised letter, or the Chinese reason it cannot be (the text is still shown)."""
    try:
        return parse_letter(text, units)
    except QjtasksError as exc:
        return exc
