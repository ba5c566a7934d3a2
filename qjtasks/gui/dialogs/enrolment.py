"""单位登记与密钥: enrolment of units for the offline exchange, office and unit side.

Lists this installation's fingerprint and the registered peers (unit, status, fingerprint) and
offers the enrolment steps of `qjtasks.exchange.enrol` unchanged: the office makes an enrolment
file, imports a unit's answer, confirms a fingerprint read out by phone and revokes keys; a new
unit database accepts an enrolment file and writes its answer file. Every step goes through
`Operations.attempt`; a refusal (QjtasksError) is shown in Chinese in the dialog and changes
nothing. The enrolment files are tiny JSON documents, so they are read and written directly.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from qjtasks.core.errors import QjtasksError, ValidationError
from qjtasks.core.models import Changes
from qjtasks.gui.dialogs.base import plain_label, record_table

HEADERS = ["编号", "对方", "角色", "状态", "指纹"]
FILTER = "qjtasks 注册文件 (*.qjenrol)"
STATUS_LABELS = {"已信任": "已确认"}   # db.TRUSTED is shown as 已确认; 待确认/已吊销 as stored



def write_doc(path: str, doc: dict) -> None:
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


class EnrolmentDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("单位登记与密钥")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        self.own = plain_label()
        self.own.setWordWrap(True)
        layout.addWidget(self.own)
        layout.addWidget(self._table())
        self.message = plain_label()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        self.load()

    def _table(self) -> QTableWidget:
        self.table = record_table(HEADERS)
        return self.table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        specs = (("invite_button", "生成登记文件…", self.make_invitation),
                 ("answer_button", "导入单位回执…", self.import_answer),
                 ("accept_button", "导入登记文件…", self.accept_invitation),
                 ("confirm_button", "确认指纹…", self.confirm_peer),
                 ("revoke_button", "吊销…", self.revoke_peer))
        for name, text, slot in specs:
            button = QPushButton(text)
            button.clicked.connect(slot)
            setattr(self, name, button)
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        return row

    # ---- state ---------------------------------------------------------------------------
    def me(self) -> dict | None:
        from qjtasks.exchange import directory
        return directory.me(self.session.store)

    def role(self) -> str:
        """'office' or 'unit'; an empty, unregistered database is a unit waiting to enrol."""
        me = self.me()
        if me:
            return me["role"]
        return "unit" if self.session.store.is_empty() else "office"

    def load(self) -> None:
        from qjtasks.exchange import directory
        peers = directory.peers(self.session.store)
        self.table.setRowCount(len(peers))
        for r, p in enumerate(peers):
            values = [p["id"], p["name"], "督办方" if p["role"] == "office" else "承办单位",
                      STATUS_LABELS.get(p["status"], p["status"]), p["fingerprint"]]
            for col, value in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        if peers:
            self.table.selectRow(len(peers) - 1)
        self._show_own()
        self._enable(bool(peers))

    def _show_own(self) -> None:
        me = self.me()
        if me is None:
            self.own.setText("本机尚未登记数据交换。" + (
                "这是新建的空数据库：请导入督办方的登记文件。" if self.role() == "unit"
                else "生成第一份登记文件时将创建本机密钥。"))
            return
        side = "督办方" if me["role"] == "office" else "承办单位"
        self.own.setText(f"本机：{me['name']}（{side}）　本机指纹：{me['fingerprint']}"
                         "　请在电话中向对方读出核对")

    def _enable(self, has_peers: bool) -> None:
        writable = not self.session.readonly
        office = self.role() == "office"
        self.invite_button.setVisible(office)
        self.answer_button.setVisible(office)
        self.accept_button.setVisible(not office)
        self.accept_button.setEnabled(writable and self.me() is None)
        for button in (self.invite_button, self.answer_button):
            button.setEnabled(writable)
        for button in (self.confirm_button, self.revoke_button):
            button.setEnabled(writable and has_peers)

    def selected_peer(self) -> dict | None:
        from qjtasks.exchange import directory
        row = self.table.currentRow()
        if row < 0:
            return None
        return directory.peer(self.session.store, int(self.table.item(row, 0).text()))

    def attempt(self, work) -> bool:
        """Run one enrolment step (returns its Chinese message); show it or the refusal."""
        done = {}

        def fn() -> Changes:
            done["text"] = work()
            return Changes("exchange.enrol", units=True, message=done["text"])
        try:
            self.session.ops.attempt(fn)
        except QjtasksError as err:
            self.message.setText(f"未完成：{err}")
            self.load()
            return False
        self.load()
        self.message.setText(done["text"])
        return True

    # ---- office side ---------------------------------------------------------------------
    def make_invitation(self) -> None:
        names = [u.short_name for u in self.session.store.units(active_only=True)
                 if not u.is_office]
        if not names:
            self.message.setText("单位名录中没有承办单位，请先登记单位。")
            return
        unit, ok = QInputDialog.getItem(self, "生成登记文件", "为哪个承办单位制作：", names, 0,
                                        False)
        if not ok or not unit:
            return
        path, _ = QFileDialog.getSaveFileName(self, "保存登记文件", f"{unit}.qjenrol", FILTER)
        if path:
            self.attempt(lambda: self._invite(unit, path))

    def _invite(self, unit: str, path: str) -> str:
        from qjtasks.exchange import enrol
        doc = enrol.invitation(self.session.services, unit)
        _save(path, doc)
        me = enrol.office_identity(self.session.services)
        return (f"已制作登记文件：{path}（发给 {doc['unit']['short_name']}）。"
                f"本机指纹：{me['fingerprint']}，请在电话中向对方读出核对。")

    def import_answer(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入单位回执", "", FILTER)
        if path:
            self.attempt(lambda: self._answer(path))

    def _answer(self, path: str) -> str:
        from qjtasks.exchange import enrol
        peer = enrol.receive_answer(self.session.services, enrol.read_doc(Path(path)))
        return (f"已登记“{peer['name']}”的回执（状态：{peer['status']}）。对方指纹："
                f"{peer['fingerprint']}，请电话核对后点“确认指纹…”。")

    # ---- both sides ----------------------------------------------------------------------
    def confirm_peer(self) -> None:
        peer = self.selected_peer()
        if peer is None:
            self.message.setText("请先在列表中选择对方。")
            return
        typed, ok = QInputDialog.getText(self, "确认指纹",
                                         f"请输入“{peer['name']}”在电话中读出的指纹：")
        if ok:
            self.attempt(lambda: self._confirm(peer["id"], typed))

    def _confirm(self, peer_id: int, typed: str) -> str:
        from qjtasks.exchange import enrol
        peer = enrol.confirm(self.session.services, peer_id, typed)
        return f"指纹一致，已信任“{peer['name']}”（{peer['fingerprint']}）。"

    def revoke_peer(self) -> None:
        peer = self.selected_peer()
        if peer is None:
            self.message.setText("请先在列表中选择对方。")
            return
        reason, ok = QInputDialog.getText(self, "吊销密钥",
                                          f"吊销“{peer['name']}”的密钥，原因（必填）：")
        if ok:
            self.attempt(lambda: self._revoke(peer["id"], reason))

    def _revoke(self, peer_id: int, reason: str) -> str:
        from qjtasks.exchange import enrol
        if not reason.strip():
            raise ValidationError("请填写吊销原因")
        peer = enrol.revoke(self.session.services, peer_id, reason)
        return f"已吊销“{peer['name']}”的密钥（{peer['fingerprint']}）：此后其数据包一律拒收。"

    # ---- unit side -----------------------------------------------------------------------
    def accept_invitation(self) -> None:
        from qjtasks.exchange import enrol
        path, _ = QFileDialog.getOpenFileName(self, "导入登记文件", "", FILTER)
        if not path:
            return
        try:
            doc = enrol.read_doc(Path(path))
        except QjtasksError as err:
            self.message.setText(f"未完成：{err}")
            return
        short = (doc.get("unit") or {}).get("short_name", "") if isinstance(doc, dict) else ""
        out, _ = QFileDialog.getSaveFileName(self, "保存回执文件（交回督办方）",
                                             f"{short}-回执.qjenrol", FILTER)
        if out:
            self.attempt(lambda: self._accept(doc, out))

    def _accept(self, doc: dict, out: str) -> str:
        from qjtasks.exchange import directory, enrol
        answer = enrol.accept(self.session.services, doc)
        _save(out, answer)
        office = directory.peers(self.session.store)[0]
        return (f"本机已登记为“{answer['unit']['short_name']}”，回执文件：{out}（请交回督办方）。"
                f"督办方（{office['name']}）指纹：{office['fingerprint']}，"
                "请电话核对后点“确认指纹…”。")


def _save(path: str, doc: dict) -> None:
    try:
        write_doc(path, doc)
    except OSError as err:
        raise ValidationError(f"无法写入文件“{path}”：{err.strerror or err}") from None
