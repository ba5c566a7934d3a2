"""Hostile text in the window and its dialogs: shown as typed, refused beside its field, never
half saved (found by the exploratory QA pass).

Qt reads a label or message whose first line holds a tag such as `<b>` as markup, so a title
`<b>粗体</b>` lost its tags and `<table>` in a file name could break a dialog's layout.
"""
import pytest
from gui_helpers import TODAY, capture_warnings
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from qjtasks.core.models import ItemDraft, ItemEdit
from qjtasks.gui.dialogs import workflow_dialogs as wf
from qjtasks.gui.session import Session

MARKUP = "<i>坏</i>"


def markup_labels(widget) -> list[str]:
    """Visible labels whose text Qt would render as markup."""
    return [label.text() for label in widget.findChildren(QLabel)
            if label.isVisibleTo(widget) and label.text()
            and label.textFormat() != Qt.TextFormat.PlainText
            and QtGui.Qt.mightBeRichText(label.text())]


@pytest.fixture
def boxes(monkeypatch):
    return capture_warnings(monkeypatch)


@pytest.fixture
def hostile_item(session):
    lead = session.store.unit_by_name("区财政局").id
    return session.services.items.add(ItemDraft(
        title=f"<b>粗体</b>{MARKUP}", lead_unit_id=lead, assigned_on=TODAY,
        deadline=TODAY.replace(year=2027))).item_id


def test_form_dialog_hint_and_error_show_the_text_as_typed(session, qtbot, hostile_item):
    dialog = wf.IssueDialog(session, item_id=hostile_item)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["on"].setText(MARKUP)
    dialog.accept()
    assert MARKUP in dialog.errors["on"].text()               # refused beside its field
    assert not markup_labels(dialog), markup_labels(dialog)


def test_import_dialogs_show_file_names_as_typed(seeded, qtbot, tmp_path, boxes):
    from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
    from qjtasks.gui.dialogs.ledger_import import LedgerImportDialog
    from qjtasks.gui.dialogs.package_import import PackageImportDialog
    reply = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(reply)
    reply.show()
    reply.load_file(tmp_path / f"{MARKUP}.txt")
    qtbot.waitUntil(lambda: not reply.busy and MARKUP in reply.status.text(), timeout=20000)
    ledger = LedgerImportDialog(Session.of(seeded), path=tmp_path / f"{MARKUP}.csv")
    qtbot.addWidget(ledger)
    ledger.show()
    qtbot.waitUntil(lambda: not ledger.busy and MARKUP in ledger.status.text(), timeout=20000)
    package = PackageImportDialog(Session.of(seeded), str(tmp_path / f"{MARKUP}.qjpkg"))
    qtbot.addWidget(package)
    package.show()
    assert MARKUP in package.message.text()
    for dialog in (reply, ledger, package):
        assert not markup_labels(dialog), markup_labels(dialog)
    assert boxes and all(MARKUP not in text and "&lt;i&gt;" in text for text in boxes)


def test_error_boxes_show_the_text_as_typed(boxes):
    from qjtasks.core.errors import ValidationError
    from qjtasks.gui.operations import show_error
    show_error(None, ValidationError(f"附件“{MARKUP}.txt”不存在"))
    show_error(None, ValidationError("附件“甲.txt”不存在"))
    assert boxes == ["<p>附件“&lt;i&gt;坏&lt;/i&gt;.txt”不存在</p>", "附件“甲.txt”不存在"]


@pytest.fixture
def signed(session):
    from gui_helpers import find_item
    item = find_item(session, "科研项目")
    session.services.items.edit(item, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    session.services.lifecycle.issue(item, "2026-11-02")
    lead = session.store.assignments(item)[0].unit_id
    session.services.lifecycle.sign(item, lead, "王某", "2026-11-03")
    return item


def journal_size(session) -> int:
    return session.store.conn.execute("SELECT count(*) FROM journal").fetchone()[0]


@pytest.mark.parametrize("dialog, field, base", [
    ("ChaseDialog", "person_reached", {}),
    ("ChaseDialog", "answer", {}),
    ("ExtensionRequestDialog", "requested_by",
     {"reason": "专家评审延后", "proposed_deadline": "2027-04-30"}),
    ("ExtensionRequestDialog", "progress",
     {"reason": "专家评审延后", "proposed_deadline": "2027-04-30"}),
    ("CompletionDialog", "submitted_by", {"report": "已完成"}),
])
def test_too_long_text_is_refused_beside_its_field(session, qtbot, signed, dialog, field, base):
    from qjtasks.gui.dialogs import request_dialogs as req
    cls = getattr(wf, dialog, None) or getattr(req, dialog)
    form = cls(session, item_id=signed)
    qtbot.addWidget(form)
    for name, value in {**base, field: "长" * 30_000}.items():
        widget = form.fields[name]
        widget.setPlainText(value) if hasattr(widget, "setPlainText") else widget.setText(value)
    before = journal_size(session)
    form.accept()
    assert "过长" in form.errors[field].text() and form.general_error.isHidden()
    assert journal_size(session) == before


@pytest.mark.parametrize("field", ["contact", "phone"])
def test_too_long_unit_contact_is_refused_beside_its_field(session, qtbot, field):
    from qjtasks.gui.dialogs.units import UnitFormDialog
    for unit_id in (None, session.store.unit_by_name("区财政局").id):
        form = UnitFormDialog(session, **({"unit_id": unit_id} if unit_id else {}))
        qtbot.addWidget(form)
        form.fields["name"].setText(form.fields["name"].text() or "区测试局")
        form.fields[field].setText("1" * 51)
        form.accept()
        assert "过长" in form.errors[field].text() and form.general_error.isHidden()


def test_a_long_word_in_the_percent_field_is_not_repeated_in_full(session, qtbot, signed):
    form = wf.NoteDialog(session, item_id=signed)
    qtbot.addWidget(form)
    form.fields["text"].setPlainText("进展")
    form.fields["percent"].setText("长" * 10_000)
    form.accept()
    assert "不是数字" in form.errors["percent"].text()
    assert len(form.errors["percent"].text()) < 100


@pytest.mark.parametrize("field, value, words", [
    ("yellow_threshold", 61, "黄灯提前工作日数须在 0–60 之间"),
    ("office_name", "长" * 300, "督办单位名称过长"),
    ("extra_holidays", "2027-01-01，2027-02-30", "补充节假日中的日期“2027-02-30”不存在"),
])
def test_settings_refusals_name_the_setting_in_chinese(session, qtbot, field, value, words):
    from qjtasks.gui.dialogs.settings import SettingsDialog
    form = SettingsDialog(session)
    qtbot.addWidget(form)
    widget = form.fields[field]
    if isinstance(value, int):
        widget.setValue(value)
    elif hasattr(widget, "setPlainText"):
        widget.setPlainText(value)
    else:
        widget.setText(value)
    before = journal_size(session)
    form.accept()
    assert words in form.errors[field].text()
    assert journal_size(session) == before


def test_a_refused_note_leaves_no_copied_attachment(session, qtbot, signed, tmp_path):
    good = tmp_path / "会议纪要.txt"
    good.write_text("纪要", encoding="utf-8")
    folder = session.services.notes.attachment_dir()
    for bad in (tmp_path / "不存在.txt", tmp_path):          # missing, and a folder
        form = wf.NoteDialog(session, item_id=signed)
        qtbot.addWidget(form)
        form.fields["text"].setPlainText("进展")
        form.attachments.add_file(str(good))
        form.attachments.add_file(str(bad))
        before = journal_size(session)
        form.accept()
        assert "不存在或不是文件" in form.errors["attachments"].text()
        assert journal_size(session) == before
        assert not folder.exists() or not any(folder.rglob("*.txt"))


def test_attachment_link_opens_a_file_whose_name_has_a_quote(window, session, signed, tmp_path):
    from PySide6.QtCore import QUrl
    odd = tmp_path / "it's <b>纪要&.txt"
    odd.write_text("纪要", encoding="utf-8")
    lead = session.store.assignments(signed)[0].unit_id
    session.services.notes.add(signed, lead, "王某", "附件测试", attachments=[str(odd)])
    window.table.reload()
    assert window.table.select_item(signed)
    window.detail.show_item(signed)
    stored = session.store.notes.of(signed)[0].attachments[0]
    assert stored.endswith(odd.name)
    anchors = []
    block = window.detail.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                anchors.append(fmt.anchorHref())
            it += 1
        block = block.next()
    assert [QUrl(a).toLocalFile() for a in anchors] == [stored]


def test_an_unreadable_attachment_is_refused_beside_its_field(session, qtbot, signed, tmp_path,
                                                              monkeypatch):
    import pathlib
    locked = tmp_path / "无权限.txt"
    locked.write_text("x", encoding="utf-8")
    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)
    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    form = wf.NoteDialog(session, item_id=signed)
    qtbot.addWidget(form)
    form.fields["text"].setPlainText("进展")
    form.attachments.add_file(str(locked))
    before = journal_size(session)
    form.accept()                                   # raised PermissionError before the fix
    assert "无法读取或复制" in form.errors["attachments"].text()
    assert journal_size(session) == before


@pytest.mark.parametrize("approved", ["2026-01-01", "2027-02-25"])
def test_approving_an_extension_never_brings_the_deadline_forward(session, qtbot, signed,
                                                                  approved):
    from qjtasks.gui.dialogs import request_dialogs as req
    lead = session.store.assignments(signed)[0].unit_id
    session.services.extensions.request(signed, lead, "专家评审延后", "2027-04-30")
    form = req.ExtensionDecisionDialog(session, item_id=signed)
    qtbot.addWidget(form)
    form.fields["approved_deadline"].setText(approved)
    before = journal_size(session)
    form.accept()
    assert "须晚于当前办结时限 2027-02-25" in form.errors["approved_deadline"].text()
    assert journal_size(session) == before
    assert str(session.store.item(signed).current_deadline) == "2027-02-25"
