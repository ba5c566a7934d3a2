"""延期: a unit's request to move the deadline, and the office's decision on it."""
from __future__ import annotations

import uuid

from .. import validate
from ..errors import TransitionError, ValidationError
from ..models import Changes, Decision, Origin, Status
from ..rows import iso
from ..workflow import ORIGINS
from .part import Part


class Extensions(Part):

    def request(self, item_id: int, unit_id: int | None, reason: str,
                proposed_deadline, progress: str = "", requested_by: str = "",
                requested_on=None, origin: str = Origin.TYPED, uid: str | None = None,
                package_id: str | None = None) -> Changes:
        if uid and self.exists("extensions", uid):
            return Changes("item.extend.request", message="已存在，未重复导入")
        self.svc.own_unit_only(unit_id, "申请延期")
        row = self.store.item_row(item_id)
        if row["status"] not in (Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.PAUSED):
            raise TransitionError(f"事项当前状态为“{row['status']}”，不能申请延期")
        proposed = validate.date(proposed_deadline, "申请延期至", required=True,
                                 field="proposed_deadline")
        current = validate.date(row["current_deadline"], "办结时限")
        if current and proposed <= current:
            raise ValidationError(f"申请的期限 {proposed} 须晚于当前办结时限 {current}",
                                  field="proposed_deadline")
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "reason": validate.text(reason, "延期理由", required=True, field="reason"),
                  "proposed_deadline": iso(proposed),
                  "progress": validate.text(progress, "目前进展", field="progress"),
                  "requested_by": validate.text(requested_by, "申请人", limit=50,
                                                field="requested_by"),
                  "requested_on": iso(self.not_future(
                      validate.date(requested_on, "申请日期") or self.svc.today(), "申请日期",
                      "requested_on", package_id)),
                  "origin": validate.choice(origin, ORIGINS, "来源"), "package_id": package_id,
                  "created_at": self.svc.now()}
        with self.svc.tx():
            ext_id = self.insert_row("extensions", fields)
            self.svc.log("item.extend.request", "extension", ext_id, item_id,
                     after={"proposed_deadline": fields["proposed_deadline"],
                            "reason": fields["reason"]},
                     origin=fields["origin"], package_id=package_id)
        return Changes("item.extend.request", item_ids=frozenset({item_id}), extension_id=ext_id)

    def decide(self, extension_id: int, approve: bool, reason: str = "",
               approved_deadline=None, decided_on=None) -> Changes:
        """批准 moves the current deadline; the original deadline is always kept."""
        self.svc.office_only("审批延期")
        found = self.store.item_rows.extension(extension_id)
        if found is None:
            raise ValidationError(f"延期申请 {extension_id} 不存在")
        item_id, decision, proposed = found
        if decision != Decision.PENDING:
            raise TransitionError(f"该延期申请已{decision}，不能重复审批")
        reason = validate.text(reason, "审批意见", required=not approve, field="reason")
        new_deadline = (validate.date(approved_deadline, "批准期限", field="approved_deadline")
                        or validate.date(proposed, "期限"))
        current = validate.date(self.store.item_row(item_id)["current_deadline"], "办结时限")
        if approve and current and new_deadline <= current:
            raise ValidationError(f"批准期限 {new_deadline} 须晚于当前办结时限 {current}（延期不能提前"
                                  "时限）；如不同意延期，请选“不批准”", field="approved_deadline")
        on = validate.date(decided_on, "审批日期") or self.svc.today()
        with self.svc.tx():
            self.store.item_rows.decide_extension(
                extension_id, Decision.APPROVED if approve else Decision.REFUSED, iso(on),
                self.svc.actor, reason, iso(new_deadline) if approve else None)
            self.svc.log("item.extend.decide", "extension", extension_id, item_id,
                     after={"approve": approve, "reason": reason,
                            "deadline": iso(new_deadline) if approve else None})
            if approve:
                row = self.store.item_row(item_id)
                self.svc.items.apply_update(item_id, row, {"current_deadline": iso(new_deadline)},
                                        "item.deadline")
        return Changes("item.extend.decide", item_ids=frozenset({item_id}))
