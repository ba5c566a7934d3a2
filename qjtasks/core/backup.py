"""Copies of the database made with SQLite's online backup (safe while the file is in use).

Automatic copies go to `backups/` beside the database, named `<stem>-<YYYYmmdd-HHMMSS>-<reason>.db`
with reason `daily`, `migration` or `import`; only the newest `backup_keep` (a setting) automatic
copies are kept. Copies made by hand (`qjtasks backup`) are never pruned. `inspect` reads a
backup read-only and says what it holds (date, item count, schema version) before a restore;
its check can be stopped from another thread (`stop`), e.g. when the user picks another file.
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .errors import DatabaseError, technical

AUTO_REASONS = ("daily", "migration", "import")
REASON_LABELS = {"daily": "每日自动", "migration": "升级前自动", "import": "导入前自动",
                 "manual": "手动"}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"
                   r"(?:-(?P<reason>[a-z]+))?\.db$")
SQLITE_MAGIC = b"SQLite format 3\x00"


class InspectCancelled(DatabaseError):
    """`inspect(stop=...)` was told to stop; says nothing about the file."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, shown before anything is replaced."""
    path: Path
    made_at: dt.datetime          # from the file name, else the file's modification time
    last_change: str              # newest journal entry, "" if none
    items: int
    schema_version: int
    reason: str                   # daily / migration / import / manual
    size: int

    def describe(self) -> str:
        return (f"备份文件：{self.path}\n备份时间：{self.made_at:%Y-%m-%d %H:%M:%S}"
                f"（{REASON_LABELS.get(self.reason, self.reason)}）\n"
                f"最后一次修改：{self.last_change.replace('T', ' ') or '无'}\n"
                f"督办事项：{self.items} 项\n架构版本：{self.schema_version}\n"
                f"文件大小：{self.size / 1024:.0f} KB")


def backup_to(conn: sqlite3.Connection, target: Path, *, progress=None,
              pages: int = -1, notice=None) -> Path:
    """Copy into `target` (via a .part file); `progress` may raise to abandon the copy.

    A `<target>.part` that an earlier, killed copy to the same target left is removed first
    (and `notice`, if given, is told so in one Chinese line); any other file by that name is
    refused, never overwritten.
    """
    target = Path(target)
    if target.exists():
        raise DatabaseError(f"备份文件“{target}”已存在，请换一个文件名")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    cleared = clear_stale_part(tmp)
    if cleared and notice is not None:
        notice(cleared)
    dest = None
    try:
        dest = sqlite3.connect(tmp)
        with dest:
            conn.backup(dest, pages=pages, progress=progress)
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        _discard(dest, tmp)
        raise DatabaseError(_failed(conn, target, exc), detail=technical(exc)) from None
    except BaseException:
        _discard(dest, tmp)
        raise
    return target


def clear_stale_part(tmp: Path) -> str | None:
    """Remove `tmp` (and its SQLite journal) if a killed backup left it; the Chinese line to show.

    Only an empty file, an SQLite file, or one that starts with zeros beside its SQLite
    journal is ours (a copy killed before or while pages were written); anything else by that
    name is refused with a message and left alone.
    """
    tmp = Path(tmp)
    if not tmp.exists() and not tmp.is_symlink():
        return None
    try:
        if tmp.is_symlink() or not tmp.is_file():
            raise DatabaseError(f"“{tmp}”已存在且不是未完成的备份，请先移走它或换一个文件名")
        with tmp.open("rb") as fh:
            head = fh.read(16)
        # SQLite writes page 1 last when its cache spills pages of a large copy: a killed
        # copy may start with zeros (found by tests/crash/harness.py)
        if head and head != SQLITE_MAGIC and not (head == bytes(len(head))
                                                  and _sqlite_journal(tmp)):
            raise DatabaseError(f"“{tmp}”已存在且不是未完成的备份，请先移走它或换一个文件名")
        tmp.unlink()
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    except OSError as exc:
        from .dbfile import os_reason
        raise DatabaseError(f"无法清理上次中断留下的未完成备份“{tmp}”：{os_reason(exc)}",
                            detail=technical(exc)) from None
    return f"已清理上次中断留下的未完成备份 {tmp.name}"


def _sqlite_journal(tmp: Path) -> bool:
    """True if SQLite's rollback journal of `tmp` is beside it (a copy was being written)."""
    return tmp.with_name(tmp.name + "-journal").is_file()


def _failed(conn: sqlite3.Connection, target: Path, exc: BaseException) -> str:
    from .dbfile import free_space, human_size, os_reason
    reason = os_reason(exc)
    if reason == "磁盘空间不足":
        free = free_space(target.parent)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        size = pages * conn.execute("PRAGMA page_size").fetchone()[0]
        left = f"只剩 {human_size(free)}，" if free is not None else ""
        reason += f"（{target.parent} 所在的磁盘{left}备份需要约 {human_size(size)}）"
    return f"备份没有做成：{reason}；数据库本身未受影响"


def _discard(dest: sqlite3.Connection | None, tmp: Path) -> None:
    if dest is not None:
        dest.close()
    tmp.unlink(missing_ok=True)


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def default_backup_name(db_path: Path, now: dt.datetime | None = None,
                        reason: str | None = None) -> Path:
    now = now or clock.SYSTEM.now()
    folder = backup_dir(db_path)
    base = f"{Path(db_path).stem}-{now:%Y%m%d-%H%M%S}"
    suffix = f"-{reason}" if reason else ""
    target, n = folder / f"{base}{suffix}.db", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{suffix}.db"
    return target


def auto_backup(conn: sqlite3.Connection, db_path: Path, reason: str, keep: int = 10,
                now: dt.datetime | None = None, *, progress=None, pages: int = -1) -> Path:
    """One automatic copy (daily, migration or import), then prune the oldest beyond `keep`."""
    if reason not in AUTO_REASONS:
        raise ValueError(reason)
    target = backup_to(conn, default_backup_name(db_path, now, reason), progress=progress,
                       pages=pages)
    prune(db_path, keep)
    return target


def list_backups(db_path: Path) -> list[Path]:
    """Backups of this database in `backups/`, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    found = [p for p in folder.glob("*.db") if _parse(p) and _parse(p)[0] == stem]
    return sorted(found, key=lambda p: (_parse(p)[1], p.name), reverse=True)


def prune(db_path: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest `keep`; hand-made ones stay."""
    auto = [p for p in list_backups(db_path) if _parse(p)[2] in AUTO_REASONS]
    removed = auto[max(1, keep):]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def daily_copies(db_path: Path) -> list[Path]:
    """The automatic daily copies of this database, newest first, whatever day they are for."""
    return [p for p in list_backups(db_path) if _parse(p)[2] == "daily"]


def has_daily(db_path: Path, day: dt.date) -> bool:
    stamp = day.strftime("%Y%m%d")
    return any(_parse(p)[1].startswith(stamp) for p in daily_copies(db_path))


def label(path: Path) -> str:
    """A list entry for a backup from its name alone: time and kind (no file read)."""
    parsed = _parse(Path(path))
    if not parsed:
        return Path(path).name
    made = dt.datetime.strptime(parsed[1], "%Y%m%d-%H%M%S")
    return f"{made:%Y-%m-%d %H:%M:%S}  {REASON_LABELS.get(parsed[2], parsed[2])}"


def _parse(path: Path) -> tuple[str, str, str] | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    return m["stem"], m["stamp"], m["reason"] or "manual"


def inspect(path: Path, *, full: bool = True, stop=None) -> BackupInfo:
    """Read a backup without changing it; refuse anything that is not a sound qjtasks file.

    `stop()` is polled while SQLite works (another thread may make it true); once it is true
    the check ends with `InspectCancelled`.
    """
    path = Path(path)
    _check_header(path)
    try:
        from .dbfile import ro_uri
        conn = sqlite3.connect(ro_uri(path), uri=True)
        try:
            if stop is not None:
                conn.set_progress_handler(lambda: 1 if stop() else 0, 10_000)
            return _info(conn, path, full)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:   # a damaged text cell: the latter
        if stop is not None and stop():
            raise InspectCancelled("检查已停止") from None
        raise DatabaseError(f"备份文件“{path}”已损坏，不能使用", detail=technical(exc)) from None


def _check_header(path: Path) -> None:
    if not path.is_file():
        raise DatabaseError(f"备份文件“{path}”不存在")
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise DatabaseError(f"文件“{path}”不是 qjtasks 数据库备份（不是 SQLite 文件）")


def _info(conn: sqlite3.Connection, path: Path, full: bool) -> BackupInfo:
    verdict = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    if [r[0] for r in verdict] != ["ok"]:
        raise DatabaseError(f"备份文件“{path}”已损坏，不能使用（完整性检查：{verdict[0][0]}）")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"items", "journal", "_migrations"} <= tables:
        raise DatabaseError(f"文件“{path}”不是 qjtasks 数据库备份（缺少督办数据表）")
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    version = conn.execute("SELECT count(*) FROM _migrations").fetchone()[0]
    last = conn.execute("SELECT max(at) FROM journal").fetchone()[0] or ""
    parsed = _parse(path)
    made = (dt.datetime.strptime(parsed[1], "%Y%m%d-%H%M%S") if parsed
            else dt.datetime.fromtimestamp(path.stat().st_mtime))
    return BackupInfo(path, made, last, items, version, parsed[2] if parsed else "manual",
                      path.stat().st_size)


def latest_good(db_path: Path) -> BackupInfo | None:
    """The newest backup of this database that passes a quick check, if any."""
    for candidate in list_backups(db_path):
        try:
            return inspect(candidate, full=False)
        except DatabaseError:
            continue
    return None
