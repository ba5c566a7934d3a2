"""The start-up and hourly check, and the system-tray notification when something new appears.

`DailyCheck` runs `core.reminders.poll` once shortly after start-up and then every hour while the
window is open. When the check finds something not announced before it emits `noticed` and, only
where `QSystemTrayIcon.isSystemTrayAvailable()`, shows a tray balloon; clicking the balloon or
the icon emits `open_requested` so the window can open the 今日需催办 dialog. The decision what
is new lives in the core, so it is tested without a tray. The reading runs on a worker thread
with its own read-only connection; remembering what was shown is written on the UI thread.
"""
from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from qjtasks.core import reminders
from qjtasks.core.errors import QjtasksError
from qjtasks.gui.background import Runner

HOUR_MS = 60 * 60 * 1000
STARTUP_DELAY_MS = 1500   # let the window paint first


class DailyCheck(QObject):
    noticed = Signal(object)          # core.reminders.Notice with something new
    checked = Signal(object)          # every Notice, new or not (for status bars and tests)
    open_requested = Signal()

    def __init__(self, store, parent=None, *, today: Callable[[], dt.date] = dt.date.today,
                 interval_ms: int = HOUR_MS, use_tray: bool = True, background: bool = True):
        super().__init__(parent)
        self.store = store
        self.today = today
        # With 100,000 items the work-out takes a second or two: read it on a separate
        # read-only connection off the UI thread; only the small write happens here.
        self.background = background and str(store.path) != ":memory:"
        self._runner = Runner("qjtasks-reminders")
        self.destroyed.connect(self._runner.forget)
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
        """No more checks; one still reading is dropped (its store may be closing)."""
        self.timer.stop()
        self._runner.cancel()
        if self.tray is not None:
            self.tray.hide()

    def check_now(self):
        """One check; a database error never interrupts the user with a dialog here."""
        if self._runner.busy:
            return None
        today = self.today()
        if not self.background:
            try:
                return self._finish(self._compute(self.store, today))
            except QjtasksError:
                return None
        self._runner.start(lambda _task: self._read_aside(today), self._finish, self._failed)
        return None

    @staticmethod
    def _compute(store, today: dt.date):
        seen = reminders.seen_keys(store)
        notice, current = reminders.check(store, today, seen=seen)
        return notice, current, seen

    def _read_aside(self, today: dt.date):
        """On the worker: the work-out on a read-only connection of its own."""
        from qjtasks.core.store import Store
        store = Store.open(self.store.path, readonly=True)
        try:
            return self._compute(store, today)
        finally:
            store.close()

    def _failed(self, exc: BaseException) -> None:
        """A database error waits for the next hour; a bug is logged (never a dialog here)."""
        if not isinstance(exc, QjtasksError):
            traceback.print_exception(exc, file=sys.stderr)

    def _finish(self, result):
        if result is None:
            return None
        notice, current, seen = result
        try:
            reminders.mark_seen(self.store, current, seen=seen)
        except QjtasksError:
            pass
        self.checked.emit(notice)
        if notice.should_notify():
            self.noticed.emit(notice)
            if self.tray is not None:
                self.tray.showMessage(notice.title, notice.message,
                                      QSystemTrayIcon.MessageIcon.Information, 15000)
        return notice
