"""Ordered, named schema steps. The schema version is the number of steps applied.

Each step is a function taking a `sqlite_utils.Database`; steps only ever get appended. A file
that records a step this build does not know was written by a newer qjtasks and is refused.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .clock import SYSTEM, Clock
from .errors import DatabaseError
from .tx import transaction

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at every start
if TYPE_CHECKING:  # only steps use sqlite-utils; the version checks take a plain connection
    import sqlite_utils

MIGRATIONS_TABLE = "_migrations"


def _m0001_initial(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("""CREATE TABLE units (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, short_name TEXT NOT NULL UNIQUE,
        contact TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1, is_office INTEGER NOT NULL DEFAULT 0,
        sort INTEGER NOT NULL DEFAULT 0)""")
    db.execute("""CREATE TABLE proposals (
        id INTEGER PRIMARY KEY, session TEXT NOT NULL DEFAULT '', number TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '', proposer TEXT NOT NULL DEFAULT '', filed_on TEXT,
        kind TEXT NOT NULL DEFAULT '政协提案')""")
    db.execute("""CREATE TABLE replies (
        id INTEGER PRIMARY KEY, proposal_id INTEGER REFERENCES proposals(id),
        doc_number TEXT NOT NULL DEFAULT '', issuer TEXT NOT NULL DEFAULT '', date TEXT,
        signer TEXT NOT NULL DEFAULT '', answer_class TEXT NOT NULL DEFAULT '',
        full_text TEXT NOT NULL DEFAULT '', attitude_rating TEXT, result_rating TEXT)""")
    db.execute("""CREATE TABLE items (
        id INTEGER PRIMARY KEY, title TEXT NOT NULL, requirements TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '待交办',
        status_reason TEXT NOT NULL DEFAULT '', serial TEXT UNIQUE,
        reply_id INTEGER REFERENCES replies(id), source_section TEXT NOT NULL DEFAULT '',
        source_quote TEXT NOT NULL DEFAULT '', source_start INTEGER, source_end INTEGER,
        parent_id INTEGER REFERENCES items(id), assigned_on TEXT, original_deadline TEXT,
        current_deadline TEXT, cycle_kind TEXT NOT NULL DEFAULT '每月',
        cycle_day INTEGER NOT NULL DEFAULT 25, cycle_due TEXT,
        percent INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
        next_feedback_due TEXT, last_feedback_on TEXT, lead_unit_id INTEGER REFERENCES units(id),
        is_sample INTEGER NOT NULL DEFAULT 0, chase_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1)""")
    for col in ("status", "current_deadline", "lead_unit_id", "parent_id", "reply_id",
                "next_feedback_due", "category"):
        db.execute(f"CREATE INDEX idx_items_{col} ON items({col})")
    db.execute("""CREATE TABLE assignments (
        id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items(id),
        unit_id INTEGER NOT NULL REFERENCES units(id), role TEXT NOT NULL,
        signed_by TEXT, signed_at TEXT, sign_origin TEXT,
        percent INTEGER NOT NULL DEFAULT 0, last_feedback_on TEXT, input_due TEXT,
        UNIQUE (item_id, unit_id))""")
    db.execute("CREATE INDEX idx_assign_unit ON assignments(unit_id, role)")
    _events(db)
    _journal(db)
    db.execute("""CREATE TABLE serials (prefix TEXT NOT NULL, year INTEGER NOT NULL,
        last_no INTEGER NOT NULL, PRIMARY KEY (prefix, year))""")


def _events(db: sqlite_utils.Database) -> None:
    common = """id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
        item_id INTEGER NOT NULL REFERENCES items(id), unit_id INTEGER REFERENCES units(id),
        origin TEXT NOT NULL DEFAULT '录入', package_id TEXT, created_at TEXT NOT NULL"""
    db.execute(f"""CREATE TABLE notes ({common}, reporter TEXT NOT NULL DEFAULT '',
        noted_on TEXT NOT NULL, text TEXT NOT NULL, percent INTEGER, problems TEXT NOT NULL
        DEFAULT '', next_steps TEXT NOT NULL DEFAULT '')""")
    db.execute("""CREATE TABLE attachments (id INTEGER PRIMARY KEY,
        note_id INTEGER NOT NULL REFERENCES notes(id), filename TEXT NOT NULL,
        stored_path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL)""")
    db.execute(f"""CREATE TABLE chases ({common}, chased_on TEXT NOT NULL, method TEXT NOT NULL,
        person_reached TEXT NOT NULL DEFAULT '', answer TEXT NOT NULL DEFAULT '',
        by_whom TEXT NOT NULL DEFAULT '', rung TEXT NOT NULL DEFAULT '',
        number INTEGER NOT NULL DEFAULT 0, serial TEXT)""")
    db.execute(f"""CREATE TABLE extensions ({common}, requested_on TEXT NOT NULL,
        reason TEXT NOT NULL, proposed_deadline TEXT NOT NULL, progress TEXT NOT NULL DEFAULT '',
        requested_by TEXT NOT NULL DEFAULT '', decision TEXT NOT NULL DEFAULT '待审批',
        decided_on TEXT, decided_by TEXT NOT NULL DEFAULT '',
        decision_reason TEXT NOT NULL DEFAULT '', approved_deadline TEXT)""")
    db.execute(f"""CREATE TABLE completions ({common}, submitted_on TEXT NOT NULL,
        report TEXT NOT NULL, submitted_by TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL DEFAULT '待审核', decided_on TEXT,
        decided_by TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '')""")
    for table in ("notes", "chases", "extensions", "completions"):
        db.execute(f"CREATE INDEX idx_{table}_item ON {table}(item_id)")


def _journal(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE journal (id INTEGER PRIMARY KEY, at TEXT NOT NULL,
        actor TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER,
        item_id INTEGER, before TEXT, after TEXT, package_id TEXT,
        origin TEXT NOT NULL DEFAULT '录入')""")
    db.execute("CREATE INDEX idx_journal_item ON journal(item_id)")
    db.execute("CREATE INDEX idx_journal_package ON journal(package_id)")
    # The journal is the audit trail: the database itself refuses edits and deletions.
    for verb in ("UPDATE", "DELETE"):
        db.execute(f"""CREATE TRIGGER journal_no_{verb.lower()} BEFORE {verb} ON journal
            BEGIN SELECT RAISE(ABORT, '督办日志不可修改'); END""")


def _fts(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """External-content FTS5 with the trigram tokenizer, kept in step by triggers.

    Written by hand rather than with `enable_fts` so that the step runs inside the migration's
    transaction (sqlite-utils commits on its own).
    """
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
               "content_rowid='id', tokenize='trigram')")
    db.execute(f"""CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
        INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END""")
    db.execute(f"""CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
        INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END""")
    db.execute(f"""CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN
        INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
        INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END""")
    db.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _m0002_search(db: sqlite_utils.Database) -> None:
    _fts(db, "items", ["title", "requirements", "serial"])
    _fts(db, "notes", ["text", "problems", "next_steps"])


def _m0003_exchange(db: sqlite_utils.Database) -> None:
    """Offline exchange (qjtasks.exchange): identity, peers' public keys, packages, conflicts.

    Private keys are NOT stored here; they live in a key file beside the database (see
    qjtasks/exchange/keys.py). `outbox` and `inbox` hold, per peer, the last sequence and
    content hash of every record sent or received, which makes packages cumulative until
    acknowledged and makes imports idempotent and order-independent.
    """
    db.execute("""CREATE TABLE exchange_self (id INTEGER PRIMARY KEY CHECK (id = 1),
        install_id TEXT NOT NULL, role TEXT NOT NULL, office_id TEXT NOT NULL,
        unit_id INTEGER, name TEXT NOT NULL, sign_pub TEXT NOT NULL, box_pub TEXT NOT NULL,
        fingerprint TEXT NOT NULL, created_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE exchange_peers (id INTEGER PRIMARY KEY,
        install_id TEXT NOT NULL, role TEXT NOT NULL, unit_id INTEGER, name TEXT NOT NULL,
        sign_pub TEXT, box_pub TEXT, fingerprint TEXT,
        status TEXT NOT NULL DEFAULT '待确认', created_at TEXT NOT NULL, confirmed_at TEXT,
        confirmed_by TEXT NOT NULL DEFAULT '', revoked_at TEXT,
        revoked_reason TEXT NOT NULL DEFAULT '',
        next_package_seq INTEGER NOT NULL DEFAULT 1, out_seq INTEGER NOT NULL DEFAULT 0,
        acked_by_peer INTEGER NOT NULL DEFAULT 0, in_seq INTEGER NOT NULL DEFAULT 0)""")
    db.execute("CREATE INDEX idx_exchange_peers_install ON exchange_peers(install_id)")
    db.execute("CREATE INDEX idx_exchange_peers_unit ON exchange_peers(unit_id)")
    db.execute("""CREATE TABLE exchange_packages (package_id TEXT PRIMARY KEY,
        direction TEXT NOT NULL, peer_id INTEGER NOT NULL REFERENCES exchange_peers(id),
        sequence INTEGER NOT NULL, created_at TEXT NOT NULL, processed_at TEXT NOT NULL,
        sender TEXT NOT NULL, recipient TEXT NOT NULL, records INTEGER NOT NULL DEFAULT 0,
        applied INTEGER NOT NULL DEFAULT 0, conflicts INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL DEFAULT '', file_name TEXT NOT NULL DEFAULT '')""")
    db.execute("""CREATE TABLE exchange_outbox (peer_id INTEGER NOT NULL, ruid TEXT NOT NULL,
        kind TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (peer_id, ruid))""")
    db.execute("CREATE INDEX idx_exchange_outbox_seq ON exchange_outbox(peer_id, seq)")
    db.execute("""CREATE TABLE exchange_inbox (peer_id INTEGER NOT NULL, ruid TEXT NOT NULL,
        seq INTEGER NOT NULL, hash TEXT NOT NULL, package_id TEXT NOT NULL,
        PRIMARY KEY (peer_id, ruid))""")
    db.execute("""CREATE TABLE exchange_conflicts (id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE, package_id TEXT NOT NULL, peer_id INTEGER NOT NULL,
        item_id INTEGER, kind TEXT NOT NULL, description TEXT NOT NULL,
        local TEXT, incoming TEXT, status TEXT NOT NULL DEFAULT '待决定',
        decision TEXT NOT NULL DEFAULT '', decided_by TEXT NOT NULL DEFAULT '',
        decided_at TEXT, created_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE exchange_chase_replies (chase_uid TEXT PRIMARY KEY,
        answer TEXT NOT NULL, replied_by TEXT NOT NULL DEFAULT '', replied_on TEXT NOT NULL)""")


def _m0004_fts_update_of(db: sqlite_utils.Database) -> None:
    """Re-index an item or note only when a searched column changes.

    The first triggers fired on every UPDATE (status, percent, dates …), so each progress note
    re-indexed its item's full text twice; on a 10,000-note package import that was most of
    the time.
    """
    for table, columns in (("items", ["title", "requirements", "serial"]),
                           ("notes", ["text", "problems", "next_steps"])):
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        fts = f"{table}_fts"
        db.execute(f"DROP TRIGGER {table}_au")
        db.execute(f"""CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});
            INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END""")


def _m0005_daily(db: sqlite_utils.Database) -> None:
    """What the reminder last showed, and remembered spreadsheet column mappings."""
    db.execute("""CREATE TABLE reminder_seen (key TEXT PRIMARY KEY, first_seen TEXT NOT NULL)""")
    db.execute("""CREATE TABLE ledger_mappings (signature TEXT PRIMARY KEY,
        mapping TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    # Ledger re-imports find rows without a 督办编号 by title and lead unit.
    db.execute("CREATE INDEX idx_items_title ON items(title, lead_unit_id)")


def _m0006_perf_indexes(db: sqlite_utils.Database) -> None:
    """Unit filters ask "which items does this unit hold (in this role)?" as one index range.

    (unit_id, role, item_id) answers it from the index alone, for counts and whole lists at
    100,000 items; it does everything (unit_id, role) did, which it replaces.
    """
    db.execute("CREATE INDEX idx_assign_unit_role_item ON assignments(unit_id, role, item_id)")
    db.execute("DROP INDEX IF EXISTS idx_assign_unit")


def _m0008_light_index(db: sqlite_utils.Database) -> None:
    """The light of an item depends on status, deadline and next feedback date only: with the
    three in one index, sorting or filtering 100,000 items by light reads the index, not the
    table (measured: 50 → 30 ms for the first page sorted by light)."""
    db.execute("CREATE INDEX idx_items_light ON items(status, current_deadline, "
               "next_feedback_due)")


def _m0007_search_bigrams(db: sqlite_utils.Database) -> None:
    """Side index for one- and two-character words (see `bigrams`), filled from every item."""
    from .store import bigrams
    bigrams.create(db.conn)
    bigrams.rebuild(db.conn)


def _m0009_sign_evidence(db: sqlite_utils.Database) -> None:
    """The scanned 签收回执 page kept as evidence of a paper 签收 (file in the attachment folder)."""
    db.execute("""CREATE TABLE sign_evidence (id INTEGER PRIMARY KEY,
        assignment_id INTEGER NOT NULL REFERENCES assignments(id), filename TEXT NOT NULL,
        stored_path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
        created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX idx_sign_evidence_assignment ON sign_evidence(assignment_id)")


def _m0010_bigram_queue_once(db: sqlite_utils.Database) -> None:
    """The bigram queue's triggers read an item's old text only for its first change since
    the last sync (see `bigrams.create_triggers`); same queue, no quadratic note inserts."""
    from .store import bigrams
    bigrams.drop_triggers(db.conn)
    bigrams.create_triggers(db.conn)


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_initial", _m0001_initial),
    ("0002_search_trigram", _m0002_search),
    ("0003_exchange", _m0003_exchange),
    ("0004_fts_update_of", _m0004_fts_update_of),
    ("0005_daily_reminders", _m0005_daily),
    ("0006_perf_indexes", _m0006_perf_indexes),
    ("0007_search_bigrams", _m0007_search_bigrams),
    ("0008_light_index", _m0008_light_index),
    ("0009_sign_evidence", _m0009_sign_evidence),
    ("0010_bigram_queue_once", _m0010_bigram_queue_once),
]


def applied(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    conn = getattr(db, "conn", db)
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [MIGRATIONS_TABLE]).fetchone():
        return []
    return [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY id")]


def schema_version(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    return len(applied(db))


def pending(db: sqlite_utils.Database | sqlite3.Connection) -> list[str]:
    done = applied(db)
    known = [name for name, _ in MIGRATIONS]
    unknown = [n for n in done if n not in known]
    if unknown:
        raise DatabaseError(
            f"该数据库由更新版本的 qjtasks 创建（架构版本 {len(done)}，本程序支持 {len(known)}），"
            "请升级程序后再打开；文件未作任何改动")
    return [n for n in known if n not in done]


def migrate(db: sqlite_utils.Database, before_step: Callable[[list[str]], None] | None = None,
            clock: Clock = SYSTEM) -> list[str]:
    """Apply pending steps, each in its own transaction; returns the names applied."""
    todo = pending(db)
    if todo and before_step and applied(db):
        before_step(todo)
    steps = dict(MIGRATIONS)
    for name in todo:
        with transaction(db.conn):
            db.execute(f"""CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)""")
            steps[name](db)
            db.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, ?)",
                       [name, clock.stamp()])
    return todo
