"""Issue 16, case 8 in the window: text that is no reply letter is saved only after 仍然导入,
and the same title with the same lead unit asks before it is added again."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from qjtasks.gui.dialogs import item_dialogs as items
from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
from qjtasks.gui.session import Session

NOTICE = "会议通知\n\n各位同事：明天下午三点在三楼会议室开会，请准时参加。\n\n办公室\n"


def _press(monkeypatch, label: str, seen: list):
    """Every QMessageBox opened with exec() answers by clicking the button named `label`."""
    def exec_(box):
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == label)
        button.click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", exec_)


def _recognised(qtbot, seeded, text):
    dlg = ImportReplyDialog(Session.of(seeded), text=text)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.busy)
    return dlg


def _replies(seeded):
    return len(seeded.store.dossiers.replies())


def test_notice_is_refused_until_the_user_presses_import_anyway(qtbot, seeded, monkeypatch):
    seen: list[str] = []
    _press(monkeypatch, "取消", seen)
    dlg = _recognised(qtbot, seeded, NOTICE)
    before = _replies(seeded)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    assert seen and "不像是一份复函" in seen[-1]
    assert dlg.isVisible() and dlg.changes is None and _replies(seeded) == before
    _press(monkeypatch, "仍然导入", seen)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted and _replies(seeded) == before + 1


def test_a_typed_doc_number_makes_it_a_letter(qtbot, seeded, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("asked"))
    dlg = _recognised(qtbot, seeded, NOTICE)
    dlg.fields["doc_number"].setText("綦发改函〔2022〕199号")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Save), Qt.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted


def _new_item(session, qtbot, title, lead):
    d = items.NewItemDialog(session)
    qtbot.addWidget(d)
    d.fields["title"].setText(title)
    d.fields["lead"].setCurrentIndex(d.fields["lead"].findData(lead))
    return d


def test_same_title_and_lead_asks_before_adding_again(session, qtbot, monkeypatch):
    lead = session.store.unit_by_name("区财政局").id
    first = _new_item(session, qtbot, "清理拖欠企业账款", lead)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    first.accept()
    assert first.result() == QDialog.DialogCode.Accepted
    asked = []

    def answer(no_or_yes):
        def question(parent, title, text, *a, **k):
            asked.append(text)
            return no_or_yes
        return question
    count = len(session.store.same_title_items("清理拖欠企业账款", lead))
    again = _new_item(session, qtbot, " 清理拖欠企业账款 ", lead)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    again.accept()
    assert asked and str(first.changes.item_id) in asked[-1] and "区财政局" in asked[-1]
    assert again.result() != QDialog.DialogCode.Accepted
    assert len(session.store.same_title_items("清理拖欠企业账款", lead)) == count
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    again.accept()
    assert again.result() == QDialog.DialogCode.Accepted
    assert len(session.store.same_title_items("清理拖欠企业账款", lead)) == count + 1
    other = _new_item(session, qtbot, "清理拖欠企业账款", session.store.unit_by_name("区交通局").id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    other.accept()
    assert other.result() == QDialog.DialogCode.Accepted
