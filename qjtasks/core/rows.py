"""ISO dates to and from the database (rows as dicts: core/store/rows.py)."""
from __future__ import annotations

import datetime as dt


def d(value) -> dt.date | None:
    """ISO text (or a date) from the database to a date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
