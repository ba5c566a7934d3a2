"""`store.bulk.insert_notes` indexes notes in one statement: the result must be exactly what
inserting the same rows one by one (triggers firing per row) gives — the same trigram matches,
the same bigram queue and, after a sync, the same bigram matches — and the triggers must be
back, unchanged, whether the insert succeeded or failed.
"""
import sqlite3
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core.store import Store, bigrams, bulk
from qjtasks.core.tx import transaction

ALPHABET = "aAb绿色发展宣传专题会议 "
texts = st.text(alphabet=ALPHABET, max_size=14)
words = st.text(alphabet=ALPHABET.replace(" ", ""), min_size=1, max_size=4)


def _triggers(conn) -> dict:
    return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))


def _build(items, old_notes, synced: bool) -> Store:
    store = Store.memory()
    conn = store.conn
    for n, (title, req) in enumerate(items, 1):
        conn.execute("INSERT INTO items (id, title, requirements, created_at, updated_at) "
                     "VALUES (?, ?, ?, '', '')", [n, title or "x", req])
    for item, text in old_notes:
        conn.execute("INSERT INTO notes (uid, item_id, noted_on, text, created_at) VALUES "
                     "(?, ?, '2026-11-01', ?, '')", [uuid.uuid4().hex, item, text])
    if synced:
        bigrams.sync(conn)
    return store


def _rows(conn, new_notes) -> list[dict]:
    first = bulk.next_note_id(conn)
    return [dict(id=first + k, uid=f"u{k}", item_id=item, unit_id=None, reporter="联络员",
                 noted_on="2026-11-02", text=text, percent=None, problems=extra,
                 next_steps="", origin="导入", package_id="p", created_at="")
            for k, (item, text, extra) in enumerate(new_notes)]


def _state(store: Store, queries) -> tuple:
    conn = store.conn
    conn.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")
    trigram = [sorted(r[0] for r in conn.execute(
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?", [f'"{w}"'])) for w in queries
        if len(w) >= 3]
    pending = sorted(conn.execute("SELECT item_id, old FROM bigram_pending"))
    bigrams.sync(conn)
    short = [sorted(r[0] for r in conn.execute(
        "SELECT rowid FROM search_bigrams WHERE search_bigrams MATCH ?", [bigrams.query(w)]))
        for w in queries if len(w) <= 2]
    return trigram, pending, short


@settings(max_examples=40)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=4),
       st.data(), st.booleans(), st.lists(words, min_size=1, max_size=6))
def test_bulk_insert_indexes_exactly_as_row_triggers_do(items, data, synced, queries):
    item_ids = st.integers(1, len(items))
    old = data.draw(st.lists(st.tuples(item_ids, texts), max_size=5))
    new = data.draw(st.lists(st.tuples(item_ids, texts, texts), min_size=1, max_size=8))
    plain, fast = _build(items, old, synced), _build(items, old, synced)
    rows = _rows(plain.conn, new)
    with transaction(plain.conn):
        plain.conn.executemany(
            f"INSERT INTO notes ({', '.join(bulk.NOTE_COLUMNS)}) VALUES "
            f"({', '.join(':' + c for c in bulk.NOTE_COLUMNS)})", rows)
    before = _triggers(fast.conn)
    with transaction(fast.conn):
        bulk.insert_notes(fast.conn, rows)
    assert _triggers(fast.conn) == before
    assert _state(fast, queries) == _state(plain, queries)


def test_a_failed_bulk_insert_leaves_rows_and_triggers_as_they_were():
    store = _build([("标题", "要求")], [(1, "已有的反馈")], synced=True)
    conn = store.conn
    before, count = _triggers(conn), conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    rows = _rows(conn, [(1, "新的反馈一", ""), (1, "新的反馈二", "")])
    rows[1]["item_id"] = 999                      # no such item: the foreign key refuses it
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        bulk.insert_notes(conn, rows)
    assert _triggers(conn) == before
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == count
    assert conn.execute("SELECT count(*) FROM bigram_pending").fetchone()[0] == 0
    conn.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")


def test_bulk_insert_needs_a_transaction():
    store = _build([("标题", "要求")], [], synced=True)
    with pytest.raises(RuntimeError):
        bulk.insert_notes(store.conn, _rows(store.conn, [(1, "反馈", "")]))


@settings(max_examples=40)
@given(st.lists(st.tuples(st.sampled_from([None, 1]), st.one_of(st.none(), st.integers(0, 100)),
                          st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
                min_size=1, max_size=6))
def test_bulk_journal_rows_are_those_journal_write_gives(notes):
    from qjtasks.core.store import journal
    plain, fast = _build([("标题", "要求")], [], True), _build([("标题", "要求")], [], True)
    for store in (plain, fast):
        store.conn.execute("PRAGMA foreign_keys = OFF")
    rows = _rows(plain.conn, [(1, "反馈", "") for _ in notes])
    for row, (unit, pct, day) in zip(rows, notes, strict=True):
        row.update(unit_id=unit, percent=pct, noted_on=day)
    stamp = bulk.Journal(at="2026-12-07T09:00:00", actor="区科技局（数据包）", origin="导入",
                         package_id="pkg")
    with transaction(plain.conn):
        bulk.insert_notes(plain.conn, rows)
        journal.write_many(plain.conn, [dict(
            at=stamp.at, actor=stamp.actor, action="item.note", entity="note",
            entity_id=r["id"], item_id=r["item_id"],
            after={k: r[k] for k in ("unit_id", "noted_on", "percent")},
            origin=stamp.origin, package_id=stamp.package_id) for r in rows])
    with transaction(fast.conn):
        bulk.insert_notes(fast.conn, rows, stamp)
    sql = "SELECT * FROM journal ORDER BY id"
    assert fast.conn.execute(sql).fetchall() == plain.conn.execute(sql).fetchall()


@settings(max_examples=40)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=3),
       st.lists(st.tuples(texts, texts, st.one_of(st.none(), texts)), min_size=1, max_size=6),
       st.booleans(), st.lists(words, min_size=1, max_size=6))
def test_bulk_item_insert_indexes_exactly_as_row_triggers_do(old, new, synced, queries):
    plain, fast = _build(old, [], synced), _build(old, [], synced)
    rows = [dict(id=len(old) + k, title=t or "x", requirements=r,
                 serial=None if s is None else f"{s}{k}", created_at="",
                 updated_at="") for k, (t, r, s) in enumerate(new, 1)]
    with transaction(plain.conn):
        plain.conn.executemany("INSERT INTO items (id, title, requirements, serial, created_at, "
                               "updated_at) VALUES (:id, :title, :requirements, :serial, "
                               ":created_at, :updated_at)", rows)
    before = _triggers(fast.conn)
    with transaction(fast.conn):
        bulk.insert_items(fast.conn, rows)
    assert _triggers(fast.conn) == before

    def state(store):
        conn = store.conn
        conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")
        tri = [sorted(r[0] for r in conn.execute(
            "SELECT rowid FROM items_fts WHERE items_fts MATCH ?", [f'"{w}"']))
            for w in queries if len(w) >= 3]
        pending = sorted(conn.execute("SELECT item_id, old FROM bigram_pending"))
        return tri, pending, _state(store, queries)
    assert state(fast) == state(plain)
