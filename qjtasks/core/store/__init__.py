"""Store: owns the SQLite file and every SQL read; writes go through `services`.

One Store per process, passed down. The file is plain SQLite (WAL, foreign keys on) that a user
can open with any tool. Reads return frozen dataclasses or plain dicts for table rows; lists are
filtered, sorted and paged in SQL so that 100,000 items stay fast.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
from array import array
from pathlib import Path

from .. import bigrams, filters, migrations
from .. import settings as settings_mod
from ..calendar import WorkCalendar, feedback_cutoff, light_for, yellow_cutoff
from ..dbfile import ro_uri, storage_failure
from ..errors import DatabaseError, NotFoundError, technical
from ..models import (
    Assignment,
    Completion,
    CycleKind,
    Extension,
    FeedbackCycle,
    Item,
    Note,
    Proposal,
    Reply,
    Role,
    Status,
    Unit,
)
from ..rows import d
from ..tx import transaction
from .chases import Chases
from .journal import Audit
from .ledger import LedgerRows
from .reports import Reports
from .rows import row_dicts
from .settings import Prefs
from .workout import WorkRows

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
        """The parameters `filters.LIGHT_SQL` takes for `today`."""
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

    # ---- dossiers -------------------------------------------------------------------------
    def proposal(self, proposal_id: int) -> Proposal:
        rows = row_dicts(self.conn, "SELECT * FROM proposals WHERE id = ?", [proposal_id])
        if not rows:
            raise NotFoundError(f"提案编号 {proposal_id} 不存在")
        r = rows[0]
        return Proposal(r["id"], r["session"], r["number"], r["title"], r["proposer"],
                        d(r["filed_on"]), r["kind"])

    def reply(self, reply_id: int) -> Reply:
        rows = row_dicts(self.conn, "SELECT * FROM replies WHERE id = ?", [reply_id])
        if not rows:
            raise NotFoundError(f"复函编号 {reply_id} 不存在")
        return _reply(rows[0])

    def reply_item_counts(self) -> dict[int, int]:
        """How many items each reply letter has (letters without items are absent)."""
        return dict(self.conn.execute(
            "SELECT reply_id, count(*) FROM items WHERE reply_id IS NOT NULL GROUP BY reply_id"))

    def reply_items(self, reply_id: int) -> list[tuple[int, str, str]]:
        """(id, title, status) of a letter's items, in the order they were made."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT id, title, status FROM items WHERE reply_id = ? ORDER BY id", [reply_id])]

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

    def replies(self) -> list[Reply]:
        return [_reply(r) for r in row_dicts(self.conn, "SELECT * FROM replies ORDER BY id")]

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
        lead = ("EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND a.role = '牵头' "
                "AND a.unit_id = :lead)" if lead_unit_id is not None else
                "NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id "
                "AND a.role = '牵头')")
        rows = self.conn.execute(
            f"SELECT i.id FROM items i WHERE trim(i.title) = :title AND i.status != '已撤销' "
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
        sql = """SELECT a.*, u.short_name AS unit_name FROM assignments a
                 JOIN units u ON u.id = a.unit_id WHERE a.item_id = ?
                 ORDER BY a.role = '配合', a.id"""
        return [_assignment(r) for r in row_dicts(self.conn, sql, [item_id])]

    def assignments_many(self, item_ids: list[int]) -> dict[int, list[Assignment]]:
        """Assignments of many items in a few queries (for exports and JSON lists)."""
        out: dict[int, list[Assignment]] = {i: [] for i in item_ids}
        for chunk in _chunks(list(item_ids), 900):
            marks = ",".join("?" * len(chunk))
            for r in row_dicts(self.conn, f"""SELECT a.*, u.short_name AS unit_name
                    FROM assignments a JOIN units u ON u.id = a.unit_id
                    WHERE a.item_id IN ({marks}) ORDER BY a.role = '配合', a.id""", chunk):
                out[r["item_id"]].append(_assignment(r))
        return out

    def light(self, item: Item, today: dt.date):
        return light_for(item.status, item.current_deadline, item.next_feedback_due, today,
                         self.cutoff(today), self.feedback_cutoff(today))

    def list_items(self, flt: filters.ItemFilter | None = None, *, today: dt.date,
                   order: str = "id", descending: bool = False, limit: int | None = 200,
                   offset: int = 0) -> list[dict]:
        """One page of item rows for tables, lists and exports, filtered and sorted in SQL."""
        ids = self.list_item_ids(flt, today=today, order=order, descending=descending,
                                 limit=limit, offset=offset)
        return self.item_rows(list(ids), today)

    def list_item_ids(self, flt: filters.ItemFilter | None = None, *, today: dt.date,
                      order: str = "id", descending: bool = False, limit: int | None = None,
                      offset: int = 0) -> array:
        """The ids `list_items` would show, in its order (all of them unless `limit`).

        The window fetches the whole list aside once per filter and then asks `item_rows` for
        a page of it, so a page deep in 100,000 rows costs what the first one does.
        """
        flt = flt or filters.ItemFilter()
        key = filters.ORDERS.get(order, "i.id")
        direction = "DESC" if descending else "ASC"
        arms = filters.text_arms(flt.text)
        if arms is not None:
            ids = self._search_ids(flt, arms, today, key, descending, limit, offset)
            if ids is not None:
                return ids
        where, params = self._where(flt, today, first_rows=limit is not None and key == "i.id")
        params.update(limit=-1 if limit is None else limit, offset=offset)
        cursor = self.conn.execute(
            f"""SELECT i.id{_ORDER_COLUMNS.get(key, "")} FROM items i WHERE {where}
                ORDER BY {_order_by(key, direction)} LIMIT :limit OFFSET :offset""", params)
        return array("q", [r[0] for r in cursor])

    def _search_ids(self, flt: filters.ItemFilter, arms: filters.TextArms, today: dt.date,
                    key: str, descending: bool, limit: int | None, offset: int) -> array | None:
        """`list_item_ids` of a text search by walking the text index (`filters.text_arms`);
        None where the plain WHERE clause is the better plan.

        A first page in id or light order stops early (`_walk_first`). Otherwise the arms
        serve only a search without other filters: with a view, unit or status, SQLite drives
        the plain query from their indexes and probes the text's id list, which costs less
        than walking every match of a common word."""
        if limit is not None and key in ("i.id", "light_rank"):
            where, params = self._where(flt, today, first_rows=True, text=False)
            ids = self._walk_first(arms, where, params, key == "light_rank", descending,
                                   offset + limit)
            if ids is not None:
                return array("q", ids[offset:])
        where, params = self._where(flt, today, text=False)
        if where != "1":
            return None
        params.update(arms.params, limit=-1 if limit is None else limit, offset=offset)
        direction = "DESC" if descending else "ASC"
        sort_key = "" if key == "i.id" else f", {_SORT_EXPR.get(key, key)} AS sort_key"
        cursor = self.conn.execute(
            f"SELECT id FROM ({_union(arms, where, 'i.id AS id' + sort_key)}) "
            f"ORDER BY {_order_by(key, direction, 'sort_key', 'id')} "
            "LIMIT :limit OFFSET :offset", params)
        return array("q", [r[0] for r in cursor])

    def _walk_first(self, arms: filters.TextArms, where: str, params: dict, by_light: bool,
                    descending: bool, need: int) -> list[int] | None:
        """The first `need` matches in id order or (light, id) order, found by walking the
        text index in id order and stopping once enough are found: a word in most items fills
        a page after a few hundred, where listing and sorting every match costs 50 ms at
        100,000 items. In (light, id) order only items of the first light are taken (red;
        finished when descending), which is right whenever they fill the page.

        None (the caller then lists every match) when the index holds few matches, or when the
        first `FIRST_WALK` ids show that `WALK` would not fill the page: walking costs about
        a microsecond an id where the matches lie far apart."""
        params = {**params, **arms.params}
        direction, ahead, behind = ("DESC", "<", ">=") if descending else ("ASC", ">", "<=")
        light = f"({_LIGHT_RANK}) = {3 if descending else 0} AND " if by_light else ""
        first, *rest = arms.arms

        def edge(steps: int) -> int | None:
            row = self.conn.execute(f"{arms.driver} ORDER BY rowid {direction} LIMIT 1 "
                                    "OFFSET :steps", {**params, "steps": steps}).fetchone()
            return None if row is None else row[0]

        def walk(arm: filters.Arm, upto: int | None, after: int | None = None,
                 limit: int = need) -> list[int]:
            bounds = "" if upto is None else f" AND {arm.walk} {behind} :upto"
            bounds += "" if after is None else f" AND {arm.walk} {ahead} :after"
            return [r[0] for r in self.conn.execute(
                f"SELECT i.id FROM {arm.source} WHERE {light}{arm.match} AND {where}{bounds} "
                f"ORDER BY {arm.walk} {direction} LIMIT :limit",
                {**params, "upto": upto, "after": after, "limit": limit})]

        upto = edge(FIRST_WALK)
        if upto is None:
            return None              # few matches: listing them all costs little
        found = walk(first, upto)
        if len(found) < need:
            # as many ids as the first ones suggest, with a margin; give up when that is more
            # than WALK or than the index holds
            wanted = FIRST_WALK * need / max(len(found), 1)
            if not found or wanted * 1.5 > WALK or edge(int(wanted)) is None:
                return None
            after, upto = upto, edge(int(wanted * 1.5))
            found += walk(first, upto, after, need - len(found))
        ids = sorted({*found, *(i for arm in rest for i in walk(arm, upto))},
                     reverse=descending)[:need]
        return ids if len(ids) == need else None

    def _where(self, flt: filters.ItemFilter | None, today: dt.date,
               first_rows: bool = False, text: bool = True) -> tuple[str, dict]:
        """WHERE clause and parameters (`filters.build`); without the text words when `text`
        is false (the caller matches them with `filters.text_arms`)."""
        flt = flt or filters.ItemFilter()
        if filters.has_short_word(flt):
            self.sync_search()
        if not text:
            flt = dataclasses.replace(flt, text="")
        return filters.build(flt, today, self.cutoff(today), self.feedback_cutoff(today),
                             first_rows=first_rows)

    def sync_search(self) -> None:
        """Bring the bigram index up to date with the items changed since (see `bigrams`).

        Only an optimisation: queries already answer pending items by LIKE. Skipped on a
        read-only store or while another process holds the write lock.
        """
        if self.readonly or not self.conn.execute(
                "SELECT 1 FROM bigram_pending LIMIT 1").fetchone():
            return
        try:
            with transaction(self.conn):
                bigrams.sync(self.conn)
        except sqlite3.OperationalError:
            pass

    def count_items(self, flt: filters.ItemFilter | None = None, *, today: dt.date) -> int:
        flt = flt or filters.ItemFilter()
        arms = filters.text_arms(flt.text)
        if arms is not None:     # a search alone: walk the text index (see `_search_ids`)
            where, params = self._where(flt, today, text=False)
            if where == "1":
                return self.conn.execute(f"SELECT count(*) FROM ({_union(arms, where, 'i.id')})",
                                         {**params, **arms.params}).fetchone()[0]
        where, params = self._where(flt, today)
        return self.conn.execute(f"SELECT count(*) FROM items i WHERE {where}", params).fetchone()[0]

    def item_rows(self, ids: list[int], today: dt.date) -> list[dict]:
        """Display rows for the given ids, in that order, with derived columns."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = row_dicts(self.conn, f"""SELECT i.*, lu.short_name AS lead_name,
            {_CO_NAMES} AS co_names FROM items i LEFT JOIN units lu ON lu.id = i.lead_unit_id
            WHERE i.id IN ({marks})""", ids)
        by_id = {r["id"]: r for r in rows}
        cutoffs = self.cutoff(today), self.feedback_cutoff(today)
        return [self._decorate(by_id[i], today, cutoffs) for i in ids if i in by_id]

    def _decorate(self, row: dict, today: dt.date, cutoffs: tuple[dt.date, dt.date]) -> dict:
        deadline = d(row["current_deadline"])
        row["light"] = str(light_for(row["status"], deadline, d(row["next_feedback_due"]),
                                     today, *cutoffs))
        finished = row["status"] in (Status.CLOSED, Status.WITHDRAWN)
        row["remaining_workdays"] = (None if finished or deadline is None
                                     else self.calendar.workdays_between(today, deadline))
        since = d(row["last_feedback_on"]) or d(row["assigned_on"])
        row["stale_days"] = None if since is None or finished else (today - since).days
        row["co_names"] = row["co_names"] or ""
        row["lead_name"] = row["lead_name"] or ""
        return row

    # ---- events ---------------------------------------------------------------------------
    def notes(self, item_id: int) -> list[Note]:
        rows = row_dicts(self.conn, "SELECT * FROM notes WHERE item_id = ? "
                         "ORDER BY noted_on DESC, id DESC", [item_id])
        files = self._attachments([r["id"] for r in rows])
        return [_note(r, files.get(r["id"], ())) for r in rows]

    def note_attachments(self, note_id: int) -> list[dict]:
        return row_dicts(self.conn, "SELECT * FROM attachments WHERE note_id = ?", [note_id])

    def _attachments(self, note_ids: list[int]) -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = {}
        for chunk in _chunks(note_ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT note_id, stored_path FROM attachments "
                                       f"WHERE note_id IN ({marks})", chunk):
                out.setdefault(r[0], []).append(r[1])
        return {k: tuple(v) for k, v in out.items()}

    def extensions(self, item_id: int | None = None, pending_only: bool = False
                   ) -> list[Extension]:
        return [Extension(**{k: _conv(k, v) for k, v in r.items()
                             if k in Extension.__dataclass_fields__})
                for r in self._events("extensions", "requested_on", item_id,
                                      "decision = '待审批'" if pending_only else None)]

    def completions(self, item_id: int | None = None, pending_only: bool = False
                    ) -> list[Completion]:
        return [Completion(**{k: _conv(k, v) for k, v in r.items()
                              if k in Completion.__dataclass_fields__})
                for r in self._events("completions", "submitted_on", item_id,
                                      "decision = '待审核'" if pending_only else None)]

    def _events(self, table: str, date_col: str, item_id, extra: str | None) -> list[dict]:
        where, args = [], []
        if item_id is not None:
            where.append("item_id = ?")
            args.append(item_id)
        if extra:
            where.append(extra)
        sql = f"SELECT * FROM {table}" + (f" WHERE {' AND '.join(where)}" if where else "")
        return row_dicts(self.conn, sql + f" ORDER BY {date_col} DESC, id DESC", args)

    def timeline(self, item_id: int) -> list[dict]:
        """Notes, chases, requests, reviews and journal entries, newest first."""
        from ..timeline import build_timeline
        return build_timeline(self, item_id)

    # ---- search and summaries -------------------------------------------------------------
    def search(self, text: str, *, today: dt.date, limit: int = 200) -> list[dict]:
        return self.list_items(filters.ItemFilter(text=text), today=today, limit=limit)

    def light_counts(self, today: dt.date, flt: filters.ItemFilter | None = None) -> dict:
        where, params = self._where(flt, today)
        sql = (f"SELECT ({filters.LIGHT_SQL}) AS light, count(*) FROM items i "
               f"WHERE {where} GROUP BY light")
        counts = {"绿": 0, "黄": 0, "红": 0, "未定时限": 0, "完成": 0}
        counts.update(dict(self.conn.execute(sql, params).fetchall()))
        return counts

    def categories(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT category FROM items WHERE category <> '' ORDER BY category")]


# The light's sort rank (红 0, 黄 1, 绿 2, 完成 3) from the same conditions as LIGHT_SQL, as
# one flat CASE: wrapping LIGHT_SQL in a second CASE cost a third more on a 100,000-row sort.
_LIGHT_RANK = (filters.LIGHT_SQL.replace("THEN '完成'", "THEN 3").replace("THEN '红'", "THEN 0")
               .replace("THEN '黄'", "THEN 1").replace("THEN '未定时限'", "THEN 2")
               .replace("ELSE '绿'", "ELSE 2"))
_NEVER_NULL = {"light_rank"}
_CO_NAMES = """(SELECT group_concat(u.short_name, '、') FROM assignments a
               JOIN units u ON u.id = a.unit_id WHERE a.item_id = i.id AND a.role = '配合')"""


# Sort keys that are not columns of `items`, computed only when a list is sorted by them.
_SORT_EXPR = {
    "light_rank": f"({_LIGHT_RANK})",
    "lead_name": "(SELECT short_name FROM units WHERE id = i.lead_unit_id)",
    "co_names": _CO_NAMES,
}
_ORDER_COLUMNS = {key: f", {expr} AS {key}" for key, expr in _SORT_EXPR.items()}
# How many ids of the text index a first page may walk (see `_walk_first`): first a few to
# see how often they fill it, then as many as that suggests, up to WALK.
FIRST_WALK = 500
WALK = 10_000


def _order_by(key: str, direction: str, column: str | None = None, id_col: str = "i.id") -> str:
    """Rows without a value last; ties by id. Sorted by id alone, the plain `i.id` term lets
    SQLite walk an index in rowid order and stop at LIMIT instead of sorting every match.
    `column`: the name the sort key has in a subquery (else the key itself)."""
    if key == "i.id":
        return f"{id_col} {direction}"
    column = column or key
    if key in _NEVER_NULL:
        return f"{column} {direction}, {id_col} {direction}"
    return f"{column} IS NULL, {column} {direction}, {id_col} {direction}"


def _union(arms: filters.TextArms, where: str, select: str) -> str:
    """Every match once: the arms of a text search, each with the other filters."""
    return " UNION ALL ".join(
        f"SELECT {select} FROM {arm.source} WHERE {arm.match} "
        f"{'AND ' + arm.apart if arm.apart else ''} AND {where}" for arm in arms.arms)


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


def _chunks(seq: list, size: int):
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


_DATE_KEYS = {"filed_on", "date", "noted_on", "chased_on", "requested_on", "proposed_deadline",
              "decided_on", "approved_deadline", "submitted_on", "assigned_on",
              "original_deadline", "current_deadline", "next_feedback_due", "last_feedback_on",
              "input_due", "cycle_due"}


def _conv(key: str, value):
    return d(value) if key in _DATE_KEYS else value


def _unit(r: dict) -> Unit:
    return Unit(r["id"], r["name"], r["short_name"], r["contact"], r["phone"],
                bool(r["active"]), bool(r["is_office"]))


def _reply(r: dict) -> Reply:
    return Reply(r["id"], r["proposal_id"], r["doc_number"], r["issuer"], d(r["date"]),
                 r["signer"], r["answer_class"], r["full_text"], r["attitude_rating"],
                 r["result_rating"])


def _upgrade_feedback(store: Store) -> None:
    """Stored 下次反馈 brought up to the feedback-cycle rule once; a file too damaged to read
    is left as it is for the integrity check to report."""
    from .. import feedback
    try:
        feedback.upgrade(store)
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


def _note(r: dict, files: tuple[str, ...]) -> Note:
    return Note(r["id"], r["uid"], r["item_id"], r["unit_id"], r["reporter"], d(r["noted_on"]),
                r["text"], r["percent"], r["problems"], r["next_steps"], r["origin"],
                r["package_id"], files)
