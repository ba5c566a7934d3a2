"""Application-wide widget habits, applied once to every widget as Qt first polishes it.

- Tab always leaves a widget: tables and lists do not walk their cells with Tab (arrow keys
  do), and text areas (the detail pane, the letter in 复函对照, a pasted reply) pass Tab on, so
  a keyboard user can go round every form and the main window and come back where they began.
- File dialogs are written the Chinese way (`file_dialogs.dress`).

One event filter on the application, so no dialog can forget it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QPlainTextEdit, QTextEdit

from qjtasks.gui import file_dialogs


def tab_leaves(widget) -> None:
    """Let Tab move focus out of `widget` (tables, lists, read-only texts)."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setTabChangesFocus(True)     # nobody types a tab character into a 督办 form


class Polisher(QObject):
    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish:
            tab_leaves(obj)
        elif kind == QEvent.Type.Show and isinstance(obj, QFileDialog):
            file_dialogs.dress(obj)
        return False


def install(app) -> Polisher:
    polisher = getattr(app, "_qj_polisher", None)
    if polisher is None:
        polisher = Polisher(app)
        app.installEventFilter(polisher)
        app._qj_polisher = polisher
    return polisher
