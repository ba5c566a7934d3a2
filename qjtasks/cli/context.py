"""What every command gets: the store and services (opened lazily), today, and output helpers.

The database is created and seeded with the reply-024 case on first use, so a fresh machine's
`qjtasks list` shows the letter's items. Unexpected errors are logged to `error.log` in the data
folder and reported in one Chinese line, never as a traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import sys

from qjtasks import paths
from qjtasks.core.errors import QjtasksError


class Context:
    def __init__(self, args):
        self.args = args
        self._store = None
        self._services = None
        self.db_path = paths.resolve_db(getattr(args, "db", None))

    @property
    def clock(self):
        """The session's clock: pinned to `--today`, else the wall clock (`core.clock`)."""
        from qjtasks.core.calendar import parse_date
        from qjtasks.core.clock import Clock
        raw = getattr(self.args, "today", None)
        return Clock.pinned(parse_date(raw, what="--today 日期") if raw else None)

    @property
    def today(self) -> dt.date:
        return self.clock.today()

    def open(self, *, seed: bool = True):
        """Lock, check (quick, or full with --full-check), back up daily, migrate, seed."""
        if self._store is None:
            from qjtasks.core.integrity import open_for_use
            self._store = open_for_use(self.db_path, today=self.today,
                                       full=bool(getattr(self.args, "full_check", False)))
            for notice in self._store.notices:
                sys.stderr.write(f"提示：{notice}\n")
            if self._store.readonly:
                sys.stderr.write(f"提示：{self._store.readonly_reason}\n")
            elif seed and self._store.created:  # only a file this call made can need seeding
                from qjtasks.core.seed import ensure_default
                ensure_default(self.services)
        return self._store

    @property
    def store(self):
        return self.open()

    @property
    def services(self):
        """Made on first use: read-only commands such as `list` never import the services."""
        self.open()
        if self._services is None:
            from qjtasks.core.services import Services
            self._services = Services(self._store, actor=getattr(self.args, "actor", None),
                                      clock=self.clock)
        return self._services

    def warn_unknown_years(self) -> None:
        """A date this command computed (ladder, reply-by, working days) fell in a year whose
        official holidays are unknown: say so on stderr, once per run of years."""
        store = self._store
        cal = getattr(store, "_calendar", None) if store is not None else None
        if cal is None or getattr(self.args, "command", "") == "calendar":
            return
        for line in cal.used_unknown_years():
            sys.stderr.write(f"提示：{line}\n")

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    @staticmethod
    def out(text: str = "") -> None:
        sys.stdout.write(text + "\n")

    @staticmethod
    def json(obj) -> None:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")

    def fail(self, exc: BaseException) -> int:
        if isinstance(exc, QjtasksError):
            sys.stderr.write(f"错误：{exc}\n")
            return 1
        if isinstance(exc, KeyboardInterrupt):
            sys.stderr.write("已中断\n")
            return 130
        if isinstance(exc, BrokenPipeError):
            return 0
        from qjtasks.core.integrity import READ_DAMAGE, read_failure_message
        if isinstance(exc, READ_DAMAGE):
            sys.stderr.write(f"错误：{read_failure_message(self.db_path, exc)}\n")
            return 1
        import traceback

        from qjtasks.core.clock import wall_now
        log = paths.data_dir() / "error.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write(f"--- {wall_now().isoformat()}\n{traceback.format_exc()}\n")
        except OSError:
            pass
        sys.stderr.write(f"错误：程序内部错误（{type(exc).__name__}），详细信息已记录在 {log}\n")
        return 1
