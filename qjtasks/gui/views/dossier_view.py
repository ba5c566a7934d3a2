"""The dossier view: the reply letter's full text beside the items drawn from it.

Selecting an item highlights the sentence it came from (source_start..source_end) and scrolls
to it; clicking in the letter selects the item whose span contains the click.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.filters import ItemFilter

HIGHLIGHT = QColor("#ffe58a")


def utf16_offset(text: str, index: int) -> int:
    """Qt counts UTF-16 code units; Python counts code points."""
    return len(text[:index].encode("utf-16-le")) // 2


class DossierView(QWidget):
    item_chosen = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.reply_id: int | None = None
        self._text = ""
        self._spans: list[tuple[int, int, int]] = []  # (start, end, item_id) in UTF-16 units
        self.setObjectName("dossierView")
        self.replies = QComboBox()
        self.replies.setObjectName("replyChooser")
        self.replies.currentIndexChanged.connect(
            lambda _i: self.show_reply(self.replies.currentData()))
        self.letter = QPlainTextEdit(readOnly=True)
        self.letter.setObjectName("letterText")
        self.letter.cursorPositionChanged.connect(self._clicked_in_text)
        self.items = QListWidget()
        self.items.setObjectName("dossierItems")
        self.items.setWordWrap(True)
        self.items.currentItemChanged.connect(self._item_selected)
        self._layout()

    def _layout(self) -> None:
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("由本复函形成的督办事项（选中即在左侧标出原文）"))
        rl.addWidget(self.items)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("dossierSplitter")
        self.splitter.addWidget(self.letter)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.replies)
        layout.addWidget(self.splitter, 1)

    def load_replies(self) -> None:
        """Fill the reply chooser (cheap: done when the view is first shown)."""
        self.replies.blockSignals(True)
        self.replies.clear()
        for reply in self.session.store.dossiers.replies():
            self.replies.addItem(f"{reply.doc_number}（{reply.issuer}，{reply.date or ''}）",
                                 reply.id)
        self.replies.blockSignals(False)
        if self.replies.count() == 0:
            self.letter.setPlainText("尚无复函：通过“文件 → 导入复函”导入，或在命令行使用 "
                                     "qjtasks dossier add。")
            return
        idx = max(self.replies.findData(self.reply_id), 0)
        self.replies.setCurrentIndex(idx)
        self.show_reply(self.replies.itemData(idx))

    def show_reply(self, reply_id: int | None) -> None:
        if reply_id is None:
            return
        self.reply_id = reply_id
        idx = self.replies.findData(reply_id)
        if idx >= 0 and idx != self.replies.currentIndex():
            self.replies.blockSignals(True)
            self.replies.setCurrentIndex(idx)
            self.replies.blockSignals(False)
        self._text = self.session.store.dossiers.reply(reply_id).full_text
        self.letter.blockSignals(True)
        self.letter.setPlainText(self._text)
        self.letter.blockSignals(False)
        self._fill_items(reply_id)

    def _fill_items(self, reply_id: int) -> None:
        rows = self.session.store.lists.items(ItemFilter(reply_id=reply_id),
                                             today=self.session.today, limit=None)
        self.items.blockSignals(True)
        self.items.clear()
        self._spans = []
        for r in rows:
            indent = "    " if r["parent_id"] else ""
            entry = QListWidgetItem(f"{indent}{r['title']}  〔{r['lead_name'] or '未分配'}〕")
            entry.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.items.addItem(entry)
            if r["source_start"] is not None and r["source_end"] is not None:
                self._spans.append((utf16_offset(self._text, r["source_start"]),
                                    utf16_offset(self._text, r["source_end"]), r["id"]))
        self.items.blockSignals(False)

    def select_item(self, item_id: int) -> None:
        for n in range(self.items.count()):
            if self.items.item(n).data(Qt.ItemDataRole.UserRole) == item_id:
                self.items.setCurrentRow(n)
                return

    def _item_selected(self, current, _previous) -> None:
        if current is None:
            return
        item_id = current.data(Qt.ItemDataRole.UserRole)
        span = next((s for s in self._spans if s[2] == item_id), None)
        self._highlight(span)
        self.item_chosen.emit(item_id)

    def _highlight(self, span) -> None:
        if span is None:
            self.letter.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.letter.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        sel.cursor, sel.format = cursor, fmt
        self.letter.setExtraSelections([sel])
        view_cursor = QTextCursor(self.letter.document())
        view_cursor.setPosition(span[0])
        self.letter.blockSignals(True)
        self.letter.setTextCursor(view_cursor)
        self.letter.centerCursor()
        self.letter.blockSignals(False)

    def highlighted_text(self) -> str:
        sels = self.letter.extraSelections()
        return sels[0].cursor.selectedText() if sels else ""

    def _clicked_in_text(self) -> None:
        pos = self.letter.textCursor().position()
        hits = [s for s in self._spans if s[0] <= pos < s[1]]
        if hits:
            self.select_item(min(hits, key=lambda s: s[1] - s[0])[2])
