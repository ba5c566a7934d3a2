"""Dialogs for requests and decisions: extension and its decision, completion and its review,
and the status changes that need a reason (pause, resume, withdraw, reopen)."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QMessageBox

from qjtasks.core.errors import ValidationError
from qjtasks.core.extensions import decision_text, pending_first
from qjtasks.core.models import Decision
from qjtasks.gui.dialogs.base import FormDialog, combo, date_edit, text_edit
from qjtasks.gui.dialogs.workflow_dialogs import assignment_choices


def _lead_first(session, item_id: int) -> list[tuple[str, object]]:
    return assignment_choices(session, item_id, none_label="（督办单位记录）")[1:] or [
        ("（督办单位记录）", None)]


class ExtensionRequestDialog(FormDialog):
    title = "延期申请"
    ok_text = "提交申请"

    def build(self) -> None:
        item = self.session.store.item(self.context["item_id"])
        self.add("unit", "申请单位", combo(_lead_first(self.session, item.id)))
        field = self.add("proposed_deadline", "申请延期至", date_edit(deadline=True),
                         f"当前办结时限：{item.current_deadline or '未定'}")
        # “20个工作日” in a request to extend counts from the deadline it extends.
        field.bind(lambda: self.session.today, self.session.store.calendar,
                   lambda: item.current_deadline)
        self.add("reason", "延期理由", text_edit(3))
        self.add("progress", "目前进展", text_edit(2))
        self.add("requested_by", "申请人", QLineEdit())

    def submit(self):
        return self.session.services.extensions.request(
            self.context["item_id"], self.value("unit"), self.value("reason"),
            self.date("proposed_deadline", "申请延期至", required=True),
            progress=self.value("progress"), requested_by=self.value("requested_by"))


class ExtensionDecisionDialog(FormDialog):
    title = "审批延期申请"
    ok_text = "确定"

    def build(self) -> None:
        pending = self.session.store.requests.extensions(self.context["item_id"], pending_only=True)
        self.add("extension", "延期申请", combo(
            [(f"{e.requested_on} 申请延期至 {e.proposed_deadline}：{e.reason[:30]}", e.id)
             for e in pending] or [("（没有待审批的延期申请）", None)]))
        self.add("decision", "审批结果", combo([("批准", True), ("不批准", False)]))
        first = pending[0].proposed_deadline if pending else None
        self.add("approved_deadline", "批准期限", date_edit(first, deadline=True),
                 "批准时可调整；原办结时限保留")
        self.add("reason", "审批意见", text_edit(2), "不批准时必须填写理由")
        self._decided()

    def _decided(self) -> None:
        """Requests already decided, with their decision, below the form (read only)."""
        done = [e for e in pending_first(self.session.store.requests.extensions(self.context["item_id"]))
                if e.decision != Decision.PENDING]
        if not done:
            return
        view = text_edit(min(len(done), 4))
        view.setPlainText("\n".join(
            f"{e.requested_on} 申请延期至 {e.proposed_deadline}：{e.decided_on} {decision_text(e)}"
            for e in done))
        view.setReadOnly(True)
        self.add("decided", "已审批的申请", view)

    def submit(self):
        ext = self.value("extension")
        if ext is None:
            raise ValidationError("该事项没有待审批的延期申请", field="extension")
        approve = bool(self.fields["decision"].currentData())
        return self.session.services.extensions.decide(
            ext, approve, reason=self.value("reason"),
            approved_deadline=self.date("approved_deadline", "批准期限") if approve else None)


def unsigned_units(session, item_id: int) -> list[str]:
    return [f"{a.unit_name}（{a.role}）" for a in session.store.assignments(item_id)
            if not a.signed_at]


class UnsignedWarning:
    """办结 while a unit never signed for the item: said as the form opens, asked at submit."""

    verb = "办结"

    def warn_unsigned(self) -> None:
        self.unsigned = unsigned_units(self.session, self.context["item_id"])
        if self.unsigned:
            self.warn(f"注意：{'、'.join(self.unsigned)}尚未签收本事项。")

    def confirm(self) -> bool:
        if not self.unsigned or not self.closing():
            return True
        answer = QMessageBox.question(
            self, "尚有单位未签收", f"{'、'.join(self.unsigned)}尚未签收本事项。\n\n仍要{self.verb}吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closing(self) -> bool:
        return True


class CompletionDialog(UnsignedWarning, FormDialog):
    title = "申请办结"
    ok_text = "提交"

    def closing(self) -> bool:
        return False        # the unit applies; the question comes when the office 审结

    def build(self) -> None:
        self.warn_unsigned()
        self.add("unit", "报送单位", combo(_lead_first(self.session, self.context["item_id"])))
        self.add("report", "办结报告", text_edit(5))
        self.add("submitted_by", "报送人", QLineEdit())
        self.add("submitted_on", "报送日期", date_edit(self.session.today))

    def submit(self):
        return self.session.services.lifecycle.submit(
            self.context["item_id"], self.value("unit"), self.value("report"),
            submitted_by=self.value("submitted_by"),
            submitted_on=self.date("submitted_on", "报送日期"))


class ReviewDialog(UnsignedWarning, FormDialog):
    title = "审核办结申请"
    verb = "审结"

    def closing(self) -> bool:
        return bool(self.fields["decision"].currentData())     # 退回重办 needs no question

    def build(self) -> None:
        self.warn_unsigned()
        pending = self.session.store.requests.completions(self.context["item_id"], pending_only=True)
        report = pending[0].report if pending else "（没有待审核的办结申请）"
        view = text_edit(4)
        view.setPlainText(report)
        view.setReadOnly(True)
        self.add("report", "办结报告", view)
        self.add("decision", "审核结果", combo([("审结（销号）", True), ("退回重办", False)]))
        self.add("reason", "意见或退回理由", text_edit(2), "退回重办时必须填写理由")

    def submit(self):
        return self.session.services.lifecycle.review(
            self.context["item_id"], bool(self.fields["decision"].currentData()),
            reason=self.value("reason"))


# step -> (title, button); the service each step calls: `ReasonDialog.submit`
REASON_STEPS = {
    "pause": ("暂缓办理", "暂缓"),
    "resume": ("恢复办理", "恢复"),
    "withdraw": ("撤销事项", "撤销"),
    "reopen": ("重新打开已办结事项", "重新打开"),
}


class ReasonDialog(FormDialog):
    """Pause, resume, withdraw or reopen an item, with its reason."""

    def __init__(self, session, parent=None, **context):
        self.title, self.ok_text = REASON_STEPS[context["step"]]
        super().__init__(session, parent, **context)

    def build(self) -> None:
        item = self.session.store.item(self.context["item_id"])
        self.add("reason", "理由", text_edit(3), f"事项：{item.title[:40]}（当前{item.status}）")

    def submit(self):
        steps = self.session.services.lifecycle
        step = {"pause": steps.pause, "resume": steps.resume, "withdraw": steps.withdraw,
                "reopen": steps.reopen}[self.context["step"]]
        return step(self.context["item_id"], self.value("reason"))
