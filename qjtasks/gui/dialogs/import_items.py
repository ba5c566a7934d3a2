"""The editable list of proposed items in the import dialog, and the editor for one item.

`Proposal` is the dialog's working copy of a candidate (text, title, lead, co-units, deadline,
whether it will be saved). `ItemEditor` edits one proposal; merge and split are plain functions
on proposals so they can be tested without widgets. `ProposalList` is the pane around them: the
list to tick, 合并所选 and 拆分, the editor, and the warning naming ticked items without a lead.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qjtasks.importers.model import Candidate, short_title

from .base import as_plain, hrow, plain_label


@dataclass
class Proposal:
    """A proposed item; `spans` are the pieces of the letter its text was taken from."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "plan"
    section: str = ""
    title: str = ""
    lead: str = ""
    co_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    hint: str | None = None
    checked: bool = True
    origin: str = ""              # the text as taken from the letter, before any editing
    sub_items: list[Candidate] = field(default_factory=list)   # saved as its sub-items

    @classmethod
    def from_candidate(cls, c: Candidate) -> Proposal:
        return cls(text=c.text, spans=[(c.start, c.end)], kind=c.kind, section=c.section,
                   title=c.title, co_units=list(c.units), hint=c.deadline_hint,
                   checked=c.kind == "plan", origin=c.text, sub_items=list(c.sub_items))

    @property
    def start(self) -> int | None:
        return min(a for a, _ in self.spans) if self.spans else None

    @property
    def end(self) -> int | None:
        return max(b for _, b in self.spans) if self.spans else None

    def candidate(self) -> Candidate:
        return Candidate(text=self.text, start=self.start, end=self.end, units=self.co_units,
                         deadline_hint=self.hint, section=self.section, kind=self.kind,
                         sub_items=list(self.sub_items))

    def label(self) -> str:
        tag = "计划" if self.kind == "plan" else "承诺"
        subs = f"（含{len(self.sub_items)}项子事项）" if self.sub_items else ""
        return f"【{tag}】{self.title or short_title(self.text)}{subs}"


def merge(parts: list[Proposal]) -> Proposal:
    """One proposal covering all `parts` (in letter order); texts joined, units united."""
    parts = sorted(parts, key=lambda p: p.start if p.start is not None else 1 << 30)
    first = parts[0]
    text = "\n".join(p.text for p in parts)
    intact = all(p.text == p.origin for p in parts)
    return Proposal(text=text, spans=[s for p in parts for s in p.spans],
                    kind="plan" if any(p.kind == "plan" for p in parts) else "commitment",
                    section=first.section, title=first.title, lead=first.lead,
                    co_units=list(dict.fromkeys(u for p in parts for u in p.co_units)),
                    deadline=first.deadline, hint=first.hint, checked=True,
                    origin=text if intact else "",
                    sub_items=[s for p in parts for s in p.sub_items])


def split(p: Proposal, at: int | None = None) -> list[Proposal]:
    """Split at character `at` of the text, or else into sentences (and at merged joins)."""
    if at is not None and 0 < at < len(p.text.rstrip()):
        bounds = [0, at, len(p.text)]
    else:
        cuts = {m.end() for m in re.finditer(r"[。；\n]", p.text)} - {len(p.text)}
        bounds = [0, *sorted(cuts), len(p.text)]
    pieces = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if p.text[a:b].strip()]
    if len(pieces) < 2:
        return [p]
    out = [_piece(p, a, b) for a, b in pieces]
    out[0].sub_items = list(p.sub_items)      # a parent's sub-items stay with its first part
    return out


def _piece(p: Proposal, a: int, b: int) -> Proposal:
    raw = p.text[a:b]
    a += len(raw) - len(raw.lstrip())
    b -= len(raw) - len(raw.rstrip())
    text = p.text[a:b]
    spans = _map_spans(p, a, b) if p.text == p.origin else []
    return Proposal(text=text, spans=spans, kind=p.kind, section=p.section,
                    title=short_title(text), lead=p.lead, co_units=list(p.co_units),
                    deadline=p.deadline, hint=p.hint, checked=p.checked,
                    origin=text if spans else "")


def _map_spans(p: Proposal, a: int, b: int) -> list[tuple[int, int]]:
    """Letter spans of text[a:b], given that text is the letter spans joined by newlines."""
    out, pos = [], 0
    for start, end in p.spans:
        lo, hi = max(a, pos), min(b, pos + end - start)
        if lo < hi:
            out.append((start + lo - pos, start + hi - pos))
        pos += end - start + 1
    return out


class ItemEditor(QWidget):
    """Title, text, lead unit, co-units and deadline of the selected proposal."""

    edited = Signal()

    def __init__(self, today, parent=None):
        """`today`: the session's day, called when a default deadline is needed."""
        super().__init__(parent)
        self._today = today
        self.proposal: Proposal | None = None
        self.title = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(70)
        self.text.setMaximumHeight(120)
        self.lead = QComboBox()
        self.co_units = QListWidget()
        self.co_units.setMaximumHeight(110)
        self.has_deadline = QCheckBox("设定")
        self.deadline = QDateEdit(calendarPopup=True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.hint = QLabel()
        self._build()
        self._connect()
        self.setEnabled(False)

    def _build(self) -> None:
        form = QFormLayout(self)
        form.addRow("事项名称", self.title)
        form.addRow("督办内容", self.text)
        form.addRow("牵头单位", self.lead)
        form.addRow("配合单位", self.co_units)
        row = QHBoxLayout()
        for w in (self.has_deadline, self.deadline, self.hint):
            row.addWidget(w)
        row.addStretch(1)
        form.addRow("办结时限", row)

    def _connect(self) -> None:
        self.title.textChanged.connect(self._store)
        self.text.textChanged.connect(self._store)
        self.lead.currentIndexChanged.connect(self._store)
        self.co_units.itemChanged.connect(self._store)
        self.has_deadline.toggled.connect(self._store)
        self.deadline.dateChanged.connect(self._store)

    def set_units(self, names: list[str]) -> None:
        self.lead.blockSignals(True)
        self.lead.clear()
        self.lead.addItem("（请选择）", "")
        for n in names:
            self.lead.addItem(n, n)
        self.lead.blockSignals(False)
        self.co_units.blockSignals(True)
        self.co_units.clear()
        for n in names:
            item = QListWidgetItem(n)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.co_units.addItem(item)
        self.co_units.blockSignals(False)

    def show_proposal(self, p: Proposal | None) -> None:
        self.proposal = None
        self.setEnabled(p is not None)
        p = p or Proposal("")
        self.title.setText(p.title)
        self.text.setPlainText(p.text)
        self.lead.setCurrentIndex(max(0, self.lead.findData(p.lead)))
        for i in range(self.co_units.count()):
            item = self.co_units.item(i)
            item.setCheckState(Qt.Checked if item.text() in p.co_units else Qt.Unchecked)
        self.has_deadline.setChecked(p.deadline is not None)
        self.deadline.setDate(QDate(p.deadline) if p.deadline else QDate(self._today()).addMonths(3))
        self.deadline.setEnabled(p.deadline is not None)
        self.hint.setText(f"原文时限：{p.hint}" if p.hint else "原文未写明时限")
        self.proposal = p if p.text or p.title else None

    def _store(self, *_) -> None:
        p = self.proposal
        if p is None:
            return
        p.title = self.title.text().strip()
        p.text = self.text.toPlainText()
        p.lead = self.lead.currentData() or ""
        p.co_units = [self.co_units.item(i).text() for i in range(self.co_units.count())
                      if self.co_units.item(i).checkState() == Qt.Checked]
        self.deadline.setEnabled(self.has_deadline.isChecked())
        p.deadline = self.deadline.date().toPython() if self.has_deadline.isChecked() else None
        self.edited.emit()


class ProposalList(QGroupBox):
    """The proposed items: tick the ones to save, merge or split them, edit the current one.

    `proposals` is one list for the dialog's whole life (changed in place), so the dialog may
    hold it too; `current_changed(Proposal | None)` says which one is being edited.
    `lead_warning` names ticked items without a 牵头单位; the dialog places it."""

    current_changed = Signal(object)

    def __init__(self, today):
        super().__init__("拟生成的督办事项（勾选的事项将保存为“待交办”）")
        self.proposals: list[Proposal] = []
        self.items = QListWidget()
        self.items.setSelectionMode(QListWidget.ExtendedSelection)
        self.items.setMinimumHeight(170)
        self.items.currentRowChanged.connect(self._select)
        self.items.itemChanged.connect(self._checked)
        self.merge_button, self.split_button = QPushButton("合并所选(&M)"), QPushButton("拆分(&T)")
        self.merge_button.clicked.connect(self.merge_selected)
        self.split_button.clicked.connect(self.split_current)
        self.editor = ItemEditor(today)
        self.editor.edited.connect(self._edited)
        bv = QVBoxLayout(self)
        bv.addWidget(self.items, 1)
        bv.addLayout(hrow(self.merge_button, self.split_button))
        bv.addWidget(self.editor)
        self.lead_warning = plain_label()
        self.lead_warning.setObjectName("leadWarning")
        self.lead_warning.setWordWrap(True)
        self.lead_warning.setStyleSheet("color: #8a4b00;")
        self.lead_warning.hide()

    def show_proposals(self, proposals: list[Proposal], current: int | None = None) -> None:
        self.proposals[:] = proposals
        self.refresh(current)

    def refresh(self, current: int | None = None) -> None:
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

    def set_ready(self, ready: bool) -> None:
        self.merge_button.setEnabled(ready)
        self.split_button.setEnabled(ready)

    def _select(self, row: int) -> None:
        p = self.proposals[row] if 0 <= row < len(self.proposals) else None
        self.editor.show_proposal(p)
        self.current_changed.emit(p)

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
        self.refresh(rows[0])

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
        self.refresh(row)

    def _update_lead_warning(self) -> None:
        """Checked items without a 牵头单位 are named before 保存 (they cannot be 交办'd until
        one is assigned); the status bar repeats it after the import."""
        missing = [p.title or p.text[:20] for p in self.proposals if p.checked and not p.lead]
        self.lead_warning.setVisible(bool(missing))
        if missing:
            names = "、".join(f"“{t[:16]}”" for t in missing[:3]) + ("等" if len(missing) > 3 else "")
            self.lead_warning.setText(f"⚠ 已勾选的 {len(missing)} 项尚未选择牵头单位（{names}）："
                                      "可以保存，但须先“分配承办单位”才能交办")

    def _error(self, message: str) -> None:
        QMessageBox.warning(self.window(), "导入复函", as_plain(message))
