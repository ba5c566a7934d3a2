"""SQL for package exchange: a unit's outgoing records, built as JSON text by SQLite.

A unit sends every record of its own work in each package's comparison (the outbox decides
what is new), so building 170,000 records as Python dicts and encoding each one was most of an
export. Here SQLite's `json_object` writes each record's data as the canonical text the outbox
stores and the content hash is taken of (`exchange.db.dumps`: keys sorted, no spaces, non-ASCII
kept, the same escapes) — tests/exchange/test_record_texts.py checks the texts are identical to
encoding the same rows in Python. A note with attachments has no text here (NULL): its record
names its files, and is built with them by `exchange.records`.

The rest of exchange/ still runs its own queries; they move here step by step.
"""
from __future__ import annotations

import sqlite3

IMPORTED = "导入"


def _json(fields: dict[str, str]) -> str:
    """`json_object` over the fields in sorted key order (as `sort_keys=True` writes them)."""
    return "json_object(" + ", ".join(f"'{k}', {fields[k]}" for k in sorted(fields)) + ")"


_SIGN = _json({"item_id": "item_id", "unit_id": "unit_id", "signed_by": "signed_by",
               "signed_at": "signed_at", "origin": "COALESCE(NULLIF(sign_origin, ''), '录入')"})
_NOTE = _json({"attachments": "json_array()", **{k: f"n.{k}" for k in (
    "uid", "item_id", "unit_id", "reporter", "noted_on", "text", "percent", "problems",
    "next_steps")}})
_REPLY = {"chase_uid": "r.chase_uid", "item_id": "c.item_id", "answer": "r.answer",
          "replied_by": "r.replied_by", "replied_on": "r.replied_on", "unit_id": ":unit"}
_EXT = {**{k: f"e.{k}" for k in ("uid", "item_id", "unit_id", "requested_on", "reason",
                                 "proposed_deadline", "progress", "requested_by")}}
_COMPLETION = _json({k: k for k in ("uid", "item_id", "unit_id", "submitted_on", "report",
                                    "submitted_by")})


def unit_signs(conn: sqlite3.Connection, unit_id: int) -> list[tuple[str, str]]:
    """(ruid, data text) of the unit's own 签收, oldest first."""
    return conn.execute(
        f"SELECT 'sign-' || item_id || '-' || unit_id, {_SIGN} FROM assignments "
        "WHERE unit_id = ? AND signed_at IS NOT NULL AND COALESCE(sign_origin, '') <> ? "
        "ORDER BY signed_at, item_id", [unit_id, IMPORTED]).fetchall()


def unit_notes(conn: sqlite3.Connection, unit_id: int) -> list[tuple[int, str, str | None]]:
    """(note id, uid, data text — NULL when the note has attachments) of the unit's notes."""
    return conn.execute(
        f"SELECT n.id, n.uid, CASE WHEN EXISTS (SELECT 1 FROM attachments a WHERE "
        f"a.note_id = n.id) THEN NULL ELSE {_NOTE} END FROM notes n WHERE n.unit_id = ? AND "
        "n.origin <> ? ORDER BY n.id", [unit_id, IMPORTED]).fetchall()


def unit_chase_replies(conn: sqlite3.Connection, unit_id: int) -> list[tuple[str, str]]:
    """(ruid, data text) of this installation's answers to chases. An answer names this unit
    even for a chase sent to the whole item (no unit), which went to its lead."""
    return conn.execute(
        f"SELECT 'reply-' || r.chase_uid, {_json(_REPLY)} FROM exchange_chase_replies r "
        "JOIN chases c ON c.uid = r.chase_uid ORDER BY r.replied_on, r.chase_uid",
        {"unit": unit_id}).fetchall()


def unit_extensions(conn: sqlite3.Connection, unit_id: int) -> list[tuple[str, str, str]]:
    """(uid, data text, hashed text) of the unit's extension requests: the data carries the
    deadline the request was based on, which is frozen when first sent and not hashed."""
    return conn.execute(
        f"SELECT e.uid, {_json({**_EXT, 'based_on_deadline': 'i.current_deadline'})}, "
        f"{_json(_EXT)} FROM extensions e JOIN items i ON i.id = e.item_id "
        "WHERE e.unit_id = ? AND e.origin <> ? ORDER BY e.id", [unit_id, IMPORTED]).fetchall()


def unit_completions(conn: sqlite3.Connection, unit_id: int) -> list[tuple[str, str]]:
    """(uid, data text) of the unit's completion requests."""
    return conn.execute(
        f"SELECT uid, {_COMPLETION} FROM completions WHERE unit_id = ? AND origin <> ? "
        "ORDER BY id", [unit_id, IMPORTED]).fetchall()
