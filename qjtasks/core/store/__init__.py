"""Store: owns the SQLite file, its one connection and the SQL (issue 18); writes go through
`services`.

One Store per process, passed down. The file is plain SQLite (WAL, foreign keys on) that a user
can open with any tool. Reads return frozen dataclasses or plain dicts for table rows; lists are
filtered, sorted and paged in SQL so that 100,000 items stay fast.

The Store opens and closes the file and keeps the settings, the calendar, units and items; each
other area is an object on the same connection (core/store/<module>.py):

    store.lists     search.py    item lists, counts, text search; the WHERE/ORDER builder
                    bigrams.py   the one- and two-character search index
    store.notes     notes.py     progress notes and attachments
    store.chases    chases.py    chases as recorded, the latest notice serial
    store.requests  requests.py  extension requests and completion reports
    store.dossiers  dossiers.py  proposals and reply letters (read and written)
    store.audit     journal.py   the journal: writing a row, reading entries
    store.reports   reports.py   grouped counts: overview, summaries, trend, 通报; assessment SQL
    store.workout   workout.py   today's work-out candidates
    store.ledger    ledger.py    ledger import and export rows
    store.prefs     settings.py  stored settings, reminder keys shown, ledger mappings
    store.feedback_rule  feedback.py  what the 下次反馈 rule reads and stores
    store.unit_rows, store.item_rows  writes.py  the write side's rows (core/services decides)
    store.bulk      bulk.py      bulk inserts of notes and items, indexed once (imports)
    store.exchange, store.outgoing  exchange.py  peers, packages, outbox, inbox, conflicts;
                                 the records to send (a unit's as JSON text built in SQL)
    store.arrivals  arrivals.py  the office applying a unit's records; a unit's own answers
    store.replica   replica.py   a unit installation's copy of the office's items
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from .. import migrations
from .. import settings as settings_mod
from ..calendar import WorkCalendar, feedback_cutoff, light_for, yellow_cutoff
from ..dbfile import ro_uri, storage_failure
from ..errors import DatabaseError, NotFoundError, technical
from ..models import (
    Assignment,
    CycleKind,
    FeedbackCycle,
    Item,
    Role,
    Status,
    Unit,
)
from ..rows import d
from ..tx import transaction
from .arrivals import Arrivals
from .bulk import Bulk
from .chases import Chases
from .dossiers import Dossiers
from .exchange import Exchange, Outgoing
from .feedback import FeedbackRule
from .journal import Audit
from .ledger import LedgerRows
from .notes import Notes
from .replica import Replica
from .reports import Reports
from .requests import Requests
from .rows import chunks, row_dicts
from .search import ItemLists
from .settings import Prefs
from .workout import WorkRows
from .writes import ItemRows, UnitRows

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_file(path: Path) -> None:
    """Refuse files that exist but are not SQLite, before SQLite touches them."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != SQLITE_MAGIC:
        raise DatabaseError(f"文件“{path}”不是 qjtasks 数据库（不是 SQLite 文件），未作任何改动")


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool = False):
        self.conn = conn
        self._db = None
        self.path = path
        self.readonly = readonly
        self._settings_cache: dict | None = None
        self._calendar: WorkCalendar | None = None
        self.created = False  # True when this open created the file (first run)
        self.lock = None                # a `lock.DbLock` while this process may write
        self.readonly_reason = ""       # why a read-only store is read-only (shown on writes)
        self.notices: list[str] = []    # what opening put right (a killed restore's leftovers)
        self.audit = Audit(self)        # the journal's entries
        self.prefs = Prefs(self)        # settings, reminders shown, ledger mappings
        self.ledger = LedgerRows(self)  # ledger import and export rows
        self.reports = Reports(self)    # grouped counts: overview, summaries, trend, 通报
        self.chases = Chases(self)      # chases as recorded
        self.workout = WorkRows(self)   # today's work-out candidates
        self.lists = ItemLists(self)    # item lists, counts and searches in SQL
        self.notes = Notes(self)        # progress notes and attachments
        self.requests = Requests(self)  # extension requests, completion reports
        self.dossiers = Dossiers(self)  # proposals and reply letters
        self.exchange = Exchange(self)  # package exchange: peers, packages, outbox, inbox …
        self.outgoing = Outgoing(self)  # a unit's own records to send, as JSON text
        self.arrivals = Arrivals(self)  # what packages bring that no service writes
        self.bulk = Bulk(self)          # bulk inserts indexed once (imports)
        self.replica = Replica(self)    # a unit's copy of the office's items
        self.unit_rows = UnitRows(self)  # the write side's units and settings rows
        self.item_rows = ItemRows(self)  # the write side's item, 签收, note and decision rows
        self.feedback_rule = FeedbackRule(self)  # what the 下次反馈 rule reads

    # ---- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, *, readonly: bool = False, migrate: bool = True,
             before_migration=None) -> Store:
        path = Path(path)
        check_file(path)
        if readonly and not path.exists():
            raise DatabaseError(f"数据库文件“{path}”不存在")
        path.parent.mkdir(parents=True, exist_ok=True)
        created = not path.exists() or path.stat().st_size == 0
        try:
            conn = _connect(path, readonly)
            store = cls(conn, path, readonly)
            store.created = created
            if readonly:
                migrations.pending(conn)
            elif migrate and migrations.pending(conn):
                migrations.migrate(store.db, before_migration)
            if not readonly and migrate:
                _upgrade_feedback(store)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(storage_failure(path, exc)
                                or f"数据库文件“{path}”无法打开（不是完好的 qjtasks 数据库）；未作任何改动",
                                detail=technical(exc)) from None
        return store

    @classmethod
    def memory(cls) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        store = cls(conn, Path(":memory:"))
        store.created = True
        migrations.migrate(store.db)
        return store

    @property
    def db(self):
        """A `sqlite_utils.Database` on the same connection, made on first use.

        Only migrations need it; importing sqlite-utils costs a command-line call about 50 ms,
        so an up-to-date file is checked and read with the plain connection.
        """
        if self._db is None:
            import sqlite_utils
            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @property
    def schema_version(self) -> int:
        return migrations.schema_version(self.conn)

    def transaction(self):
        """A transaction (a savepoint inside one) on the store's connection."""
        return transaction(self.conn)

    def changes(self) -> int:
        """Rows changed through this connection so far (did a write change anything?)."""
        return self.conn.total_changes

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT count(*) FROM units").fetchone()[0] == 0

    # ---- settings and calendar ------------------------------------------------------------
    @property
    def settings(self) -> dict:
        if self._settings_cache is None:
            stored = {k: settings_mod.decode(v) for k, v in self.prefs.stored().items()}
            self._settings_cache = {**settings_mod.DEFAULTS, **stored}
        return self._settings_cache

    def setting(self, key: str):
        return self.settings.get(key, settings_mod.DEFAULTS.get(key))

    def invalidate(self) -> None:
        self._settings_cache = None
        self._calendar = None

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = WorkCalendar(settings_mod.dates(self.setting("extra_holidays")),
                                          settings_mod.dates(self.setting("extra_workdays")))
        return self._calendar

    def cutoff(self, today: dt.date) -> dt.date:
        return yellow_cutoff(self.calendar, today, int(self.setting("yellow_threshold")))

    def feedback_cutoff(self, today: dt.date) -> dt.date:
        return feedback_cutoff(self.calendar, today)

    def light_params(self, today: dt.date) -> dict:
        """The parameters `search.LIGHT_SQL` takes for `today`."""
        return {"today": today.isoformat(), "cutoff": self.cutoff(today).isoformat(),
                "fb_cutoff": self.feedback_cutoff(today).isoformat()}

    # ---- units ----------------------------------------------------------------------------
    def units(self, active_only: bool = False) -> list[Unit]:
        sql = "SELECT * FROM units" + (" WHERE active = 1" if active_only else "")
        return [_unit(r) for r in row_dicts(self.conn, sql + " ORDER BY sort, id")]

    def unit(self, unit_id: int) -> Unit:
        rows = row_dicts(self.conn, "SELECT * FROM units WHERE id = ?", [unit_id])
        if not rows:
            raise NotFoundError(f"单位编号 {unit_id} 不存在")
        return _unit(rows[0])

    def unit_by_name(self, name: str) -> Unit:
        name = (name or "").strip()
        rows = row_dicts(self.conn, "SELECT * FROM units WHERE name = ? OR short_name = ?",
                         [name, name])
        if not rows and name.isdigit():
            return self.unit(int(name))
        if not rows:
            raise NotFoundError(f"单位“{name[:40]}”不在单位名录中；请先用“单位”功能添加")
        return _unit(rows[0])

    def office_unit(self) -> Unit | None:
        rows = row_dicts(self.conn, "SELECT * FROM units WHERE is_office = 1 LIMIT 1")
        return _unit(rows[0]) if rows else None

    def backup_to(self, target, *, notice=None) -> Path:
        """A consistent copy of the open database at `target` (core/backup.py); `notice` hears
        of a leftover from a killed earlier copy that was removed."""
        from ..backup import backup_to
        return backup_to(self.conn, target, notice=notice)

    def stop_when(self, stop, every: int = 2000) -> None:
        """Abort a running query once `stop()` is true (checked every `every` SQLite steps)."""
        self.conn.set_progress_handler(stop, every)

    def interrupt(self) -> None:
        """Abort the query running on this connection, from another thread."""
        self.conn.interrupt()

    # ---- items ----------------------------------------------------------------------------
    def item(self, item_id: int) -> Item:
        """The item, typed (what readers use)."""
        return _item(self.item_row(item_id))

    def item_row(self, item_id: int) -> dict:
        """The item's stored row, column name → value: for the write side, whose journal
        records changes as columns (`item` is the same row typed)."""
        rows = row_dicts(self.conn, "SELECT * FROM items WHERE id = ?", [item_id])
        if not rows:
            raise NotFoundError(f"督办事项 {item_id} 不存在")
        return rows[0]

    def same_title_items(self, title: str, lead_unit_id: int | None) -> list[int]:
        """Ids of items (not withdrawn) with this title (spaces around it ignored) and this
        lead unit (None: items without a lead), to warn before the same item is added twice."""
        lead = (f"EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND a.role = "
                f"'{Role.LEAD}' AND a.unit_id = :lead)" if lead_unit_id is not None else
                "NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id "
                f"AND a.role = '{Role.LEAD}')")
        rows = self.conn.execute(
            f"SELECT i.id FROM items i WHERE trim(i.title) = :title "
            f"AND i.status != '{Status.WITHDRAWN}' "
            f"AND {lead} ORDER BY i.id", {"title": (title or "").strip(), "lead": lead_unit_id})
        return [r[0] for r in rows]

    def children(self, item_id: int | None, reply_id: int | None = None) -> list[Item]:
        sql = "SELECT * FROM items WHERE parent_id IS ?"
        args: list = [item_id]
        if reply_id is not None:
            sql += " AND reply_id IS ?"
            args.append(reply_id)
        return [_item(r) for r in row_dicts(self.conn, sql + " ORDER BY id", args)]

    def assignments(self, item_id: int) -> list[Assignment]:
        sql = f"""SELECT a.*, u.short_name AS unit_name FROM assignments a
                 JOIN units u ON u.id = a.unit_id WHERE a.item_id = ?
                 ORDER BY a.role = '{Role.CO}', a.id"""
        return [_assignment(r) for r in row_dicts(self.conn, sql, [item_id])]

    def assignments_many(self, item_ids: list[int]) -> dict[int, list[Assignment]]:
        """Assignments of many items in a few queries (for exports and JSON lists)."""
        out: dict[int, list[Assignment]] = {i: [] for i in item_ids}
        for chunk in chunks(list(item_ids), 900):
            marks = ",".join("?" * len(chunk))
            for r in row_dicts(self.conn, f"""SELECT a.*, u.short_name AS unit_name
                    FROM assignments a JOIN units u ON u.id = a.unit_id
                    WHERE a.item_id IN ({marks}) ORDER BY a.role = '{Role.CO}', a.id""", chunk):
                out[r["item_id"]].append(_assignment(r))
        return out

    def light(self, item: Item, today: dt.date):
        return light_for(item.status, item.current_deadline, item.next_feedback_due, today,
                         self.cutoff(today), self.feedback_cutoff(today))



def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(ro_uri(path), uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _unit(r: dict) -> Unit:
    return Unit(r["id"], r["name"], r["short_name"], r["contact"], r["phone"],
                bool(r["active"]), bool(r["is_office"]))


def _upgrade_feedback(store: Store) -> None:
    """Stored 下次反馈 brought up to the feedback-cycle rule once; a file too damaged to read
    is left as it is for the integrity check to report."""
    from .. import feedback
    try:
        feedback.upgrade(store.conn, store.calendar.next_workday_on_or_after)
    except sqlite3.DatabaseError:
        pass


def _item(r: dict) -> Item:
    cycle = FeedbackCycle(CycleKind(r["cycle_kind"]), r["cycle_day"], d(r["cycle_due"]))
    return Item(r["id"], r["title"], r["requirements"], r["category"], Status(r["status"]),
                r["serial"], r["reply_id"], r["source_section"], r["source_quote"],
                r["source_start"], r["source_end"], r["parent_id"], d(r["assigned_on"]),
                d(r["original_deadline"]), d(r["current_deadline"]), cycle, r["percent"],
                r["status_reason"], d(r["next_feedback_due"]), d(r["last_feedback_on"]),
                bool(r["is_sample"]), r["version"], r["lead_unit_id"], r["chase_count"])


def _assignment(r: dict) -> Assignment:
    return Assignment(r["id"], r["item_id"], r["unit_id"], r["unit_name"], Role(r["role"]),
                      r["signed_by"], r["signed_at"], r["sign_origin"], r["percent"],
                      d(r["last_feedback_on"]), d(r["input_due"]))
