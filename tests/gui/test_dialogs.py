"""Each operation's dialog, driven through a success and a refused input.

A refused input must keep the dialog open, show the Chinese message beside the field, and
leave the database unchanged (the journal does not grow).
"""
import pytest
from gui_helpers import find_item
from PySide6.QtWidgets import QDialog

from qjtasks.core.models import ItemEdit
from qjtasks.gui.dialogs import item_dialogs as items
from qjtasks.gui.dialogs import request_dialogs as req
from qjtasks.gui.dialogs import workflow_dialogs as wf
from qjtasks.gui.dialogs.settings import SettingsDialog
from qjtasks.gui.dialogs.units import UnitFormDialog, UnitsDialog


def journal_size(session):
    return session.store.conn.execute("SELECT count(*) FROM journal").fetchone()[0]


def submit(dialog):
    dialog.accept()
    return dialog.result() == QDialog.DialogCode.Accepted


def refused(session, dialog, field):
    before = journal_size(session)
    assert not submit(dialog)
    label = dialog.errors[field] if field else dialog.general_error
    assert not label.isHidden() and label.text(), f"no error shown for {field}"
    assert journal_size(session) == before
    return label.text()


@pytest.fixture
def plan_item(session):
    return find_item(session, "科研项目")


@pytest.fixture
def issued(session, plan_item):
    session.services.items.edit(plan_item, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    session.services.lifecycle.issue(plan_item, "2026-11-02")
    return plan_item


@pytest.fixture
def signed(session, issued):
    lead = session.store.assignments(issued)[0].unit_id
    session.services.lifecycle.sign(issued, lead, "王某", "2026-11-03")
    return issued


def fill(dialog, **values):
    for name, value in values.items():
        widget = dialog.fields[name]
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        elif hasattr(widget, "setCurrentIndex") and not isinstance(value, str):
            widget.setCurrentIndex(widget.findData(value))
        elif hasattr(widget, "setCurrentText"):
            widget.setCurrentIndex(widget.findText(value))
        else:
            widget.setText(value)


def test_new_item(session, qtbot):
    d = items.NewItemDialog(session)
    qtbot.addWidget(d)
    assert "不能为空" in refused(session, d, "title")
    fill(d, title="新建测试事项", deadline="2026-02-30")
    assert "不存在" in refused(session, d, "deadline")
    fill(d, deadline="2026-10-01")
    assert "早于交办日期" in refused(session, d, "deadline")
    fill(d, deadline="2027-03-31", lead=session.store.unit_by_name("区财政局").id)
    assert submit(d)
    item = session.store.item(d.changes.item_id)
    assert item.title == "新建测试事项" and str(item.current_deadline) == "2027-03-31"


def test_edit_item_and_undo(session, plan_item, qtbot):
    d = items.EditItemDialog(session, item_id=plan_item)
    qtbot.addWidget(d)
    fill(d, percent="150")
    assert "0–100" in refused(session, d, "percent")
    fill(d, percent="40", title="强化科研项目支撑（改）")
    assert submit(d)
    assert session.store.item(plan_item).title == "强化科研项目支撑（改）"
    jid = session.ops.last_edit_journal_id
    session.ops.attempt(lambda: session.services.items.undo(jid))
    assert session.store.item(plan_item).title == "进一步强化科研项目支撑"


def test_split_item(session, plan_item, qtbot):
    d = items.SplitItemDialog(session, item_id=plan_item)
    qtbot.addWidget(d)
    assert "至少" in refused(session, d, "titles")
    fill(d, titles="征集产学研合作项目\n\n完善科技奖励")
    assert submit(d)
    assert [c.title for c in session.store.children(plan_item)] == ["征集产学研合作项目", "完善科技奖励"]


def test_assign(session, plan_item, qtbot):
    d = items.AssignDialog(session, item_id=plan_item)
    qtbot.addWidget(d)
    d.fields["lead"].setCurrentIndex(0)
    assert "牵头单位" in refused(session, d, "lead")
    fill(d, lead=session.store.unit_by_name("区财政局").id)
    assert submit(d)
    lead = [a for a in session.store.assignments(plan_item) if a.role == "牵头"]
    assert lead[0].unit_name == "区财政局"


def test_issue(session, plan_item, qtbot):
    d = wf.IssueDialog(session, item_id=plan_item)
    qtbot.addWidget(d)
    assert "办结时限" in refused(session, d, None)  # no deadline yet: shown at the top
    session.services.items.edit(plan_item, ItemEdit(deadline="2027-02-25", assigned_on="2026-11-02"))
    fill(d, on="明天")
    assert "无法识别" in refused(session, d, "on")
    fill(d, on="2026-11-25")
    assert submit(d)
    assert session.store.item(plan_item).serial == "綦发改督〔2026〕1号"


def test_sign_paper_receipt(session, issued, qtbot):
    d = wf.SignDialog(session, item_id=issued)
    qtbot.addWidget(d)
    assert "签收人不能为空" in refused(session, d, "signer")
    fill(d, signer="张三", origin="纸质", at="2026-11-04")
    assert submit(d)
    lead = session.store.assignments(issued)[0]
    assert lead.signed_by == "张三" and lead.sign_origin == "纸质"
    assert lead.signed_at.startswith("2026-11-04")
    assert session.store.item(issued).status == "办理中"


def test_note_with_attachment(session, signed, qtbot, tmp_path):
    d = wf.NoteDialog(session, item_id=signed)
    qtbot.addWidget(d)
    fill(d, text="已征集项目 12 个", percent="abc")
    assert "不是数字" in refused(session, d, "percent")
    fill(d, text="", percent="30")
    assert "不能为空" in refused(session, d, "text")
    attachment = tmp_path / "进展.txt"
    attachment.write_text("附件内容", encoding="utf-8")
    fill(d, text="已征集项目 12 个", problems="经费未到位", next_steps="发布榜单")
    d.attachments.add_file(str(attachment))
    assert submit(d)
    note = session.store.notes.of(signed)[0]
    assert note.percent == 30 and note.problems == "经费未到位" and len(note.attachments) == 1
    assert session.store.item(signed).percent == 30


def test_chase(session, qtbot, plan_item, issued):
    d = wf.ChaseDialog(session, item_id=issued)
    qtbot.addWidget(d)
    fill(d, chased_on="2026-13-01")
    assert "不存在" in refused(session, d, "chased_on")
    fill(d, chased_on="2026-11-25", person_reached="李科长", answer="本周报送")
    assert submit(d)
    assert session.store.chases.of(issued)[0].person_reached == "李科长"


def test_extension_request_and_decision(session, signed, qtbot):
    d = req.ExtensionRequestDialog(session, item_id=signed)
    qtbot.addWidget(d)
    fill(d, reason="需等待市级资金", proposed_deadline="2027-01-01")
    assert "须晚于" in refused(session, d, "proposed_deadline")
    fill(d, proposed_deadline="2027-05-31")
    assert submit(d)
    dd = req.ExtensionDecisionDialog(session, item_id=signed)
    qtbot.addWidget(dd)
    dd.fields["decision"].setCurrentIndex(1)  # 不批准 needs a reason
    assert "不能为空" in refused(session, dd, "reason")
    dd.fields["decision"].setCurrentIndex(0)
    assert submit(dd)
    item = session.store.item(signed)
    assert str(item.current_deadline) == "2027-05-31" and str(item.original_deadline) == "2027-02-25"


def test_completion_and_review(session, signed, qtbot):
    d = req.CompletionDialog(session, item_id=signed)
    qtbot.addWidget(d)
    assert "不能为空" in refused(session, d, "report")
    fill(d, report="已全部完成")
    assert submit(d)
    r = req.ReviewDialog(session, item_id=signed)
    qtbot.addWidget(r)
    r.fields["decision"].setCurrentIndex(1)  # 退回重办 needs a reason
    assert "退回理由" in refused(session, r, "reason")
    fill(r, reason="缺少佐证材料")
    assert submit(r)
    assert session.store.item(signed).status == "办理中"


@pytest.mark.parametrize("step,target", [("pause", "暂缓"), ("withdraw", None)])
def test_reason_dialogs(session, signed, qtbot, step, target):
    d = req.ReasonDialog(session, item_id=signed, step=step)
    qtbot.addWidget(d)
    if step == "withdraw":  # 办理中 cannot be withdrawn: the lifecycle refuses, at the top
        fill(d, reason="重复立项")
        assert "不能撤销" in refused(session, d, None)
        draft = find_item(session, "绿色采购")
        ok = req.ReasonDialog(session, item_id=draft, step=step)
        qtbot.addWidget(ok)
        fill(ok, reason="重复立项")
        assert submit(ok)
        assert session.store.item(draft).status == "已撤销"
        return
    assert "不能为空" in refused(session, d, "reason")
    fill(d, reason="等待上级政策")
    assert submit(d)
    assert session.store.item(signed).status == target
    resume = req.ReasonDialog(session, item_id=signed, step="resume")
    qtbot.addWidget(resume)
    assert submit(resume)
    assert session.store.item(signed).status == "办理中"


def test_reopen_refused_when_open(session, signed, qtbot):
    d = req.ReasonDialog(session, item_id=signed, step="reopen")
    qtbot.addWidget(d)
    fill(d, reason="复查")
    assert "只有已办结" in refused(session, d, None)


def test_units(session, qtbot):
    d = UnitFormDialog(session)
    qtbot.addWidget(d)
    fill(d, name="重庆市綦江区财政局", short_name="区财政局")
    assert "重名" in refused(session, d, "name")
    fill(d, name="重庆市綦江区教育委员会", short_name="区教委")
    assert submit(d)
    assert session.store.unit_by_name("区教委").name == "重庆市綦江区教育委员会"
    register = UnitsDialog(session)
    qtbot.addWidget(register)
    assert register.table.rowCount() == len(session.store.units())


def test_settings(session, qtbot):
    d = SettingsDialog(session)
    qtbot.addWidget(d)
    fill(d, serial_prefix="綦督", extra_holidays="2027-01-01，2027-02-30")
    assert "不存在" in refused(session, d, "extra_holidays")
    assert session.store.setting("serial_prefix") == "綦发改督"  # nothing saved
    d.fields["yellow_threshold"].setValue(99)
    fill(d, extra_holidays="2027-01-01")
    assert "0–60" in refused(session, d, "yellow_threshold")
    d.fields["yellow_threshold"].setValue(5)
    assert submit(d)
    assert session.store.setting("serial_prefix") == "綦督"
    assert session.store.setting("yellow_threshold") == 5
    assert session.store.setting("extra_holidays") == ["2027-01-01"]


def test_edit_item_refuses_a_stale_form(session, plan_item, qtbot):
    """Someone else saved a change after this form opened: the form's save is refused."""
    d = items.EditItemDialog(session, item_id=plan_item)
    qtbot.addWidget(d)
    session.services.items.edit(plan_item, ItemEdit(title="另一窗口的修改"))
    fill(d, title="基于旧内容的修改")
    assert "已被他人修改" in refused(session, d, None)
    assert session.store.item(plan_item).title == "另一窗口的修改"


def test_settings_dialog_fills_the_notice_contact_and_the_chase_copy_line(session, qtbot):
    d = SettingsDialog(session)
    qtbot.addWidget(d)
    assert d.fields["leader_copy"].text() == ""          # no literal 分管领导 any more
    fill(d, supervisor_contact="张督办", supervisor_phone="023-48600000",
         leader_copy="王副主任")
    assert submit(d)
    assert session.store.setting("supervisor_contact") == "张督办"
    assert session.store.setting("supervisor_phone") == "023-48600000"
    from qjtasks.pdf import adapters
    office = adapters.office_from_store(session.store)
    assert (office.contact, office.phone, office.leader_copy) == ("张督办", "023-48600000",
                                                                  "王副主任")


def test_a_note_dated_after_the_sessions_today_is_refused_beside_its_date(window, session,
                                                                            qtbot, shots):
    from gui_helpers import note_dialog_on_issued_item
    item_id, dialog = note_dialog_on_issued_item(session, window, qtbot)
    dialog.fields["noted_on"].setText("2026-11-26")            # the session's today is 11-25
    dialog.show()
    dialog.accept()
    qtbot.wait(50)
    assert dialog.isVisible()
    assert "晚于今天（2026-11-25）" in dialog.errors["noted_on"].text()
    assert session.store.notes.of(item_id) == []
    assert dialog.grab().save(str(shots / "note_future.png"))
    dialog.fields["noted_on"].setText("2026-11-25")
    dialog.accept()
    qtbot.waitUntil(lambda: len(session.store.notes.of(item_id)) == 1)
