"""Spreadsheet ledgers (台账): the row shape both ways, matching, and the one-transaction import.

The column set follows the 督办事项汇总表 of DOMAIN.md §5 plus the 督办编号 that makes a row
findable again. `importers.ledger` reads a file into `LedgerRow`s (pure parsing); `apply_rows`
here writes the readable rows in one transaction or nothing. A row that matches an existing item
— by 督办编号, or by 事项 and 牵头单位 when it has none — is left alone, so importing the same
ledger twice, or a ledger qjtasks exported itself, changes nothing. Column mappings the
supervisor confirmed are remembered per header set (table `ledger_mappings`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from .clock import SYSTEM, Clock
from .errors import ValidationError
from .models import Changes, ItemDraft, Status
from .rows import iso

# field key → (header written on export, other header names recognised on import)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "seq": ("序号", ("编号", "序")),
    "serial": ("督办编号", ("督办文号", "通知单编号", "督查编号", "文号")),
    "title": ("事项", ("督办事项", "事项名称", "工作任务", "任务", "工作事项", "名称", "内容")),
    "source": ("来源", ("事项来源", "任务来源")),
    "lead": ("牵头单位", ("主办单位", "责任单位", "承办单位", "牵头部门", "责任部门")),
    "co_units": ("配合单位", ("协办单位", "配合部门", "协办部门")),
    "assigned_on": ("交办日期", ("交办时间", "下达日期", "立项日期")),
    "deadline": ("办结时限", ("完成时限", "办结期限", "完成时间", "截止日期", "时限要求", "期限")),
    "original_deadline": ("原办结时限", ("原定时限", "原时限")),
    "last_feedback_on": ("最近反馈", ("最近反馈日期", "反馈日期")),
    "stale_days": ("未更新天数", ()),
    "progress": ("进展摘要", ("进展情况", "办理进展", "推进情况", "办理情况")),
    "percent": ("进度(%)", ("进度", "完成进度", "完成比例", "%")),
    "light": ("灯色", ("预警", "状态灯")),
    "chase_count": ("催办次数", ()),
    "status": ("状态", ("办理状态", "当前状态")),
    "remarks": ("备注", ("说明",)),
    "category": ("类别", ("分类", "类型")),
    "requirements": ("督办要求", ("工作要求", "具体要求")),
}
EXPORT_ORDER = ("seq", "serial", "title", "source", "lead", "co_units", "assigned_on",
                "deadline", "original_deadline", "last_feedback_on", "stale_days", "progress",
                "percent", "light", "chase_count", "status", "remarks")
DATE_FIELDS = ("assigned_on", "deadline", "original_deadline", "last_feedback_on")
PROGRESS_EVERY = 200   # rows between two progress reports of `apply_rows`
IMPORTED = ("serial", "title", "lead", "co_units", "assigned_on", "deadline",
            "original_deadline", "percent", "status", "category", "requirements")


@dataclass
class LedgerRow:
    """One readable ledger row, parsed and resolved (units by id)."""

    row_no: int
    title: str
    serial: str = ""
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = field(default_factory=list)
    assigned_on: dt.date | None = None
    deadline: dt.date | None = None
    original_deadline: dt.date | None = None
    percent: int | None = None
    status: str = ""
    category: str = ""
    requirements: str = ""


@dataclass
class ApplyReport:
    created: list[int] = field(default_factory=list)
    unchanged: list[tuple[int, int]] = field(default_factory=list)   # (row_no, item_id)


def normalise(header) -> str:
    text = "" if header is None else str(header)
    return "".join(text.split()).replace("（", "(").replace("）", ")").strip("*")


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Field → header, by exact name first, then by synonyms; each header used once."""
    norm = {normalise(h): h for h in headers if normalise(h)}
    out: dict[str, str] = {}
    for key, (label, others) in FIELDS.items():
        for name in (label, *others):
            hit = norm.get(normalise(name))
            if hit is not None and hit not in out.values():
                out[key] = hit
                break
    return out


def signature(headers: list[str]) -> str:
    names = sorted(normalise(h) for h in headers if normalise(h))
    return hashlib.sha256("|".join(names).encode("utf-8")).hexdigest()[:24]


def remembered_mapping(store, headers: list[str]) -> dict[str, str]:
    stored = store.prefs.ledger_mapping(signature(headers))
    if not stored:
        return {}
    present = set(headers)
    return {k: v for k, v in stored.items() if v in present and k in FIELDS}


def remember_mapping(store, headers: list[str], mapping: dict[str, str],
                     clock: Clock = SYSTEM) -> None:
    if store.readonly:
        return
    store.prefs.remember_ledger_mapping(signature(headers), mapping, clock.stamp())


def find_existing(store, row: LedgerRow) -> int | None:
    """The item this row describes, if it is already in the database."""
    return store.ledger.find(row.serial, row.title, row.lead_unit_id)


def apply_rows(services, rows: list[LedgerRow], progress=None) -> tuple[Changes, ApplyReport]:
    """Create the rows not yet present, all in one transaction or nothing.

    `progress(done, total)`, if given, is called every `PROGRESS_EVERY` rows and at the end.
    """
    report = ApplyReport()
    with services.tx():
        for n, row in enumerate(rows):
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n, len(rows))
            existing = find_existing(services.store, row)
            if existing is not None:
                report.unchanged.append((row.row_no, existing))
                continue
            try:
                report.created.append(_create(services, row))
            except ValidationError as exc:
                raise ValidationError(f"第{row.row_no}行：{exc.message}，整个台账未导入") from None
        if report.created:
            services.log("ledger.import", "item", after={"created": report.created,
                                                         "unchanged": len(report.unchanged)},
                         origin="导入")
    if progress is not None:
        progress(len(rows), len(rows))
    changes = Changes("ledger.import", item_ids=frozenset(report.created),
                      message=f"新增 {len(report.created)} 项，已存在 {len(report.unchanged)} 项")
    return changes, report


def _create(services, row: LedgerRow) -> int:
    draft = ItemDraft(title=row.title, requirements=row.requirements, category=row.category,
                      lead_unit_id=row.lead_unit_id, co_unit_ids=row.co_unit_ids,
                      assigned_on=row.assigned_on, deadline=row.deadline)
    item_id = services.items.insert(draft)
    status = row.status if row.status in [s.value for s in Status] else (
        Status.IN_PROGRESS if row.serial else Status.DRAFT)
    extra = {"serial": row.serial or None, "status": str(status), "percent": row.percent or 0,
             "original_deadline": iso(row.original_deadline or row.deadline)}
    services.store.ledger.set_imported(item_id, **extra)
    services.log("item.import", "item", item_id, item_id, after=extra, origin="导入")
    if row.serial:
        _reserve_serial(services, row.serial)
    return item_id


def _reserve_serial(services, serial: str) -> None:
    """An imported 督办编号 of our own series moves the counter past it, so none is reused."""
    prefix = services.store.setting("serial_prefix")
    m = re.fullmatch(re.escape(prefix) + r"〔(\d{4})〕(\d+)号", serial)
    if not m:
        return
    year, number = int(m[1]), int(m[2])
    services.store.ledger.reserve_serial(prefix, year, number)


# ---- export ------------------------------------------------------------------------------

def export_records(store, rows: list[dict]) -> list[dict]:
    """Ledger records (field key → value, dates as `date`) for item rows from `store.lists.items`."""
    ids = [r["id"] for r in rows]
    sources, notes = _sources(store, ids), _latest_notes(store, ids)
    out = []
    for n, r in enumerate(rows, 1):
        extended = r["original_deadline"] != r["current_deadline"]
        out.append({
            "seq": n, "serial": r["serial"] or "", "title": r["title"],
            "source": sources.get(r["id"], ""), "lead": r["lead_name"],
            "co_units": r["co_names"], "assigned_on": _date(r["assigned_on"]),
            "deadline": _date(r["current_deadline"]),
            "original_deadline": _date(r["original_deadline"]) if extended else None,
            "last_feedback_on": _date(r["last_feedback_on"]), "stale_days": r["stale_days"],
            "progress": notes.get(r["id"], ""), "percent": r["percent"], "light": r["light"],
            "chase_count": r["chase_count"], "status": r["status"],
            "remarks": "；".join(x for x in (r["status_reason"],
                                            "示例分工" if r["is_sample"] else "") if x)})
    return out


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _sources(store, ids: list[int]) -> dict[int, str]:
    out = {}
    for item_id, (session, number, doc) in store.ledger.sources(ids).items():
        proposal = f"{session or ''}第{number}号提案" if number else ""
        out[item_id] = "；".join(x for x in (proposal, doc) if x)
    return out


def _latest_notes(store, ids: list[int]) -> dict[int, str]:
    return {item_id: " ".join(text.split())[:200]
            for item_id, text in store.ledger.latest_notes(ids).items()}
