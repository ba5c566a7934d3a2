"""今日需催办: today's list with the proposed rung per item, and the one-step chase.

The first tab lists items past or near their deadline, each with the rung reached and the rung
proposed (changeable per row); rows whose rung falls due today are ticked. "登记所选催办" records
one chase per ticked row through `core.ladder.act`, in one transaction, then reloads. The second
tab lists feedback and 协办 input overdue and requests waiting for a decision. Constructed with
(session, parent); `changed` carries the `Changes` for the window to broadcast.

At 100,000 items the list runs to thousands of rows: the work-out and the recording run on a
worker (`background.Runner`, a connection of its own), and the tables are models over the
entries (`gui.models.today`) with a combo-box delegate for the rung (`gui.models.delegates`).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core import ladder
from qjtasks.core.errors import QjtasksError
from qjtasks.core.services import Services
from qjtasks.core.validate import date as parse_date
from qjtasks.gui.background import Runner, aside, can_reopen, failure_text
from qjtasks.gui.dialogs.base import fit_to_screen
from qjtasks.gui.models.delegates import RungDelegate
from qjtasks.gui.models.today import OTHER_COLUMNS, RUNG_COLUMN, LadderModel, RowsModel
from qjtasks.gui.style import ERROR_STYLE


def _other_rows(work: ladder.WorkOut) -> list[tuple]:
    rows = [("反馈超期", e["item_id"], e["title"], e["lead"], e["feedback_due"],
             e["overdue_workdays"]) for e in work.feedback_overdue]
    rows += [("协办意见超期", e["item_id"], e["title"], e["unit"], e["input_due"],
              e["overdue_workdays"]) for e in work.input_overdue]
    rows += [("延期申请待审批", e["item_id"], e["title"], e["unit"] or "", e["on_date"], "")
             for e in work.extensions_waiting]
    rows += [("办结申请待审核", e["item_id"], e["title"], e["unit"] or "", e["on_date"], "")
             for e in work.completions_waiting]
    return rows


def _summary(work: ladder.WorkOut, today: dt.date) -> str:
    if not work.total():
        return "今日无需催办的事项"
    return (f"{today:%Y年%-m月%-d日}：逾期 {len(work.past_deadline)} 项，即将到期 "
            f"{len(work.entering_yellow)} 项，建议今日催办 {len(work.proposals())} 项；反馈超期 "
            f"{len(work.feedback_overdue)} 项，协办意见超期 {len(work.input_overdue)} 项，待审批 "
            f"{len(work.extensions_waiting) + len(work.completions_waiting)} 项")


class TodayDialog(QDialog):
    changed = Signal(object)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.services, self.store = session.services, session.store
        self.today = session.today
        self.recording = False
        self._note = ""                   # what the last recording did, shown before the summary
        self._runner = Runner("qjtasks-today")
        self._runner.busy_changed.connect(self._show_busy)
        self._runner.forget_when_destroyed(self)
        self.setWindowTitle("今日需催办")
        fit_to_screen(self, 1100, 560)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.model = LadderModel(self)
        self.table = self._view(self.model)
        self.table.setItemDelegateForColumn(RUNG_COLUMN, RungDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.others_model = RowsModel(OTHER_COLUMNS, self)
        self.others = self._view(self.others_model)
        tabs = QTabWidget()
        tabs.addTab(self.table, "逾期与即将到期")
        tabs.addTab(self.others, "反馈超期与待审批")
        self.tabs = tabs
        layout = QVBoxLayout(self)
        for w in (self.summary, self.busy_bar, self.error, tabs, self._action_bar()):
            layout.addWidget(w)
        self.reload()

    @staticmethod
    def _view(model) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(100)   # widths from 100 rows: 1,000 cost 0.3 s
        return view

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
        self.all_button = QPushButton("全选(&A)")
        self.all_button.clicked.connect(lambda: self.model.check_all(True))
        self.none_button = QPushButton("全不选(&N)")
        self.none_button.clicked.connect(lambda: self.model.check_all(False))
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)          # Enter in a field never re-ticks the list
        self.act_button = QPushButton("登记所选催办(&R)")
        self.act_button.clicked.connect(self.act)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        for w in (self.all_button, self.none_button, QLabel("催办日期"), self.date_edit,
                  self.person, self.print_box):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.act_button)
        row.addWidget(self.close_button)
        return bar

    # ---- rows, for the window and tests ---------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._runner.busy

    @property
    def entries(self) -> list[dict]:
        return self.model.entries

    def rung(self, row: int) -> str:
        return self.model.rungs[row]

    def set_rung(self, row: int, rung: str) -> None:
        self.model.setData(self.model.index(row, RUNG_COLUMN), rung)

    def is_checked(self, row: int) -> bool:
        return self.model.checked[row]

    def set_checked(self, row: int, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.model.setData(self.model.index(row, 0), state.value, Qt.ItemDataRole.CheckStateRole)

    def cell(self, row: int, column: int, *, others: bool = False) -> str:
        model = self.others_model if others else self.model
        return model.index(row, column).data() or ""

    def selection(self) -> list[tuple[int, str]]:
        return self.model.selection()

    # ---- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Work out today's list on the worker; the tables fill when it arrives."""
        main, today = self.store, self.today

        def work(_task):
            with aside(main) as store:
                return ladder.work_out(store, today)
        self.summary.setText(f"{self._note}正在计算今日需催办……")
        self._runner.start(work, self._loaded, self._failed, inline=not can_reopen(main))

    def _loaded(self, work: ladder.WorkOut) -> None:
        self.model.load(work.past_deadline + work.entering_yellow)
        self.others_model.load(_other_rows(work))
        for view in (self.table, self.others):
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            header.resizeSection(3, min(header.sectionSize(3), 360))
        notes = "".join(f"\n提示：{line}" for line in work.calendar_notes)
        self.summary.setText(self._note + _summary(work, self.today) + notes)
        self._note = ""

    def _failed(self, exc: BaseException) -> None:
        self.recording = False
        self.summary.setText(self._note)
        self.error.setText(failure_text(exc, "无法计算今日需催办"))
        self.error.show()

    def _show_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.close_button.setEnabled(not self.recording)
        self.act_button.setEnabled(not busy and bool(self.model.entries)
                                   and not self.store.readonly)

    # ---- action ---------------------------------------------------------------------------
    def act(self) -> None:
        """Record the ticked chases (one transaction, on the worker), print, then reload."""
        if self.busy:
            return
        self.error.hide()
        selection = self.selection()
        try:
            on = parse_date(self.date_edit.text(), "催办日期", required=True)
            ladder.check_selection(selection)
        except QjtasksError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        written = [i for i, rung in selection if ladder.RUNG_METHOD[rung] == "书面"]
        path = self._print_path(on) if self.print_box.isChecked() and written else None
        main, services, person = self.store, self.services, self.person.text()
        printing = self.print_box.isChecked()

        def work(_task):
            with aside(main, write=True) as store:
                own = services if store is main else Services(
                    store, actor=services.actor, clock=services.clock)
                changes = ladder.act(own, selection, chased_on=on, person_reached=person)
                return changes, _print(store, on, written, path, printing)
        self.recording = True
        self.summary.setText(f"正在登记 {len(selection)} 项催办……")
        self._runner.start(work, self._recorded, self._failed, inline=not can_reopen(main))

    def _print_path(self, on: dt.date) -> Path | None:
        if self.print_path is not None:
            return self.print_path
        name, _ = QFileDialog.getSaveFileName(self, "保存催办通知单", f"催办通知单-{on}.pdf",
                                              "PDF (*.pdf)")
        return Path(name) if name else None

    def _recorded(self, outcome) -> None:
        changes, printed = outcome
        self.recording = False
        self.changed.emit(changes)
        self._note = f"{changes.message}{printed}。"
        self.reload()


def _print(store, on: dt.date, written: list[int], path: Path | None, printing: bool) -> str:
    """Print the written notices just recorded; the words that say what happened."""
    if not printing:
        return ""
    if not written:
        return "（均为电话提醒，无需打印）"
    if path is None:
        return "（未生成催办通知单）"
    from qjtasks.pdf.circular import render_chases
    try:
        render_chases(store, written, on, path)
    except QjtasksError as err:
        return f"（催办通知单未生成：{err}）"
    return f"，已生成催办通知单 {len(written)} 份：{path}"
