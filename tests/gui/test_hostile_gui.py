"""Hostile text in the window and its dialogs: shown as typed, refused beside its field, never
half saved (found by the exploratory QA pass).

Qt reads a label or message whose first line holds a tag such as `<b>` as markup, so a title
`<b>粗体</b>` lost its tags and `<table>` in a file name could break a dialog's layout.
"""
import pytest
from gui_helpers import TODAY
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from qjtasks.core.models import ItemDraft
from qjtasks.gui.dialogs import workflow_dialogs as wf

MARKUP = "<i>坏</i>"


def markup_labels(widget) -> list[str]:
    """Visible labels whose text Qt would render as markup."""
    return [label.text() for label in widget.findChildren(QLabel)
            if label.isVisibleTo(widget) and label.text()
            and label.textFormat() != Qt.TextFormat.PlainText
            and QtGui.Qt.mightBeRichText(label.text())]


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


@pytest.fixture
def hostile_item(session):
    lead = session.store.unit_by_name("区财政局").id
    return session.services.add_item(ItemDraft(
        title=f"<b>粗体</b>{MARKUP}", lead_unit_id=lead, assigned_on=TODAY,
        deadline=TODAY.replace(year=2027))).new_id


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
    reply = ImportReplyDialog(seeded, seeded.store)
    qtbot.addWidget(reply)
    reply.show()
    reply.load_file(tmp_path / f"{MARKUP}.txt")
    qtbot.waitUntil(lambda: not reply.busy and MARKUP in reply.status.text(), timeout=20000)
    ledger = LedgerImportDialog(seeded, seeded.store, path=tmp_path / f"{MARKUP}.csv")
    qtbot.addWidget(ledger)
    ledger.show()
    qtbot.waitUntil(lambda: not ledger.busy and MARKUP in ledger.status.text(), timeout=20000)
    package = PackageImportDialog(seeded, str(tmp_path / f"{MARKUP}.qjpkg"))
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
