"""Fill the sheet dataclasses from the core Store (read-only; no reportlab, no Qt).

Every `*_from_store` function reads what one sheet needs and nothing else. Serial numbers come
from the store as issued (`services.lifecycle.issue` assigns them), so a reprint carries the same
number. Days overdue are counted in working days with the store's calendar.
"""
from __future__ import annotations

import datetime as dt
import re

from qjtasks.core import clock, filters
from qjtasks.core.errors import NotFoundError, ValidationError
from qjtasks.core.ladder import notice_serial
from qjtasks.core.models import Item, Role, Status
from qjtasks.core.summary import unit_summary
from qjtasks.core.timeline import build_timeline

from .data import (
    ChaseData,
    DossierItem,
    DossierReport,
    HistoryEntry,
    Ledger,
    LedgerRow,
    NoticeData,
    Office,
    UnitReport,
    UnitSummaryRow,
)
from .sheets import quoted

# The old default of `leader_copy`: a role, not a person, so it is never printed as such.
LEADER_PLACEHOLDER = "分管领导"


def leader_copy(store) -> str:
    """The 催办通知单's 抄送 line from settings, or "" (no line) when it is not filled in."""
    value = str(store.setting("leader_copy") or "").strip()
    return "" if value == LEADER_PLACEHOLDER else value


def office_from_store(store) -> Office:
    s = store.settings
    return Office(str(s.get("office_name") or ""), str(s.get("office_short") or ""),
                  str(s.get("supervisor_contact") or ""), str(s.get("supervisor_phone") or ""),
                  leader_copy(store))


def source_text(store, item: Item) -> str:
    if not item.reply_id:
        return item.source_section or "督办员录入"
    reply = store.dossiers.reply(item.reply_id)
    parts = []
    if reply.proposal_id:
        p = store.dossiers.proposal(reply.proposal_id)
        parts.append(f"{p.session}第{p.number}号{p.kind or '提案'}《{p.title}》")
    doc = reply.doc_number + (f"（{reply.answer_class}类）" if reply.answer_class else "")
    section = f"{quoted(item.source_section)}部分" if item.source_section else ""
    parts.append(f"复函{doc}{section}")
    return "；".join(parts)


def _feedback_by(store, item: Item, today: dt.date) -> dt.date | None:
    if item.next_feedback_due:
        return item.next_feedback_due
    from qjtasks.core.calendar import next_feedback_due
    return next_feedback_due(item.cycle, item.assigned_on or today, None)


def notices_from_store(store, item_id: int, unit_id: int | None = None,
                       today: dt.date | None = None) -> list[NoticeData]:
    """The 督办通知单 of one item: one per unit, or only for `unit_id`."""
    today = today or clock.SYSTEM.today()
    item = store.item(item_id)
    assignments = store.assignments(item_id)
    if not assignments:
        raise ValidationError(f"事项 {item_id} 尚未指定承办单位，无法打印督办通知单")
    if unit_id is not None:
        assignments = [a for a in assignments if a.unit_id == unit_id]
        if not assignments:
            raise NotFoundError(f"该单位不是事项 {item_id} 的承办单位")
    lead = next((a.unit_name for a in store.assignments(item_id) if a.role == Role.LEAD), "")
    cos = tuple(a.unit_name for a in store.assignments(item_id) if a.role == Role.CO)
    office, source = office_from_store(store), source_text(store, item)
    by = _feedback_by(store, item, today)
    signer = _signer(store) if item.serial else None
    return [NoticeData(office, item.serial or "", a.unit_name, str(a.role), item.title,
                       item.requirements, source, lead, cos, item.assigned_on,
                       item.current_deadline, item.original_deadline, item.cycle.describe(),
                       by, item.is_sample, *_notice_codes(signer, item, a.unit_id))
            for a in assignments]


def _signer(store):
    """The office's code signer (`paper.codes`, with hmac and the key file): issued items only."""
    from qjtasks.paper import codes
    return codes.signer_for(store)


def _notice_codes(signer, item: Item, unit_id: int) -> tuple[str, str, str]:
    """(notice code, receipt code, office fingerprint); blank for an unissued item."""
    if signer is None:
        return "", "", ""
    from qjtasks.paper import codes
    return (signer.code(item.id, unit_id, item.serial, codes.NOTICE),
            signer.code(item.id, unit_id, item.serial, codes.RECEIPT), signer.fingerprint)


UNRECORDED_CHASE = "（未登记，无编号）"


def chase_from_store(store, item_id: int, unit_id: int | None = None,
                     today: dt.date | None = None, reply_days: int = 5) -> ChaseData:
    """The 催办通知单 for an item's lead unit (or `unit_id`), numbered after the last chase."""
    today = today or clock.SYSTEM.today()
    item = store.item(item_id)
    if item.status in (Status.DRAFT, Status.CLOSED, Status.WITHDRAWN):
        raise ValidationError(f"事项 {item_id} 当前状态为“{item.status}”，无需催办")
    units = store.assignments(item_id)
    target = next((a for a in units if (a.unit_id == unit_id if unit_id else a.role == Role.LEAD)),
                  None)
    if target is None:
        raise NotFoundError(f"事项 {item_id} 没有该承办单位")
    chases = [c for c in store.chases.of(item_id) if c.method == "书面"]
    number = max(len(chases), 1)
    cal = store.calendar
    overdue = (cal.workdays_between(item.current_deadline, today)
               if item.current_deadline and item.current_deadline < today else 0)
    notes = [n for n in store.notes.of(item_id) if unit_id is None or n.unit_id in (unit_id, None)]
    last = notes[0] if notes else None
    serial = notice_serial(store, item_id, target.unit_id) or UNRECORDED_CHASE
    signer = _signer(store) if item.serial else None
    sheet_codes = tuple(signer.code(item_id, target.unit_id, item.serial, f"C{number}-{k}")
                        for k in (1, 2)) if signer else ()
    return ChaseData(office_from_store(store), serial, item.serial or "（未编号）",
                     target.unit_name, item.title, item.original_deadline,
                     item.current_deadline, overdue, number,
                     last.noted_on if last else None, _summary(last.text) if last else "",
                     cal.add_workdays(today, reply_days), today,
                     leader_copy(store), sheet_codes)


def _summary(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def overdue_item_ids(store, today: dt.date) -> list[int]:
    rows = store.lists.items(filters.ItemFilter(view="已逾期"), today=today, limit=None)
    return [r["id"] for r in rows]


def open_item_ids(store, today: dt.date) -> list[int]:
    rows = store.lists.items(filters.ItemFilter(open_only=True), today=today, limit=None)
    return [r["id"] for r in rows]


def ledger_from_store(store, item_ids: list[int] | None, today: dt.date,
                      scope: str = "", include_drafts: bool = False) -> Ledger:
    """The 督办事项汇总表 for the given ids (in that order), or all open items.

    Items not yet issued (待交办) are left out unless `include_drafts`: the ledger is what has
    been sent to the units.
    """
    ids = open_item_ids(store, today) if item_ids is None else list(item_ids)
    rows = store.lists.rows(ids, today)
    if not include_drafts:
        rows = [r for r in rows if r["status"] != Status.DRAFT]
        ids = [r["id"] for r in rows]
    latest = _latest_notes(store, ids)
    out = []
    for no, r in enumerate(rows, 1):
        d = _d
        out.append(LedgerRow(no, r["title"], _source_short(store, r), r["lead_name"],
                             r["co_names"], d(r["assigned_on"]), d(r["original_deadline"]),
                             d(r["current_deadline"]), d(r["last_feedback_on"]),
                             r["stale_days"], latest.get(r["id"], ""), int(r["percent"] or 0),
                             r["light"], int(r.get("chase_count") or 0), r["status"],
                             r.get("status_reason") or "", r.get("serial") or ""))
    scope = scope or ("全部未办结事项" if item_ids is None else "所选事项")
    return Ledger(office_from_store(store), today, tuple(out),
                  scope + ("" if include_drafts else "（不含待交办）"))


def _d(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else value or None


def _source_short(store, row: dict) -> str:
    reply_id = row.get("reply_id")
    if not reply_id:
        return row.get("source_section") or ""
    cache = store.__dict__.setdefault("_pdf_source_cache", {})
    if reply_id not in cache:
        reply = store.dossiers.reply(reply_id)
        num = store.dossiers.proposal(reply.proposal_id).number if reply.proposal_id else ""
        cache[reply_id] = (f"第{num}号提案；" if num else "") + reply.doc_number
    return cache[reply_id]


def _latest_notes(store, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for item_id in ids:
        notes = store.notes.of(item_id)
        if notes:
            out[item_id] = _summary(notes[0].text, 200)
    return out


def unit_report_from_store(store, today: dt.date) -> UnitReport:
    rows = tuple(UnitSummaryRow(r["unit"], r["led"], r["co"], r["on_time"], r["overdue"],
                                r["closed"], r["total"], r["closure_rate"],
                                r["closed_late_original"], r["closed_late_approved"])
                 for r in unit_summary(store, today))
    return UnitReport(office_from_store(store), today, rows)


def dossier_from_store(store, reply_id: int, today: dt.date) -> DossierReport:
    reply = store.dossiers.reply(reply_id)
    prop = store.dossiers.proposal(reply.proposal_id) if reply.proposal_id else None
    ids = [r["id"] for r in store.lists.items(filters.ItemFilter(reply_id=reply_id),
                                             today=today, limit=None)]
    items = tuple(_dossier_item(store, i) for i in ids)
    ratings = "".join(f"委员对办理{k}的评价：{v}。" for k, v in
                      (("态度", reply.attitude_rating), ("结果", reply.result_rating)) if v)
    return DossierReport(office_from_store(store), today, prop.session if prop else "",
                         prop.number if prop else "", prop.title if prop else "",
                         prop.proposer if prop else "", reply.doc_number, reply.date,
                         reply.signer, reply.answer_class, ratings,
                         reply_summary(reply.full_text), items)


_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3}、[^\n]{2,40}?)\s*$", re.M)


def reply_summary(text: str) -> str:
    """The reply letter's section headings (一、… 六、下一步工作计划) as one sentence."""
    heads = [h.rstrip("。；;，,") for h in _HEADING.findall(text or "")]
    return f"复函主要内容：{'；'.join(heads)}。" if heads else ""


def _dossier_item(store, item_id: int) -> DossierItem:
    it = store.item(item_id)
    units = store.assignments(item_id)
    notes = store.notes.of(item_id)
    history = tuple(HistoryEntry(e["date"], e["kind"], e["unit"], e["who"], e["text"])
                    for e in build_timeline(store, item_id) if e["kind"] != "日志")
    return DossierItem(it.serial or "", it.title, it.requirements,
                       next((a.unit_name for a in units if a.role == Role.LEAD), ""),
                       tuple(a.unit_name for a in units if a.role == Role.CO), str(it.status),
                       it.percent, it.current_deadline, notes[0].text if notes else "", history)
