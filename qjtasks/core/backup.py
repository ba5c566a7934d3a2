"""Copies of the database made with SQLite's online backup (safe while the file is in use)."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from .errors import DatabaseError


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    target = Path(target)
    if target.exists():
        raise DatabaseError(f"备份文件“{target}”已存在，请换一个文件名")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        dest = sqlite3.connect(tmp)
        with dest:
            conn.backup(dest)
        dest.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"备份失败：{exc}") from None
    return target


def default_backup_name(db_path: Path, now: dt.datetime | None = None) -> Path:
    now = now or dt.datetime.now()
    folder = db_path.parent / "backups"
    return folder / f"{db_path.stem}-{now:%Y%m%d-%H%M%S}.db"
