"""Small row helpers shared by the store's readers: dict rows and ISO date decoding."""
from __future__ import annotations

import datetime as dt
import sqlite3


def row_dicts(conn: sqlite3.Connection, sql: str, args=()) -> list[dict]:
    cur = conn.execute(sql, args)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def d(value) -> dt.date | None:
    """ISO text (or a date) from the database to a date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
