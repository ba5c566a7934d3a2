"""Issue 14 part 5 in the window: decided extension requests in the decision dialog, 配合单位
typed as a list, and 撤销上次修改 saying what it undoes, asking first and refusing to cut under
later operations."""
import pytest
from gui_helpers import answer_message_box, find_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from qjtasks.core.models import ItemEdit
from qjtasks.gui.dialogs import item_dialogs as items
from qjtasks.gui.dialogs import request_dialogs as req


@pytest.fixture
def signed(session):
    item = find_item(session, "科研项目")
    svc = session.services
    svc.items.edit(item, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    svc.lifecycle.issue(item, "2026-11-02")
    svc.lifecycle.sign(item, session.store.assignments(item)[0].unit_id, "王某", "2026-11-03")
    return item


def test_decision_dialog_lists_decided_requests_with_their_decision(session, signed, qtbot):
    svc, lead = session.services, session.store.assignments(signed)[0].unit_id
    first = svc.extensions.request(signed, lead, "等待资金", "2027-04-30",
                                   requested_on="2026-11-10").extension_id
    svc.extensions.decide(first, True, reason="同意")
    second = svc.extensions.request(signed, lead, "再延", "2027-08-31",
                                    requested_on="2026-11-20").extension_id
    svc.extensions.decide(second, False, reason="理由不充分")
    svc.extensions.request(signed, lead, "第三次", "2027-05-31", requested_on="2026-11-24")
    d = req.ExtensionDecisionDialog(session, item_id=signed)
    qtbot.addWidget(d)
    combo = d.fields["extension"]
    assert combo.count() == 1 and "2027-05-31" in combo.itemText(0)   # only the pending one
    lines = d.fields["decided"].toPlainText().splitlines()
    assert len(lines) == 2
    assert "申请延期至 2027-08-31" in lines[0] and "不批准，理由：理由不充分" in lines[0]
    assert "申请延期至 2027-04-30" in lines[1] and "批准，延期至 2027-04-30（同意）" in lines[1]
    assert d.fields["decided"].isReadOnly()


def test_decision_dialog_without_decided_requests_has_no_history(session, signed, qtbot):
    lead = session.store.assignments(signed)[0].unit_id
    session.services.extensions.request(signed, lead, "等待资金", "2027-04-30",
                                        requested_on="2026-11-10")
    d = req.ExtensionDecisionDialog(session, item_id=signed)
    qtbot.addWidget(d)
    assert "decided" not in d.fields


# ---- 撤销上次修改 ----------------------------------------------------------------------------

def _edit_in_window(session, item, **fields):
    """An edit made in this window (through ops, as the edit dialog does)."""
    return session.ops.attempt(lambda: session.services.items.edit(item, ItemEdit(**fields))).journal_id


def test_undo_says_what_it_undoes_and_keeps_it_when_answered_no(window, session):
    item = find_item(session, "科研项目")
    jid = _edit_in_window(session, item, deadline="2027-02-25")
    seen = []
    answer_message_box("undoConfirm", QMessageBox.StandardButton.No, seen)
    window.actions_["undo"].trigger()
    assert f"将撤销日志 {jid}" in seen[0] and "办结时限：2027-02-25 → 未定" in seen[0]
    assert str(session.store.item(item).current_deadline) == "2027-02-25"   # answered 不撤销
    assert window.actions_["undo"].isEnabled()
    answer_message_box("undoConfirm", QMessageBox.StandardButton.Yes, seen)
    window.actions_["undo"].trigger()
    assert session.store.item(item).current_deadline is None
    assert not window.actions_["undo"].isEnabled()


def test_undo_refused_after_the_item_was_issued_and_chased(window, session):
    """The seeded case behind journal entry 28: a deadline set, then 交办 and a 催办."""
    item = find_item(session, "科研项目")
    jid = _edit_in_window(session, item, deadline="2027-02-25")
    session.ops.attempt(lambda: session.services.lifecycle.issue(item, "2026-11-20"))
    session.ops.attempt(lambda: session.services.chases.add(item, None, chased_on="2026-11-24"))
    before = session.store.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    assert window.actions_["undo"].isEnabled()
    seen = []
    answer_message_box("undoRefused", QMessageBox.StandardButton.Ok, seen)
    window.actions_["undo"].trigger()
    assert f"不能撤销日志 {jid}" in seen[0]
    assert "交办" in seen[0] and "催办" in seen[0] and "已交办的事项将没有办结时限" in seen[0]
    assert str(session.store.item(item).current_deadline) == "2027-02-25"
    assert session.store.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == before
    assert not window.actions_["undo"].isEnabled()          # it can never be undone now


# ---- 配合单位 typed as a list ------------------------------------------------------------------

def _checked(dialog):
    box = dialog.fields["co_units"]
    return [box.item(n).text() for n in range(box.count())
            if box.item(n).checkState() == Qt.CheckState.Checked]


def test_assign_dialog_reads_a_typed_list_of_co_units(session, qtbot):
    item = find_item(session, "科研项目")
    d = items.AssignDialog(session, item_id=item)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    entry = d.fields["co_text"]
    entry.setFocus()
    qtbot.waitUntil(entry.hasFocus)
    entry.insert("区交通局，区国资委 区交通局")
    d.fields["co_units"].setFocus()                          # leaving the line ticks them
    qtbot.waitUntil(lambda: entry.text() == "")
    assert {"区交通局", "区国资委"} <= set(_checked(d))
    entry.setText("区国资委、区不存在局")
    d.accept()                                               # 确定 reads the line too
    assert d.result() != QDialog.DialogCode.Accepted
    assert "区不存在局" in d.errors["co_text"].text() and not d.errors["co_text"].isHidden()
    entry.setText("区住房城乡建委")
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    cos = {a.unit_name for a in session.store.assignments(item) if a.role.value == "配合"}
    assert {"区交通局", "区国资委", "区住房城乡建委"} <= cos


def test_new_item_dialog_takes_co_units_typed_with_commas(session, qtbot):
    d = items.NewItemDialog(session)
    qtbot.addWidget(d)
    d.fields["title"].setText("新事项")
    d.fields["co_text"].setText("区科技局,区交通局")
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    cos = [a.unit_name for a in session.store.assignments(d.changes.item_id)
           if a.role.value == "配合"]
    assert sorted(cos) == ["区交通局", "区科技局"]
