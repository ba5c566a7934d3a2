"""Rows as dicts (column name → value), for the store's readers."""
from __future__ import annotations

import sqlite3


def row_dicts(conn: sqlite3.Connection, sql: str, args=()) -> list[dict]:
    cur = conn.execute(sql, args)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def chunks(seq: list, size: int):
    """`seq` in slices of at most `size` (SQLite takes a bounded number of parameters)."""
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


def rows_in(conn: sqlite3.Connection, sql: str, values: list, before=()) -> list[tuple]:
    """Rows of `sql`, whose `{marks}` is an IN list, for every value, 500 at a time
    (`before`: parameters ahead of the list)."""
    out: list[tuple] = []
    for chunk in chunks(values, 500):
        out += conn.execute(sql.format(marks=", ".join("?" * len(chunk))), [*before, *chunk])
    return out


# Columns holding ISO days, read back as `date`s by `dated`.
DATE_KEYS = {"filed_on", "date", "noted_on", "chased_on", "requested_on", "proposed_deadline",
             "decided_on", "approved_deadline", "submitted_on", "assigned_on",
             "original_deadline", "current_deadline", "next_feedback_due", "last_feedback_on",
             "input_due", "cycle_due"}


def dated(row: dict, fields) -> dict:
    """The row's values for `fields` (a dataclass's), with the day columns as `date`s."""
    from ..rows import d
    return {k: d(v) if k in DATE_KEYS else v for k, v in row.items() if k in fields}


def sql_in(values) -> str:
    """A SQL list of enum words, `('待签收', '办理中')`: the stored values are the enums' own
    (core/models.py), written once there rather than as literals in every query."""
    return "(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"
