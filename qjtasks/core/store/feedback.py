"""What the feedback-cycle rule (core/feedback.py) reads from the file and the answer it stores:
the dates of an item's notes, its journalled status changes, the open items' cycles, and
`items.next_feedback_due`. Functions of the connection, inside the caller's transaction."""
from __future__ import annotations

import sqlite3

from ..models import FINISHED_STATUSES
from .area import Area
from .rows import sql_in

_OPEN = ("SELECT id, cycle_kind, cycle_day, cycle_due, assigned_on, lead_unit_id FROM items "
         f"WHERE status NOT IN {sql_in(FINISHED_STATUSES)}")


def note_dates(conn: sqlite3.Connection, item_id: int, lead_unit_id: int | None,
               co_count: bool) -> list[str]:
    """`noted_on` of the item's notes: the lead unit's and the office's (no unit), and with
    `co_count` every unit's."""
    sql = "SELECT noted_on FROM notes WHERE item_id = ?"
    args: list = [item_id]
    if not co_count:
        sql += " AND (unit_id IS NULL OR unit_id IS ?)"
        args.append(lead_unit_id)
    return [r[0] for r in conn.execute(sql, args)]


def status_changes(conn: sqlite3.Connection, item_id: int) -> list[tuple[str, str]]:
    """(at, after) of the item's journal rows that may change its status, in order."""
    return conn.execute(
        "SELECT at, after FROM journal WHERE item_id = ? AND entity = 'item' "
        "AND after LIKE '%\"status\"%' ORDER BY id", [item_id]).fetchall()


def open_cycles(conn: sqlite3.Connection) -> list[tuple]:
    """(id, cycle_kind, cycle_day, cycle_due, assigned_on, lead_unit_id) of every open item."""
    return conn.execute(_OPEN).fetchall()


def set_next_due(conn: sqlite3.Connection, item_id: int, due: str | None) -> None:
    conn.execute("UPDATE items SET next_feedback_due = ? WHERE id = ?", [due, item_id])


def rule_version(conn: sqlite3.Connection) -> int:
    """The version of the rule the stored answers follow (kept in `PRAGMA user_version`)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def set_rule_version(conn: sqlite3.Connection, version: int) -> None:
    conn.execute(f"PRAGMA user_version = {int(version)}")


class FeedbackRule(Area):
    """`store.feedback_rule`: what the rule (core/feedback.py) reads, on the store's connection,
    and recomputing every open item's stored answer."""

    def counts_co_notes(self) -> bool:
        from .settings import counts_co_notes
        return counts_co_notes(self.conn)

    def report_dates(self, item_id: int, lead_unit_id: int | None,
                     co_count: bool | None = None) -> list:
        from .. import feedback
        return feedback.report_dates(self.conn, item_id, lead_unit_id, co_count)

    def resting_days(self, item_id: int):
        from .. import feedback
        return feedback.resting_days(self.conn, item_id)

    def refresh_all(self, moved) -> int:
        from .. import feedback
        return feedback.refresh_all(self.conn, moved)
