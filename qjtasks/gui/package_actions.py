"""File-menu entries for the offline exchange: import a package (with preview) and export one.

Installed by the main window with one call (`install(window)`); the dialogs and all checks live
in `qjtasks.gui.dialogs.package_import` and `qjtasks.exchange`. Enrolment (rare, done once per
unit with a phone call) is 单位登记与密钥… (`qjtasks.gui.dialogs.enrolment`) or the command line.
"""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from qjtasks.core.models import Changes
from qjtasks.gui.dialogs.package_import import PackageImportDialog

FILTER = "qjtasks 数据包 (*.qjpkg)"


class PackageCommands:
    def __init__(self, window):
        self.window = window
        self.session = window.session

    def make_import_dialog(self, path: str) -> PackageImportDialog:
        dialog = PackageImportDialog(self.session, path, self.window)
        dialog.package_imported.connect(self._imported)
        return dialog

    def _imported(self, report) -> None:
        self.session.ops.broadcast(Changes("exchange.import", item_ids=frozenset(report.items),
                                           units=True, message=report.summary()))
        self.window.statusBar().showMessage(report.summary(), 10000)

    def import_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "导入数据包", "", FILTER)
        if path:
            self.make_import_dialog(path).exec()

    def show_conflicts(self) -> None:
        from qjtasks.gui.dialogs.package_conflicts import PackageConflictsDialog
        PackageConflictsDialog(self.session, self.window).exec()

    def reply_to_chase(self):
        from qjtasks.gui.dialogs.chase_reply import ChaseReplyDialog
        item_id = self.window.current_item_id()
        if item_id is None:
            return None
        dialog = ChaseReplyDialog(self.session, self.window, item_id=item_id)
        dialog.exec()
        return dialog

    def show_enrolment(self) -> None:
        from qjtasks.gui.dialogs.enrolment import EnrolmentDialog
        EnrolmentDialog(self.session, self.window).exec()

    def set_passphrase(self) -> None:
        from qjtasks.gui.key_passphrase import PassphraseDialog
        dialog = PassphraseDialog(self.session, self.window)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.window.statusBar().showMessage(
                "已取消本机密钥口令" if dialog.remove.isChecked() else "已设置本机密钥口令", 10000)

    def export_package(self) -> None:
        from qjtasks.exchange import directory
        me = directory.me(self.session.store)
        if me is None:
            QMessageBox.information(self.window, "导出数据包", "本机尚未注册数据交换。请先在“文件 → "
                                    "单位登记与密钥…”中完成登记并核对指纹。")
            return
        unit = self._choose_unit() if me["role"] == "office" else None
        if me["role"] == "office" and not unit:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, "导出数据包", f"{unit or me['name']}"
                                              ".qjpkg", FILTER)
        if path:
            self.export_to(path, unit)

    def _choose_unit(self) -> str | None:
        from qjtasks.exchange import db, directory
        names = sorted({p["name"] for p in directory.peers(self.session.store)
                        if p["role"] == "unit" and p["status"] == db.TRUSTED})
        if not names:
            QMessageBox.information(self.window, "导出数据包", "还没有已确认指纹的承办单位。")
            return None
        name, ok = QInputDialog.getItem(self.window, "导出数据包", "发给哪个承办单位：", names,
                                        0, False)
        return name if ok else None

    def export_to(self, path: str, unit: str | None):
        from qjtasks.exchange.export import export_package
        result = {}

        def work() -> Changes:
            result["r"] = export_package(self.session.services, path, unit=unit)
            return Changes("exchange.export")
        if self.session.ops.run(self.window, work) and "r" in result:
            r = result["r"]
            self.window.statusBar().showMessage(
                f"已导出给{r.recipient}的数据包（第 {r.sequence} 号，{r.records} 条记录）：{r.path}",
                10000)
        return result.get("r")


def install(window) -> PackageCommands:
    """Put 导入数据包… / 导出数据包… / 数据包冲突… / 单位登记与密钥… at the top of the File menu."""
    commands = PackageCommands(window)
    actions = window.actions_
    menu = actions.menus["file"]
    first = menu.actions()[0] if menu.actions() else None
    for key, text, slot in (("package_import", "导入数据包…", commands.import_package),
                            ("package_export", "导出数据包…", commands.export_package),
                            ("package_conflicts", "数据包冲突…", commands.show_conflicts),
                            ("package_enrol", "单位登记与密钥…", commands.show_enrolment),
                            ("key_passphrase", "本机密钥口令…", commands.set_passphrase)):
        action = actions.add("file", key, text, slot)
        menu.removeAction(action)
        menu.insertAction(first, action)
        if key in ("package_import", "package_export"):
            actions.mark_write(action)
    menu.insertSeparator(first)
    _unit_installation(window, commands)
    from PySide6.QtCore import QTimer

    from qjtasks.gui import key_passphrase
    key_passphrase.install_source(window)
    QTimer.singleShot(0, window, lambda: key_passphrase.ask_at_start(window))  # once a session
    return commands


def _unit_installation(window, commands: PackageCommands) -> None:
    """On a unit installation: the office's acts are disabled (saying why), 答复催办… is added
    to 办理, and the status bar says whose installation this is."""
    services = window.session.services
    own = services.own_unit_id()
    if own is None:
        return
    from PySide6.QtWidgets import QLabel
    actions = window.actions_
    name = window.session.store.unit(own).short_name
    reason = actions.set_unit_installation(name)
    reply = actions.add("handle", "chase_reply", "答复催办…", commands.reply_to_chase)
    actions.mark_write(reply)
    actions.track_item_action(reply)
    label = QLabel(f"承办单位端：{name}")
    label.setObjectName("unit_installation")
    label.setToolTip(reason)
    window.statusBar().addPermanentWidget(label)
