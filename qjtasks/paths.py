"""Where things live: the per-user data folder, the default database, shipped resources.

`--db PATH` wins, then the `QJTASKS_DB` environment variable, then `qjtasks.db` in the per-user
data folder (platformdirs; `QJTASKS_DATA_DIR` overrides the folder, which tests use).
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


def default_db() -> Path:
    return data_dir() / "qjtasks.db"


def resolve_db(arg: str | os.PathLike | None = None) -> Path:
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("QJTASKS_DB")
    return Path(env).expanduser() if env else default_db()


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
