"""What every command gets: the store and services (opened lazily), today, and output helpers.

The database is created and seeded with the reply-024 case by `init`, or on the very first use of
the default location, so a fresh machine's `qjtasks list` shows the letter's items; any other
missing path is refused (`core.dbfile.check_path`), so a mistyped --db creates nothing. Unexpected errors are logged to `error.log` in the data
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
                                       full=bool(getattr(self.args, "full_check", False)),
                                       create=self.may_create())
            for notice in self._store.notices:
                sys.stderr.write(f"提示：{notice}\n")
            if self._store.readonly:
                sys.stderr.write(f"提示：{self._store.readonly_reason}\n")
            elif seed and self._store.created:  # only a file this call made can need seeding
                from qjtasks.core.seed import ensure_default
                ensure_default(self.services)
        return self._store

    def may_create(self) -> bool:
        """Only `init` (and `package enrol accept`, which sets up a unit's installation), and the
        very first start on the default location, make a database;
        a mistyped --db or QJTASKS_DB path is refused instead (nothing is created)."""
        if getattr(self.args, "creates", False):     # init, package enrol accept
            return True
        return paths.may_create_default(getattr(self.args, "db", None), self.db_path)

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

    def interrupted_message(self, exc: KeyboardInterrupt) -> str:
        """Ctrl-C: what was saved and what was not. Every change is one transaction, so the one
        running is rolled back whole; an output file is written through `.part` and removed."""
        text = "已中断。"
        if self._store is None:
            return text + "尚未打开数据库，未作任何改动"
        text += "此前已完成的修改都已保存；正在进行的这一步没有保存（数据库中不会留下半条记录）"
        target = getattr(exc, "not_written", None)
        if target is not None:
            text += f"；文件“{target}”没有写出（原有的同名文件未改动）"
        return text

    def fail(self, exc: BaseException) -> int:
        """One Chinese line on stderr and the exit code; technical detail to the log file."""
        from qjtasks import errlog
        if isinstance(exc, QjtasksError):
            tail = f"\n{errlog.where_logged(errlog.record(exc, detail=exc.detail))}" \
                if exc.detail else ""
            sys.stderr.write(f"错误：{exc}{tail}\n")
            return 1
        if isinstance(exc, KeyboardInterrupt):
            sys.stderr.write(self.interrupted_message(exc) + "\n")
            return 130
        if isinstance(exc, BrokenPipeError):
            return 0
        sys.stderr.write(f"错误：{self.failure_text(exc)}"
                         f"{errlog.where_logged(errlog.record(exc, where=str(self.db_path)))}\n")
        return 1

    def failure_text(self, exc: BaseException) -> str:
        """An error no command turned into a message: a full disk, a read-only file, damage."""
        from qjtasks.core.dbfile import os_reason, storage_failure
        from qjtasks.core.integrity import READ_DAMAGE, read_failure_message
        known = storage_failure(self.db_path, exc)
        if known:
            return known
        if isinstance(exc, OSError):
            name = f"“{exc.filename}”" if getattr(exc, "filename", None) else ""
            return f"文件{name}读写失败：{os_reason(exc)}。已保存的数据不受影响"
        if isinstance(exc, READ_DAMAGE):
            return read_failure_message(self.db_path, exc)
        return "程序内部错误，已保存的数据不受影响；如果反复出现，请把日志文件交给技术人员"
