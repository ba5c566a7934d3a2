"""One timeline per item, newest first: notes, chases, requests, decisions, reviews, journal.

Each entry is a plain dict with `date`, `kind`, `unit`, `who`, `origin`, `text`, so the GUI, the
CLI and printed reports show the same history.
"""
from __future__ import annotations

from .journal import label
from .models import Decision


def build_timeline(store, item_id: int) -> list[dict]:
    names = {u.id: u.short_name for u in store.units()}
    out: list[dict] = []
    for n in store.notes.of(item_id):
        text = n.text + (f"（进度 {n.percent}%）" if n.percent is not None else "")
        if n.problems:
            text += f"\n存在问题：{n.problems}"
        if n.next_steps:
            text += f"\n下步打算：{n.next_steps}"
        out.append(_entry(n.noted_on, "进展反馈", names.get(n.unit_id, ""), n.reporter,
                          n.origin, text, attachments=list(n.attachments),
                          at=f"{n.noted_on}T99"))
    chases = store.chases.of(item_id)
    for c in chases:
        how = "，".join(x for x in (c.method, c.rung, c.serial) if x)
        text = f"第{c.number}次催办（{how}；催办记录 {c.id}）"
        if c.person_reached:
            text += f"，联系人：{c.person_reached}"
        if c.answer:
            text += f"，答复：{c.answer}"
        out.append(_entry(c.chased_on, "催办", names.get(c.unit_id, ""), c.by_whom, c.origin,
                          text))
    _requests(store, item_id, names, out)
    numbers = {c.id: c.number for c in chases}
    for j in store.audit.entries(item_id):
        if j.action in SHOWN_ELSEWHERE:
            continue
        if j.action == "item.chase.reply" and isinstance(j.after, dict):
            out.append(_reply_entry(j, numbers, names, chases))
            continue
        out.append(_entry(_acted_on(j), "日志", "", j.actor, j.origin,
                          label(j.action) + _diff(_named(j.before, names),
                                                  _named(j.after, names)), at=j.at))
    out.sort(key=lambda e: (e["date"], e["at"]), reverse=True)
    return out


def _acted_on(j) -> str:
    """The day a journalled act happened: a 签收 on its signing day (keyed in later from a paper
    receipt, or arriving in a package), everything else on the day it was recorded."""
    signed = j.after.get("signed_at") if j.action == "item.sign" and isinstance(j.after, dict) \
        else None
    return str(signed)[:10] if signed else j.at[:10]


# These journal rows repeat a record that the timeline already shows in full.
SHOWN_ELSEWHERE = {"item.note", "item.chase", "item.extend.request", "item.extend.decide",
                   "item.submit", "item.review"}

FIELD_LABELS = {"name": "名称", "short_name": "简称", "contact": "联系人", "phone": "电话",
                "is_office": "督办单位", "parent_id": "上级事项", "answer_class": "答复类别",
                "doc_number": "文号", "issuer": "发文单位", "kind": "类型", "number": "提案编号",
                "proposer": "提案人", "session": "会议届次", "signer": "签发人",
                "filed_on": "登记日期", "date": "日期", "attitude_rating": "办理态度评价",
                "result_rating": "办理结果评价", "unit": "单位", "reason": "理由",
                "decision": "结论", "answer": "答复", "replied_by": "答复人",
                "created": "新增事项", "unchanged": "已存在",
                "replied_on": "答复日期", "percent_before": "原进度", "active": "启用",
                "title": "名称", "requirements": "督办要求", "category": "类别",
                "status": "状态", "status_reason": "理由", "serial": "督办编号",
                "assigned_on": "交办日期", "original_deadline": "原办结时限",
                "current_deadline": "办结时限", "percent": "进度", "cycle_kind": "反馈周期",
                "cycle_day": "反馈日", "cycle_due": "反馈日期", "signed_by": "签收人",
                "signed_at": "签收时间", "evidence": "签收凭证", "unit_id": "单位", "reply_id": "复函",
                "source_section": "来源章节", "source_quote": "来源原文",
                "next_feedback_due": "下次反馈", "children": "子事项"}


def _reply_entry(j, numbers: dict, names: dict, chases) -> dict:
    """A unit's answer to a chase, dated when it was given (at the unit or in the package)."""
    # the unit that answered (recorded since chases to a whole item are answered by its lead),
    # else the unit the chase went to
    unit = names.get(j.after.get("unit_id")) or next(
        (names.get(c.unit_id, "") for c in chases if c.id == j.entity_id), "")
    number = numbers.get(j.entity_id)
    on = j.after.get("replied_on") or j.at[:10]
    text = (f"答复第{number}次催办：" if number else "答复催办：") + str(j.after.get("answer", ""))
    return _entry(on, "催办答复", unit, j.after.get("replied_by") or j.actor, j.origin, text,
                  at=j.at)


def _requests(store, item_id: int, names: dict, out: list[dict]) -> None:
    for e in store.requests.extensions(item_id):
        out.append(_entry(e.requested_on, "延期申请", names.get(e.unit_id, ""), e.requested_by,
                          e.origin, f"申请延期至 {e.proposed_deadline}：{e.reason}"))
        if e.decided_on:
            verdict = (f"批准延期至 {e.approved_deadline}" if e.decision == Decision.APPROVED else "不批准")
            out.append(_entry(e.decided_on, "延期审批", "", e.decided_by, "录入",
                              verdict + (f"：{e.decision_reason}" if e.decision_reason else "")))
    for c in store.requests.completions(item_id):
        out.append(_entry(c.submitted_on, "申请办结", names.get(c.unit_id, ""), c.submitted_by,
                          c.origin, c.report))
        if c.decided_on:
            out.append(_entry(c.decided_on, "审核", "", c.decided_by, "录入",
                              c.decision + (f"：{c.reason}" if c.reason else "")))


def _entry(date, kind, unit, who, origin, text, attachments=(), at="") -> dict:
    day = str(date)[:10]
    return {"date": day, "at": at or day, "kind": kind, "unit": unit, "who": who,
            "origin": origin, "text": text, "attachments": list(attachments)}


def _named(values, names: dict):
    """Show unit ids in journal rows as the unit's short name."""
    if isinstance(values, dict) and values.get("unit_id") in names:
        return {**values, "unit_id": names[values["unit_id"]]}
    return values


# Fields a journal row carries that say nothing to a reader (positions, cached dates).
_HIDDEN = {"source_quote", "source_start", "source_end", "next_feedback_due", "cycle_due",
           "is_sample"}


def field_label(key: str) -> str | None:
    """The Chinese name of a journal field or setting; None for internal keys."""
    from .settings import LABELS
    return FIELD_LABELS.get(key) or LABELS.get(key)


def describe_change(before, after, names: dict | None = None) -> str:
    """`名称：旧 → 新；类别：（空） → 宣传` for the changed fields a reader can name.

    Fields empty on both sides are left out (never `类别：；理由：`), internal keys are never
    shown, values read as plain text (是/否, lists joined by 、), never as JSON.
    """
    before, after = _named(before, names or {}), _named(after, names or {})
    if not isinstance(after, dict):
        return ""
    old = before if isinstance(before, dict) else {}
    shown = []
    for key in after:
        name = field_label(key)
        if name is None or (key in _HIDDEN and key not in old):
            continue
        was, now = _plain(old.get(key)), _plain(after.get(key))
        if key in old and was == now:
            continue
        if not was and not now:
            continue
        if key == "requirements" and key not in old:
            continue   # the whole text of a new item: shown on the item itself
        shown.append(f"{name}：{was or '（空）'} → {now or '（空）'}" if was
                     else f"{name}：{now}")
        if len(shown) == 6:
            break
    return "；".join(shown)


def _diff(before, after) -> str:
    shown = describe_change(before, after)
    return f"（{shown}）" if shown else ""


def _plain(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return _short("、".join(_plain(v) for v in value))
    if isinstance(value, dict):
        return ""
    return _short(value)


def _short(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 30 else text[:30] + "…"
