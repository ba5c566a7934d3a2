"""The key file's passphrase in the window (issue 16, case 11).

The passphrase is asked once per session: when the window opens on an installation whose key
file has one, and again only after a wrong answer. A read that needs it on a worker thread
never opens a box there: it fails with the Chinese message and the window asks on its thread.
文件 → 本机密钥口令… sets, changes or removes the passphrase.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.exchange import keys

from .dialogs.base import as_plain, plain_label

MIN_LENGTH = 6


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def ask(path, retry: bool, parent=None) -> str | None:
    """The passphrase typed in a password box, or None (cancelled, or not on the GUI thread)."""
    if not _on_gui_thread():
        return None
    text = ("口令不正确，请重新输入本机密钥口令：" if retry else
            f"本机密钥文件“{path.name}”设有口令。\n请输入口令（本次运行只问一次）：")
    typed, ok = QInputDialog.getText(parent, "本机密钥口令", text, QLineEdit.EchoMode.Password)
    return typed if ok and typed else None


def install_source(parent=None) -> None:
    keys.set_passphrase_source(lambda path, retry: ask(path, retry, parent))


def key_file_of(store):
    if str(store.path) == ":memory:":
        return None
    return keys.key_path(store.path)


def ask_at_start(window) -> bool:
    """Ask for the passphrase as the window opens (key file with a passphrase only); a wrong
    one is said in Chinese. True when the keys can be used (or need no passphrase)."""
    path = key_file_of(window.session.store)
    if path is None or not keys.is_protected(path):
        return True
    try:
        keys.load(path)
    except QjtasksError as exc:
        QMessageBox.warning(window, "本机密钥口令", as_plain(str(exc)))
        return False
    return True


class PassphraseDialog(QDialog):
    """Set, change or remove the key file's passphrase (the current one is checked first)."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setWindowTitle("本机密钥口令")
        self.path = key_file_of(session.store)
        self.protected = bool(self.path) and keys.is_protected(self.path)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "口令保护本机私钥（数据包签名与解密、通知单二维码）。忘记口令只能重新注册，请妥善保管。"
            if self.path else "内存数据库没有密钥文件。"))
        form = QFormLayout()
        self.current = self._password("current")
        self.new = self._password("new")
        self.again = self._password("again")
        if self.protected:
            form.addRow("当前口令", self.current)
        form.addRow("新口令", self.new)
        form.addRow("再输入一次", self.again)
        self.remove = QCheckBox("取消口令（私钥不再加密保存）")
        self.remove.setObjectName("remove")
        self.remove.setVisible(self.protected)
        self.remove.toggled.connect(lambda on: (self.new.setDisabled(on), self.again.setDisabled(on)))
        form.addRow("", self.remove)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.Cancel).setText("取消")
        self.buttons.button(QDialogButtonBox.Save).setEnabled(self.path is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _password(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        remove = self.remove.isChecked()
        new = "" if remove else self.new.text()
        if not remove:
            if len(new) < MIN_LENGTH:
                return self._refuse(f"口令太短：至少 {MIN_LENGTH} 个字符")
            if new != self.again.text():
                return self._refuse("两次输入的新口令不一致")
        try:
            if not self.path.exists():
                keys.save(keys.KeyPair.generate(), self.path, new or None)
            else:
                if self.protected:
                    keys.remember_passphrase(self.path, self.current.text() or None)
                    source = keys._source
                    keys.set_passphrase_source(None)   # the typed one only, no extra box
                    try:
                        keys.load(self.path)
                    finally:
                        keys.set_passphrase_source(source)
                keys.change_passphrase(self.path, new or None)
        except QjtasksError as exc:
            return self._refuse(str(exc))
        super().accept()
