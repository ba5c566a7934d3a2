"""Searches that walk the text index give exactly the rows, in exactly the order, of the plain
WHERE clause (`search.build`), whatever the items, notes, pending edits, filters and sorting.

`search.text_arms` splits a text search into arms that `store.lists.ids` and `count`
walk instead of building an id list first; `ItemLists._walk_first` stops a first page early. The
reference is the same store with `text_arms` turned off. The walk limits are made tiny so that
the early stop, the second walk and every way of giving up all happen on a few items.
"""
import datetime as dt
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core import filters
from qjtasks.core.models import Status
from qjtasks.core.store import Store, bigrams
from qjtasks.core.store import search as store_mod

TODAY = dt.date(2026, 11, 25)
ALPHABET = "綦发改督绿色aA%_\""
texts = st.text(alphabet=ALPHABET + " ", max_size=8)
# words in every serial number (so in most items), or any
common = st.sampled_from(["綦", "綦发", "发改督", "〔2026〕"])
words = st.one_of(common, common, common, st.text(alphabet=ALPHABET + "\x00", min_size=1, max_size=4))
days = st.integers(-12, 12).map(lambda n: (TODAY + dt.timedelta(days=n)).isoformat()) | st.none()
statuses = st.sampled_from([Status.IN_PROGRESS, Status.CLOSED]) | st.sampled_from(list(Status))
items = st.lists(st.tuples(texts, texts, st.integers(0, 9).map(bool), statuses, days, days,
                           st.none() | st.integers(0, 2), st.sampled_from(["", "甲", "乙"])),
                 min_size=8, max_size=40)
note_texts = texts | common
notes = st.lists(st.tuples(st.integers(0, 39), note_texts, note_texts, note_texts), max_size=20)
assignments = st.lists(st.tuples(st.integers(0, 39), st.integers(0, 2),
                                 st.sampled_from(["牵头", "配合"])), max_size=14)
edits = st.lists(st.tuples(st.integers(0, 39), texts), max_size=4)
item_filters = st.builds(
    filters.ItemFilter,
    view=st.sampled_from(filters.VIEWS),
    unit_id=st.none() | st.integers(1, 3),
    role=st.none() | st.sampled_from(["牵头", "配合"]),
    statuses=st.lists(st.sampled_from(list(Status)), max_size=2),
    lights=st.lists(st.sampled_from(["红", "黄", "绿", "完成"]), max_size=2),
    category=st.none() | st.sampled_from(["甲", "乙"]),
    open_only=st.booleans(),
    text=st.lists(words, min_size=1, max_size=2).map(" ".join),
)
item_filters = (st.lists(words, min_size=1, max_size=2).map(lambda w: filters.ItemFilter(
    text=" ".join(w))) | item_filters)
orders = st.sampled_from(["light", "id"]) | st.sampled_from(sorted(filters.ORDERS))
queries = st.lists(st.tuples(item_filters, orders, st.booleans(),
                             st.none() | st.integers(1, 5), st.integers(0, 3)),
                   min_size=1, max_size=6)


def make_store(rows, note_rows, assigned, changes, indexed: bool) -> Store:
    store = Store.memory()
    for n in range(3):
        store.conn.execute("INSERT INTO units (name, short_name) VALUES (?, ?)",
                           [f"单位{n}", f"单{n}"])
    ids = []
    for n, (title, req, serial, status, deadline, feedback, lead, category) in enumerate(rows):
        ids.append(store.conn.execute(
            "INSERT INTO items (title, requirements, serial, status, current_deadline, "
            "next_feedback_due, lead_unit_id, category, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '')",
            [title or "x", req, f"綦发改督〔2026〕{n}号" if serial else None, str(status),
             deadline, feedback, None if lead is None else lead + 1, category]).lastrowid)
    for item, text, problems, steps in note_rows:
        store.conn.execute(
            "INSERT INTO notes (uid, item_id, noted_on, text, problems, next_steps, created_at) "
            "VALUES (hex(randomblob(16)), ?, '2026-11-01', ?, ?, ?, '')",
            [ids[item % len(ids)], text, problems, steps])
    for item, unit, role in assigned:
        store.conn.execute("INSERT OR IGNORE INTO assignments (item_id, unit_id, role) "
                           "VALUES (?, ?, ?)", [ids[item % len(ids)], unit + 1, role])
    if indexed:
        bigrams.rebuild(store.conn)
    for item, title in changes:       # left pending: answered by LIKE until a sync
        store.conn.execute("UPDATE items SET title = ? WHERE id = ?",
                           [title or "y", ids[item % len(ids)]])
    return store


def answers(store: Store, flt, order: str, desc: bool, limit, offset: int):
    ids = store.lists.ids(flt, today=TODAY, order=order, descending=desc, limit=limit,
                              offset=offset)
    return list(ids), store.lists.count(flt, today=TODAY)


@settings(max_examples=150, deadline=None)
@given(items, notes, assignments, edits, st.integers(0, 3).map(bool), queries, st.integers(1, 4),
       st.integers(2, 60))
def test_walked_search_equals_plain_clause(rows, note_rows, assigned, changes, indexed, asked,
                                           first_walk, walk):
    store = make_store(rows, note_rows, assigned, changes, indexed)
    store.lists.sync = lambda: None       # keep pending items pending, as a reader sees them
    with mock.patch.object(store_mod, "FIRST_WALK", first_walk), \
            mock.patch.object(store_mod, "WALK", walk):
        for flt, order, desc, limit, offset in asked:
            walked = answers(store, flt, order, desc, limit, offset)
            with mock.patch.object(store_mod, "text_arms", lambda _text: None):
                plain = answers(store, flt, order, desc, limit, offset)
            assert walked == plain, (flt, order, desc, limit, offset)


def test_a_broad_word_fills_the_first_page_by_walking():
    """The early stop is really taken (not only the fallback) for a word in most items."""
    rows = [("督办", "", True, Status.IN_PROGRESS, None if n % 3 == 0 else "2026-11-01", None,
             None, "") for n in range(40)]
    store = make_store(rows, [], [], [], True)
    walked = []
    real = store_mod.ItemLists._walk_first

    def spy(self, *args):
        walked.append(real(self, *args))
        return walked[-1]

    with mock.patch.object(store_mod, "FIRST_WALK", 4), mock.patch.object(store_mod, "WALK", 30), \
            mock.patch.object(store_mod.ItemLists, "_walk_first", spy):
        ids = store.lists.ids(filters.ItemFilter(text="綦"), today=TODAY, order="light",
                                  limit=5)
    red = [n + 1 for n in range(40) if n % 3]          # overdue, so first in light order
    assert walked == [red[:5]] and list(ids) == red[:5]
