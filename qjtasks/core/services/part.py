"""What every area of the write side shares: the session (`Services`) it belongs to, whose
store, clock, actor and transaction it writes through, and three small row helpers."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..errors import ValidationError

if TYPE_CHECKING:
    from . import Services


class Part:
    """One area of the write side (`services.items`, `services.notes` …)."""

    def __init__(self, services: Services):
        self.svc = services

    @property
    def store(self):
        return self.svc.store

    def not_future(self, day: dt.date, label: str, field: str,
                   package_id: str | None = None) -> dt.date:
        """An act cannot be dated after today (a unit's package keeps the unit's own dates)."""
        today = self.svc.today()
        if package_id is None and day > today:
            raise ValidationError(f"{label} {day.isoformat()} 晚于今天（{today.isoformat()}），"
                                  "不能登记尚未发生的事；请填写实际日期", field=field)
        return day

    def exists(self, table: str, uid: str) -> bool:
        return self.store.item_rows.exists(table, uid)

    def insert_row(self, table: str, fields: dict) -> int:
        return self.store.item_rows.insert(table, fields)
