"""The journal's rows: audit rows written in the same transaction as the change they describe,
and the readers of the journal (`store.audit`). What the actions are called lives in
core/journal.py."""
from __future__ import annotations

import json
import sqlite3

from ..errors import NotFoundError, ValidationError
from ..models import JournalEntry
from .area import Area
from .rows import row_dicts

_INSERT = ("INSERT INTO journal (at, actor, action, entity, entity_id, item_id, before, after, "
           "package_id, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


# one encoder for every row: `json.dumps` with options builds a new encoder per call, which was
# a fifth of writing an import's journal rows; the text is the same
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _dump(value) -> str | None:
    if value is None:
        return None
    return _ENCODE(value)


def write(conn: sqlite3.Connection, *, actor: str, action: str, entity: str,
          entity_id: int | None = None, item_id: int | None = None, before=None, after=None,
          package_id: str | None = None, origin: str = "录入", at: str) -> int:
    """One audit row; `at` is the session clock's stamp (`Services.now()`)."""
    cur = conn.execute(_INSERT, [at, actor, action, entity, entity_id, item_id, _dump(before),
                                 _dump(after), package_id, origin])
    return cur.lastrowid


def write_many(conn: sqlite3.Connection, rows: list[dict]) -> None:
    """Several audit rows at once (each dict takes `write`'s keyword arguments), in order."""
    conn.executemany(_INSERT, [
        (r["at"], r["actor"], r["action"], r["entity"], r.get("entity_id"), r.get("item_id"),
         _dump(r.get("before")), _dump(r.get("after")), r.get("package_id"),
         r.get("origin", "录入")) for r in rows])


class Audit(Area):
    """The journal: `write` one row in the caller's transaction, and its readers."""

    def write(self, **row) -> int:
        """One audit row (`write`'s keyword arguments)."""
        return write(self.conn, **row)

    def raw(self, journal_id: int) -> tuple | None:
        """(id, at, actor, action, item_id, before, after) of one row, JSON as stored."""
        return self.conn.execute("SELECT id, at, actor, action, item_id, before, after "
                                 "FROM journal WHERE id = ?", [journal_id]).fetchone()

    def later(self, item_id: int, journal_id: int) -> list[tuple[int, str]]:
        """(id, action) of the item's rows after `journal_id`, in order."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT id, action FROM journal WHERE item_id = ? AND id > ? ORDER BY id",
            [item_id, journal_id])]

    def entries(self, item_id: int | None = None, limit: int = 500,
                package_id: str | None = None) -> list[JournalEntry]:
        where, args = [], []
        if item_id is not None:
            where.append("item_id = ?")
            args.append(item_id)
        if package_id is not None:
            where.append("package_id = ?")
            args.append(package_id)
        sql = "SELECT * FROM journal" + (f" WHERE {' AND '.join(where)}" if where else "")
        rows = row_dicts(self.conn, sql + " ORDER BY id DESC LIMIT ?", [*args, limit])
        return [_journal(r) for r in rows]

    def package_id(self, prefix: str) -> str:
        """The one package id in the journal starting with `prefix` (as `package list` shows
        8 characters); a clear message when none or several match."""
        text = (prefix or "").strip().lower()
        found = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT package_id FROM journal WHERE package_id >= ? AND package_id < ? "
            "ORDER BY package_id LIMIT 3", [text, text + "\uffff"])] if text else []
        if not found:
            raise NotFoundError(f"没有编号以“{prefix[:40]}”开头的数据包记录")
        if len(found) > 1:
            raise ValidationError(f"编号以“{prefix[:40]}”开头的数据包不止一个，请多写几位")
        return found[0]


def _journal(r: dict) -> JournalEntry:
    def load(v):
        return (json.loads(v) if v else None)
    return JournalEntry(r["id"], r["at"], r["actor"], r["action"], r["entity"], r["entity_id"],
                        r["item_id"], load(r["before"]), load(r["after"]), r["package_id"],
                        r["origin"])
