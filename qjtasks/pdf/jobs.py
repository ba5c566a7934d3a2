"""Print batches as data: which sheets to render, collected from the Store in the caller's thread.

The desktop app's batch actions (all notices for one unit, 催办通知单 for every overdue item, the
ledger of the rows in the current table view) read the database here, in the thread that owns
the connection, and hand the resulting pure `Sheet` list to a background worker that only
renders. Rendering is the slow part; reading is a few SQL queries.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qjtasks.core import filters
from qjtasks.core.errors import ValidationError

from . import adapters, sheets
from .blocks import Sheet


@dataclass
class PrintJob:
    title: str
    sheets: list[Sheet]
    settings: dict = field(default_factory=dict)
    suggested_name: str = "qjtasks.pdf"


def _job(store, title: str, built: list[Sheet], name: str) -> PrintJob:
    if not built:
        raise ValidationError(f"{title}：没有可打印的内容")
    return PrintJob(title, built, dict(store.settings), name)


def notices_for_unit(store, unit_id: int, today: dt.date) -> PrintJob:
    """Every open, issued item's 督办通知单 for one unit."""
    unit = store.unit(unit_id)
    rows = store.lists.items(filters.ItemFilter(unit_id=unit_id, open_only=True), today=today,
                            limit=None)
    built = [sheets.notice_sheet(n) for r in rows if r["serial"]
             for n in adapters.notices_from_store(store, r["id"], unit_id, today)]
    return _job(store, f"{unit.short_name} 督办通知单（{len(built)}份）", built,
                f"督办通知单-{unit.short_name}.pdf")


def notices_for_item(store, item_id: int, today: dt.date, unit_id: int | None = None) -> PrintJob:
    built = [sheets.notice_sheet(n)
             for n in adapters.notices_from_store(store, item_id, unit_id, today)]
    return _job(store, f"督办通知单（事项 {item_id}）", built, f"督办通知单-{item_id}.pdf")


def chases_for_overdue(store, today: dt.date) -> PrintJob:
    built = [sheets.chase_sheet(adapters.chase_from_store(store, i, None, today))
             for i in adapters.overdue_item_ids(store, today)]
    return _job(store, f"催办通知单（逾期事项{len(built)}项）", built,
                f"催办通知单-{today.isoformat()}.pdf")


def ledger_for_ids(store, item_ids: list[int] | None, today: dt.date,
                   include_drafts: bool = False) -> PrintJob:
    """The 督办事项汇总表 of the given rows (the current table view), or all open items."""
    lg = adapters.ledger_from_store(store, item_ids, today, include_drafts=include_drafts)
    return _job(store, f"督办事项汇总表（{len(lg.rows)}项）", [sheets.ledger_sheet(lg)],
                f"督办事项汇总表-{today.isoformat()}.pdf")


def unit_report(store, today: dt.date) -> PrintJob:
    rep = adapters.unit_report_from_store(store, today)
    return _job(store, "单位办理情况表", [sheets.unit_report_sheet(rep)],
                f"单位办理情况表-{today.isoformat()}.pdf")


def dossier_report(store, reply_id: int, today: dt.date) -> PrintJob:
    rep = adapters.dossier_from_store(store, reply_id, today)
    return _job(store, f"提案办理情况报告（第{rep.number}号）", [sheets.dossier_sheet(rep)],
                f"提案办理情况报告-{rep.number}.pdf")
