"""Start-up: check the file before writing to it, back it up, then open it for use.

`open_checked` is what the CLI and the desktop app call instead of `Store.open`. It refuses a
file that is not SQLite or fails SQLite's `quick_check` (`integrity_check` when `full=True`)
with a `DamagedDatabaseError` carrying the newest good backup, so the caller can offer to
restore it; a damaged file is never written to. It then takes the daily automatic backup (first
open of the day) and a backup before any schema migration.

The desktop window opens with `defer_check=True`: only the header is checked before it paints
(microseconds; a truncated copy is still refused at once), and `DeferredCheck` runs the full
`quick_check` and the daily backup on a worker thread with its own connection — at 100,000 items
these take 1–2 s and 2–5 s, which would otherwise keep the window from appearing.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import backup, clock, dbfile, lock, migrations
from .errors import DatabaseError, technical
from .store import Store, check_file


class DamagedDatabaseError(DatabaseError):
    """The file is damaged; `latest` is the newest good backup (or None)."""

    def __init__(self, message: str, path: Path, latest: backup.BackupInfo | None):
        super().__init__(message)
        self.path = path
        self.latest = latest

HEADER, QUICK, FULL = "header", "quick", "full"


def verify(path: Path, *, full: bool = False, level: str | None = None) -> list[str]:
    """Check an existing file read-only; returns the problems found (empty when sound).

    `header`: the file header and size only (microseconds: catches truncated copies);
    `quick`: plus SQLite's quick_check; `full`: plus integrity_check (indexes too).
    """
    level = level or (FULL if full else QUICK)
    check_file(path)
    problems = header_problems(Path(path))
    if problems or level == HEADER:
        return problems
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            return pragma_problems(conn, level)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        trouble = dbfile.storage_failure(path, exc)   # a full or read-only disk is not damage
        if trouble:
            raise DatabaseError(trouble, detail=technical(exc)) from None
        return [str(exc)]


def _ro_uri(path: Path) -> str:
    return dbfile.ro_uri(path)


def pragma_problems(conn: sqlite3.Connection, level: str) -> list[str]:
    """SQLite's own check on an open connection: [] when sound, else its first complaints."""
    pragma = "PRAGMA integrity_check" if level == FULL else "PRAGMA quick_check"
    rows = [r[0] for r in conn.execute(pragma).fetchmany(20)]
    return [] if rows == ["ok"] else rows


def header_problems(path: Path) -> list[str]:
    """Page size sane, file a whole number of pages, not shorter than the header says."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100:
        return ["文件头不完整"]
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    if page < 512 or page & (page - 1):
        return [f"页大小无效（{page}）"]
    if size % page:
        return ["文件长度不是整页（文件被截断）"]
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96] and pages > 0
    wal = path.with_name(path.name + "-wal")
    if valid and size < pages * page and not (wal.exists() and wal.stat().st_size):
        return [f"文件被截断（应有 {pages} 页，实有 {size // page} 页）"]
    return []


def damaged_message(path: Path, problems: list[str], latest: backup.BackupInfo | None) -> str:
    text = (f"数据库文件“{path}”已损坏，为保护现有数据未作任何改动。"
            f"（SQLite 检查结果：{problems[0][:120]}）")
    if latest is None:
        return text + "\n没有找到可用的备份；请联系技术人员，切勿删除该文件。"
    return (text + f"\n最近的完好备份：{latest.path}（{latest.made_at:%Y-%m-%d %H:%M}，"
            f"{latest.items} 项事项）。\n可用命令恢复：qjtasks restore \"{latest.path}\"")

def open_checked(path: str | Path, *, full: bool = False, readonly: bool = False,
                 today: dt.date | None = None, daily: bool = True,
                 every_open: bool = False, defer_check: bool = False) -> Store:
    """Check, back up and open the database; raises `DamagedDatabaseError` on a bad file.

    `defer_check`: check the header only and take no daily backup; the caller runs
    `DeferredCheck` afterwards (the desktop window, so it paints at once).
    """
    path = Path(path)
    dbfile.check_path(path, create=not readonly)
    if defer_check:
        daily, every_open, full = False, False, False
    existed = path.exists() and path.stat().st_size > 0
    # quick_check reads the whole file (seconds at 100,000 items), so it runs with the first
    # open of each day, just before that day's backup; --full-check forces a full check.
    # The desktop window opens once a day and passes every_open=True; the command line, which
    # scripts call many times, relies on the check made with the day's first open.
    checked_today = defer_check or (not every_open and daily
                                    and backup.has_daily(path, today or clock.SYSTEM.today()))
    if existed:
        # the header check costs microseconds and catches a truncated copy (USB stick, sync)
        problems = verify(path, level=HEADER if checked_today and not full else None,
                          full=full)
        if problems:
            latest = backup.latest_good(path)
            raise DamagedDatabaseError(damaged_message(path, problems, latest), path, latest)
    if existed:
        _refuse_newer(path)
    try:
        store = Store.open(path, readonly=readonly,
                           before_migration=None if readonly else _before_migration(path))
    except DatabaseError:
        problems = verify(path) if existed else []
        if problems:  # damaged since today's check: refuse now, with the newest good backup
            latest = backup.latest_good(path)
            raise DamagedDatabaseError(damaged_message(path, problems, latest),
                                       path, latest) from None
        raise
    if existed and daily and not readonly:
        try:
            daily_backup(store, today or clock.SYSTEM.today())
        except DatabaseError as exc:        # a full disk: reading and writing still work
            store.notices.append(f"今天的自动备份没有做：{str(exc).removeprefix('备份没有做成：')}。"
                                 "请尽快腾出空间")
    return store

def _refuse_newer(path: Path) -> None:
    """A file from a newer qjtasks is refused before anything (even WAL mode) is written."""
    conn = sqlite3.connect(dbfile.ro_uri(path), uri=True)
    try:
        migrations.pending(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(dbfile.storage_failure(path, exc)
                            or f"数据库文件“{path}”无法打开（不是完好的 qjtasks 数据库）；未作任何改动",
                            detail=technical(exc)) from None
    finally:
        conn.close()

def _before_migration(path: Path):
    def hook(pending: list[str]) -> None:
        conn = sqlite3.connect(path)
        try:
            backup.auto_backup(conn, path, "migration", _keep_from(conn))
        finally:
            conn.close()
    return hook

def _keep_from(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'backup_keep'").fetchone()
        return max(1, int(row[0])) if row else 10
    except (sqlite3.Error, ValueError, TypeError):
        return 10

def daily_backup(store: Store, today: dt.date) -> Path | None:
    """The first open of a day copies the file into `backups/`; later opens do nothing."""
    return daily_backup_of(store.conn, store.path, today)

def daily_backup_of(conn: sqlite3.Connection, path: Path, today: dt.date, *, progress=None,
                    pages: int = -1) -> Path | None:
    """The day's copy of `path` (read through `conn`) unless it exists; keeps `backup_keep`.

    `progress` is the backup's step callback: raising from it abandons the copy and removes the
    half-written file (how `DeferredCheck.cancel()` stops it).
    """
    if Path(path) == Path(":memory:") or backup.has_daily(path, today):
        return None
    # named by the session's day, not the wall clock's, so has_daily(today) sees it
    return backup.auto_backup(conn, path, "daily", _keep_from(conn), clock.SYSTEM.at(today),
                              progress=progress, pages=pages)

def backup_before_import(store: Store) -> Path:
    """For the exchange code: a rotating copy taken just before a package is applied."""
    return backup.auto_backup(store.conn, store.path, "import", int(store.setting("backup_keep")))

def open_for_use(path: str | Path, *, app: str = "命令行", full: bool = False,
                 today: dt.date | None = None, every_open: bool = False,
                 defer_check: bool = False, create: bool = True) -> Store:
    """Take the write lock and open checked; if someone else holds it, open read-only.

    A read-only store carries the holder in `readonly_reason`, which every refused write shows.
    `create=False`: a missing file is refused (`dbfile.check_path`), nothing is made. With the
    lock held, what a killed restore, backup or import left is put right first; what was done
    is in `store.notices`.
    """
    path = Path(path)
    dbfile.check_path(path, create=create)
    if path.exists() and not dbfile.writable(path):     # read-only file, folder or disk
        store = open_checked(path, full=full, readonly=True, every_open=every_open,
                             defer_check=defer_check)
        store.readonly_reason = dbfile.readonly_message(path)
        return store
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_lock = lock.DbLock(path, app)
    try:
        _acquire(write_lock)
    except (lock.LockedError, lock.LockUnavailableError) as exc:
        store = open_checked(path, full=full, readonly=True, every_open=every_open,
                             defer_check=defer_check)
        store.readonly_reason = str(exc)
        return store
    try:
        notices = dbfile.recover(path)
        dbfile.check_path(path, create=create)
        store = open_checked(path, full=full, today=today, every_open=every_open,
                             defer_check=defer_check)
        store.notices[:0] = notices
        # A PC switched off at the wall: every commit the user saw must survive (≈0.6 ms each).
        store.conn.execute("PRAGMA synchronous = FULL")
        if lock.on_network_drive(path):   # WAL needs shared memory, which SMB/NFS lack
            store.conn.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        write_lock.release()
        raise
    store.lock = write_lock
    return store

def _acquire(write_lock: lock.DbLock) -> None:
    """Another command-line run finishes within moments: wait for it; a window is not waited for."""
    try:
        write_lock.acquire()
    except lock.LockedError as exc:
        if exc.holder.app != "命令行":
            raise
        write_lock.acquire(wait=5.0)

# SQLite has no checksums on row contents: a flipped byte inside a record passes
# `integrity_check` and surfaces only when that row is read. Front ends turn these into
# `read_failure_message` instead of an internal error.
READ_DAMAGE = (sqlite3.DatabaseError, UnicodeDecodeError, json.JSONDecodeError)

def read_failure_message(path: Path, exc: BaseException) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"数据库“{path}”正被另一个程序写入，请稍后再试"
    # The day's start-up check may have passed before the damage: check now, offer a backup.
    problems = verify(path) if Path(path).exists() else []
    if problems:
        return damaged_message(path, problems, backup.latest_good(path))
    return (f"读取数据库“{path}”时发现损坏的记录，未作任何修改。"
            f"请运行 qjtasks check --full 检查，必要时用 qjtasks restore 恢复最近的备份")


class CheckCancelled(Exception):
    """`DeferredCheck.cancel()` stopped the check or the backup (the window closed)."""


@dataclass
class CheckOutcome:
    """What the deferred check found: problems (with the restore message) or the day's backup."""
    problems: list[str] = field(default_factory=list)
    message: str = ""
    latest: backup.BackupInfo | None = None
    backup_path: Path | None = None


class DeferredCheck:
    """`quick_check` (or `integrity_check`) then the daily backup, on a connection of its own.

    Made for a worker thread: `run()` does the work, `cancel()` may be called from another
    thread and stops it promptly (the SQLite statement is aborted by a progress handler, the
    backup is abandoned between steps and its partial file removed).
    """

    BACKUP_PAGES = 4096

    def __init__(self, path: Path, *, full: bool = False, today: dt.date | None = None,
                 backup_daily: bool = True):
        self.path, self.full, self.today = Path(path), full, today or clock.SYSTEM.today()
        self.backup_daily = backup_daily
        self._conn: sqlite3.Connection | None = None
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True      # seen by the progress handler and the backup's callback

    def run(self) -> CheckOutcome:
        problems = self._check()
        if problems:
            latest = backup.latest_good(self.path)
            return CheckOutcome(problems, damaged_message(self.path, problems, latest), latest)
        return CheckOutcome(backup_path=self._daily_backup())

    def _check(self) -> list[str]:
        problems = header_problems(self.path)
        if problems:
            return problems
        try:
            self._conn = sqlite3.connect(_ro_uri(self.path), uri=True, check_same_thread=False)
            # A handler, not interrupt(): an interrupt landing between statements is lost.
            self._conn.set_progress_handler(lambda: self._cancelled, 10_000)
            return pragma_problems(self._conn, FULL if self.full else QUICK)
        except sqlite3.DatabaseError as exc:
            if self._cancelled:
                raise CheckCancelled() from None
            trouble = dbfile.storage_failure(self.path, exc)   # full or read-only: not damage
            if trouble:
                raise DatabaseError(trouble, detail=technical(exc)) from None
            return [str(exc)]
        finally:
            self._close()

    def _daily_backup(self) -> Path | None:
        if not self.backup_daily:
            return None
        self._conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            return daily_backup_of(self._conn, self.path, self.today, progress=self._progress,
                                   pages=self.BACKUP_PAGES)
        finally:
            self._close()

    def _progress(self, _status, _remaining, _total) -> None:
        if self._cancelled:
            raise CheckCancelled()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
