"""Conflicts found on import, and the supervisor's decision on each.

A conflict is never resolved by itself. `resolve` records the decision; for a note edited on
both sides, taking the unit's version rewrites the note (journalled); for a deadline moved while
the unit asked for more time, the request itself stays pending and is decided as usual with
`decide_extension` — the conflict only makes sure the supervisor sees both dates.
"""
from __future__ import annotations

from qjtasks.core.errors import ValidationError

from . import db

KIND_LABELS = {"deadline_changed": "办结时限已调整", "extension_invalid": "延期申请无效",
               "note_edited": "进展反馈两边都修改", "chase_answer": "催办答复不同",
               "state": "事项状态不允许"}
TAKE_THEIRS, KEEP_OURS = "采用单位版本", "保留督办方版本"


def open_conflicts(store) -> list[dict]:
    return db.conflicts(store.conn, open_only=True)


def resolve(services, conflict_id: int, take_incoming: bool, remark: str = "") -> dict:
    conn = services.store.conn
    rows = [c for c in db.conflicts(conn) if c["id"] == conflict_id]
    if not rows:
        raise ValidationError(f"没有编号为 {conflict_id} 的冲突记录")
    conflict = rows[0]
    if conflict["status"] != "待决定":
        raise ValidationError(f"冲突 {conflict_id} 已处理（{conflict['decision']}）")
    decision = (TAKE_THEIRS if take_incoming else KEEP_OURS) + (f"：{remark}" if remark else "")
    with services.tx():
        if take_incoming and conflict["kind"] == "note_edited":
            _take_note(services, conflict)
        db.decide_conflict(conn, conflict_id, decision, services.actor)
        services.log("exchange.conflict", "conflict", conflict_id, conflict["item_id"],
                     after={"decision": decision}, package_id=conflict["package_id"])
    return {**conflict, "status": "已处理", "decision": decision}


def _take_note(services, conflict: dict) -> None:
    new = {k: conflict["incoming"].get(k) for k in
           ("reporter", "noted_on", "text", "percent", "problems", "next_steps")}
    conn = services.store.conn
    row = conn.execute("SELECT id, text FROM notes WHERE uid = ?",
                       [conflict["incoming"]["uid"]]).fetchone()
    conn.execute("UPDATE notes SET reporter = :reporter, noted_on = :noted_on, text = :text, "
                 "percent = :percent, problems = :problems, next_steps = :next_steps "
                 "WHERE id = :id", {**new, "id": row[0]})
    services.log("item.note.edit", "note", row[0], conflict["item_id"],
                 before=conflict["local"], after=new, package_id=conflict["package_id"])
