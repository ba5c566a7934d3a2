"""Where things live: the per-user data folder, the default database, shipped resources.

`--db PATH` wins, then the `QJTASKS_DB` environment variable, then `qjtasks.db` in the per-user
data folder (platformdirs; `QJTASKS_DATA_DIR` overrides the folder, which tests use). The
technical detail of an error goes to `qjtasks.log` in the per-user log folder (`QJTASKS_LOG_DIR`).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "qjtasks"


def data_dir() -> Path:
    override = os.environ.get("QJTASKS_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs  # here, not at the top: `--db PATH` commands never need it
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    """The per-user log folder (platformdirs); `QJTASKS_LOG_DIR` overrides it (tests)."""
    override = os.environ.get("QJTASKS_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def log_file() -> Path:
    return log_dir() / "qjtasks.log"


def default_db() -> Path:
    return data_dir() / "qjtasks.db"


def resolve_db(arg: str | os.PathLike | None = None) -> Path:
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("QJTASKS_DB")
    return Path(env).expanduser() if env else default_db()


def may_create_default(db_arg: str | None, db_path: Path) -> bool:
    """A database may be made without `init` only on the very first start on the default
    location: no --db, no QJTASKS_DB, and nothing of an earlier database beside it."""
    if db_arg or os.environ.get("QJTASKS_DB") or Path(db_path) != default_db():
        return False
    db_path = Path(db_path)      # backups/<stem>-….db, <stem>.replaced-….db: an earlier one
    folder, stem = db_path.parent, db_path.stem
    return not any(folder.glob(f"backups/{stem}-*.db")) and not any(
        folder.glob(f"{stem}.replaced-*"))


def resources_dir() -> Path:
    """The shipped `resources/` folder, also inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def private_files() -> None:
    """Everything the program creates from now on is the user's alone: files 0600 and folders
    0700 (databases, their -wal/-shm, backups, key files, logs, exports). Called once by the
    programs' entry points, never by the library (it sets the process's umask)."""
    if os.name == "posix":
        os.umask(0o077)
