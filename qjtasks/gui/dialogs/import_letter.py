"""The letter's side of the import dialog: its text with the items' spans marked, the scanned
page an item was read from, and the 复函信息 fields.

`LetterMarks` colours each proposal's spans in the letter (the current one stronger) and scrolls
to it; `ScannedPage` shows a scan's page as wide as its pane with the item's page and line under
it; `DocumentForm` holds the letter's number, issuer, date … as the clerk corrects them and
gives them back as the proposal and reply fields `importers.save.save_import` takes.
"""
from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from .base import plain_label
from .import_items import Proposal

PLAN_COLOUR, COMMIT_COLOUR, CURRENT_COLOUR = "#fff1a8", "#d6ecff", "#ffb74d"
DOC_FIELDS = [("doc_number", "文号"), ("date", "复函日期"), ("issuer", "发文单位"),
              ("signer", "签发人"), ("session", "会议届次"), ("number", "提案/建议编号"),
              ("proposer", "提案人/代表"), ("title", "提案/建议标题")]


class LetterMarks:
    """The proposals' spans coloured in the letter: yellow the plan, blue other commitments,
    orange the current one, which is scrolled into view."""

    def __init__(self, letter: QPlainTextEdit):
        self.letter = letter
        self.text = ""                  # the recognised text the spans point into

    def mark(self, proposals: list[Proposal], current: Proposal | None, text: str) -> None:
        self.text = text
        selections = []
        for p in proposals:
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
        return index + sum(1 for ch in self.text[:index] if ord(ch) > 0xFFFF)

    def spans(self) -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd())
                for s in self.letter.extraSelections()]


class ScannedPage(QWidget):
    """The scanned page an item was read from, with its page and line (`shown_page`)."""

    def __init__(self):
        super().__init__()
        self.view = PageImage()
        self.view.setObjectName("scannedPage")
        self.view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.caption = plain_label()
        self.caption.setObjectName("scannedPageCaption")
        scroll = self.scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.view)
        pv = QVBoxLayout(self)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(self.caption)
        pv.addWidget(scroll, 1)
        self.hide()
        self.setMinimumWidth(240)
        self.shown_page: int | None = None

    def show_for(self, p: Proposal | None, pages: list[bytes], ocr) -> None:
        """The page of `pages` (PNGs) the item starts on, scrolled to about its line."""
        if not pages or ocr is None:
            return
        where = ocr.locate(p.text) if p is not None else None
        page = where.page if where else 1
        self.shown_page = page
        self.view.set_image(QImage.fromData(pages[min(page, len(pages)) - 1]))
        if where:                               # scroll to about where the item starts
            on_page = max(ln.line for ln in ocr.lines if ln.page == page)
            height = self.view.pixmap().height()
            self.scroll.verticalScrollBar().setValue(
                round(height * (where.line - 1) / max(on_page, 1)) - 40)
        self.caption.setText(f"原件第 {page} 页" + (f"，本事项始于第 {where.line} 行"
                                                 if where else ""))


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


def page_pngs(path, width: int = 900) -> list[bytes]:
    """The scan's pages as PNGs about `width` px wide, to show beside the text (worker)."""
    from qjtasks.paper import ocr
    out = []
    for image in ocr.page_images(Path(path).read_bytes(), Path(path).name, dpi=110):
        if image.width > width:
            image = image.resize((width, round(image.height * width / image.width)))
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        out.append(buf.getvalue())
    return out


class DocumentForm(QGroupBox):
    """复函信息（可修改）: the letter's facts as recognised, for the clerk to correct."""

    def __init__(self):
        super().__init__("复函信息（可修改）")
        grid = QGridLayout(self)
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

    def fill(self, d) -> None:
        """From the recognised `importers` document."""
        values = {"doc_number": d.doc_number, "issuer": d.issuer,
                  "date": d.date.isoformat() if d.date else "", "signer": d.signer,
                  "session": d.proposal_session, "number": d.proposal_number,
                  "title": d.proposal_title, "proposer": d.proposer}
        for key, value in values.items():
            self.fields[key].setText(value or "")
        self.kind.setCurrentText(d.kind)

    def clear(self) -> None:
        for edit in self.fields.values():
            edit.clear()

    def proposal_fields(self) -> dict:
        f = {k: w.text().strip() for k, w in self.fields.items()}
        return {"session": f["session"], "number": f["number"], "title": f["title"],
                "proposer": f["proposer"], "kind": self.kind.currentText()}

    def reply_fields(self) -> dict:
        f = {k: w.text().strip() for k, w in self.fields.items()}
        return {"doc_number": f["doc_number"], "issuer": f["issuer"], "date": f["date"] or None,
                "signer": f["signer"]}
