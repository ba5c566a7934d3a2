"""Issue 15 in the window: at a bureau the office's acts are disabled (saying why), the bureau
answers a chase with 答复催办…, and the office sees the answer on the item's timeline.

Screenshots at 1366×768 and 1024×700 go to tests/_screenshots/ and /tmp/shots/exchange/.
"""
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import ensure_default
from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange import enrol, export, importer

OUT = Path(__file__).resolve().parents[1] / "_screenshots"
COPY = Path("/tmp/shots/exchange")
TODAY = __import__("datetime").date(2026, 12, 2)


def shot(widget, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.png"
    image = widget.grab().toImage()
    assert image.save(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23)
               for y in range(0, image.height(), 19)}
    assert len(colours) > 3, f"{name} looks blank"
    try:
        COPY.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, COPY / path.name)
    except OSError:
        pass


@pytest.fixture
def loop(tmp_path, gui_app):
    """An office (item 12 issued, two written chases to 区交通局) and 区交通局's installation."""
    office = Services(Store.open(tmp_path / "office.db"))
    ensure_default(office)
    office.items.edit(12, ItemEdit(deadline="2027-02-25"))
    office.lifecycle.issue(12, "2026-11-25")
    unit = Services(Store.open(tmp_path / "交通局.db"))
    peer = enrol.receive_answer(office, enrol.accept(unit, enrol.invitation(office, "区交通局")))
    enrol.confirm(office, peer["id"], peer["fingerprint"])
    op = unit.store.exchange.peers()[0]
    enrol.confirm(unit, op["id"], op["fingerprint"])
    tid = office.store.unit_by_name("区交通局").id
    office.chases.add(12, tid, "书面", "2026-12-01", rung="催办通知1")
    office.chases.add(12, None, "电话", "2026-12-02", person_reached="交通局办公室")
    importer.import_package(unit, export.export_package(office, tmp_path / "o1.qjpkg",
                                                        "区交通局").path)
    yield office, unit, tmp_path
    office.store.close()
    unit.store.close()


def make_window(services, qtbot, size=(1366, 768)):
    from qjtasks.gui.main_window import MainWindow
    from qjtasks.gui.operations import Operations
    from qjtasks.gui.session import Session
    session = Session(services.store, services, lambda: TODAY)
    session.ops = Operations()
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_bureau_window_disables_the_offices_acts_and_says_why(loop, qtbot):
    _, unit, _ = loop
    win = make_window(unit, qtbot)
    win.table.select_item(12)
    qtbot.wait(50)
    acts = win.actions_
    for key in ("chase", "issue", "edit_item", "assign", "review", "decide_extension", "pause",
                "withdraw", "new_item", "split_item"):
        assert not acts[key].isEnabled(), key
        assert "承办单位端" in acts[key].toolTip() and "区交通局" in acts[key].toolTip()
    for key in ("sign", "note", "extension", "chase_reply"):
        assert acts[key].isEnabled(), key
    # 申请办结 is the unit's act, but not before it signed: the item's state says so
    assert not acts["complete"].isEnabled() and "待签收" in acts["complete"].toolTip()
    label = win.statusBar().findChild(QLabel, "unit_installation")
    assert label is not None and label.text() == "承办单位端：区交通局"


def test_office_window_has_no_bureau_restrictions(loop, qtbot):
    office, _, _ = loop
    win = make_window(office, qtbot)
    win.table.select_item(12)
    qtbot.wait(50)
    assert win.actions_["chase"].isEnabled() and "chase_reply" not in win.actions_.by_key


def test_bureau_answers_a_chase_and_the_office_sees_it(loop, qtbot, monkeypatch):
    from qjtasks.gui.dialogs.chase_reply import ChaseReplyDialog
    office, unit, tmp = loop
    win = make_window(unit, qtbot)
    win.table.select_item(12)
    qtbot.wait(50)
    dialog = ChaseReplyDialog(win.session, win, item_id=12)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.fields["chase"]
    assert box.count() == 2 and "綦发改催" in box.itemText(0) + box.itemText(1)
    written = next(i for i in range(box.count()) if "书面" in box.itemText(i))
    box.setCurrentIndex(written)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()      # empty answer
    assert "催办答复不能为空" in dialog.visible_error() and dialog.isVisible()
    dialog.fields["answer"].setPlainText("已成立专班，12月10日前报送规划初稿")
    dialog.fields["by"].setText("交通局 李明")
    dialog.fields["on"].setText("2026-12-02")
    dialog.move(win.x() + 200, win.y() + 150)
    qtbot.wait(50)
    shot(win, "bureau_window_1366x768")
    shot(dialog, "bureau_chase_reply_dialog")
    with qtbot.waitSignal(win.session.ops.changed):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    win.detail.show_item(12)
    qtbot.wait(50)
    assert "答复第1次催办：已成立专班" in win.detail.toPlainText()
    assert win.detail.find("答复第1次催办")          # scrolls the pane to the answer
    win.resize(1024, 700)
    qtbot.wait(50)
    win.detail.moveCursor(win.detail.textCursor().MoveOperation.Start)
    assert win.detail.find("答复第1次催办")
    shot(win, "bureau_after_reply_1024x700")

    back = export.export_package(unit, tmp / "u1.qjpkg").path
    owin = make_window(office, qtbot)
    imp = owin.package_commands.make_import_dialog(str(back))
    qtbot.addWidget(imp)
    imp.show()
    assert "催办答复 1 条：新登记 1" in imp.message.text()
    shot(imp, "office_import_preview")
    with qtbot.waitSignal(owin.session.ops.changed):
        imp.apply_button.click()
    chase = next(c for c in office.store.chases.of(12) if c.method == "书面")
    assert chase.answer == "已成立专班，12月10日前报送规划初稿"
    owin.table.select_item(12)
    owin.detail.show_item(12)
    qtbot.wait(50)
    assert "答复第1次催办：已成立专班" in owin.detail.toPlainText()
    assert owin.detail.find("答复第1次催办")
    shot(owin, "office_sees_answer_1366x768")
    owin.resize(1024, 700)
    qtbot.wait(50)
    owin.detail.moveCursor(owin.detail.textCursor().MoveOperation.Start)
    assert owin.detail.find("答复第1次催办")
    shot(owin, "office_sees_answer_1024x700")
    # importing it again: nothing wrong, nothing changes
    again = owin.package_commands.make_import_dialog(str(back))
    qtbot.addWidget(again)
    assert again.message.text().startswith("已导入过，无变化") and not again.apply_button.isEnabled()
