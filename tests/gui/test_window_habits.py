"""Habits of Excel-ledger and OA users (issue 22 part 5), driven through the real widgets."""
from gui_helpers import TODAY, find_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from qjtasks.core.models import ItemEdit, ProposalDraft, ReplyDraft
from qjtasks.gui.dialogs import item_dialogs, workflow_dialogs
from qjtasks.gui.views.item_table import EMPTY_FILTERED


def _row_centre(window, item_id):
    table = window.table
    assert table.select_item(item_id)
    return table.visualRect(table.currentIndex()).center()


def test_double_click_on_a_row_opens_the_edit_form(window, session, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(item_dialogs.EditItemDialog, "exec",
                        lambda self: opened.append(self.context["item_id"]) or 0)
    item_id = find_item(session, "科研项目")
    point = _row_centre(window, item_id)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [item_id]
    assert window.detail.item_id == item_id


def test_double_click_read_only_opens_the_pane_instead(session, qtbot, monkeypatch):
    from qjtasks.gui.main_window import MainWindow
    session.store.readonly = True
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    opened = []
    monkeypatch.setattr(item_dialogs.EditItemDialog, "exec", lambda self: opened.append(1) or 0)
    item_id = find_item(session, "科研项目")
    point = _row_centre(win, item_id)
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [] and win.detail.item_id == item_id
    assert win.focusWidget() is win.detail


def test_issue_uses_the_date_set_in_the_edit_form(window, session, qtbot):
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    dialog = workflow_dialogs.IssueDialog(session, window, item_id=item_id)
    qtbot.addWidget(dialog)
    field = dialog.fields["on"]
    assert dialog.value("on") == "2026-11-02" and field.isReadOnly()
    dialog.show()
    qtbot.keyClick(field, Qt.Key.Key_Return)          # Enter in a field submits the form
    assert dialog.result() == dialog.DialogCode.Accepted
    assert str(session.store.item(item_id).assigned_on) == "2026-11-02"
    other = find_item(session, "宣传学习")
    session.services.items.edit(other, ItemEdit(deadline="2027-02-25"))
    fresh = workflow_dialogs.IssueDialog(session, window, item_id=other)
    qtbot.addWidget(fresh)
    assert fresh.value("on") == str(TODAY) and not fresh.fields["on"].isReadOnly()


def test_a_phone_reminder_shows_as_the_rung_reached(window, session, qtbot):
    item_id = find_item(session, "科研项目")
    # due in two working days: the ladder's phone reminder is due now
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline="2026-11-27"))
    session.services.lifecycle.issue(item_id, "2026-09-01")
    window.refresh_all()
    window.table.select_item(item_id)
    assert "已到层级：—" in window.detail.toPlainText()
    dialog = workflow_dialogs.ChaseDialog(session, window, item_id=item_id)
    qtbot.addWidget(dialog)
    assert dialog.value("rung") == "电话提醒" and dialog.value("method") == "电话"
    hints = [w.text() for w in dialog.findChildren(QLabel)]
    assert any(t.startswith("建议层级：电话提醒；本轮催办自 2026-11-24 起算") for t in hints), hints
    dialog.fields["person_reached"].setText("王某")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    text = window.detail.toPlainText()
    assert "已催办 1 次" in text and "已到层级：电话提醒" in text


def test_quit_is_the_last_entry_of_the_file_menu(window):
    entries = [a for a in window.actions_.menus["file"].actions()]
    assert entries[-1] is window.actions_["quit"]
    assert entries[-2].isSeparator()
    assert len([a for a in entries if a is window.actions_["quit"]]) == 1


def test_empty_views_say_why(window, session, qtbot):
    window.nav.select_view("申请办结待审核")
    assert window.table.model_.rowCount() == 0
    assert window.table.empty_text() == "没有等待审核的办结申请（未设筛选条件）"
    window.nav.select_view("全部")
    qtbot.keyClicks(window.filter_bar.search, "zzqxnothing")
    window.filter_bar.flush()
    window.table.model_.wait_exact()
    assert window.table.empty_text() == EMPTY_FILTERED
    qtbot.mouseClick(window.filter_bar.findChild(QPushButton, "clearFilters"),
                     Qt.MouseButton.LeftButton)
    assert window.table.empty_text() == "" and window.table.model_.rowCount() > 0


def test_the_tree_tells_two_letters_on_one_proposal_apart(window, session):
    session.services.dossiers.create(
        ProposalDraft(session="区政协三届一次会议", number="024", title="关于深化綦江区绿色发展的一些建议"),
        ReplyDraft(doc_number="綦发改函〔2023〕15号", issuer="区发改委", date="2023-03-01",
                   full_text="补充答复"))
    window.refresh_all()
    node = window.nav.dossiers_node
    node.setExpanded(True)
    labels = [node.child(n).text(0) for n in range(node.childCount())]
    assert "綦发改函〔2022〕140号 · 第024号提案" in labels
    assert "綦发改函〔2023〕15号 · 第024号提案" in labels
    tips = [node.child(n).toolTip(0) for n in range(node.childCount())]
    assert any("复函日期：2023-03-01" in t and "《关于深化綦江区绿色发展的一些建议》" in t
               for t in tips)
