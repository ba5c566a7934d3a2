"""Actions follow the item's state (issue 22 part 4): steps the state does not allow are
disabled and say why; 办结 with a unit that never signed, an import with items lacking a
牵头单位 and a letter already imported are warned about before 保存; success is confirmed in
the status bar."""
from pathlib import Path

import pytest
from gui_helpers import find_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from qjtasks.core.models import ItemEdit
from qjtasks.gui.dialogs import request_dialogs, workflow_dialogs
from qjtasks.gui.dialogs.import_reply import ImportReplyDialog

SEED = Path(__file__).parents[2] / "resources" / "seed" / "reply-024.txt"


def select(window, item_id):
    assert window.table.select_item(item_id)
    assert window.detail.item_id == item_id


def test_steps_the_state_does_not_allow_are_disabled_with_the_reason(window, session, qtbot):
    a = window.actions_
    item_id = find_item(session, "科研项目")                     # 待交办
    select(window, item_id)
    assert a["issue"].isEnabled() and a["edit_item"].isEnabled()
    for key in ("sign", "note", "chase", "complete", "review", "pause", "resume", "reopen",
                "decide_extension"):
        assert not a[key].isEnabled(), key
    assert "尚未交办" in a["sign"].toolTip() and a["sign"].statusTip() == a["sign"].toolTip()
    assert "承办单位申请办结后" in a["review"].toolTip()
    # the table's context menu offers the same actions, so 签收登记 is off there too
    assert a["sign"] in window.table.context_actions and not a["sign"].isEnabled()
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    dialog_seen = []

    def run_issue(dialog_cls=workflow_dialogs.IssueDialog):
        dialog = dialog_cls(session, window, item_id=item_id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        dialog_seen.append(dialog.result())
    run_issue()
    assert dialog_seen == [1]
    assert not a["issue"].isEnabled() and a["sign"].isEnabled() and a["note"].isEnabled()
    assert window.statusBar().currentMessage().startswith("已交办，督办编号 綦发改督〔2026〕")
    lead = session.store.assignments(item_id)[0].unit_id
    session.services.lifecycle.sign(item_id, lead, "王某", "2026-11-03")
    window.refresh_all()
    assert a["complete"].isEnabled() and a["pause"].isEnabled() and not a["resume"].isEnabled()


def test_a_read_only_window_keeps_every_write_step_off(session, qtbot):
    from qjtasks.gui.main_window import MainWindow
    session.store.readonly = True
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.show()
    select(win, find_item(session, "科研项目"))
    assert not win.actions_["issue"].isEnabled() and not win.actions_["sign"].isEnabled()


@pytest.fixture
def submitted(session):
    """An item issued and signed by its lead, its co-units not, completion applied for."""
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    session.services.lifecycle.issue(item_id, "2026-11-02")
    owners = session.store.assignments(item_id)
    session.services.lifecycle.sign(item_id, owners[0].unit_id, "王某", "2026-11-03")
    session.services.lifecycle.submit(item_id, owners[0].unit_id, "已全部完成")
    return item_id, [o.unit_name for o in owners[1:]]


def test_closing_while_a_co_unit_never_signed_is_warned(window, session, qtbot, monkeypatch,
                                                         submitted):
    item_id, unsigned = submitted
    assert unsigned
    answers = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kw: answers.append(args[2]) or QMessageBox.StandardButton.No)
    dialog = request_dialogs.ReviewDialog(session, window, item_id=item_id)
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.findChild(QLabel, "formWarning")
    assert warning.isVisible() and all(name in warning.text() for name in unsigned)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and str(session.store.item(item_id).status) == "申请办结"
    assert "仍要审结吗" in answers[0] and unsigned[0] in answers[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and str(session.store.item(item_id).status) == "已办结"
    assert window.statusBar().currentMessage() == "已审核办结申请"


def test_sending_back_asks_nothing(window, session, qtbot, monkeypatch, submitted):
    item_id, _ = submitted
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    dialog = request_dialogs.ReviewDialog(session, window, item_id=item_id)
    qtbot.addWidget(dialog)
    decision = dialog.fields["decision"]
    decision.setCurrentIndex(decision.findData(False))
    dialog.fields["reason"].setPlainText("材料不全")
    dialog.accept()
    assert str(session.store.item(item_id).status) == "办理中"


def _import_dialog(qtbot, window, session, text):
    dialog = ImportReplyDialog(session, window, text=text)
    dialog.imported.connect(session.ops.broadcast)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def test_a_letter_already_imported_is_said_when_read(window, session, qtbot):
    dialog = _import_dialog(qtbot, window, session, SEED.read_text(encoding="utf-8"))
    assert "綦发改函〔2022〕140号" in dialog.warnings.text() and "已经导入过" in dialog.warnings.text()


def test_items_without_a_lead_are_named_before_saving(window, session, qtbot):
    text = SEED.read_text(encoding="utf-8").replace("140号", "142号")
    dialog = _import_dialog(qtbot, window, session, text)
    assert "已经导入过" not in dialog.warnings.text()
    assert dialog.lead_warning.isVisible()
    assert dialog.lead_warning.text().startswith("⚠ 已勾选的 3 项尚未选择牵头单位")
    dialog.items.setCurrentRow(0)
    dialog.editor.lead.setCurrentIndex(dialog.editor.lead.findText("区发改委"))
    assert dialog.lead_warning.text().startswith("⚠ 已勾选的 2 项")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    message = window.statusBar().currentMessage()
    assert message == ("已导入复函，新增 3 项待交办事项；其中 2 项尚未指定牵头单位，"
                       "交办前请先分配承办单位")
