"""Date fields (issue 22 part 2): typed as people write them, calendars that open at the
field's date or today, deadlines in working days shown before saving, and 每周 cycles."""
import datetime as dt

from gui_helpers import TODAY, find_item
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCalendarWidget, QTableView

from qjtasks.core.models import CycleKind, ItemEdit
from qjtasks.gui.dialogs.item_dialogs import EditItemDialog, NewItemDialog


def type_text(qtbot, widget, text: str) -> None:
    """Type `text` as a user would: ASCII by key presses, Chinese through the input method
    (QTest cannot press keys for Chinese characters)."""
    widget.setFocus()
    for chunk in _chunks(text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _chunks(text: str):
    out, cur = [], ""
    for ch in text:
        if cur and ch.isascii() != cur[-1].isascii():
            out.append(cur)
            cur = ""
        cur += ch
    return out + ([cur] if cur else [])


def new_dialog(session, window, qtbot):
    dialog = NewItemDialog(session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_typed_dates_in_every_written_form(window, session, qtbot):
    dialog = new_dialog(session, window, qtbot)
    field = dialog.fields["deadline"]
    for typed, expected in (("2026-12-31", "2026-12-31"), ("2026/12/31", "2026-12-31"),
                            ("2027年2月25日", "2027-02-25"), ("12月31日", "2026-12-31")):
        field.edit.clear()
        type_text(qtbot, field.edit, typed)
        assert dialog.value("deadline") == expected, typed
    assert field.note.isVisible() and field.note.text() == "＝ 2026年12月31日（星期四）"
    field.edit.clear()
    type_text(qtbot, field.edit, "2026年2月30日")
    assert "不存在" in field.note.text() and field.date() is None


def test_deadline_in_working_days_is_shown_then_saved(window, session, qtbot):
    dialog = new_dialog(session, window, qtbot)
    type_text(qtbot, dialog.fields["title"], "测试工作日时限")
    deadline = dialog.fields["deadline"]
    type_text(qtbot, deadline.edit, "20个工作日")
    assert deadline.note.text() == "＝ 2026年12月23日（星期三），自 2026-11-25 起第 20 个工作日"
    assigned = dialog.fields["assigned_on"]
    assigned.edit.clear()
    type_text(qtbot, assigned.edit, "2026-12-01")        # counts from the form's 交办日期
    assert deadline.date() == session.store.calendar.add_workdays(dt.date(2026, 12, 1), 20)
    assert "自 2026-12-01 起" in deadline.note.text()
    deadline.edit.clear()
    type_text(qtbot, deadline.edit, "10个工作日后")
    expected = session.store.calendar.add_workdays(dt.date(2026, 12, 1), 10)
    qtbot.keyClick(dialog.fields["title"], Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    item = session.store.item(dialog.changes.item_id)
    assert item.current_deadline == expected == dt.date(2026, 12, 15)


def test_calendar_opens_at_today_or_at_the_value(window, session, qtbot):
    dialog = new_dialog(session, window, qtbot)
    field = dialog.fields["deadline"]
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    calendar = field.popup.findChild(QCalendarWidget)
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate().toPython() == TODAY
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 11)
    grid = calendar.findChild(QTableView)               # the day grid has the focus
    qtbot.keyClick(grid, Qt.Key.Key_Right)              # the day after, picked by keyboard
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert field.text() == "2026-11-26" and not field.popup.isVisible()
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(deadline="2027-02-25"))
    edit = EditItemDialog(session, window, item_id=item_id)
    qtbot.addWidget(edit)
    edit.show()
    edit.fields["deadline"].edit.setFocus()
    qtbot.keyClick(edit.fields["deadline"].edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = edit.fields["deadline"].popup.findChild(QCalendarWidget)
    assert calendar.selectedDate().toPython() == dt.date(2027, 2, 25)
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 2)
    edit.fields["deadline"].popup.close()


def test_filter_dates_are_typed_and_open_today(window, qtbot):
    bar = window.filter_bar
    assert bar.due_before.text() == "" and bar.due_before.edit.placeholderText() == "不限"
    qtbot.mouseClick(bar.due_before.button, Qt.MouseButton.LeftButton)
    calendar = bar.due_before.popup.findChild(QCalendarWidget)
    assert calendar.selectedDate().toPython() == TODAY          # not 2000年1月
    bar.due_before.popup.close()
    type_text(qtbot, bar.due_before.edit, "2026年12月31日")
    bar.flush()
    assert window.table.model_.filter.due_before == dt.date(2026, 12, 31)


def test_weekly_cycle_is_offered_and_saved(window, session, qtbot):
    dialog = new_dialog(session, window, qtbot)
    type_text(qtbot, dialog.fields["title"], "每周调度")
    type_text(qtbot, dialog.fields["deadline"].edit, "2027-01-29")
    kind, day = dialog.fields["cycle_kind"], dialog.fields["cycle_day"]
    assert "每周" in [kind.itemText(n) for n in range(kind.count())]
    kind.setFocus()
    kind.setCurrentIndex(kind.findData("每周"))
    assert day.text() == "周五" and day.value() == 5
    day.setFocus()
    qtbot.keyClick(day, Qt.Key.Key_Down)                        # 周四
    assert day.text() == "周四"
    dialog.accept()
    item = session.store.item(dialog.changes.item_id)
    assert (item.cycle.kind, item.cycle.day) == (CycleKind.WEEKLY, 4)
    assert item.next_feedback_due == dt.date(2026, 11, 26)      # the Thursday after TODAY
    window.reveal_item(item.id)
    assert "每周周四前反馈" in window.detail.toPlainText()
