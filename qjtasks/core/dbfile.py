"""The database as a file on disk: may it be opened or created, and what a killed run left.

`check_path` decides before anything is written: a folder given as the database, an empty
(0-byte) file, a file that cannot be read, or — unless the caller may create one (`init`, the
first start on the default location) — a missing file are refused with a Chinese message that
names the newest good backup, and nothing is created. `recover` runs with the write lock held,
before the file is opened: it finishes or undoes a restore that was killed (`<db>.restoring`, and
the empty path an older qjtasks could leave between its two renames) and removes the half-written
copies a killed backup or package import left (`backups/*.db.part`), returning one Chinese line
for each thing it did. The small helpers (fsync, link-or-copy, `os_reason`) serve `restore`.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from .errors import DatabaseError

_REASONS = {
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "磁盘配额已用完", errno.EROFS: "磁盘或文件夹是只读的",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "文件已存在", errno.ENAMETOOLONG: "文件名太长", errno.EIO: "磁盘读写出错",
    errno.EXDEV: "不能跨磁盘移动文件", errno.EMLINK: "链接数过多",
}


def os_reason(exc: BaseException) -> str:
    """A Chinese reason for an OS or SQLite error, never the English text."""
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = str(exc).lower()
    if "disk is full" in text or "no space" in text:
        return "磁盘空间不足"
    if "readonly" in text or "read-only" in text:
        return "文件或文件夹是只读的"
    if "unable to open" in text:
        return "无法打开文件（路径不存在或没有权限）"
    if "locked" in text or "busy" in text:
        return "文件正被另一个程序使用"
    return "文件读写出错"


def human_size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n // 1024} KB"


def free_space(folder: Path) -> int | None:
    """Bytes free for this user (`shutil.disk_usage(folder).free`; shutil is not imported for it:
    every command asks once when it opens the database)."""
    try:
        if hasattr(os, "statvfs"):
            st = os.statvfs(folder)
            return st.f_bavail * st.f_frsize
        import shutil
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def full_message(path: Path, need: int | None = None,
                 outcome: str = "这次修改没有保存，数据库文件完好") -> str:
    """磁盘空间不足, how much is free, how much is needed, where."""
    path = Path(path)
    folder = path.parent if path.parent.exists() else Path(".")
    size = path.stat().st_size if path.is_file() else 0
    need = need if need is not None else max(size, 1048576)
    free = free_space(folder)
    left = f"只剩 {human_size(free)}" if free else "已经没有空余空间"
    return (f"磁盘空间不足：数据库所在的磁盘（{folder}）{left}，这次操作至少需要 {human_size(need)} "
            f"的空余空间。{outcome}；请删除不需要的文件腾出空间后再试")


def readonly_message(path: Path) -> str:
    return (f"数据库文件“{path}”是只读的（文件本身、所在的文件夹或磁盘只读），只能查看、不能修改。"
            "如需修改，请把它复制到可以写入的位置，或请管理员取消只读")


def storage_failure(path: Path, exc: BaseException) -> str | None:
    """A full disk, a read-only file or folder, a file that cannot be opened: Chinese, or None."""
    text = str(exc).lower()
    code = exc.errno if isinstance(exc, OSError) else None
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        return full_message(path)
    if code == errno.EROFS or "readonly" in text or "read-only" in text:
        return readonly_message(path) + "；这次修改没有保存"
    if isinstance(exc, sqlite3.Error) and "unable to open" in text:
        return (f"无法打开数据库文件“{path}”：文件或它所在的文件夹不存在，或没有读写权限；"
                "未作任何改动")
    if isinstance(exc, sqlite3.Error) and "disk i/o" in text:
        return (f"读写数据库文件“{path}”时磁盘出错（U 盘被拔出或磁盘故障），这次修改没有保存。"
                "请检查磁盘后再试")
    return None


LOW_SPACE = 256 * 1024      # below this, a disk is full for SQLite's WAL index and journal


def writable(path: Path) -> bool:
    """Can this database be written: the file and its folder (SQLite writes a journal beside
    it), on a disk that is not mounted read-only."""
    path = Path(path)
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def ro_uri(path: Path) -> str:
    """A read-only SQLite URI. In a folder that cannot be written (a read-only disk or share)
    SQLite cannot make the WAL's shared-memory file a reader needs, so the file is opened as
    immutable there: nothing can change it under us."""
    path = Path(path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not os.access(path.parent, os.W_OK):
        shm = path.with_name(path.name + "-shm")
        return uri + ("" if shm.exists() else "&immutable=1")
    wal = path.with_name(path.name + "-wal")
    free = free_space(path.parent)
    if free is not None and free < LOW_SPACE and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"        # a full disk: no room for the shared-memory file either
    return uri


def restoring_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".restoring")


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def link_or_copy(source: Path, target: Path, *, link: bool = True) -> None:
    """A second name for `source` (a hard link), or a flushed copy where links are impossible."""
    if link:
        try:
            os.link(source, target)
            return
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
                raise
    import shutil
    part = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(source, part)
        fsync_file(part)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


# ---- may this path be opened? ------------------------------------------------------------------

def check_path(path: Path, *, create: bool) -> None:
    """Refuse what must never be opened or initialised over; see the module docstring."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"“{path}”是一个文件夹，不是数据库文件；请给出数据库文件的路径"
                            f"（例如“{path / 'qjtasks.db'}”），未作任何改动")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"没有读取数据库文件“{path}”的权限，未作任何改动；"
                                "请让管理员为您开通该文件的读写权限")
        if path.stat().st_size == 0:
            raise DatabaseError(empty_message(path))
        return
    if not create and not restoring_path(path).exists():
        raise DatabaseError(missing_message(path))


def _backup_hint(path: Path) -> str:
    from . import backup
    try:
        latest = backup.latest_good(path)
    except OSError:
        latest = None
    if latest is None:
        return ""
    return (f"\n最近的完好备份：{latest.path}（{latest.made_at:%Y-%m-%d %H:%M}，{latest.items} 项事项）。"
            f"\n可用命令恢复：qjtasks --db \"{path}\" restore \"{latest.path}\"")


def empty_message(path: Path) -> str:
    hint = _backup_hint(path)
    text = (f"数据库文件“{path}”是空文件（0 字节），可能是复制或保存时出了问题。"
            "为保护数据，没有在它上面新建数据库，未作任何改动。")
    if hint:
        return text + hint
    return text + ("\n没有找到它的备份。若确实要在这里新建数据库，请先删除这个空文件，"
                   f"再运行：qjtasks --db \"{path}\" init")


def missing_message(path: Path) -> str:
    text = f"数据库文件“{path}”不存在，未作任何改动。"
    if not path.parent.exists():
        text += f"文件夹“{path.parent}”也不存在，请检查路径是否写错。"
    hint = _backup_hint(path) if path.parent.exists() else ""
    return text + hint + f"\n如要在这里新建数据库，请运行：qjtasks --db \"{path}\" init"


# ---- what a killed run left --------------------------------------------------------------------

def _sound(path: Path) -> bool:
    """A complete qjtasks database (quick check and its tables), read without changing it."""
    if any(path.with_name(path.name + s).exists() for s in ("-journal",)):
        return False                    # a copy killed mid-transaction: never half of one
    from . import backup
    try:
        backup.inspect(path, full=False)
        return True
    except (DatabaseError, OSError, sqlite3.Error):
        return False


def _newest_replaced(db_path: Path) -> Path | None:
    found = sorted(db_path.parent.glob(f"{db_path.stem}.replaced-*{db_path.suffix}"),
                   key=lambda p: p.name, reverse=True)
    return next((p for p in found if not p.name.endswith(".part") and _sound(p)), None)


def _move_with_sidecars(source: Path, target: Path) -> None:
    for side in ("-wal", "-shm"):
        extra = source.with_name(source.name + side)
        if extra.exists():
            os.replace(extra, target.with_name(target.name + side))
    os.replace(source, target)
    fsync_dir(target.parent)


def _remove(path: Path) -> bool:
    removed = False
    for p in (path, path.with_name(path.name + "-journal")):
        if p.exists():
            p.unlink()
            removed = True
    return removed


def recover(db_path: Path) -> list[str]:
    """Put right what a killed restore, backup or import left; one Chinese line per act.

    Call it with the write lock held and before the file is opened.
    """
    db_path = Path(db_path)
    notes = _recover_restore(db_path)
    parts = _leftover_parts(db_path)
    if parts:
        for p in parts:
            _remove(p)
        names = "、".join(p.name for p in parts[:3]) + (" 等" if len(parts) > 3 else "")
        notes.append(f"已删除上次被中断的备份或导入留下的未完成文件 {len(parts)} 个（{names}）；"
                     "数据库本身没有受影响")
    return notes


def _recover_restore(db_path: Path) -> list[str]:
    tmp = restoring_path(db_path)
    if not tmp.exists():
        return []
    if db_path.exists():
        _remove(tmp)
        return [f"上次从备份恢复时被中断，数据库“{db_path}”仍是恢复前的内容；"
                "已删除未完成的恢复文件。如仍要恢复，请重新运行 qjtasks restore"]
    if _sound(tmp):
        _move_with_sidecars(tmp, db_path)
        return [f"上次从备份恢复时被中断：已把恢复好的数据库放回“{db_path}”，恢复已完成"]
    kept = _newest_replaced(db_path)
    if kept is None:
        return []           # nothing sound to put back: check_path reports the missing file
    _remove(tmp)
    _move_with_sidecars(kept, db_path)
    return [f"上次从备份恢复时被中断：已把恢复前的数据库“{kept.name}”放回“{db_path}”，"
            "数据与恢复前相同。如仍要恢复，请重新运行 qjtasks restore"]


def _leftover_parts(db_path: Path) -> list[Path]:
    folder = db_path.parent / "backups"
    found = list(folder.glob(f"{db_path.stem}-*.db.part")) if folder.is_dir() else []
    found += [p for p in db_path.parent.glob(f"{db_path.stem}.replaced-*.part")]
    return sorted(found)
