"""FormDialog: labelled fields, each with its own Chinese error line, and one submit.

A dialog's `submit()` calls one service through `ops.attempt`; a `QjtasksError` keeps the
dialog open and shows the message under the field named by `err.field` (or at the top when it
names no field). The core validates before it writes and writes in one transaction, so a
refused input saves nothing.
"""
from __future__ import annotations

import datetime as dt

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core import validate
from qjtasks.core.errors import QjtasksError
from qjtasks.gui.style import ERROR_STYLE
from qjtasks.gui.views.date_field import DEADLINE_PLACEHOLDER, PLACEHOLDER, DateField

WARNING_STYLE = "color: #8a4b00; background: #fff4e0; padding: 4px;"


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.92) -> None:
    """Size `widget` to `width` × `height`, but never beyond `share` of the screen it is on
    (a 1366×768 laptop, a 1024×700 window): dialogs open whole, then may be resized."""
    screen = widget.screen() or QtGui.QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width, height = min(width, int(room.width() * share)), min(height, int(room.height() * share))
    widget.resize(width, height)


def hrow(*widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
    """The widgets side by side, then (with `stretch`) the space left."""
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    if stretch:
        row.addStretch(1)
    return row


def plain_label(text: str = "") -> QLabel:
    """A label that shows `text` as written. Qt reads a first line holding a tag such as `<b>`
    as markup, but titles, file names and the input an error quotes are the user's words."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def as_plain(text: str) -> str:
    """`text` for places that guess the format (message boxes, tooltips): escaped when Qt would
    otherwise read it as markup, unchanged when not."""
    return QtGui.Qt.convertFromPlainText(text) if QtGui.Qt.mightBeRichText(text) else text


def record_table(headers: list[str]) -> QTableWidget:
    """A read-only table of records where one whole row is picked at a time."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def text_edit(height_lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().height() * height_lines + 12)
    return edit


def date_edit(value: dt.date | str | None = None, deadline: bool = False) -> DateField:
    """A date typed as people write it, or picked from a calendar (bound to the session's
    clock and working-day calendar when added to a form). `deadline`: also “20个工作日”."""
    return DateField(value, placeholder=DEADLINE_PLACEHOLDER if deadline else PLACEHOLDER)


def combo(items: list[tuple[str, object]], current=None) -> QComboBox:
    box = QComboBox()
    for label, data in items:
        box.addItem(label, data)
    if current is not None and box.findData(current) >= 0:
        box.setCurrentIndex(box.findData(current))
    return box


def check_list(items: list[tuple[str, object]], checked=()) -> QListWidget:
    box = QListWidget()
    for label, data in items:
        entry = QListWidgetItem(label)
        entry.setData(Qt.ItemDataRole.UserRole, data)
        entry.setCheckState(Qt.CheckState.Checked if data in checked else Qt.CheckState.Unchecked)
        box.addItem(entry)
    box.setMaximumHeight(box.fontMetrics().height() * 7)
    return box


class FormDialog(QDialog):
    """Subclasses add fields in `build()` and perform the one service call in `submit()`."""

    title = "操作"
    ok_text = "确定"

    def __init__(self, session, parent=None, **context):
        super().__init__(parent)
        self.session = session
        self.context = context
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.changes = None
        self.setWindowTitle(self.title)
        self.general_error = self._error_label()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.build()
        self._chain_tabs()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)

    def _chain_tabs(self) -> None:
        """Tab goes down the fields as they read, then to the buttons (确定 before 取消)."""
        chain: list[QWidget] = []
        for widget in self.fields.values():
            if widget.focusProxy() is not None or widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(widget)
            else:   # a composite field (attachments): its own controls, in their order
                chain += [c for c in widget.findChildren(QWidget)
                          if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
        chain += [self.buttons.button(b) for b in (QDialogButtonBox.StandardButton.Ok,
                                                   QDialogButtonBox.StandardButton.Cancel)]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _error_label() -> QLabel:
        label = plain_label()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def build(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def submit(self):  # pragma: no cover - overridden
        raise NotImplementedError

    # ---- fields ---------------------------------------------------------------------------
    def add(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget)
        if hint:
            note = plain_label(hint)
            note.setStyleSheet("color: #555;")
            note.setWordWrap(True)
            col.addWidget(note)
        error = self._error_label()
        error.setObjectName(f"error_{name}")
        col.addWidget(error)
        widget.setObjectName(name)
        if isinstance(widget, DateField):
            base = self._base_date if name == "deadline" and "assigned_on" in self.fields else None
            widget.bind(lambda: self.session.today, self.session.store.calendar, base)
            if base is not None:
                self.fields["assigned_on"].date_changed.connect(lambda _d: widget.refresh())
        self.fields[name] = widget
        self.errors[name] = error
        self.form.addRow(label, box)
        return widget

    def _base_date(self) -> dt.date | None:
        """Working days in 办结时限 count from the form's 交办日期 (else today)."""
        return self.fields["assigned_on"].date()

    def value(self, name: str):
        w = self.fields[name]
        if isinstance(w, DateField):
            return w.value()
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        if isinstance(w, QComboBox):
            return w.currentText().strip() if w.isEditable() else w.currentData()
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QListWidget):
            return [w.item(n).data(Qt.ItemDataRole.UserRole) for n in range(w.count())
                    if w.item(n).checkState() == Qt.CheckState.Checked]
        raise TypeError(name)

    def date(self, name: str, what: str, required: bool = False) -> dt.date | None:
        return validate.date(self.value(name), what, required=required, field=name)

    # ---- submit ---------------------------------------------------------------------------
    def confirm(self) -> bool:
        """A last question before the service call (a warning the user may overrule); False
        keeps the form open with nothing saved."""
        return True

    def warn(self, text: str) -> QLabel:
        """A warning line at the top of the form, shown as the form opens (not only at 保存)."""
        label = plain_label(text)
        label.setObjectName("formWarning")
        label.setWordWrap(True)
        label.setStyleSheet(WARNING_STYLE)
        self.layout().insertWidget(0, label)
        return label

    def accept(self) -> None:
        self.clear_errors()
        if not self.confirm():
            return
        try:
            self.changes = self.session.ops.attempt(self.submit)
        except QjtasksError as err:
            self.show_error(err)
            return
        super().accept()

    def clear_errors(self) -> None:
        for label in [self.general_error, *self.errors.values()]:
            label.clear()
            label.hide()

    def show_error(self, err: QjtasksError) -> None:
        label = self.errors.get(err.field or "", self.general_error)
        label.setText(str(err))
        label.show()
        widget = self.fields.get(err.field or "")
        if widget is not None:
            widget.setFocus()

    def visible_error(self) -> str:
        """The error text shown (for tests and screen readers)."""
        for label in [self.general_error, *self.errors.values()]:
            if not label.isHidden() and label.text():
                return label.text()
        return ""
