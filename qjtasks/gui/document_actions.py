"""File-menu reply import and the 打印 menu, installed with one call (`install(window)`).

The dialogs and sheets live elsewhere (`dialogs.import_reply`, `print_preview`, `qjtasks.pdf.
jobs`); this module only reads what to print from the current selection or list and hands the
job to the background renderer, which opens the preview when done.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox

from qjtasks.core.errors import QjtasksError
from qjtasks.gui import print_preview
from qjtasks.gui.operations import show_error

MAX_LEDGER_ROWS = 5000

# (key, text, needs an item); what each runs: `DocumentCommands.print_slots()`
PRINT_ACTIONS = [
    ("print_notice", "本事项督办通知单…", True),
    ("print_ledger", "当前列表汇总表…", False),
    ("print_chases", "逾期事项催办通知单…", False),
    ("print_units", "单位办理情况表…", False),
    ("print_dossier", "提案办理情况报告…", False),
]


class DocumentCommands:
    def __init__(self, window):
        self.window = window
        self.session = window.session
        self.last_worker = None

    # ---- reply import ---------------------------------------------------------------------
    def import_reply(self):
        from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
        dialog = ImportReplyDialog(self.session, self.window)
        dialog.imported.connect(self.session.ops.broadcast)
        dialog.exec()
        return dialog

    def import_scans(self):
        from qjtasks.gui.dialogs.scan_receipts import ScanReceiptsDialog
        dialog = ScanReceiptsDialog(self.session, self.window)
        dialog.scanned.connect(self.session.ops.broadcast)
        dialog.exec()
        return dialog

    # ---- printing -------------------------------------------------------------------------
    def print_slots(self) -> dict[str, Callable]:
        """打印 menu key → what it runs."""
        return {"print_notice": self.print_notice, "print_ledger": self.print_ledger,
                "print_chases": self.print_chases, "print_units": self.print_units,
                "print_dossier": self.print_dossier}

    def _run(self, make_job) -> None:
        try:
            job = make_job()
        except QjtasksError as err:
            show_error(self.window, err)
            return
        self.last_worker = print_preview.run_batch(self.window, job)

    def print_notice(self) -> None:
        from qjtasks.pdf import jobs
        item_id = self.window.current_item_id()
        if item_id is not None:
            self._run(lambda: jobs.notices_for_item(self.session.store, item_id,
                                                    self.session.today))

    def print_ledger(self) -> None:
        from qjtasks.pdf import jobs
        model = self.window.table.model_
        count = model.wait_exact()
        if count > MAX_LEDGER_ROWS:
            QMessageBox.information(self.window, "打印汇总表", f"当前列表有 {count} 项，超过 "
                                    f"{MAX_LEDGER_ROWS} 项；请先筛选再打印。")
            return
        store, today = self.session.store, self.session.today
        ids = [r["id"] for r in store.lists.items(model.filter, today=today, order=model.order,
                                                 descending=model.descending, limit=None)]
        drafts = self.window.actions_.by_key["ledger_drafts"].isChecked()
        self._run(lambda: jobs.ledger_for_ids(store, ids, today, include_drafts=drafts))

    def print_chases(self) -> None:
        from qjtasks.pdf import jobs
        self._run(lambda: jobs.chases_for_overdue(self.session.store, self.session.today))

    def print_units(self) -> None:
        from qjtasks.pdf import jobs
        self._run(lambda: jobs.unit_report(self.session.store, self.session.today))

    def print_dossier(self) -> None:
        from qjtasks.pdf import jobs
        reply_id = self.window.current_reply_id() or self._reply_of_current_item()
        if reply_id is None:
            QMessageBox.information(self.window, "提案办理情况报告",
                                    "请先在左侧“复函与事项”中选择一份复函，或选择由复函形成的事项。")
            return
        self._run(lambda: jobs.dossier_report(self.session.store, reply_id, self.session.today))

    def _reply_of_current_item(self) -> int | None:
        item_id = self.window.current_item_id()
        return self.session.store.item(item_id).reply_id if item_id is not None else None


def install(window) -> DocumentCommands:
    commands = DocumentCommands(window)
    actions = window.actions_
    file_menu = actions.menus["file"]
    first = file_menu.actions()[0] if file_menu.actions() else None
    reply = actions.add("file", "import_reply", "导入复函…", commands.import_reply, "Ctrl+I")
    if first is not None:  # put it at the top of 文件, before backup and quit
        file_menu.removeAction(reply)
        file_menu.insertAction(first, reply)
    actions.mark_write(reply)
    scans = actions.add("file", "import_scans", "导入扫描回执…", commands.import_scans)
    file_menu.removeAction(scans)
    after = file_menu.actions()[file_menu.actions().index(reply) + 1:]
    if after:  # right below 导入复函
        file_menu.insertAction(after[0], scans)
    else:
        file_menu.addAction(scans)
    actions.mark_write(scans)
    slots = commands.print_slots()
    for key, text, needs_item in PRINT_ACTIONS:
        action = actions.add("print", key, text, slots[key],
                             "Ctrl+P" if key == "print_notice" else None)
        if needs_item:
            actions.track_item_action(action)
    drafts = actions.add("print", "ledger_drafts", "汇总表包括待交办事项", lambda: None)
    drafts.setCheckable(True)   # off: the ledger lists what has been sent to the units
    return commands
