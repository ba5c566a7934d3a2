"""The start-up and hourly check, and the system-tray notification when something new appears.

`DailyCheck` runs `core.reminders.poll` once shortly after start-up and then every hour while the
window is open. When the check finds something not announced before it emits `noticed` and, only
where `QSystemTrayIcon.isSystemTrayAvailable()`, shows a tray balloon; clicking the balloon or
the icon emits `open_requested` so the window can open the 今日需催办 dialog. The decision what
is new lives in the core, so it is tested without a tray.

The reading runs in a child process (`core.reminder_child`, started with the same interpreter,
or the frozen program itself with `--reminder-check`), waited for by a worker thread: at 100,000
items it is a few hundred milliseconds of Python, and on a thread of this process it would hold
the GIL the UI thread needs. The child returns only what is new and what is gone. Should the
child fail to start or answer, the check falls back to reading on the worker thread with its own
read-only connection, for the rest of the session. What was shown is remembered by the worker
too, on a connection of its own (`background.aside`): a first check remembers tens of thousands.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

import qjtasks
from qjtasks.core import reminder_child, reminders
from qjtasks.core.clock import SYSTEM
from qjtasks.core.errors import DatabaseError, QjtasksError
from qjtasks.gui.background import Runner, Task, aside

HOUR_MS = 60 * 60 * 1000
STARTUP_DELAY_MS = 1500   # let the window paint first
CHILD_TIMEOUT_S = 600
CHILD_POLL_S = 0.2         # how often the waiting worker looks whether the check was stopped


def child_command(db: Path, today: dt.date, out: Path) -> list[str]:
    """The command line of the child process: the frozen desktop program dispatches on
    `reminder_child.FLAG` (build/entry_gui.py); otherwise the same interpreter runs the module."""
    args = [str(db), today.isoformat(), str(out)]
    if getattr(sys, "frozen", False):
        return [sys.executable, reminder_child.FLAG, *args]
    return [sys.executable, "-m", "qjtasks.core.reminder_child", *args]


def child_env() -> dict[str, str]:
    """This environment, with the folder holding this qjtasks first on the module path."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        root = str(Path(qjtasks.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(
            [root, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
    return env


class DailyCheck(QObject):
    noticed = Signal(object)          # core.reminders.Notice with something new
    checked = Signal(object)          # every Notice, new or not (for status bars and tests)
    open_requested = Signal()

    def __init__(self, store, parent=None, *, today: Callable[[], dt.date] = SYSTEM.today,
                 interval_ms: int = HOUR_MS, use_tray: bool = True, background: bool = True,
                 child: bool = True):
        super().__init__(parent)
        self.store = store
        self.today = today
        # With 100,000 items the work-out takes half a second: read it away from the UI (a
        # child process, else a worker thread with its own read-only connection).
        self.background = background and str(store.path) != ":memory:"
        self.child = child and self.background
        self._process: subprocess.Popen | None = None
        self._runner = Runner("qjtasks-reminders")
        self._runner.forget_when_destroyed(self)
        self.tray: QSystemTrayIcon | None = None
        if use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = self._make_tray()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check_now)

    def _make_tray(self) -> QSystemTrayIcon:
        app = QApplication.instance()
        icon = app.windowIcon() if app and not app.windowIcon().isNull() else QIcon(
            app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation))
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip("qjtasks 督办提醒")
        tray.messageClicked.connect(self.open_requested)
        tray.activated.connect(lambda _reason: self.open_requested.emit())
        tray.show()
        return tray

    def start(self, startup_delay_ms: int = STARTUP_DELAY_MS) -> None:
        QTimer.singleShot(startup_delay_ms, self.check_now)
        self.timer.start()

    def stop(self) -> None:
        """No more checks; one still reading is dropped (its store may be closing) and its
        child process ended."""
        self.timer.stop()
        self._runner.cancel()
        process = self._process
        if process is not None and process.poll() is None:
            try:
                process.kill()
            except OSError:
                pass
        if self.tray is not None:
            self.tray.hide()

    def check_now(self):
        """One check; a database error never interrupts the user with a dialog here."""
        if self._runner.busy:
            return None
        today = self.today()
        if not self.background:
            try:
                result = self._compute(self.store, today)
            except QjtasksError:
                return None
            self._remember(self.store, result)
            return self._finish(result[0])
        self._runner.start(lambda task: self._read_aside(task, today), self._finish,
                           self._failed)
        return None

    @staticmethod
    def _compute(store, today: dt.date):
        """(notice, keys no longer current), read on this store's connection."""
        return reminders.changes(store, today)

    def _read_aside(self, task: Task, today: dt.date):
        """On the worker: the check in a child process (else here, on a read-only connection
        of its own), then what it shows remembered on a connection of its own."""
        result = self._in_child(task, today) if self.child else None
        if result is None and not task.stopped():
            self.child = False          # the child did not answer: read here from now on
            from qjtasks.core.store import Store
            store = Store.open(self.store.path, readonly=True)
            try:
                result = self._compute(store, today)
            finally:
                store.close()
        if result is None or task.stopped():
            return None                 # stopped: nothing announced, so nothing remembered
        with aside(self.store, write=True) as store:
            self._remember(store, result)
        return result[0]

    @staticmethod
    def _remember(store, result) -> None:
        """Write what was new and what is gone; failing that, it is announced again later."""
        notice, gone = result
        try:
            reminders.remember(store, [key for key, _ in notice.new], gone)
        except (QjtasksError, sqlite3.Error):
            pass

    def _in_child(self, task: Task, today: dt.date):
        """(notice, keys gone) from a child process; None when it could not run or answer,
        or the check was stopped. A database it cannot read raises DatabaseError, as reading
        here would."""
        with tempfile.TemporaryDirectory(prefix="qjtasks-reminders-") as folder:
            out = Path(folder) / "check.json"
            try:
                process = self._process = subprocess.Popen(
                    child_command(Path(self.store.path).resolve(), today, out),
                    env=child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            except OSError:
                return None
            try:
                error = _wait(process, task)
                if process.returncode == reminder_child.UNREADABLE:
                    raise DatabaseError(error or "数据库无法读取")
                if process.returncode != 0:
                    return None
                return reminder_child.read(out)
            except (OSError, ValueError, TypeError):
                return None
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                self._process = None

    def _failed(self, exc: BaseException) -> None:
        """A database error waits for the next hour; a bug is logged (never a dialog here)."""
        if not isinstance(exc, QjtasksError):
            traceback.print_exception(exc, file=sys.stderr)

    def _finish(self, notice):
        if notice is None:
            return None
        self.checked.emit(notice)
        if notice.should_notify():
            self.noticed.emit(notice)
            if self.tray is not None:
                self.tray.showMessage(notice.title, notice.message,
                                      QSystemTrayIcon.MessageIcon.Information, 15000)
        return notice


def _wait(process: subprocess.Popen, task: Task) -> str:
    """Wait for the child, ending it when the check is stopped or takes too long; its stderr.
    A stopped or timed-out child leaves a non-zero return code."""
    end = time.monotonic() + CHILD_TIMEOUT_S
    while True:
        try:
            _, err = process.communicate(timeout=CHILD_POLL_S)
            return (err or b"").decode("utf-8", "replace").strip()
        except subprocess.TimeoutExpired:
            if task.stopped() or time.monotonic() > end:
                process.kill()
                process.communicate()
                return ""
