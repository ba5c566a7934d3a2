"""One- and two-character search without scanning every note: a bigram side index.

The trigram FTS cannot match words shorter than three characters, and LIKE over a million notes
takes about a second. `search_bigrams` is a contentless FTS5 table with one row per item
(rowid = item id) whose tokens are every character and every pair of adjacent characters of the
item's title, requirements, serial and notes, each written as hex code points ("7eff" for 绿,
"7effx8272" for 绿色), so that any tokenizer keeps them whole. Pairs never span two fields, and
ASCII letters are folded to lower case as LIKE does: a word of one or two characters matches an
item here exactly when LIKE '%word%' matches one of those fields.

Triggers (plain SQL, so any tool that edits the file keeps this honest) put the id of every item
whose text changes into `bigram_pending`, with the text the index last saw; the first entry since
the last sync wins. `sync` re-indexes the pending items; until then a query leaves those items to
LIKE (see `clause`), so the answer never depends on whether a sync has run.
"""
from __future__ import annotations

import sqlite3
from functools import cache

SEP = "\n"
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}

# The text of an item as the index sees it, for SQL: fields and notes joined by newlines.
_NOTES_OF = "(SELECT group_concat(n.text, char(10)) FROM notes n WHERE n.item_id = {item}{extra})"
_FIELDS_OF = "{t}.title || char(10) || {t}.requirements || char(10) || COALESCE({t}.serial, '')"


def tokens(text: str) -> str:
    """The index tokens of an item's text: each distinct character and adjacent pair."""
    chars: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for part in text.translate(_ASCII_LOWER).split(SEP):
        chars.update(part)
        pairs.update(zip(part, part[1:], strict=False))
    return " ".join([*map(_hex, chars), *(f"{_hex(a)}x{_hex(b)}" for a, b in pairs)])


@cache
def _hex(char: str) -> str:
    return format(ord(char), "x")


def query(word: str) -> str:
    """The FTS5 query for a word of one or two characters."""
    return '"' + "x".join(map(_hex, word.translate(_ASCII_LOWER))) + '"'


def item_text(conn: sqlite3.Connection, item_id: int) -> str | None:
    row = conn.execute(f"SELECT {_FIELDS_OF.format(t='i')} || char(10) || COALESCE("
                       f"{_NOTES_OF.format(item='i.id', extra='')}, '') FROM items i "
                       "WHERE i.id = ?", [item_id]).fetchone()
    return row[0] if row else None


def sync(conn: sqlite3.Connection) -> int:
    """Re-index the pending items (inside the caller's transaction); returns how many."""
    pending = conn.execute("SELECT item_id, old FROM bigram_pending").fetchall()
    for item_id, old in pending:
        if old is not None:
            conn.execute("INSERT INTO search_bigrams(search_bigrams, rowid, grams) "
                         "VALUES ('delete', ?, ?)", [item_id, tokens(old)])
        text = item_text(conn, item_id)
        if text is not None:
            conn.execute("INSERT INTO search_bigrams(rowid, grams) VALUES (?, ?)",
                         [item_id, tokens(text)])
    conn.execute("DELETE FROM bigram_pending")
    return len(pending)


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every item afresh (the migration, and bulk loads that bypass the triggers)."""
    conn.execute("INSERT INTO search_bigrams(search_bigrams) VALUES ('delete-all')")
    rows = conn.execute(f"SELECT i.id, {_FIELDS_OF.format(t='i')} || char(10) || COALESCE("
                        "group_concat(n.text, char(10)), '') FROM items i "
                        "LEFT JOIN notes n ON n.item_id = i.id GROUP BY i.id")
    conn.executemany("INSERT INTO search_bigrams(rowid, grams) VALUES (?, ?)",
                     ((item_id, tokens(text)) for item_id, text in rows))
    conn.execute("DELETE FROM bigram_pending")


def clause(key: str, like_key: str) -> str:
    """Items whose fields or notes contain the short word: indexed items from the index,
    pending ones by LIKE (`:key` holds `query(word)`, `:like_key` the escaped LIKE pattern)."""
    return (f"i.id IN (SELECT rowid FROM search_bigrams WHERE search_bigrams MATCH :{key} "
            "EXCEPT SELECT item_id FROM bigram_pending UNION "
            # CROSS JOIN keeps the (short) pending list as the outer loop
            "SELECT x.id FROM bigram_pending p CROSS JOIN items x ON x.id = p.item_id "
            f"WHERE {like('x', like_key)})")


def like(item: str, like_key: str) -> str:
    """The LIKE test the index stands for, on the item aliased `item` (for pending items)."""
    test = f"LIKE :{like_key} ESCAPE '\\'"
    return (f"({item}.title {test} OR {item}.requirements {test} OR {item}.serial {test} OR "
            f"EXISTS (SELECT 1 FROM notes n WHERE n.item_id = {item}.id AND n.text {test}))")


TRIGGERS = ("items_bg_ai", "items_bg_au", "items_bg_ad", "notes_bg_ai", "notes_bg_au",
            "notes_bg_ad", "notes_bg_au_new")


def create(conn: sqlite3.Connection) -> None:
    """Tables and triggers (for the migration)."""
    conn.execute("CREATE VIRTUAL TABLE search_bigrams USING fts5(grams, content='', "
                 "detail='none', columnsize=0, tokenize='ascii')")
    conn.execute("CREATE TABLE bigram_pending (item_id INTEGER PRIMARY KEY, old TEXT)")
    create_triggers(conn)


def drop_triggers(conn: sqlite3.Connection) -> None:
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_triggers(conn: sqlite3.Connection) -> None:
    """The triggers that queue changed items. The text the index last saw is read only for
    the first change since the last sync (`WHERE NOT EXISTS`): reading it means joining all
    the item's notes, which for every note of a long import made inserting notes quadratic."""
    old_item = "{f} || char(10) || COALESCE({n}, '')".format(
        f=_FIELDS_OF.format(t="old"), n=_NOTES_OF.format(item="old.id", extra=""))
    _trigger(conn, "items_bg_ai", "AFTER INSERT ON items", "new.id", "NULL")
    _trigger(conn, "items_bg_au", "AFTER UPDATE OF title, requirements, serial ON items",
             "old.id", old_item)
    _trigger(conn, "items_bg_ad", "AFTER DELETE ON items", "old.id", old_item)
    for name, event, row, extra, old_text in (
            ("notes_bg_ai", "AFTER INSERT ON notes", "new", " AND n.id <> new.id", None),
            ("notes_bg_au", "AFTER UPDATE OF text, item_id ON notes", "old",
             " AND n.id <> old.id", "old.text"),
            ("notes_bg_ad", "AFTER DELETE ON notes", "old", "", "old.text")):
        notes = _NOTES_OF.format(item=f"{row}.item_id", extra=extra)
        if old_text:
            notes = f"COALESCE({notes} || char(10), '') || {old_text}"
        fields = _FIELDS_OF.format(t="x")
        text = (f"(SELECT {fields} || char(10) || COALESCE({notes}, '') FROM items x "
                f"WHERE x.id = {row}.item_id)")
        _trigger(conn, name, event, f"{row}.item_id", text)
    moved_in = ("(SELECT title || char(10) || requirements || char(10) || COALESCE(serial, '') "
                "|| char(10) || COALESCE((SELECT group_concat(n.text, char(10)) FROM notes n "
                "WHERE n.item_id = new.item_id AND n.id <> new.id), '') "
                "FROM items WHERE id = new.item_id)")
    _trigger(conn, "notes_bg_au_new", "AFTER UPDATE OF item_id ON notes WHEN new.item_id IS NOT "
             "old.item_id", "new.item_id", moved_in)


def _trigger(conn: sqlite3.Connection, name: str, event: str, item: str, old: str) -> None:
    conn.execute(f"""CREATE TRIGGER {name} {event} BEGIN
        INSERT INTO bigram_pending (item_id, old) SELECT {item}, {old}
        WHERE NOT EXISTS (SELECT 1 FROM bigram_pending WHERE item_id = {item}); END""")
