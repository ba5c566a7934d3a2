"""The lifecycle of a supervision item (DOMAIN.md §3): 交办, 签收, 申请办结, 审结 | 退回重办,
暂缓, 恢复, 撤销, 重新打开. Each step checks the allowed transition (`core.workflow`), writes its
record and journal row in one transaction, and returns Changes."""
from __future__ import annotations

import datetime as dt
import uuid

from .. import validate
from ..errors import TransitionError, ValidationError
from ..models import Changes, Origin, Review, Role, Status
from ..rows import iso
from ..workflow import ORIGINS, check_transition
from .attachments import store_bytes
from .part import Part


class Lifecycle(Part):

    def set_status(self, item_id: int, target: Status, verb: str, reason: str = "",
                   extra: dict | None = None, action: str = "", origin: str = Origin.TYPED,
                   package_id: str | None = None, row: dict | None = None) -> int:
        """`row`: the item's row as just read in the same transaction, if the caller has it
        (the update still checks its version, so a stale row cannot overwrite a change)."""
        row = row or self.store.item_row(item_id)
        check_transition(row["status"], target, verb)
        changed = {"status": str(target), "status_reason": reason, **(extra or {})}
        return self.svc.items.apply_update(item_id, row, changed, action, origin, package_id)

    def issue(self, item_id: int, on: dt.date | str | None = None) -> Changes:
        """交办: needs a lead unit and a deadline; gives the next serial number of the year."""
        self.svc.office_only("交办")
        row = self.store.item_row(item_id)
        check_transition(row["status"], Status.AWAITING_SIGN, "交办")
        on = validate.date(on, "交办日期") or self.svc.today()
        if not row["lead_unit_id"]:
            raise ValidationError("交办前请先指定牵头单位", field="lead")
        if not row["current_deadline"]:
            raise ValidationError("交办前请先填写办结时限", field="deadline")
        assigned = validate.date(row["assigned_on"], "交办日期") or on
        validate.deadline_after(assigned, validate.date(row["current_deadline"], "办结时限"))
        with self.svc.tx():
            serial = row["serial"] or self.next_serial(on.year)
            extra = {"serial": serial, "assigned_on": iso(assigned)}
            self.set_status(item_id, Status.AWAITING_SIGN, "交办", extra=extra,
                             action="item.issue")
            self.svc.feedback.refresh(item_id)
        return Changes("item.issue", item_ids=frozenset({item_id}), message=serial)

    def next_serial(self, year: int, setting: str = "serial_prefix") -> str:
        """督办编号 (or, with `chase_prefix`, 催办 numbers): per year and prefix, never reused."""
        prefix = self.store.setting(setting)
        number = self.store.item_rows.next_serial(prefix, year)
        return f"{prefix}〔{year}〕{number}号"

    def sign(self, item_id: int, unit_id: int, signer: str, at: dt.datetime | str | None = None,
             origin: str = Origin.TYPED, package_id: str | None = None,
             evidence: tuple[str, bytes] | None = None) -> Changes:
        """签收 by one unit; the item moves to 办理中 when the lead unit signs.

        `evidence` (file name, bytes), e.g. the scanned receipt page, is kept in the attachment
        folder and recorded with the 签收 in the same transaction.
        """
        self.svc.own_unit_only(unit_id, "签收")
        signer = validate.text(signer, "签收人", required=True, limit=50, field="signer")
        origin = validate.choice(origin, ORIGINS, "来源")
        when = _datetime(at, self.svc.clock)
        self.not_future(validate.date(when[:10], "签收时间"), "签收时间", "at", package_id)
        row = self.store.item_row(item_id)
        if row["status"] not in (Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.SUBMITTED,
                                 Status.PAUSED):
            raise TransitionError(f"事项当前状态为“{row['status']}”，不能签收（需先交办）")
        assignment = self.svc.items.assignment_row(item_id, unit_id)
        if assignment["signed_at"]:
            return Changes("item.sign", message="该单位已签收")
        kept = store_bytes(*evidence, self.svc.notes.attachment_dir(), item_id) if evidence else None
        with self.svc.tx():
            self.store.item_rows.set_sign(assignment["id"], signer, when, origin)
            after = {"unit_id": unit_id, "signed_by": signer, "signed_at": when}
            if kept:
                self.store.item_rows.add_sign_evidence(assignment["id"], kept, when)
                after["evidence"] = kept[0]
            self.svc.log("item.sign", "assignment", assignment["id"], item_id, after=after,
                     origin=origin, package_id=package_id)
            if assignment["role"] == Role.LEAD and row["status"] == Status.AWAITING_SIGN:
                self.set_status(item_id, Status.IN_PROGRESS, "签收", action="item.status",
                                 origin=origin, package_id=package_id, row=row)
        return Changes("item.sign", item_ids=frozenset({item_id}))

    def submit(self, item_id: int, unit_id: int | None, report: str,
               submitted_by: str = "", submitted_on=None, origin: str = Origin.TYPED,
               uid: str | None = None, package_id: str | None = None) -> Changes:
        if uid and self.exists("completions", uid):
            return Changes("item.submit", message="已存在，未重复导入")
        self.svc.own_unit_only(unit_id, "申请办结")
        row = self.store.item_row(item_id)
        if self.svc.own_unit_id() is not None and self.svc.items.assignment_row(item_id, unit_id)["role"] != Role.LEAD:
            raise ValidationError(f"本单位是事项“{row['title']}”的配合单位，办结申请应由牵头单位提交")
        check_transition(row["status"], Status.SUBMITTED, "申请办结")
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "report": validate.text(report, "办结报告", required=True, field="report"),
                  "submitted_by": validate.text(submitted_by, "报送人", limit=50,
                                                field="submitted_by"),
                  "submitted_on": iso(self.not_future(
                      validate.date(submitted_on, "报送日期") or self.svc.today(), "报送日期",
                      "submitted_on", package_id)),
                  "origin": validate.choice(origin, ORIGINS, "来源"), "package_id": package_id,
                  "created_at": self.svc.now()}
        with self.svc.tx():
            cid = self.insert_row("completions", fields)
            self.set_status(item_id, Status.SUBMITTED, "申请办结", action="item.submit",
                             origin=fields["origin"], package_id=package_id, row=row)
        return Changes("item.submit", item_ids=frozenset({item_id}), completion_id=cid)

    def review(self, item_id: int, accept: bool, reason: str = "",
               decided_on=None) -> Changes:
        """审结 closes the item; 退回重办 sends it back to 办理中 and needs a reason."""
        self.svc.office_only("审核办结")
        row = self.store.item_row(item_id)
        target = Status.CLOSED if accept else Status.IN_PROGRESS
        verb = "审结" if accept else "退回重办"
        check_transition(row["status"], target, verb)
        if row["status"] != Status.SUBMITTED:
            raise TransitionError(f"事项当前状态为“{row['status']}”，没有待审核的办结申请")
        reason = validate.text(reason, "退回理由" if not accept else "审核意见",
                               required=not accept, field="reason")
        on = iso(validate.date(decided_on, "审核日期") or self.svc.today())
        with self.svc.tx():
            self.store.item_rows.decide_completions(
                item_id, Review.ACCEPTED if accept else Review.RETURNED, on, self.svc.actor, reason)
            extra = {"percent": 100} if accept else {}
            self.set_status(item_id, target, verb, reason, extra, action="item.review")
        return Changes("item.review", item_ids=frozenset({item_id}))

    def pause(self, item_id: int, reason: str) -> Changes:
        return self._simple(item_id, Status.PAUSED, "暂缓", "item.pause", reason)

    def resume(self, item_id: int, reason: str = "") -> Changes:
        self.svc.office_only("恢复办理")
        row = self.store.item_row(item_id)
        if row["status"] != Status.PAUSED:
            raise TransitionError(f"事项当前状态为“{row['status']}”，不是暂缓状态，无需恢复")
        return self._simple(item_id, Status.IN_PROGRESS, "恢复办理", "item.resume", reason,
                            required=False)

    def withdraw(self, item_id: int, reason: str) -> Changes:
        return self._simple(item_id, Status.WITHDRAWN, "撤销", "item.withdraw", reason)

    def reopen(self, item_id: int, reason: str) -> Changes:
        self.svc.office_only("重新打开")
        row = self.store.item_row(item_id)
        if row["status"] != Status.CLOSED:
            raise TransitionError(f"事项当前状态为“{row['status']}”，只有已办结事项可以重新打开")
        return self._simple(item_id, Status.IN_PROGRESS, "重新打开", "item.reopen", reason)

    def _simple(self, item_id: int, target: Status, verb: str, action: str, reason: str,
                required: bool = True) -> Changes:
        self.svc.office_only(verb)
        reason = validate.text(reason, f"{verb}理由", required=required, field="reason")
        with self.svc.tx():
            self.set_status(item_id, target, verb, reason, action=action)
        return Changes(action, item_ids=frozenset({item_id}))


def _datetime(value, clock) -> str:
    """Signing time as text; a bare date (from a paper receipt without time) stays a date."""
    if value is None or value == "":
        return clock.stamp(sep=" ", timespec="minutes")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip().replace("T", " ")
    if len(text) <= 11 or "年" in text:
        return validate.date(text, "签收时间", field="at").isoformat()
    try:
        return dt.datetime.fromisoformat(text).isoformat(sep=" ", timespec="minutes")
    except ValueError:
        raise ValidationError(f"签收时间“{text[:30]}”无法识别，请按 2026-11-26 10:30 填写",
                              field="at") from None
