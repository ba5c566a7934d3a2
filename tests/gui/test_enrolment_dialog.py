"""文件 → 单位登记与密钥…: office and a new unit database enrol each other through the dialog."""
import datetime as dt

from PySide6.QtWidgets import QFileDialog, QInputDialog

from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.gui.dialogs.enrolment import EnrolmentDialog

TODAY = dt.date(2026, 11, 25)


def answers(monkeypatch, files: list, texts: list) -> None:
    """File dialogs return paths from `files`, input dialogs values from `texts`, in order."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(files.pop(0)), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(files.pop(0)), "")))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (texts.pop(0), True)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (texts.pop(0), True)))


def unit_session(tmp_path):
    from qjtasks.gui.operations import Operations
    from qjtasks.gui.session import Session
    services = Services(Store.open(tmp_path / "unit.db"), actor="陈七")
    s = Session(services.store, services, lambda: TODAY)
    s.ops = Operations()
    return s


def dialog_for(session, qtbot) -> EnrolmentDialog:
    dialog = EnrolmentDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def statuses(dialog) -> list[str]:
    return [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]


def test_menu_entry(window):
    texts = [a.text() for a in window.actions_.menus["file"].actions()]
    assert texts[:4] == ["导入数据包…", "导出数据包…", "数据包冲突…", "单位登记与密钥…"]


def test_office_and_unit_enrol_through_dialogs(session, qtbot, tmp_path, monkeypatch, shots):
    invite, answer = tmp_path / "区科技局.qjenrol", tmp_path / "回执.qjenrol"
    files, texts = [], []
    answers(monkeypatch, files, texts)
    office = dialog_for(session, qtbot)
    assert office.invite_button.isVisible() and not office.accept_button.isVisible()
    files.append(invite)
    texts.append("区科技局")
    office.invite_button.click()
    office_fp = session.store.exchange.me()["fingerprint"]
    assert invite.exists() and office_fp in office.message.text() and office_fp in office.own.text()

    unit = unit_session(tmp_path)
    side = dialog_for(unit, qtbot)
    assert side.accept_button.isVisible() and not side.invite_button.isVisible()
    files.extend([invite, answer])
    side.accept_button.click()
    unit_fp = unit.store.exchange.me()["fingerprint"]
    assert answer.exists() and unit_fp in side.own.text()
    assert statuses(side) == ["待确认"] and side.table.item(0, 4).text() == office_fp

    files.append(answer)
    office.answer_button.click()
    assert statuses(office) == ["待确认"] and office.table.item(0, 1).text() == "区科技局"
    texts.append("0000-0000-0000-0000")
    office.confirm_button.click()
    assert "指纹不一致" in office.message.text() and statuses(office) == ["待确认"]
    texts.append(unit_fp)
    office.confirm_button.click()
    assert statuses(office) == ["已确认"] and "已信任" in office.message.text()
    texts.append(office_fp)
    side.confirm_button.click()
    assert statuses(side) == ["已确认"]
    assert office.grab().save(str(shots / "enrolment.png"))

    texts.append("  ")
    office.revoke_button.click()
    assert "吊销原因" in office.message.text() and statuses(office) == ["已确认"]
    texts.append("电脑更换")
    office.revoke_button.click()
    assert statuses(office) == ["已吊销"]
    assert session.store.exchange.peers()[0]["revoked_reason"] == "电脑更换"
    assert not files and not texts
    unit.store.close()


def test_unit_refuses_second_enrolment(session, qtbot, tmp_path, monkeypatch):
    invite = tmp_path / "区科技局.qjenrol"
    files = [invite, invite, tmp_path / "a.qjenrol", invite, tmp_path / "b.qjenrol"]
    texts = ["区科技局"]
    answers(monkeypatch, files, texts)
    office = dialog_for(session, qtbot)
    office.invite_button.click()
    unit = unit_session(tmp_path)
    side = dialog_for(unit, qtbot)
    side.accept_button.click()
    assert not side.accept_button.isEnabled()
    office.accept_invitation()   # the office database is not empty: refused in Chinese
    assert "只能在新建的空数据库" in office.message.text()
    assert len(session.store.exchange.peers()) == 0 and not (tmp_path / "b.qjenrol").exists()
    unit.store.close()
