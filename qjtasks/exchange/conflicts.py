"""Conflicts found on import, and the supervisor's decision on each.

A conflict is never resolved by itself. `resolve` records the decision; for a note edited on
both sides, taking the unit's version rewrites the note (journalled); for a deadline moved while
the unit asked for more time, the request itself stays pending and is decided as usual with
`decide_extension` — the conflict only makes sure the supervisor sees both dates.
"""
from __future__ import annotations

from qjtasks.core.errors import ValidationError

KIND_LABELS = {"deadline_changed": "办结时限已调整", "extension_invalid": "延期申请无效",
               "note_edited": "进展反馈两边都修改", "chase_answer": "催办答复不同",
               "state": "事项状态不允许", "sign_differs": "签收记录不同",
               "unit_removed": "单位已不再承办"}
TAKE_THEIRS, KEEP_OURS = "采用单位版本", "保留督办方版本"


def open_conflicts(store) -> list[dict]:
    return store.exchange.conflicts(open_only=True)


def resolve(services, conflict_id: int, take_incoming: bool, remark: str = "") -> dict:
    rows = [c for c in services.store.exchange.conflicts() if c["id"] == conflict_id]
    if not rows:
        raise ValidationError(f"没有编号为 {conflict_id} 的冲突记录")
    conflict = rows[0]
    if conflict["status"] != "待决定":
        raise ValidationError(f"冲突 {conflict_id} 已处理（{conflict['decision']}）")
    decision = (TAKE_THEIRS if take_incoming else KEEP_OURS) + (f"：{remark}" if remark else "")
    with services.tx():
        if take_incoming:
            _TAKE.get(conflict["kind"], lambda *_: None)(services, conflict)
        services.store.exchange.decide_conflict(conflict_id, decision, services.actor, services.now())
        services.log("exchange.conflict", "conflict", conflict_id, conflict["item_id"],
                     after={"decision": decision}, package_id=conflict["package_id"])
    return {**conflict, "status": "已处理", "decision": decision}


def _take_note(services, conflict: dict) -> None:
    new = {k: conflict["incoming"].get(k) for k in
           ("reporter", "noted_on", "text", "percent", "problems", "next_steps")}
    note_id = services.store.arrivals.note_row(conflict["incoming"]["uid"])["id"]
    services.store.arrivals.update_note(note_id, new)
    services.log("item.note.edit", "note", note_id, conflict["item_id"],
                 before=conflict["local"], after=new, package_id=conflict["package_id"])


def _take_sign(services, conflict: dict) -> None:
    d = conflict["incoming"]
    row = services.store.arrivals.sign_here(d["item_id"], d["unit_id"])
    if row is None:
        raise ValidationError("该单位已不再承办该事项，不能采用其签收记录")
    services.store.arrivals.set_sign(row[0], d["signed_by"], d["signed_at"], "导入")
    services.log("item.sign", "assignment", row[0], d["item_id"], before=conflict["local"],
                 after={"unit_id": d["unit_id"], "signed_by": d["signed_by"],
                        "signed_at": d["signed_at"]}, package_id=conflict["package_id"])


def _take_chase_answer(services, conflict: dict) -> None:
    from .apply_office import write_chase_answer
    d = conflict["incoming"]
    chase_id = services.store.arrivals.chases_by_uid([d["chase_uid"]])[d["chase_uid"]][0]
    write_chase_answer(services, chase_id, d, (conflict["local"] or {}).get("answer", ""),
                       origin="录入", package_id=conflict["package_id"])


def _take_removed(services, conflict: dict) -> None:
    """A former unit's progress note is kept as the office's own note, saying who sent it."""
    d = conflict["incoming"]
    if "text" not in d or "noted_on" not in d:
        raise ValidationError("该单位已不再承办该事项，其签收、申请或答复不能登记；"
                              "请用“保留督办方版本”（--keep-ours）结案")
    unit = services.store.unit(d["unit_id"]).short_name
    services.notes.add(d["item_id"], None, d.get("reporter", ""), f"［原承办单位{unit}报送］{d['text']}",
                       None, d.get("problems", ""), d.get("next_steps", ""), origin="导入",
                       noted_on=d["noted_on"], package_id=conflict["package_id"])


_TAKE = {"note_edited": _take_note, "sign_differs": _take_sign,
         "chase_answer": _take_chase_answer, "unit_removed": _take_removed}
