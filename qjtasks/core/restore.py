"""Put a backup in place of the database, keeping the file it replaces.

`restore` checks the backup fully first (`backup.inspect`), refuses one written by a newer
qjtasks, copies the backup with SQLite's backup API to `<db>.restoring` and flushes it to disk,
keeps the current database as `<stem>.replaced-<YYYYmmdd-HHMMSS>.db` (a hard link, or a copy
where links are impossible, so the path is never without a database), and only then renames
the restored copy over the database in one atomic step. Killed at any point, the path holds
either the old or the new file; what a killed restore leaves behind (`.restoring`, or the
empty path an older qjtasks left between its two renames) is put right by `dbfile.recover` on
the next open. `fault(step)`, if given, is called at each step (tests stop the restore there).
`progress(stage, done, total)`, if given, is called from the thread doing the work: ("check", 0,
0) before the full check (no measure of its progress), ("copy", pages copied, pages in all) after
each step of the copy, ("replace", 0, 0) before the files are moved.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import backup, clock, dbfile, migrations
from .errors import DatabaseError

COPY_PAGES = 2048               # pages per step of the copy (8 MB at 4 KB pages): one report each
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RestoreResult:
    info: backup.BackupInfo
    kept: Path | None             # where the replaced database now lives


def check_restorable(source: Path, *, full: bool = True, stop=None) -> backup.BackupInfo:
    """What the backup holds; `full=False` (quick_check) for browsing, full before replacing.

    `stop` as in `backup.inspect`: polled during the check, true ends it (`InspectCancelled`).
    """
    info = backup.inspect(Path(source), full=full, stop=stop)
    known = len(migrations.MIGRATIONS)
    if info.schema_version > known:
        raise DatabaseError(f"备份由更新版本的 qjtasks 创建（架构版本 {info.schema_version}，"
                            f"本程序支持 {known}），请升级程序后再恢复")
    return info


STEPS = ("checked", "copied", "synced", "kept", "replaced")


def restore(source: Path, db_path: Path, now: dt.datetime | None = None, *,
            progress: Progress | None = None,
            fault: Callable[[str], None] | None = None) -> RestoreResult:
    """Replace `db_path` with the backup `source`; the old file is kept, never deleted."""
    source, db_path = Path(source), Path(db_path)
    report = progress or (lambda stage, done, total: None)
    step = fault or (lambda name: None)
    report("check", 0, 0)
    info = check_restorable(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise DatabaseError("不能用数据库文件自身恢复自身")
    step("checked")
    tmp = dbfile.restoring_path(db_path)
    tmp.unlink(missing_ok=True)
    _copy(source, tmp, report)
    step("copied")
    dbfile.fsync_file(tmp)
    step("synced")
    report("replace", 0, 0)
    kept = _keep_current(db_path, now or clock.SYSTEM.now())
    step("kept")
    _drop_sidecars(db_path)
    os.replace(tmp, db_path)
    dbfile.fsync_dir(db_path.parent)
    step("replaced")
    return RestoreResult(info, kept)


def _copy(source: Path, target: Path, report: Progress) -> None:
    src = dest = None
    try:
        src = sqlite3.connect(dbfile.ro_uri(source), uri=True)
        dest = sqlite3.connect(target)
        with dest:
            src.backup(dest, pages=COPY_PAGES,
                       progress=lambda _status, left, total: report("copy", total - left, total))
        dest.execute("PRAGMA journal_mode = DELETE")
    except (OSError, sqlite3.Error) as exc:
        _close(src, dest)
        target.unlink(missing_ok=True)
        raise DatabaseError(f"恢复失败，现有数据库未作改动：{dbfile.os_reason(exc)}") from None
    except BaseException:
        _close(src, dest)
        target.unlink(missing_ok=True)
        raise
    _close(src, dest)


def _close(*conns: sqlite3.Connection | None) -> None:
    for conn in conns:
        if conn is not None:
            conn.close()


def _keep_current(db_path: Path, now: dt.datetime) -> Path | None:
    """Fold any WAL into the current file if it is sound, then keep a second name for it.

    The current file stays where it is until the restored copy is renamed over it: `kept` is a
    hard link to it (or, on a file system without links, a flushed copy), and a WAL that could
    not be folded in (a damaged file) is copied beside `kept`.
    """
    if not db_path.exists():
        return None
    _checkpoint(db_path)
    kept = db_path.with_name(f"{db_path.stem}.replaced-{now:%Y%m%d-%H%M%S}{db_path.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = db_path.with_name(f"{db_path.stem}.replaced-{now:%Y%m%d-%H%M%S}-{n}"
                                 f"{db_path.suffix}")
    try:
        dbfile.link_or_copy(db_path, kept)
        for side in ("-wal", "-shm"):
            extra = db_path.with_name(db_path.name + side)
            if extra.exists() and extra.stat().st_size:
                dbfile.link_or_copy(extra, kept.with_name(kept.name + side), link=False)
    except OSError as exc:
        kept.unlink(missing_ok=True)
        dbfile.restoring_path(db_path).unlink(missing_ok=True)
        raise DatabaseError(f"恢复失败，现有数据库未作改动：无法保留原文件（{dbfile.os_reason(exc)}）") from None
    return kept


def _drop_sidecars(db_path: Path) -> None:
    """The old file's WAL (kept beside `kept` above) must never be applied to the new file."""
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)


def _checkpoint(db_path: Path) -> None:
    try:
        conn = sqlite3.connect(db_path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a damaged file is moved aside as it is, with its sidecars
