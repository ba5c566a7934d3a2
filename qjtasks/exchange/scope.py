"""What a unit may send the office, checked record by record before anything is written.

Allowed: 签收 of the unit's own assignments, progress notes (with attachments), extension
requests, completion submissions (lead unit only) and replies to chases sent to the unit —
each with exactly its own fields. Anything else (a deadline, an owner, a review, a decision,
another unit's item) makes the whole package refused with a Chinese message.
"""
from __future__ import annotations

from .errors import PackageError, ScopeError
from .payload import check_filename

ALLOWED = {
    "sign": {"item_id", "unit_id", "signed_by", "signed_at", "origin"},
    "note": {"uid", "item_id", "unit_id", "reporter", "noted_on", "text", "percent", "problems",
             "next_steps", "attachments"},
    "extension": {"uid", "item_id", "unit_id", "requested_on", "reason", "proposed_deadline",
                  "progress", "requested_by", "based_on_deadline"},
    "completion": {"uid", "item_id", "unit_id", "submitted_on", "report", "submitted_by"},
    "chase_reply": {"chase_uid", "item_id", "unit_id", "answer", "replied_by", "replied_on"},
}
FORBIDDEN_LABELS = {
    "item": "修改事项（办结时限、承办单位等）", "deadline": "修改办结时限",
    "assign": "调整承办单位", "review": "审核办结", "extension_decision": "审批延期",
    "units": "修改单位名录", "dossier": "修改提案复函", "status": "变更事项状态",
}
FIELD_LABELS = {"decision": "审批/审核结论", "approved_deadline": "批准期限",
                "current_deadline": "办结时限", "original_deadline": "原办结时限",
                "lead_unit_id": "牵头单位", "status": "事项状态", "decided_by": "审批人"}
REFUSED = "，已拒绝整个数据包；未作任何改动"


def check_structure(doc: dict) -> list[dict]:
    """Each record is {ruid, kind, seq, data}; returns them sorted by sequence."""
    recs = doc.get("records")
    for rec in recs:
        if (not isinstance(rec, dict) or not isinstance(rec.get("ruid"), str)
                or not isinstance(rec.get("seq"), int) or not isinstance(rec.get("data"), dict)
                or not isinstance(rec.get("kind"), str)):
            raise PackageError("数据包记录格式不符，未作任何改动")
    return sorted(recs, key=lambda r: r["seq"])


def check_unit_records(store, unit_id: int, unit_name: str, recs: list[dict],
                       peer_id: int | None = None) -> None:
    delivered = set() if peer_id is None else set(store.outgoing.sent_items(peer_id))
    roles = store.arrivals.unit_roles(unit_id)
    chases = store.arrivals.chase_targets([r["data"].get("chase_uid") for r in recs
                                           if r["kind"] == "chase_reply"
                                           and isinstance(r["data"].get("chase_uid"), str)])
    for rec in recs:
        _check_kind(rec, unit_name)
        data = rec["data"]
        if data.get("unit_id") != unit_id:
            raise ScopeError(f"数据包中有以其他单位名义提交的记录（{_what(rec)}）{REFUSED}")
        _check_item(store, unit_id, unit_name, rec, delivered, roles, chases)
        if rec["kind"] == "note":
            for att in data.get("attachments") or []:
                check_filename(str(att.get("name", "")))


def _check_kind(rec: dict, unit_name: str) -> None:
    kind = rec["kind"]
    if kind not in ALLOWED:
        label = FORBIDDEN_LABELS.get(kind, f"未知类型“{kind[:30]}”")
        raise ScopeError(f"“{unit_name}”的数据包含有承办单位无权提交的内容：{label}{REFUSED}")
    extra = set(rec["data"]) - ALLOWED[kind]
    if extra:
        names = "、".join(FIELD_LABELS.get(f, f) for f in sorted(extra))
        raise ScopeError(f"“{unit_name}”的数据包试图修改不允许修改的内容（{names}）{REFUSED}")


def _check_item(store, unit_id: int, unit_name: str, rec: dict, delivered: set,
                roles: dict, chases: dict) -> None:
    """`delivered`: the item records once sent to the unit (reassigned since, they are no
    longer its own); `roles`: item → (role, title) of the unit's items; `chases`: uid → (unit,
    item, the item's lead) of the chases the package answers."""
    data = rec["data"]
    item_id = data.get("item_id")
    row = roles.get(item_id) if isinstance(item_id, int) else None
    if row is None and isinstance(item_id, int):   # not (or no longer) the unit's: an item?
        found = store.arrivals.title_serial(item_id)
        row = None if found is None else (None, found[0])
    if row is not None and row[0] is None and f"item-{data.get('item_id')}" in delivered:
        return    # reassigned after delivery: the applier keeps it as a conflict, not a refusal
    if row is None or row[0] is None:
        raise ScopeError(f"数据包涉及不由“{unit_name}”承办的事项（编号 {data.get('item_id')}）"
                         f"{REFUSED}")
    if rec["kind"] == "completion" and row[0] != "牵头":
        raise ScopeError(f"“{unit_name}”是事项“{row[1]}”的配合单位，办结报告应由牵头单位提交"
                         f"{REFUSED}")
    if rec["kind"] == "chase_reply":
        uid = data.get("chase_uid")
        chase = chases.get(uid) if isinstance(uid, str) else None
        to_unit = chase is not None and (chase[0] == unit_id
                                         or (chase[0] is None and chase[2] == unit_id))
        if not to_unit or chase[1] != data.get("item_id"):
            raise ScopeError(f"数据包答复了不是发给“{unit_name}”的催办{REFUSED}")


def _what(rec: dict) -> str:
    return {"sign": "签收", "note": "进展反馈", "extension": "延期申请", "completion": "办结申请",
            "chase_reply": "催办答复"}.get(rec["kind"], rec["kind"])
