"""Daily supervision in the main window: menu entries, the hourly check, the ladder line.

`install(window)` adds to the 办理 and 文件 menus: 今日需催办 (the list with proposed rungs and
the one-step chase), 导入台账 / 导出台账 (Excel ledgers), 通报草稿 and 周报/月报 (PDF), and starts
the `DailyCheck` (at start-up and every hour; a tray balloon where a tray exists, a status-bar
line always). Everything the dialogs change is broadcast through `session.ops`, so the table and
detail pane refresh as after any other operation. `ladder_html` is the detail pane's 催办 line.
The ledger export and the PDFs are made on a worker thread with a connection of its own (an
export of the whole list at 100,000 items takes tens of seconds); the window stays live and a
progress dialog shows after a moment.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog

from qjtasks.core import ladder
from qjtasks.gui.daily_check import DailyCheck

ENTRIES = [  # (menu, key, text, shortcut); what each runs: `DailyFeatures.slots()`
    ("handle", "today", "今日需催办…", "Ctrl+T"),
    ("file", "import_ledger", "导入台账（Excel/CSV）…", None),
    ("file", "export_ledger", "导出当前列表为台账（.xlsx）…", None),
    ("file", "circular", "生成逾期通报草稿（PDF）…", None),
    ("file", "summary", "生成周报/月报（PDF）…", None),
]
WRITES = {"today", "import_ledger"}


class DailyFeatures:
    def __init__(self, window):
        self.window = window
        self.session = window.session
        self.last_output: Path | None = None
        slots = self.slots()
        for menu, key, text, shortcut in ENTRIES:
            action = window.actions_.add(menu, key, text, slots[key], shortcut)
            if key in WRITES:
                window.actions_.mark_write(action)
        self.check = DailyCheck(self.session.store, window, today=lambda: self.session.today)
        self.check.noticed.connect(self._noticed)
        self.check.open_requested.connect(self.open_today)

    def slots(self) -> dict[str, Callable]:
        """Menu key → what it runs."""
        return {"today": self.open_today, "import_ledger": self.import_ledger,
                "export_ledger": self.export_ledger, "circular": self.circular,
                "summary": self.summary}

    def start(self) -> None:
        self.check.start()

    def _noticed(self, notice) -> None:
        self.window.statusBar().showMessage(f"{notice.title}（菜单“办理 → 今日需催办”）", 60_000)

    # ---- dialogs --------------------------------------------------------------------------
    def open_today(self):
        from qjtasks.gui.dialogs.today_dialog import TodayDialog
        dialog = TodayDialog(self.session, self.window)
        dialog.changed.connect(self.session.ops.broadcast)
        dialog.show()
        dialog.raise_()
        return dialog

    def import_ledger(self):
        from qjtasks.gui.dialogs.ledger_import import LedgerImportDialog
        dialog = LedgerImportDialog(self.session, self.window)
        dialog.changed.connect(self.session.ops.broadcast)
        dialog.show()
        if not dialog.path_edit.text():
            dialog.browse()
        return dialog

    def _save_path(self, title: str, name: str, pattern: str) -> Path | None:
        path, chosen = QFileDialog.getSaveFileName(self.window, title, name, pattern)
        if not path:
            return None
        return _with_suffix(Path(path), chosen)

    def export_ledger(self, path: Path | None = None):
        """Export the current list in the background; returns the worker (None if cancelled)."""
        from qjtasks.exchange.xlsx import export_items
        path = path or self._save_path("导出台账", f"督办台账-{self.session.today}.xlsx",
                                       "Excel 工作簿 (*.xlsx)")
        if path is None:
            return None
        flt, today = self.window.current_filter(), self.session.today

        def make(store, progress):
            rows = store.lists.items(flt, today=today, limit=None)
            progress(0, len(rows))
            return export_items(store, rows, path, progress), f"已导出 {len(rows)} 项"
        return self._in_background("正在导出台账…", make, cancellable=True)

    def circular(self, path: Path | None = None):
        from qjtasks.core.circular import overdue_by_unit
        from qjtasks.pdf.circular import render_circular
        path = path or self._save_path("生成通报草稿", f"逾期通报草稿-{self.session.today}.pdf",
                                       PAPER_FORMATS)
        if path is None:
            return None
        today = self.session.today

        def make(store):
            c = overdue_by_unit(store, today)
            return render_circular(c, path, store.settings), f"逾期事项 {c.total} 项"
        return self._in_background("正在生成逾期通报草稿…", make)

    def summary(self, path: Path | None = None, period: str | None = None) -> Path | None:
        from qjtasks.core.circular import period_bounds, period_summary, previous_day
        from qjtasks.pdf.circular import render_summary
        previous = False
        if period is None:
            label, ok = QInputDialog.getItem(self.window, "生成报告", "周期",
                                             list(SUMMARY_CHOICES), 0, False)
            if not ok:
                return None
            period, previous = SUMMARY_CHOICES[label]
        today = self.session.today
        day = previous_day(period, today) if previous else today
        start, end = period_bounds(period, day)
        path = path or self._save_path("生成报告", f"督办{'周' if period == 'week' else '月'}报-"
                                       f"{start}至{end}.pdf", PAPER_FORMATS)
        if path is None:
            return None

        def make(store):
            data = period_summary(store, today, period, previous=previous)
            return render_summary(data, path, store.settings), ""
        return self._in_background("正在生成报告…", make)

    def _in_background(self, label: str, make, cancellable: bool = False):
        """Run `make(store)` → (path, detail) on a worker with its own read-only connection.

        A `cancellable` job is `make(store, progress)`: it reports rows done and stops at its
        next report once 取消 is pressed (no file is left; the status bar says 已取消)."""
        from qjtasks.gui.models.counter import can_count_aside
        main = self.session.store

        def work(progress):
            progress(0, 0)
            run = (lambda store: make(store, progress)) if cancellable else make
            if not can_count_aside(main):        # an in-memory database cannot be reopened
                return run(main)
            from qjtasks.core.store import Store
            store = Store.open(main.path, readonly=True)
            try:
                return run(store)
            finally:
                store.close()

        def done(result) -> None:
            path, detail = result
            self.last_output = path
            self.window.statusBar().showMessage(
                f"已生成 {path}" + (f"（{detail}）" if detail else ""), 15_000)
        def cancelled() -> None:
            self.window.statusBar().showMessage(f"{label.rstrip('…')}：已取消，未生成文件",
                                                15_000)
        return self.session.ops.run_in_background(self.window, label, work, done,
                                                  cancellable=cancellable, cancelled=cancelled)


def _with_suffix(path: Path, chosen: str) -> Path:
    """The name's own extension; a name without one, or the Word filter chosen, decides."""
    want = ".docx" if "docx" in chosen else ".xlsx" if "xlsx" in chosen else ".pdf"
    if path.suffix.lower() not in (".pdf", ".docx", ".xlsx"):   # typed without an extension
        return path.with_name(path.name + want)
    if want == ".docx" and path.suffix.lower() == ".pdf":      # the suggested name kept
        return path.with_suffix(want)
    return path


# A PDF to print, or the same sheet as Word to edit before stamping (chosen by the name).
PAPER_FORMATS = "PDF (*.pdf);;Word 文档 (*.docx)"

# The report dialog's choices: label -> (period, previous).
SUMMARY_CHOICES = {"本周周报（周一至周日）": ("week", False), "上周周报": ("week", True),
                   "本月月报（1日至月末）": ("month", False), "上月月报": ("month", True)}


def install(window, start: bool = True) -> DailyFeatures:
    features = DailyFeatures(window)
    if start:
        features.start()
    return features


def ladder_html(store, item_id: int, today) -> str:
    """The detail pane's 催办 line: count, rung reached, next rung and when."""
    info = ladder.item_ladder(store, item_id, today)
    if not info["schedule"]:
        return (f"<p>催办：已催办 {info['chase_count']} 次</p>" if info["chase_count"] else "")
    nxt = info["next_rung"] or "（已通报）"
    when = ("，<b style='color:#d93025'>今日应办</b>" if info["due_now"]
            else f"，应于 {info['due_on']}" if info["due_on"] else "")
    steps = " → ".join(f"{s['rung']}{'✓' if s['done'] else ''}" for s in info["schedule"])
    reached = info["reached"] or f"—（本轮自 {info['schedule'][0]['planned']} 起算）"
    return (f"<p>催办：已催办 {info['chase_count']} 次；已到层级：{reached}；"
            f"下一步：{nxt}{when}<br><span style='color:#555'>{steps}</span></p>")
