"""Rows as dicts (column name → value), for the store's readers."""
from __future__ import annotations

import sqlite3


def row_dicts(conn: sqlite3.Connection, sql: str, args=()) -> list[dict]:
    cur = conn.execute(sql, args)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
