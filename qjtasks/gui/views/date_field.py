"""DateField: a date typed the way people write it, or picked from a calendar that opens at the
field's date (or today).

Typed forms: 2026-12-31, 2026/12/31, 2026年12月31日, 12月31日 (this year), and for deadlines
“20个工作日” / “10个工作日后”, counted on the working-day calendar from a base date (the form's
交办日期, else today). The line under the field shows the date the text gives before anything
is saved, or what is wrong with it. Alt+↓ or F4 opens the calendar; Tab leaves the field (the
calendar button takes no focus, so Tab never sticks inside a date).
"""
from __future__ import annotations

import datetime as dt

from PySide6 import QtGui
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from qjtasks.core.clock import SYSTEM
from qjtasks.core.datetext import read_date
from qjtasks.core.errors import QjtasksError
from qjtasks.gui.style import ERROR_COLOUR

PLACEHOLDER = "如 2026-12-31、2026年12月31日、12月31日"
DEADLINE_PLACEHOLDER = "如 2026-12-31、12月31日 或 20个工作日"


class DateField(QWidget):
    """`text()` is what was typed; `date()` the date it gives (None if empty or unreadable).

    Emits `date_changed(date | None)` when the date it gives changes (typing or the calendar).
    """

    date_changed = Signal(object)

    def __init__(self, value: dt.date | str | None = None, *, preview: bool = True,
                 placeholder: str = PLACEHOLDER, parent=None):
        super().__init__(parent)
        self._today = SYSTEM.today   # replaced by bind() with the session's clock
        self._calendar = None
        self._base = None            # callable giving the date working days count from
        self._last: dt.date | None = None
        self.edit = QLineEdit("" if value is None else str(value))
        self.edit.setPlaceholderText(placeholder)
        self.edit.installEventFilter(self)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("选择日期（Alt+↓）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)    # it may quote what was typed
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self._preview = preview
        self.setFocusProxy(self.edit)
        self._layout()
        self.edit.textChanged.connect(self._typed)

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addLayout(row)
        column.addWidget(self.note)

    # ---- context ----------------------------------------------------------------------------
    def bind(self, today, calendar=None, base=None) -> None:
        """`today`: a callable (the session's clock); `calendar`: the WorkCalendar for working-
        day counts; `base`: a callable giving the date they count from (default today)."""
        self._today, self._calendar, self._base = today, calendar, base
        self._typed()

    def refresh(self) -> None:
        """Recompute (the base date changed)."""
        self._typed()

    # ---- reading --------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def setReadOnly(self, readonly: bool) -> None:
        self.edit.setReadOnly(readonly)
        self.button.setEnabled(not readonly)

    def isReadOnly(self) -> bool:
        return self.edit.isReadOnly()

    def read(self):
        """The ReadDate the text gives; raises the Chinese error when it gives none."""
        base = self._base() if self._base is not None else None
        return read_date(self.text(), today=self._today(), calendar=self._calendar, base=base)

    def date(self) -> dt.date | None:
        try:
            got = self.read()
        except QjtasksError:
            return None
        return got.day if got else None

    def value(self) -> str:
        """ISO date when readable (what a form saves); the typed text otherwise, so the core's
        validation names what is wrong with it."""
        day = self.date()
        return day.isoformat() if day else self.text()

    def _typed(self, *_):
        try:
            got = self.read()
        except QjtasksError as err:
            self._show(str(err), error=True)
            got = None
        else:
            relative = got is not None and not _looks_full(self.text())
            self._show(f"＝ {got.describe()}" if relative else "", error=False)
        day = got.day if got else None
        if day != self._last:
            self._last = day
            self.date_changed.emit(day)

    def _show(self, text: str, error: bool) -> None:
        self.edit.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.edit.setToolTip(QtGui.Qt.convertFromPlainText(text) if QtGui.Qt.mightBeRichText(text)
                             else text)
        if self._preview:
            self.note.setText(text)
            self.note.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "color: #1a5fb4;")
            self.note.setVisible(bool(text))

    # ---- calendar -------------------------------------------------------------------------
    def open_calendar(self) -> QMenu | None:
        """The calendar opens at the field's date, or today; picking a day fills the field."""
        if self.edit.isReadOnly():
            return None
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName("dateFieldCalendar")
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        start = self.date() or self._today()
        calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        calendar.setCurrentPage(start.year, start.month)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(qdate: QDate) -> None:
            self.edit.setText(qdate.toString("yyyy-MM-dd"))
            menu.close()
            self.edit.setFocus()
        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        self.popup = menu  # for tests
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()
        return menu

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == event.Type.KeyPress:
            alt_down = (event.key() == Qt.Key.Key_Down
                        and event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(obj, event)


def _looks_full(text: str) -> bool:
    """A full date with its year needs no line saying which date it is."""
    return text[:4].isdigit() and len(text) >= 8
