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
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from qjtasks.core import reminders
from qjtasks.core.errors import QjtasksError

HOUR_MS = 60 * 60 * 1000
STARTUP_DELAY_MS = 1500   # let the window paint first


class DailyCheck(QObject):
    noticed = Signal(object)          # core.reminders.Notice with something new
    checked = Signal(object)          # every Notice, new or not (for status bars and tests)
    open_requested = Signal()
    _computed = Signal(object)        # (notice, current keys, seen keys) from the worker thread

    def __init__(self, store, parent=None, *, today: Callable[[], dt.date] = dt.date.today,
                 interval_ms: int = HOUR_MS, use_tray: bool = True, background: bool = True):
        super().__init__(parent)
        self.store = store
        self.today = today
        # With 100,000 items the work-out takes a second or two: read it on a separate
        # read-only connection off the UI thread; only the small write happens here.
        self.background = background and str(store.path) != ":memory:"
        self._running = False
        self._computed.connect(self._finish)
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
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def check_now(self):
        """One check; a database error never interrupts the user with a dialog here."""
        if self._running:
            return None
        today = self.today()
        if not self.background:
            try:
                return self._finish(self._compute(self.store, today))
            except QjtasksError:
                return None
        self._running = True
        threading.Thread(target=self._work, args=(today,), daemon=True).start()
        return None

    @staticmethod
    def _compute(store, today: dt.date):
        seen = reminders.seen_keys(store)
        notice, current = reminders.check(store, today, seen=seen)
        return notice, current, seen

    def _work(self, today: dt.date) -> None:
        from qjtasks.core.store import Store
        try:
            store = Store.open(self.store.path, readonly=True)
            try:
                result = self._compute(store, today)
            finally:
                store.close()
        except QjtasksError:
            result = None
        self._computed.emit(result)

    def _finish(self, result):
        self._running = False
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
