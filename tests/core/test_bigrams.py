"""The bigram side index answers one- and two-character searches exactly as LIKE does.

Random items and notes are written and edited with plain SQL (as another tool might), then every
short query is checked against a LIKE over the same fields, before and after a sync.
"""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core.filters import ItemFilter
from qjtasks.core.models import ItemEdit
from qjtasks.core.store import Store, bigrams
from qjtasks.core.store.search import build

TODAY = dt.date(2026, 11, 25)
ALPHABET = "aAbB绿色发展宣传%_ \\"
texts = st.text(alphabet=ALPHABET, max_size=12)
words = st.text(alphabet=ALPHABET.replace(" ", ""), min_size=1, max_size=2)


def like_ids(store: Store, word: str) -> set[int]:
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    like = "LIKE :p ESCAPE '\\'"
    sql = (f"SELECT id FROM items i WHERE title {like} OR requirements {like} OR serial {like} "
           f"OR id IN (SELECT item_id FROM notes WHERE text {like})")
    return {r[0] for r in store.conn.execute(sql, {"p": pattern})}


def app_ids(store: Store, word: str) -> set[int]:
    return {r["id"] for r in store.lists.items(ItemFilter(text=word), today=TODAY, limit=None)}


def add_item(store: Store, title: str, req: str) -> int:
    return store.conn.execute(
        "INSERT INTO items (title, requirements, created_at, updated_at) VALUES (?, ?, '', '')",
        [title or "x", req]).lastrowid


def add_note(store: Store, item_id: int, text: str) -> int:
    return store.conn.execute(
        "INSERT INTO notes (uid, item_id, noted_on, text, created_at) VALUES "
        "(hex(randomblob(16)), ?, '2026-11-01', ?, '')", [item_id, text]).lastrowid


edits = st.lists(st.tuples(st.sampled_from(["title", "req", "serial", "note", "edit_note",
                                            "move_note", "drop_note", "sync"]),
                           st.integers(0, 5), texts), max_size=25)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(texts, texts, st.lists(texts, max_size=3)), min_size=1, max_size=5),
       edits, st.lists(words, min_size=1, max_size=6))
def test_short_words_match_like_before_and_after_sync(items, changes, queries):
    store = Store.memory()
    ids = [add_item(store, t, r) for t, r, _ in items]
    notes = [add_note(store, i, text) for i, (_, _, ns) in zip(ids, items, strict=True)
             for text in ns]
    if len(ids) % 2:              # indexed; otherwise every item is still pending
        bigrams.rebuild(store.conn)
    for kind, n, text in changes:
        item = ids[n % len(ids)]
        if kind in ("title", "req", "serial"):
            col = {"title": "title", "req": "requirements", "serial": "serial"}[kind]
            value = text or "x"
            if kind == "serial":          # serials are unique: make each one distinct
                value = f"{value}#{item}"
            store.conn.execute(f"UPDATE items SET {col} = ? WHERE id = ?", [value, item])
        elif kind == "note":
            notes.append(add_note(store, item, text))
        elif notes and kind == "edit_note":
            store.conn.execute("UPDATE notes SET text = ? WHERE id = ?",
                               [text, notes[n % len(notes)]])
        elif notes and kind == "move_note":
            store.conn.execute("UPDATE notes SET item_id = ? WHERE id = ?",
                               [item, notes[n % len(notes)]])
        elif notes and kind == "drop_note":
            store.conn.execute("DELETE FROM notes WHERE id = ?", [notes.pop(n % len(notes))])
        elif kind == "sync":
            bigrams.sync(store.conn)
    for word in queries:
        filt = ItemFilter(text=word)
        where, params = build(filt, TODAY, TODAY, TODAY)
        before = {r[0] for r in store.conn.execute(f"SELECT i.id FROM items i WHERE {where}",
                                                    params)}
        assert before == like_ids(store, word), word             # pending items via LIKE
        assert app_ids(store, word) == like_ids(store, word), word   # lists.items syncs first
    assert not store.conn.execute("SELECT count(*) FROM bigram_pending").fetchone()[0]
    store.conn.execute("INSERT INTO search_bigrams(search_bigrams) VALUES ('integrity-check')")


def test_search_syncs_after_services_writes(seeded, today):
    store = seeded.store
    item = 1
    seeded.items.edit(item, ItemEdit(deadline="2027-02-25"))
    seeded.lifecycle.issue(item, dt.date(2026, 11, 25))
    seeded.lifecycle.sign(item, seeded.units.resolve("区发改委"), "王五", "2026-11-26 09:30")
    assert item not in {r["id"] for r in store.lists.search("节水", today=today)}
    seeded.notes.add(item, None, "张三", "已完成节水改造")
    assert store.conn.execute("SELECT count(*) FROM bigram_pending").fetchone()[0] >= 1
    assert item in {r["id"] for r in store.lists.search("节水", today=today)}
    assert store.conn.execute("SELECT count(*) FROM bigram_pending").fetchone()[0] == 0
    assert item in {r["id"] for r in store.lists.search("节", today=today)}


def test_readonly_store_answers_pending_items_by_like(tmp_path, today):
    path = tmp_path / "qj.db"
    writer = Store.open(path)
    item = add_item(writer, "推进节能", "")
    writer.close()
    reader = Store.open(path, readonly=True)
    assert item in {r["id"] for r in reader.lists.search("节能", today=today)}
    assert reader.conn.execute("SELECT count(*) FROM bigram_pending").fetchone()[0] == 1


def test_edited_and_deleted_text_stops_matching():
    store = Store.memory()
    item = add_item(store, "推进工作", "")
    note = add_note(store, item, "节水")
    other = add_note(store, item, "降耗")
    bigrams.sync(store.conn)
    assert app_ids(store, "节水") == {item}
    store.conn.execute("UPDATE notes SET text = '改造' WHERE id = ?", [note])
    assert app_ids(store, "节水") == set() and app_ids(store, "改造") == {item}
    store.conn.execute("DELETE FROM notes WHERE id = ?", [other])
    assert app_ids(store, "降耗") == set() and app_ids(store, "耗") == set()
    store.conn.execute("UPDATE items SET title = '其他' WHERE id = ?", [item])
    assert app_ids(store, "推进") == set() and app_ids(store, "其他") == {item}
    store.conn.execute("UPDATE items SET serial = 'AB〔2026〕1号' WHERE id = ?", [item])
    assert app_ids(store, "ab") == {item} and app_ids(store, "〕1") == {item}
