"""A unit's outgoing records are built as JSON text by SQLite (core/store/exchange.py). They must
be exactly the text a plain Python build of the same rows encodes with `db.dumps` — the outbox
compares hashes of that text, so a single different byte would resend every record — and the
digest must be the content hash of the data without its frozen fields.

The reference below is the Python builder the SQL replaced, kept plain.
"""
import hashlib
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core.store import Store
from qjtasks.core.store.exchange import COMPLETION_FIELDS, EXT_FIELDS, NOTE_FIELDS
from qjtasks.exchange import db, records

# any text SQLite can hold: control characters, quotes, backslashes, CJK, astral, U+2028
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
small = st.one_of(st.none(), st.integers(-5, 150))
UNIT, OTHER = 2, 3


def reference(store, unit_id: int) -> list[tuple[str, str, dict]]:
    """(ruid, kind, data) as the Python builder made them."""
    conn = store.conn
    out = []
    for item_id, unit, by, at, origin in conn.execute(
            "SELECT item_id, unit_id, signed_by, signed_at, sign_origin FROM assignments "
            "WHERE unit_id = ? AND signed_at IS NOT NULL AND COALESCE(sign_origin, '') <> '导入' "
            "ORDER BY signed_at, item_id", [unit_id]):
        out.append((f"sign-{item_id}-{unit}", "sign", {"item_id": item_id, "unit_id": unit,
                    "signed_by": by, "signed_at": at, "origin": origin or "录入"}))
    cols = NOTE_FIELDS
    for row in conn.execute(f"SELECT id, {', '.join(cols)} FROM notes WHERE unit_id = ? AND "
                            "origin <> '导入' ORDER BY id", [unit_id]):
        data = dict(zip(cols, row[1:], strict=True))
        files = conn.execute("SELECT filename, sha256, size FROM attachments WHERE note_id = ? "
                             "ORDER BY id", [row[0]]).fetchall()
        seen, data["attachments"] = set(), []
        for name, sha, size in files:
            if name not in seen:
                seen.add(name)
                data["attachments"].append({"name": name, "sha256": sha, "size": size})
        out.append((data["uid"], "note", data))
    for r in store.exchange.chase_replies():
        out.append((f"reply-{r['chase_uid']}", "chase_reply",
                    {**{k: r[k] for k in ("chase_uid", "item_id", "answer", "replied_by",
                                          "replied_on")}, "unit_id": unit_id}))
    ext = EXT_FIELDS
    for row in conn.execute(f"SELECT {', '.join('e.' + f for f in ext)}, i.current_deadline "
                            "FROM extensions e JOIN items i ON i.id = e.item_id WHERE "
                            "e.unit_id = ? AND e.origin <> '导入' ORDER BY e.id", [unit_id]):
        out.append((row[0], "extension", {**dict(zip(ext, row, strict=False)),
                                          "based_on_deadline": row[-1]}))
    comp = COMPLETION_FIELDS
    for row in conn.execute(f"SELECT {', '.join(comp)} FROM completions WHERE unit_id = ? AND "
                            "origin <> '导入' ORDER BY id", [unit_id]):
        out.append((row[0], "completion", dict(zip(comp, row, strict=True))))
    return out


def _fill(conn, data) -> None:
    conn.execute("INSERT INTO units (id, name, short_name) VALUES (2, '甲单位', '甲'), "
                 "(3, '乙单位', '乙')")
    n_items = data.draw(st.integers(1, 3))
    for i in range(1, n_items + 1):
        conn.execute("INSERT INTO items (id, title, requirements, current_deadline, created_at,"
                     " updated_at) VALUES (?, ?, ?, ?, '', '')",
                     [i, data.draw(texts) or "x", data.draw(texts), data.draw(texts)])
        for unit in (UNIT, OTHER):
            if data.draw(st.booleans()):
                conn.execute("INSERT INTO assignments (item_id, unit_id, role, signed_by, "
                             "signed_at, sign_origin) VALUES (?, ?, ?, ?, ?, ?)",
                             [i, unit, "牵头" if unit == UNIT else "配合", data.draw(texts),
                              data.draw(st.one_of(st.none(), texts)),
                              data.draw(st.sampled_from([None, "", "录入", "纸质", "导入"]))])
    items = st.integers(1, n_items)
    units = st.sampled_from([UNIT, OTHER, None])
    origins = st.sampled_from(["录入", "导入", "纸质"])
    for _ in range(data.draw(st.integers(0, 4))):
        note = conn.execute(
            "INSERT INTO notes (uid, item_id, unit_id, reporter, noted_on, text, percent, "
            "problems, next_steps, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
            [uuid.uuid4().hex, data.draw(items), data.draw(units), data.draw(texts),
             data.draw(texts), data.draw(texts), data.draw(small), data.draw(texts),
             data.draw(texts), data.draw(origins)]).lastrowid
        for _ in range(data.draw(st.integers(0, 2))):
            conn.execute("INSERT INTO attachments (note_id, filename, stored_path, sha256, "
                         "size) VALUES (?, ?, '/tmp/x', ?, ?)",
                         [note, data.draw(st.sampled_from(["a.pdf", "附件.docx"])),
                          "0" * 64, data.draw(st.integers(0, 9))])
    for _ in range(data.draw(st.integers(0, 3))):
        chase = uuid.uuid4().hex
        conn.execute("INSERT INTO chases (uid, item_id, unit_id, chased_on, method, created_at)"
                     " VALUES (?, ?, ?, '2026-12-01', '电话', '')",
                     [chase, data.draw(items), data.draw(units)])
        if data.draw(st.booleans()):
            conn.execute("INSERT INTO exchange_chase_replies (chase_uid, answer, replied_by, "
                         "replied_on) VALUES (?, ?, ?, ?)",
                         [chase, data.draw(texts), data.draw(texts), data.draw(texts)])
    for _ in range(data.draw(st.integers(0, 3))):
        conn.execute("INSERT INTO extensions (uid, item_id, unit_id, requested_on, reason, "
                     "proposed_deadline, progress, requested_by, origin, created_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                     [uuid.uuid4().hex, data.draw(items), data.draw(units), data.draw(texts),
                      data.draw(texts), data.draw(texts), data.draw(texts), data.draw(texts),
                      data.draw(origins)])
    for _ in range(data.draw(st.integers(0, 3))):
        conn.execute("INSERT INTO completions (uid, item_id, unit_id, submitted_on, report, "
                     "submitted_by, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '')",
                     [uuid.uuid4().hex, data.draw(items), data.draw(units), data.draw(texts),
                      data.draw(texts), data.draw(texts), data.draw(origins)])


@settings(max_examples=80)
@given(st.data())
def test_unit_record_texts_are_the_python_encoding(data):
    store = Store.memory()
    conn = store.conn
    conn.execute("PRAGMA foreign_keys = OFF")     # arbitrary rows; the shapes are what count
    _fill(conn, data)
    got = records.unit_records(store, UNIT)
    want = reference(store, UNIT)
    assert [(r.ruid, r.kind) for r in got] == [(ruid, kind) for ruid, kind, _ in want]
    for rec, (_, _, expected) in zip(got, want, strict=True):
        assert rec.text == db.dumps(expected)
        assert rec.digest == records.content_hash(expected)


def test_the_digest_of_an_extension_leaves_out_the_deadline_it_was_based_on():
    store = Store.memory()
    conn = store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO items (id, title, requirements, current_deadline, created_at, "
                 "updated_at) VALUES (1, 't', 'r', '2027-01-01', '', '')")
    conn.execute("INSERT INTO extensions (uid, item_id, unit_id, requested_on, reason, "
                 "proposed_deadline, origin, created_at) VALUES ('e1', 1, 2, '2026-12-01', "
                 "'理由', '2027-03-01', '录入', '')")
    first = records.unit_records(store, UNIT)[0]
    conn.execute("UPDATE items SET current_deadline = '2027-02-01'")
    again = records.unit_records(store, UNIT)[0]
    assert first.text != again.text and '"based_on_deadline":"2027-01-01"' in first.text
    assert first.digest == again.digest
    assert first.digest != hashlib.sha256(first.text.encode()).hexdigest()


def test_every_sign_origin_is_sent_as_the_python_builder_sent_it():
    store = Store.memory()
    conn = store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    for n, origin in enumerate([None, "", "录入", "纸质", "导入"], 1):
        conn.execute("INSERT INTO assignments (item_id, unit_id, role, signed_by, signed_at, "
                     "sign_origin) VALUES (?, 2, '牵头', '陈刚', '2026-12-01 09:00', ?)",
                     [n, origin])
    got = records.unit_records(store, UNIT)
    want = reference(store, UNIT)
    assert [r.text for r in got] == [db.dumps(d) for _, _, d in want]
    assert [d["origin"] for _, _, d in want] == ["录入", "录入", "录入", "纸质"]
