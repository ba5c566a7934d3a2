"""Bulk writes that index once, after the rows are in (notes, and items a unit mirrors).

Inserting a note fires two triggers: the trigram FTS row (`notes_ai`) and the bigram queue
(`notes_bg_ai`). Fired once per row, the FTS trigger alone made 120,000 imported notes take
2.3 s; indexing the same rows with one INSERT … SELECT takes 0.3 s. `insert_notes` queues the
items for the bigram index first (with the text the index has now, exactly what the row trigger
would have queued), then drops the two insert triggers, inserts the rows, indexes them in one
statement and re-creates the triggers from their stored definitions, all inside one savepoint:
an error anywhere rolls back the rows and the trigger changes together, so the triggers never
go missing and the index never disagrees with the table.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter

from ..tx import transaction
from .area import Area

NOTE_COLUMNS = ("id", "uid", "item_id", "unit_id", "reporter", "noted_on", "text", "percent",
                "problems", "next_steps", "origin", "package_id", "created_at")
_INSERT = (f"INSERT INTO notes ({', '.join(NOTE_COLUMNS)}) VALUES "
           f"({', '.join('?' * len(NOTE_COLUMNS))})")
_VALUES = itemgetter(*NOTE_COLUMNS)
_INSERT_TRIGGERS = ("notes_ai", "notes_bg_ai")
# the item's text as the bigram index sees it now (see store/bigrams.py _FIELDS_OF / _NOTES_OF)
_QUEUE = ("INSERT INTO bigram_pending (item_id, old) SELECT x.id, x.title || char(10) || "
          "x.requirements || char(10) || COALESCE(x.serial, '') || char(10) || COALESCE(("
          "SELECT group_concat(n.text, char(10)) FROM notes n WHERE n.item_id = x.id), '') "
          "FROM items x WHERE x.id IN (SELECT value FROM json_each(?)) AND NOT EXISTS ("
          "SELECT 1 FROM bigram_pending p WHERE p.item_id = x.id)")
_INDEX = ("INSERT INTO notes_fts (rowid, text, problems, next_steps) SELECT id, text, problems, "
          "next_steps FROM notes WHERE id IN (SELECT value FROM json_each(?))")
# one `item.note` journal row per note, its `after` the exact text `journal.write` gives
# ({"unit_id": …, "noted_on": …, "percent": …} with json.dumps' spacing)
_JOURNAL = ("INSERT INTO journal (at, actor, action, entity, entity_id, item_id, before, after, "
            "package_id, origin) SELECT :at, :actor, 'item.note', 'note', id, item_id, NULL, "
            "'{\"unit_id\": ' || COALESCE(unit_id, 'null') || ', \"noted_on\": ' || "
            "json_quote(noted_on) || ', \"percent\": ' || COALESCE(percent, 'null') || '}', "
            ":package_id, :origin FROM notes WHERE id IN (SELECT value FROM json_each(:ids)) "
            "ORDER BY id")


@dataclass(frozen=True)
class Journal:
    """Who, when and from where, for the journal rows of a bulk insert."""
    at: str
    actor: str
    origin: str
    package_id: str | None = None


def next_note_id(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM notes").fetchone()[0]


@contextmanager
def _without_triggers(conn: sqlite3.Connection, names: tuple[str, ...]) -> Iterator[set[str]]:
    """Inside one savepoint of the caller's transaction: the named triggers dropped (yields
    the names that existed), then re-created from their stored definitions. An error rolls
    the rows and the trigger changes back together, so the triggers never go missing."""
    if not conn.in_transaction:
        raise RuntimeError("bulk inserts run inside a transaction")
    marks = ", ".join("?" * len(names))
    triggers = dict(conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        names).fetchall())
    with transaction(conn):
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        yield set(triggers)
        for sql in triggers.values():
            conn.execute(sql)


def insert_notes(conn: sqlite3.Connection, rows: list[dict], journal: Journal | None = None
                 ) -> None:
    """Insert new notes (each a dict with every column of NOTE_COLUMNS, `id` included) and
    index them in bulk; with `journal`, also one `item.note` journal row per note, in id order.
    Must run inside the caller's transaction."""
    if not rows:
        return
    ids = json.dumps([r["id"] for r in rows])
    with _without_triggers(conn, _INSERT_TRIGGERS) as dropped:
        if "notes_bg_ai" in dropped:      # queued with the text the index has now
            conn.execute(_QUEUE, [json.dumps(sorted({r["item_id"] for r in rows}))])
        conn.executemany(_INSERT, map(_VALUES, rows))
        if "notes_ai" in dropped:
            conn.execute(_INDEX, [ids])
        if journal is not None:
            conn.execute(_JOURNAL, {"at": journal.at, "actor": journal.actor, "ids": ids,
                                    "origin": journal.origin, "package_id": journal.package_id})


# ---- items ----------------------------------------------------------------------------------
_ITEM_TRIGGERS = ("items_ai", "items_bg_ai")
_ITEM_INDEX = ("INSERT INTO items_fts (rowid, title, requirements, serial) SELECT id, title, "
               "requirements, serial FROM items WHERE id IN (SELECT value FROM json_each(?))")
# what items_bg_ai queues for a new item: its id, no old text
_ITEM_QUEUE = ("INSERT INTO bigram_pending (item_id, old) SELECT value, NULL FROM json_each(?) "
               "WHERE NOT EXISTS (SELECT 1 FROM bigram_pending p WHERE p.item_id = value)")


def insert_items(conn: sqlite3.Connection, rows: list[dict]) -> None:
    """Insert new items (dicts with the same keys, `id` included) and index them for search
    in one statement each, as `insert_notes` does for notes. Inside the caller's transaction."""
    if not rows:
        return
    cols = list(rows[0])
    ids = json.dumps([r["id"] for r in rows])
    with _without_triggers(conn, _ITEM_TRIGGERS) as dropped:
        conn.executemany(f"INSERT INTO items ({', '.join(cols)}) VALUES "
                         f"({', '.join('?' * len(cols))})", map(itemgetter(*cols), rows))
        if "items_ai" in dropped:
            conn.execute(_ITEM_INDEX, [ids])
        if "items_bg_ai" in dropped:
            conn.execute(_ITEM_QUEUE, [ids])


class Bulk(Area):
    """`store.bulk`: the bulk writes above on the store's connection."""

    def next_note_id(self) -> int:
        return next_note_id(self.conn)

    def insert_notes(self, rows: list[dict], journal: Journal | None = None) -> None:
        insert_notes(self.conn, rows, journal)

    def insert_items(self, rows: list[dict]) -> None:
        insert_items(self.conn, rows)
