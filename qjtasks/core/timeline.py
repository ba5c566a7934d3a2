"""One timeline per item, newest first: notes, chases, requests, decisions, reviews, journal.

Each entry is a plain dict with `date`, `kind`, `unit`, `who`, `origin`, `text`, so the GUI, the
CLI and printed reports show the same history.
"""
from __future__ import annotations

from .journal import label


def build_timeline(store, item_id: int) -> list[dict]:
    names = {u.id: u.short_name for u in store.units()}
    out: list[dict] = []
    for n in store.notes(item_id):
        text = n.text + (f"（进度 {n.percent}%）" if n.percent is not None else "")
        if n.problems:
            text += f"\n存在问题：{n.problems}"
        if n.next_steps:
            text += f"\n下步打算：{n.next_steps}"
        out.append(_entry(n.noted_on, "进展反馈", names.get(n.unit_id, ""), n.reporter,
                          n.origin, text, attachments=list(n.attachments),
                          at=f"{n.noted_on}T99"))
    chases = store.chases(item_id)
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
    for j in store.journal(item_id):
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

FIELD_LABELS = {"title": "名称", "requirements": "督办要求", "category": "类别",
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
    for e in store.extensions(item_id):
        out.append(_entry(e.requested_on, "延期申请", names.get(e.unit_id, ""), e.requested_by,
                          e.origin, f"申请延期至 {e.proposed_deadline}：{e.reason}"))
        if e.decided_on:
            verdict = (f"批准延期至 {e.approved_deadline}" if e.decision == "批准" else "不批准")
            out.append(_entry(e.decided_on, "延期审批", "", e.decided_by, "录入",
                              verdict + (f"：{e.decision_reason}" if e.decision_reason else "")))
    for c in store.completions(item_id):
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


def _diff(before, after) -> str:
    if not isinstance(after, dict):
        return ""
    keys = [k for k in after if not isinstance(before, dict) or before.get(k) != after.get(k)]
    old = before if isinstance(before, dict) else {}
    shown = [(f"{FIELD_LABELS.get(k, k)}：{_short(old.get(k))} → {_short(after.get(k))}"
              if old.get(k) not in (None, "") else f"{FIELD_LABELS.get(k, k)}：{_short(after.get(k))}")
             for k in keys[:6] if k not in ("source_quote", "requirements", "next_feedback_due")
             or k in old]
    return ("（" + "；".join(shown) + "）") if shown else ""


def _short(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 30 else text[:30] + "…"
