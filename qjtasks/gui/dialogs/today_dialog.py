"""今日需催办: today's list with the proposed rung per item, and the one-step chase.

The first tab lists items past or near their deadline, each with the rung reached and the rung
proposed (changeable per row); rows whose rung falls due today are ticked. "登记所选催办" records
one chase per ticked row through `core.ladder.act`, in one transaction, then reloads. The second
tab lists feedback and 协办 input overdue and requests waiting for a decision. Constructed with
(services, store, parent); `changed` carries the `Changes` for the window to broadcast.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core import ladder
from qjtasks.core.errors import QjtasksError
from qjtasks.core.validate import date as parse_date

LADDER_COLUMNS = ["选择", "编号", "督办编号", "事项", "牵头单位", "办结时限", "工作日",
                  "已到层级", "建议层级", "应于"]
OTHER_COLUMNS = ["类别", "编号", "事项", "单位", "日期", "超期工作日"]
ERROR_STYLE = "color: #c5221f;"


def _cell(text) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class TodayDialog(QDialog):
    changed = Signal(object)

    def __init__(self, services, store, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.services, self.store = services, store
        self.today = today or dt.date.today()
        self.entries: list[dict] = []
        self.setWindowTitle("今日需催办")
        self.resize(1100, 560)
        self.summary = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.table = self._table(LADDER_COLUMNS)
        self.others = self._table(OTHER_COLUMNS)
        tabs = QTabWidget()
        tabs.addTab(self.table, "逾期与即将到期")
        tabs.addTab(self.others, "反馈超期与待审批")
        self.tabs = tabs
        layout = QVBoxLayout(self)
        for w in (self.summary, self.error, tabs, self._action_bar()):
            layout.addWidget(w)
        self.reload()

    @staticmethod
    def _table(columns: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(columns)
        table.verticalHeader().hide()
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _action_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.date_edit = QLineEdit(self.today.isoformat())
        self.date_edit.setMaximumWidth(140)
        self.person = QLineEdit()
        self.person.setPlaceholderText("联系到的人（可空）")
        self.print_box = QCheckBox("同时生成催办通知单(&P)")
        self.print_box.setToolTip("为书面催办（催办通知1、2、通报）生成一个 PDF，每份两联")
        self.print_path: Path | None = None   # set by tests; otherwise asked for
        self.act_button = QPushButton("登记所选催办(&R)")
        self.act_button.clicked.connect(self.act)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        for w in (QLabel("催办日期"), self.date_edit, self.person, self.print_box):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.act_button)
        row.addWidget(close)
        return bar

    # ---- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        work = ladder.work_out(self.store, self.today)
        self.entries = work.past_deadline + work.entering_yellow
        self._fill_ladder()
        self._fill_others(work)
        due = len(work.proposals())
        self.summary.setText(
            f"{self.today:%Y年%-m月%-d日}：逾期 {len(work.past_deadline)} 项，即将到期 "
            f"{len(work.entering_yellow)} 项，建议今日催办 {due} 项；反馈超期 "
            f"{len(work.feedback_overdue)} 项，协办意见超期 {len(work.input_overdue)} 项，待审批 "
            f"{len(work.extensions_waiting) + len(work.completions_waiting)} 项"
            if work.total() else "今日无需催办的事项")
        self.act_button.setEnabled(bool(self.entries) and not self.store.readonly)

    def _fill_ladder(self) -> None:
        t = self.table
        t.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            check = QTableWidgetItem()
            check.setCheckState(Qt.CheckState.Checked if e["due_now"] and e["next_rung"]
                                else Qt.CheckState.Unchecked)
            t.setItem(r, 0, check)
            late = (f"逾期{e['overdue_workdays']}" if e["overdue_workdays"]
                    else f"剩{e['remaining_workdays']}")
            for c, v in enumerate([e["item_id"], e["serial"], e["title"], e["lead"],
                                   e["deadline"], late, e["reached"] or "—"], start=1):
                t.setItem(r, c, _cell(v))
            t.setCellWidget(r, 8, self._rung_box(e))
            t.setItem(r, 9, _cell("今日" if e["due_now"] else e["due_on"] or "（已通报）"))

    @staticmethod
    def _rung_box(entry: dict) -> QComboBox:
        box = QComboBox()
        box.addItems(list(ladder.RUNGS))
        if entry["next_rung"]:
            box.setCurrentText(entry["next_rung"])
        return box

    def _fill_others(self, work: ladder.WorkOut) -> None:
        rows = [("反馈超期", e["item_id"], e["title"], e["lead"], e["feedback_due"],
                 e["overdue_workdays"]) for e in work.feedback_overdue]
        rows += [("协办意见超期", e["item_id"], e["title"], e["unit"], e["input_due"],
                  e["overdue_workdays"]) for e in work.input_overdue]
        rows += [("延期申请待审批", e["item_id"], e["title"], e["unit"] or "", e["on_date"], "")
                 for e in work.extensions_waiting]
        rows += [("办结申请待审核", e["item_id"], e["title"], e["unit"] or "", e["on_date"], "")
                 for e in work.completions_waiting]
        self.others.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                self.others.setItem(r, c, _cell(v))

    # ---- action ---------------------------------------------------------------------------
    def selection(self) -> list[tuple[int, str]]:
        out = []
        for r, e in enumerate(self.entries):
            if self.table.item(r, 0).checkState() == Qt.CheckState.Checked:
                out.append((e["item_id"], self.table.cellWidget(r, 8).currentText()))
        return out

    def act(self) -> None:
        self.error.hide()
        selection = self.selection()
        try:
            on = parse_date(self.date_edit.text(), "催办日期", required=True)
            changes = ladder.act(self.services, selection, chased_on=on,
                                 person_reached=self.person.text())
        except QjtasksError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.changed.emit(changes)
        printed = self._print(on, selection) if self.print_box.isChecked() else ""
        self.reload()
        self.summary.setText(f"{changes.message}{printed}。{self.summary.text()}")

    def _print(self, on: dt.date, selection: list[tuple[int, str]]) -> str:
        from qjtasks.pdf.circular import render_chases
        written = [i for i, rung in selection if ladder.RUNG_METHOD[rung] == "书面"]
        if not written:
            return "（均为电话提醒，无需打印）"
        path = self.print_path
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "保存催办通知单", f"催办通知单-{on}.pdf",
                                                  "PDF (*.pdf)")
            if not name:
                return "（未生成催办通知单）"
            path = Path(name)
        try:
            render_chases(self.store, written, on, path)
        except QjtasksError as err:
            return f"（催办通知单未生成：{err}）"
        return f"，已生成催办通知单 {len(written)} 份：{path}"
