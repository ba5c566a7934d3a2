"""The log file: technical detail of an error (exception names, SQLite's words, tracebacks).

Users read only Chinese messages; what a technician needs goes to `qjtasks.log` in the
per-user log folder (`paths.log_file`), and the message names that file. Writing the log never
raises: a log that cannot be written (full disk, read-only home) returns None.
"""
from __future__ import annotations

import traceback
from pathlib import Path

from qjtasks import paths


def record(exc: BaseException, *, detail: str = "", where: str = "") -> Path | None:
    """Append `exc` (its traceback, or `detail`) to the log; the file's path, or None."""
    from qjtasks.core.clock import wall_now
    log = paths.log_file()
    body = detail or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {wall_now().isoformat(timespec='seconds')} {where}\n{body.rstrip()}\n")
    except OSError:
        return None
    return log


def where_logged(log: Path | None) -> str:
    """The sentence that names the log file (or says it could not be written)."""
    if log is None:
        return "（技术细节未能写入日志文件）"
    return f"（技术细节已记录在 {log}）"
