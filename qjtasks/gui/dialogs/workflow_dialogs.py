"""Dialogs for the handling steps: issue (交办), 签收 (incl. paper receipt), progress note, chase."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from qjtasks.core import ladder
from qjtasks.core.models import ChaseMethod, Origin
from qjtasks.gui.dialogs.base import FormDialog, combo, date_edit, text_edit

ORIGINS = [(o.value, o.value) for o in (Origin.TYPED, Origin.PAPER)]


def assignment_choices(session, item_id: int, unsigned_only: bool = False,
                       none_label: str | None = None) -> list[tuple[str, object]]:
    owners = session.store.assignments(item_id)
    own = session.services.own_unit_id()   # a unit installation acts only for itself
    items = [(f"{a.unit_name}（{a.role}）", a.unit_id) for a in owners
             if not (unsigned_only and a.signed_at) and own in (None, a.unit_id)]
    if own is not None and not items and all(a.unit_id != own for a in owners):
        items = [("（本单位已不再承办该事项）", own)]    # the core says why it is refused
    return ([(none_label, None)] if none_label and own is None else []) + items


class IssueDialog(FormDialog):
    title = "交办事项"
    ok_text = "交办"

    def build(self) -> None:
        item = self.session.store.item(self.context["item_id"])
        prefix = self.session.store.setting("serial_prefix")
        hint = f"交办后自动编号：{prefix}〔年份〕N号；事项：{item.title[:30]}"
        # The 交办日期 set in the 修改事项 form is the one 交办 keeps; shown, not asked again.
        field = self.add("on", "交办日期", date_edit(item.assigned_on or self.session.today),
                         hint if item.assigned_on is None
                         else f"{hint}\n交办日期取自“修改事项”中填写的日期；如需改动，请先修改事项")
        field.setReadOnly(item.assigned_on is not None)

    def submit(self):
        return self.session.services.lifecycle.issue(self.context["item_id"],
                                                     self.date("on", "交办日期", required=True))


class SignDialog(FormDialog):
    title = "签收登记"
    ok_text = "签收"

    def build(self) -> None:
        choices = assignment_choices(self.session, self.context["item_id"], unsigned_only=True)
        self.add("unit", "签收单位", combo(choices or [("（所有单位均已签收）", None)]))
        self.add("signer", "签收人", QLineEdit())
        self.add("origin", "来源", combo(ORIGINS), "依据纸质回执补录时选“纸质”，并填写回执上的日期")
        # A time may follow the date (a receipt says 15:30), so this one stays a plain line.
        self.add("at", "签收时间", QLineEdit(str(self.session.today)), "如 2026-11-25 或 2026-11-25 15:30")

    def submit(self):
        from qjtasks.core.errors import ValidationError
        unit = self.value("unit")
        if unit is None:
            raise ValidationError("没有待签收的承办单位", field="unit")
        at = self.value("at")
        if at and " " not in at and "T" not in at:
            at = self.date("at", "签收时间")
        return self.session.services.lifecycle.sign(self.context["item_id"], unit, self.value("signer"),
                                                    at or None, origin=self.value("origin"))


class AttachmentPicker(QWidget):
    """A list of files with 添加/移除 buttons."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMaximumHeight(self.fontMetrics().height() * 4)
        add, remove = QPushButton("添加文件…"), QPushButton("移除")
        add.clicked.connect(self._add)
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addWidget(add)
        row.addWidget(remove)

    def _add(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择附件")
        for f in files:
            self.add_file(f)

    def add_file(self, path: str) -> None:
        self.list.addItem(str(Path(path)))

    def files(self) -> list[str]:
        return [self.list.item(n).text() for n in range(self.list.count())]


class NoteDialog(FormDialog):
    title = "登记进展反馈"
    ok_text = "保存"

    def build(self) -> None:
        item_id = self.context["item_id"]
        self.add("unit", "反馈单位", combo(assignment_choices(self.session, item_id,
                                                         none_label="（督办单位记录）")))
        if self.fields["unit"].count() > 1:
            self.fields["unit"].setCurrentIndex(1)
        self.add("reporter", "反馈人", QLineEdit())
        self.add("noted_on", "反馈日期", date_edit(self.session.today))
        self.add("text", "进展情况", text_edit(4))
        self.add("percent", "完成进度（%）", QLineEdit(), "0–100，可不填")
        self.add("problems", "存在问题", text_edit(2))
        self.add("next_steps", "下步打算", text_edit(2))
        self.add("origin", "来源", combo(ORIGINS))
        self.attachments = AttachmentPicker()
        self.add("attachments", "附件", self.attachments, "附件复制到数据文件夹保存")

    def submit(self):
        return self.session.services.notes.add(
            self.context["item_id"], self.value("unit"), self.value("reporter"),
            self.value("text"), percent=self.value("percent"), problems=self.value("problems"),
            next_steps=self.value("next_steps"), origin=self.value("origin"),
            noted_on=self.date("noted_on", "反馈日期"), attachments=self.attachments.files())

    def value(self, name: str):
        return self.attachments.files() if name == "attachments" else super().value(name)


class ChaseDialog(FormDialog):
    title = "登记催办"
    ok_text = "保存"

    def build(self) -> None:
        item_id = self.context["item_id"]
        self.add("unit", "催办单位", combo(assignment_choices(self.session, item_id,
                                                         none_label="（全部承办单位）")))
        if self.fields["unit"].count() > 1:
            self.fields["unit"].setCurrentIndex(1)
        step = ladder.item_ladder(self.session.store, item_id, self.session.today)
        suggested = step["next_rung"] or ""
        self.add("method", "催办方式", combo([(m.value, m.value) for m in ChaseMethod],
                                         ladder.RUNG_METHOD.get(suggested)))
        self.add("chased_on", "催办日期", date_edit(self.session.today))
        # The ladder's own rung names, so the pane's 已到层级 follows what is recorded here.
        self.add("rung", "催办层级", combo([("（不计层级）", "")] + [(r, r) for r in ladder.RUNGS],
                                       suggested), self._rung_hint(step))
        self.add("person_reached", "联系对象", QLineEdit())
        self.add("answer", "对方答复", text_edit(2))

    @staticmethod
    def _rung_hint(step: dict) -> str:
        if not step["schedule"]:
            return ""
        start = step["schedule"][0]["planned"]
        nxt = f"建议层级：{step['next_rung']}" if step["next_rung"] else "催办阶梯已到通报"
        return f"{nxt}；本轮催办自 {start} 起算，此前的催办只计入催办次数"

    def submit(self):
        return self.session.services.chases.add(
            self.context["item_id"], self.value("unit"), method=self.value("method"),
            chased_on=self.date("chased_on", "催办日期"),
            person_reached=self.value("person_reached"), answer=self.value("answer"),
            rung=self.value("rung"))
