"""Filters as data: what a list of items shows (`ItemFilter`), the preset views, the sort keys.

The store turns a filter into SQL (`store.lists`, core/store/search.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

VIEWS = ("全部", "待交办", "待签收", "今日需催办", "本周到期", "已逾期", "反馈超期", "未定时限",
         "申请办结待审核", "已办结")

# The sort keys a list offers (their SQL: core/store/search.py ORDER_SQL).
ORDERS = ("serial", "title", "lead", "deadline", "remaining", "light", "stale", "percent",
          "status", "id", "assigned", "co_units", "chases")


@dataclass
class ItemFilter:
    """What a list shows: view, unit and role, statuses, lights, category, dates and text."""
    view: str = "全部"
    unit_id: int | None = None
    role: str | None = None            # 牵头 / 配合 (with unit_id, or alone: any unit)
    statuses: list[str] = field(default_factory=list)
    lights: list[str] = field(default_factory=list)
    category: str | None = None
    due_after: dt.date | None = None
    due_before: dt.date | None = None
    text: str = ""
    reply_id: int | None = None
    parent_id: int | None = None
    ids: list[int] | None = None
    open_only: bool = False


def week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())
