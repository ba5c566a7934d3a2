"""催办: the office chasing a unit (phone, written notice …); a written notice is numbered."""
from __future__ import annotations

import uuid

from .. import validate
from ..errors import TransitionError
from ..models import Changes, ChaseMethod, Origin, Status
from ..rows import iso
from ..workflow import ORIGINS
from .part import Part


class Chases(Part):

    def add(self, item_id: int, unit_id: int | None, method: str = ChaseMethod.PHONE,
            chased_on=None, person_reached: str = "", answer: str = "",
            by_whom: str | None = None, rung: str = "", origin: str = Origin.TYPED,
            uid: str | None = None, package_id: str | None = None) -> Changes:
        self.svc.office_only("登记催办")
        if uid and self.exists("chases", uid):
            return Changes("item.chase", message="已存在，未重复导入")
        row = self.store.item_row(item_id)
        if row["status"] in (Status.DRAFT, Status.CLOSED, Status.WITHDRAWN):
            raise TransitionError(f"事项当前状态为“{row['status']}”，无需催办")
        if unit_id is not None:
            self.svc.items.assignment_row(item_id, unit_id)
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "method": validate.choice(method, [m.value for m in ChaseMethod], "催办方式"),
                  "chased_on": iso(self.not_future(
                      validate.date(chased_on, "催办日期") or self.svc.today(), "催办日期", "chased_on",
                      package_id)),
                  "person_reached": validate.text(person_reached, "联系对象", limit=100,
                                                  field="person_reached"),
                  "answer": validate.text(answer, "对方答复", field="answer"),
                  "by_whom": validate.text(by_whom or self.svc.actor, "催办人", limit=50),
                  "rung": validate.text(rung, "催办层级", limit=50, field="rung"),
                  "origin": validate.choice(origin, ORIGINS, "来源"), "package_id": package_id,
                  "created_at": self.svc.now()}
        with self.svc.tx():
            fields["number"] = row["chase_count"] + 1
            if (fields["method"] == ChaseMethod.WRITTEN and fields["origin"] == Origin.TYPED
                    and not uid):
                # a written notice gets its number when it is recorded; reprints reuse it
                fields["serial"] = self.svc.lifecycle.next_serial(int(fields["chased_on"][:4]), "chase_prefix")
            chase_id = self.insert_row("chases", fields)
            self.store.item_rows.count_chase(item_id)
            self.svc.log("item.chase", "chase", chase_id, item_id, after={
                k: fields.get(k) for k in ("unit_id", "method", "chased_on", "number", "rung",
                                           "serial") if fields.get(k) is not None},
                origin=fields["origin"], package_id=package_id)
        return Changes("item.chase", item_ids=frozenset({item_id}), chase_id=chase_id)
