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
through `Services.import_dossier` (on the UI thread: it is quick); Cancel saves nothing. Errors
are shown as Chinese messages (a box, and beside the buttons) and leave the dialog open.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.importers import parse_letter
from qjtasks.importers.output import to_draft
from qjtasks.importers.readers import load_letter
from qjtasks.importers.save import NotALetterError, check_not_imported, register_of, save_import

from ..background import Runner
from .base import ERROR_STYLE, as_plain, plain_label
from .import_items import ItemEditor, Proposal, merge, split

PLAN_COLOUR, COMMIT_COLOUR, CURRENT_COLOUR = "#fff1a8", "#d6ecff", "#ffb74d"
DOC_FIELDS = [("doc_number", "文号"), ("date", "复函日期"), ("issuer", "发文单位"),
              ("signer", "签发人"), ("session", "会议届次"), ("number", "提案/建议编号"),
              ("proposer", "提案人/代表"), ("title", "提案/建议标题")]


class ImportReplyDialog(QDialog):
    imported = Signal(object)  # the Changes of the import

    def __init__(self, session, parent=None, text: str | None = None, path=None):
        super().__init__(parent)
        self.session = session
        self.services, self.store = session.services, session.store
        self.parsed = None
        self.proposals: list[Proposal] = []
        self.changes = None
        self.setWindowTitle("导入复函")
        self._runner = Runner("qjtasks-letter")
        self._runner.busy_changed.connect(self._show_busy)
        self._runner.forget_when_destroyed(self)
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
        self.open_button = QPushButton("打开文件(&O)…")
        self.recognise_button = QPushButton("识别(&R)")
        self.open_button.clicked.connect(self._choose_file)
        self.recognise_button.clicked.connect(self.recognise)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(_row(QLabel("复函原文（黄色：下一步工作计划；蓝色：其他承诺）"), self.open_button,
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
        lv.addLayout(_row(self.progress, self.stop_button, self.status, stretch=False))
        self.page_view = PageImage()
        self.page_view.setObjectName("scannedPage")
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.page_caption = plain_label()
        self.page_caption.setObjectName("scannedPageCaption")
        page_scroll = self.page_scroll = QScrollArea()
        page_scroll.setWidgetResizable(True)
        page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page_scroll.setWidget(self.page_view)
        self.page_box = QWidget()
        pv = QVBoxLayout(self.page_box)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(self.page_caption)
        pv.addWidget(page_scroll, 1)
        self.page_box.hide()
        self.page_box.setMinimumWidth(240)
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
        v.addWidget(self._doc_box())
        v.addWidget(self._items_box(), 1)
        self.warnings = plain_label()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
        v.addWidget(self.warnings)
        self.lead_warning = plain_label()
        self.lead_warning.setObjectName("leadWarning")
        self.lead_warning.setWordWrap(True)
        self.lead_warning.setStyleSheet("color: #8a4b00;")
        self.lead_warning.hide()
        v.addWidget(self.lead_warning)
        return pane

    def _items_box(self) -> QGroupBox:
        self.items = QListWidget()
        self.items.setSelectionMode(QListWidget.ExtendedSelection)
        self.items.setMinimumHeight(170)
        self.items.currentRowChanged.connect(self._select)
        self.items.itemChanged.connect(self._checked)
        self.merge_button, self.split_button = QPushButton("合并所选(&M)"), QPushButton("拆分(&T)")
        self.merge_button.clicked.connect(self.merge_selected)
        self.split_button.clicked.connect(self.split_current)
        self.editor = ItemEditor(self.services.today)
        self.editor.edited.connect(self._edited)
        box = QGroupBox("拟生成的督办事项（勾选的事项将保存为“待交办”）")
        bv = QVBoxLayout(box)
        bv.addWidget(self.items, 1)
        bv.addLayout(_row(self.merge_button, self.split_button))
        bv.addWidget(self.editor)
        return box

    def _doc_box(self) -> QGroupBox:
        box = QGroupBox("复函信息（可修改）")
        grid = QGridLayout(box)
        self.fields: dict[str, QLineEdit] = {}
        self.kind = QComboBox()
        self.kind.addItems(["政协提案", "人大建议"])
        for key, _ in DOC_FIELDS:
            self.fields[key] = QLineEdit()
        for i, (key, label) in enumerate(DOC_FIELDS[:-1]):  # the title gets a full row below
            row, col = i // 2, (i % 2) * 2
            grid.addWidget(QLabel(label), row, col)
            grid.addWidget(self.fields[key], row, col + 1)
        grid.addWidget(QLabel("提案/建议标题"), 4, 0)
        grid.addWidget(self.fields["title"], 4, 1, 1, 3)
        grid.addWidget(QLabel("类型"), 3, 2)
        grid.addWidget(self.kind, 3, 3)
        self.fields["date"].setPlaceholderText("YYYY-MM-DD，原件不清时留空")
        return box

    def _set_ready(self, ready: bool) -> None:
        self.buttons.button(QDialogButtonBox.Save).setEnabled(ready)
        self.merge_button.setEnabled(ready)
        self.split_button.setEnabled(ready)

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
            pages = _page_pngs(path) if letter.ocr is not None else []
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
        self._fill_document(result)
        self.proposals = [Proposal.from_candidate(c)
                          for c in result.plan_items + result.other_commitments]
        self.editor.set_units(self._unit_names(result))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in
                                        self._duplicate_warning(result) + result.warnings))
        self._refresh(0)
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

    def _update_lead_warning(self) -> None:
        """Checked items without a 牵头单位 are named before 保存 (they cannot be 交办'd until
        one is assigned); the status bar repeats it after the import."""
        missing = [p.title or p.text[:20] for p in self.proposals if p.checked and not p.lead]
        self.lead_warning.setVisible(bool(missing))
        if missing:
            names = "、".join(f"“{t[:16]}”" for t in missing[:3]) + ("等" if len(missing) > 3 else "")
            self.lead_warning.setText(f"⚠ 已勾选的 {len(missing)} 项尚未选择牵头单位（{names}）："
                                      "可以保存，但须先“分配承办单位”才能交办")

    def _read_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, QjtasksError):
            self._show_status("")
            raise exc                           # a bug: the application's error box shows it
        self._show_status(str(exc), error=True)
        self._show_busy(False)                  # before the message box's own event loop
        self._error(str(exc))

    def _clear_result(self) -> None:
        self.parsed, self.proposals = None, []
        self.warnings.setText("")
        for edit in self.fields.values():
            edit.clear()
        self._refresh()

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

    def _fill_document(self, result) -> None:
        d = result.document
        values = {"doc_number": d.doc_number, "issuer": d.issuer,
                  "date": d.date.isoformat() if d.date else "", "signer": d.signer,
                  "session": d.proposal_session, "number": d.proposal_number,
                  "title": d.proposal_title, "proposer": d.proposer}
        for key, value in values.items():
            self.fields[key].setText(value or "")
        self.kind.setCurrentText(d.kind)

    # ---- the item list --------------------------------------------------------------------
    def _refresh(self, current: int | None = None) -> None:
        self.items.blockSignals(True)
        self.items.clear()
        for p in self.proposals:
            item = QListWidgetItem(p.label())
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if p.checked else Qt.Unchecked)
            item.setToolTip(p.text)
            self.items.addItem(item)
        self.items.blockSignals(False)
        row = current if current is not None and 0 <= current < len(self.proposals) else -1
        self.items.setCurrentRow(row)
        self._select(row)
        self._update_lead_warning()

    def _select(self, row: int) -> None:
        p = self.proposals[row] if 0 <= row < len(self.proposals) else None
        self.editor.show_proposal(p)
        self._highlight(p)
        self._show_page(p)

    def _show_page(self, p: Proposal | None) -> None:
        """The scanned page the item was read from, with its page and line."""
        if not self.scan_pages or self.ocr is None:
            return
        where = self.ocr.locate(p.text) if p is not None else None
        page = where.page if where else 1
        self.shown_page = page
        self.page_view.set_image(QImage.fromData(self.scan_pages[min(page, len(self.scan_pages)) - 1]))
        if where:                               # scroll to about where the item starts
            on_page = max(ln.line for ln in self.ocr.lines if ln.page == page)
            height = self.page_view.pixmap().height()
            self.page_scroll.verticalScrollBar().setValue(
                round(height * (where.line - 1) / max(on_page, 1)) - 40)
        self.page_caption.setText(f"原件第 {page} 页" + (f"，本事项始于第 {where.line} 行"
                                                      if where else ""))

    def _checked(self, item: QListWidgetItem) -> None:
        self.proposals[self.items.row(item)].checked = item.checkState() == Qt.Checked
        self._update_lead_warning()

    def _edited(self) -> None:
        row = self.items.currentRow()
        if 0 <= row < len(self.proposals):
            self.items.blockSignals(True)
            self.items.item(row).setText(self.proposals[row].label())
            self.items.blockSignals(False)
        self._update_lead_warning()

    def merge_selected(self) -> None:
        rows = sorted(self.items.row(i) for i in self.items.selectedItems())
        if len(rows) < 2:
            self._error("请先按住 Ctrl 选中两个或更多事项，再点“合并所选”")
            return
        merged = merge([self.proposals[r] for r in rows])
        for r in reversed(rows):
            del self.proposals[r]
        self.proposals.insert(rows[0], merged)
        self._refresh(rows[0])

    def split_current(self) -> None:
        row = self.items.currentRow()
        if not 0 <= row < len(self.proposals):
            return
        cursor = self.editor.text.textCursor().position()
        parts = split(self.proposals[row], cursor if cursor > 0 else None)
        if len(parts) < 2:
            self._error("这一事项只有一句话，无法拆分；可把光标放在要拆开的位置再点“拆分”")
            return
        self.proposals[row:row + 1] = parts
        self._refresh(row)

    # ---- highlighting ---------------------------------------------------------------------
    def _highlight(self, current: Proposal | None) -> None:
        selections = []
        for p in self.proposals:
            colour = CURRENT_COLOUR if p is current else (
                PLAN_COLOUR if p.kind == "plan" else COMMIT_COLOUR)
            selections += [self._selection(a, b, colour) for a, b in p.spans]
        self.letter.setExtraSelections(selections)
        if current is not None and current.start is not None:
            cursor = QTextCursor(self.letter.document())
            cursor.setPosition(self._qt_pos(current.start))
            self.letter.setTextCursor(cursor)
            self.letter.centerCursor()

    def _selection(self, start: int, end: int, colour: str) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(colour))
        sel.format = fmt
        cursor = QTextCursor(self.letter.document())
        cursor.setPosition(self._qt_pos(start))
        cursor.setPosition(self._qt_pos(end), QTextCursor.KeepAnchor)
        sel.cursor = cursor
        return sel

    def _qt_pos(self, index: int) -> int:
        """Qt counts UTF-16 code units; Python counts code points."""
        text = self.parsed.text if self.parsed else ""
        return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)

    def highlighted_spans(self) -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                for s in self.letter.extraSelections()]

    # ---- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        if self.busy:
            return
        if self.parsed is None:
            self._error("请先打开或粘贴复函并点“识别”")
            return
        chosen = [p for p in self.proposals if p.checked]
        try:
            drafts = [to_draft(p.candidate(), title=p.title or None, lead=p.lead,
                               co_units=p.co_units, deadline=p.deadline,
                               quote="\n".join(self.parsed.text[a:b] for a, b in p.spans))
                      for p in chosen]
            try:
                self.changes = save_import(self.services, self.parsed, drafts,
                                           proposal=self._proposal_fields(),
                                           reply=self._reply_fields())
            except NotALetterError as exc:
                if not self._insist(str(exc)):
                    return
                self.changes = save_import(self.services, self.parsed, drafts,
                                           proposal=self._proposal_fields(),
                                           reply=self._reply_fields(), force=True)
        except QjtasksError as exc:
            self._error(str(exc))
            return
        self.imported.emit(self.changes)
        self.accept()

    def _insist(self, reason: str) -> bool:
        """Text that is not a reply letter: saved only when the user presses 仍然导入."""
        box = QMessageBox(QMessageBox.Icon.Warning, "导入复函", as_plain(reason), parent=self)
        box.setObjectName("notALetter")
        box.setInformativeText("可以先在右侧填写文号、发文单位或提案编号；确是复函可点“仍然导入”。")
        force = box.addButton("仍然导入", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is force

    def _proposal_fields(self) -> dict:
        f = {k: w.text().strip() for k, w in self.fields.items()}
        return {"session": f["session"], "number": f["number"], "title": f["title"],
                "proposer": f["proposer"], "kind": self.kind.currentText()}

    def _reply_fields(self) -> dict:
        f = {k: w.text().strip() for k, w in self.fields.items()}
        return {"doc_number": f["doc_number"], "issuer": f["issuer"], "date": f["date"] or None,
                "signer": f["signer"]}

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, "导入复函", as_plain(message))


def _parse(text: str, units: list[tuple[str, str]]):
    """The recognised letter, or the Chinese reason it cannot be (the text is still shown)."""
    try:
        return parse_letter(text, units)
    except QjtasksError as exc:
        return exc


class PageImage(QLabel):
    """A scanned page shown as wide as its pane (rescaled when the pane is resized)."""

    def __init__(self):
        super().__init__()
        self.image = QImage()

    def set_image(self, image: QImage) -> None:
        self.image = image
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if not self.image.isNull() and abs(self.pixmap().width() - self._width()) > 2:
            self._fit()

    def _width(self) -> int:
        scroll = self.parentWidget().parentWidget() if self.parentWidget() else None
        view = scroll.viewport().width() if isinstance(scroll, QScrollArea) else self.width()
        return max(min(view - 2, self.image.width()), 120)

    def _fit(self) -> None:
        self.setPixmap(QPixmap.fromImage(self.image.scaledToWidth(
            self._width(), Qt.TransformationMode.SmoothTransformation)))


def _page_pngs(path, width: int = 900) -> list[bytes]:
    """The scan's pages as PNGs about `width` px wide, to show beside the text (worker)."""
    import io

    from qjtasks.paper import ocr
    out = []
    for image in ocr.page_images(Path(path).read_bytes(), Path(path).name, dpi=110):
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)))
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        out.append(buf.getvalue())
    return out


def _row(*widgets, stretch: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    if stretch:
        row.addStretch(1)
    return row
