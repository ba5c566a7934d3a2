"""What the actions do: open the right dialog for the selected item, undo, switch pages, back up.

Kept apart from the window class so `main_window` only composes views. Every write goes
through a dialog (which calls one service via `ops.attempt`) or `ops.run`. `ItemCommands` are
the item's own steps (its dialogs, new, open, undo); `Commands` the window's (pages, backup,
restore, tools, help). Each says in `slots()` which action key runs which of its methods, so
the wiring reads in one place and greps.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qjtasks.core.backup import default_backup_name
from qjtasks.core.errors import QjtasksError
from qjtasks.gui.dialogs import item_dialogs as items
from qjtasks.gui.dialogs import request_dialogs as requests
from qjtasks.gui.dialogs import workflow_dialogs as workflow
from qjtasks.gui.dialogs.settings import SettingsDialog
from qjtasks.gui.dialogs.units import UnitsDialog

# Every item dialog by its action name (tests open each one; the methods below open them).
ITEM_DIALOGS = {
    "edit_item": items.EditItemDialog, "split_item": items.SplitItemDialog,
    "assign": items.AssignDialog, "issue": workflow.IssueDialog, "sign": workflow.SignDialog,
    "note": workflow.NoteDialog, "chase": workflow.ChaseDialog,
    "request_extension": requests.ExtensionRequestDialog,
    "decide_extension": requests.ExtensionDecisionDialog,
    "submit_completion": requests.CompletionDialog, "review": requests.ReviewDialog,
}


def message_box(parent, icon, title: str, text: str, buttons, name: str) -> QMessageBox:
    """A message box the user (and a test) can find by object name and answer."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setObjectName(name)
    return box


class ItemCommands:
    """The steps on an item: its dialogs (each opens for the selected item), new, open, undo."""

    def __init__(self, window):
        self.window = window
        self.session = window.session

    def slots(self) -> dict[str, Callable]:
        """Action key → what it runs (`actions.ACTIONS` names the keys)."""
        return {"new_item": self.new_item, "open_item": self.open_item,
                "edit_item": self.edit_item, "split_item": self.split_item,
                "assign": self.assign, "undo": self.undo, "issue": self.issue,
                "sign": self.sign, "note": self.note, "chase": self.chase,
                "extension": self.request_extension, "decide_extension": self.decide_extension,
                "complete": self.submit_completion, "review": self.review,
                "pause": self.pause, "resume": self.resume, "withdraw": self.withdraw,
                "reopen": self.reopen}

    # ---- the item dialogs (each opens for the selected item) --------------------------------
    def edit_item(self):
        return self._item_dialog(items.EditItemDialog)

    def split_item(self):
        return self._item_dialog(items.SplitItemDialog)

    def assign(self):
        return self._item_dialog(items.AssignDialog)

    def issue(self):
        return self._item_dialog(workflow.IssueDialog)

    def sign(self):
        return self._item_dialog(workflow.SignDialog)

    def note(self):
        return self._item_dialog(workflow.NoteDialog)

    def chase(self):
        return self._item_dialog(workflow.ChaseDialog)

    def request_extension(self):
        return self._item_dialog(requests.ExtensionRequestDialog)

    def decide_extension(self):
        return self._item_dialog(requests.ExtensionDecisionDialog)

    def submit_completion(self):
        return self._item_dialog(requests.CompletionDialog)

    def review(self):
        return self._item_dialog(requests.ReviewDialog)

    def pause(self):
        return self._item_dialog(requests.ReasonDialog, step="pause")

    def resume(self):
        return self._item_dialog(requests.ReasonDialog, step="resume")

    def withdraw(self):
        return self._item_dialog(requests.ReasonDialog, step="withdraw")

    def reopen(self):
        return self._item_dialog(requests.ReasonDialog, step="reopen")

    def _item_dialog(self, cls, **extra):
        item_id = self.window.current_item_id()
        if item_id is None:
            return None
        dialog = cls(self.session, self.window, item_id=item_id, **extra)
        dialog.exec()
        return dialog

    def new_item(self):
        dialog = items.NewItemDialog(self.session, self.window,
                                     reply_id=self.window.current_reply_id())
        if dialog.exec() and dialog.changes and dialog.changes.item_id:
            self.window.reveal_item(dialog.changes.item_id)
        return dialog

    def open_item(self) -> None:
        item_id = self.window.current_item_id()
        if item_id is not None:
            self.window.open_item(item_id)

    def undo(self) -> None:
        """Say what 撤销上次修改 will undo and ask; refused (with why) once the item has had
        later operations, which were done on the strength of that edit."""
        ops = self.session.ops
        jid = ops.last_edit_journal_id
        if jid is None:
            QMessageBox.information(self.window, "撤销", "本窗口中没有可以撤销的事项修改。")
            return
        try:
            plan = self.session.services.items.undo_plan(jid)
        except QjtasksError as err:
            ops.forget_edit()              # it can never be undone now: the action turns off
            self.window.actions_.set_undo_available(False)
            message_box(self.window, QMessageBox.Icon.Warning, "不能撤销", str(err),
                        QMessageBox.StandardButton.Ok, "undoRefused").exec()
            return
        box = message_box(self.window, QMessageBox.Icon.Question, "撤销上次修改",
                          plan.describe() + "\n\n确定撤销这次修改吗？",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          "undoConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText("撤销")
        box.button(QMessageBox.StandardButton.No).setText("不撤销")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.exec()
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            ops.run(self.window, lambda: self.session.services.items.undo(jid))


class Commands:
    """The window's own commands: tools, backup and restore, pages, help."""

    def __init__(self, window):
        self.window = window
        self.session = window.session

    def slots(self) -> dict[str, Callable]:
        """Action key → what it runs (`actions.ACTIONS` names the keys)."""
        return {"backup": self.backup, "restore": self.restore, "quit": self.quit,
                "search": self.focus_search, "refresh": self.refresh,
                "show_items": self.show_items, "show_dossier": self.show_dossier,
                "show_overview": self.show_overview, "units": self.units,
                "settings": self.settings, "manual": self.manual, "about": self.about}

    def units(self) -> None:
        UnitsDialog(self.session, self.window).exec()

    def settings(self) -> None:
        SettingsDialog(self.session, self.window).exec()

    def backup(self) -> None:
        suggested = str(default_backup_name(self.session.store.path,
                                            self.session.services.clock.now()))
        target, _ = QFileDialog.getSaveFileName(self.window, "备份数据库", suggested,
                                                "数据库文件 (*.db)")
        if target:
            self.run_backup(target)

    def run_backup(self, target: str):
        store = self.session.store

        def work(progress):
            progress(0, 0)
            return store.backup_to(target)
        return self.session.ops.run_in_background(
            self.window, "正在备份数据库…", work,
            lambda path: self.window.statusBar().showMessage(f"已备份到 {path}", 8000))

    def focus_search(self) -> None:
        self.window.focus_search()

    def refresh(self) -> None:
        self.window.refresh_all()

    def show_items(self) -> None:
        self.window.show_page(0)

    def show_dossier(self) -> None:
        self.window.show_page(1)

    def show_overview(self) -> None:
        self.window.show_page(2)

    def quit(self) -> None:
        self.window.close()

    def manual(self):
        """帮助 → 使用说明 (F1): shown beside the window, which stays usable."""
        from qjtasks.gui.dialogs.manual import ManualDialog
        dialog = ManualDialog(self.window)       # the window owns it; freed when closed
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about(self) -> None:
        from qjtasks.gui.dialogs.about import AboutDialog
        AboutDialog(self.session, self.window).exec()

    def release_database(self) -> None:
        """Before a restore replaces the file: stop this window's readers, close the store.

        The restore runs while the event loop turns, so the hourly reminder check and the
        table's counting worker (its own connection, which would also keep the file from being
        renamed on Windows) must not touch the file meanwhile; the window closes afterwards.
        """
        window = self.window
        if window.startup_check is not None:
            window.startup_check.stop()
        window.daily.check.stop()
        window.table.model_.stop()
        self.session.store.close()

    def restore(self) -> None:
        """Pick a backup and restore it; the window closes (its file was replaced)."""
        from qjtasks.gui.dialogs.recovery import RestoreDialog
        store = self.session.store
        dialog = RestoreDialog(store.path, self.window, before_replace=self.release_database)
        if dialog.exec() != dialog.DialogCode.Accepted:
            if dialog.before_replace is None:   # the store was closed, then restoring failed
                QMessageBox.warning(self.window, "恢复未完成", "数据库已关闭，请重新打开 qjtasks。")
                self.window.close()
            return
        QMessageBox.information(self.window, "已恢复",
                                f"已从备份恢复 {dialog.chosen.items} 项事项。\n"
                                f"原数据库保留为：{dialog.result_kept}\n请重新打开 qjtasks。")
        self.window.close()

