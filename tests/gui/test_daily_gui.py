"""今日需催办 dialog, ledger import dialog and the hourly check, driven through real widgets."""
import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from qjtasks.core import reminder_child, reminders
from qjtasks.core.ladder import NOTICE1, PHONE
from qjtasks.core.models import ItemEdit
from qjtasks.gui import daily_check
from qjtasks.gui.daily_check import DailyCheck
from qjtasks.gui.dialogs.ledger_import import NOT_USED, LedgerImportDialog
from qjtasks.gui.dialogs.today_dialog import TodayDialog
from qjtasks.gui.session import Session

D = dt.date


@pytest.fixture
def running(seeded):
    for item_id, deadline in ((1, "2022-09-30"), (2, "2022-10-11")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2022-07-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2022, 7, 1))
        seeded.lifecycle.sign(item_id, seeded.store.item(item_id).lead_unit_id, "王五",
                              "2022-07-02 09:00")
    return seeded


def test_today_dialog_lists_proposals_and_acts_in_one_step(qtbot, running):
    dlg = _today(qtbot, running)
    assert dlg.model.rowCount() == 2
    assert [dlg.rung(r) for r in range(2)] == [NOTICE1, PHONE]
    assert all(dlg.is_checked(r) for r in range(2))
    assert "建议今日催办 2 项" in dlg.summary.text()
    assert dlg.others_model.rowCount() >= 2          # feedback overdue since July
    dlg.set_checked(1, False)
    seen = []
    dlg.changed.connect(seen.append)
    with qtbot.waitSignal(dlg.changed, timeout=15000):    # recorded on a worker
        qtbot.mouseClick(dlg.act_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].item_ids == {1}
    assert running.store.chases.of(1)[0].rung == NOTICE1 and running.store.chases.of(2) == []
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert "已登记 1 项催办" in dlg.summary.text()
    assert dlg.cell(0, 7) == NOTICE1          # reloaded: the rung reached moved up


def _today(qtbot, store_services, day=D(2022, 10, 8)):
    """The dialog, once its list has been worked out on the worker."""
    dlg = TodayDialog(Session.of(store_services, today=day))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    return dlg


def test_today_dialog_rung_is_chosen_in_a_combo_box_delegate(qtbot, running):
    from PySide6.QtWidgets import QComboBox
    dlg = _today(qtbot, running)
    dlg.show()
    index = dlg.model.index(1, 8)
    dlg.table.edit(index)
    editor = dlg.table.indexWidget(index) or dlg.table.focusWidget()
    assert isinstance(editor, QComboBox) and editor.currentText() == PHONE
    editor.setCurrentText(NOTICE1)
    editor.activated.emit(editor.currentIndex())          # the user picks a rung
    assert dlg.rung(1) == NOTICE1
    assert not dlg.model.setData(index, "不存在的层级")   # only the ladder's rungs
    assert dlg.rung(1) == NOTICE1
    qtbot.mouseClick(dlg.none_button, Qt.MouseButton.LeftButton)
    assert dlg.selection() == []
    qtbot.mouseClick(dlg.all_button, Qt.MouseButton.LeftButton)
    assert dlg.selection() == [(1, NOTICE1), (2, NOTICE1)]
    dlg.set_checked(0, False)
    with qtbot.waitSignal(dlg.changed, timeout=15000):
        dlg.act()
    assert [c.rung for c in running.store.chases.of(2)] == [NOTICE1]


def test_today_dialog_shows_refusals(qtbot, running):
    dlg = _today(qtbot, running)
    dlg.date_edit.setText("明天")
    dlg.act()
    assert not dlg.error.isHidden() and "无法识别" in dlg.error.text()
    assert running.store.chases.of(1) == [] and not dlg.busy
    dlg.date_edit.setText("2022-10-08")
    for r in range(dlg.model.rowCount()):
        dlg.set_checked(r, False)
    dlg.act()
    assert "请先选择" in dlg.error.text() and running.store.chases.of(1) == []
    dlg.model.check_all(True)
    # withdrawn elsewhere (another window, a package) since the list was worked out
    running.store.conn.execute("UPDATE items SET status = '已撤销' WHERE id = 2")
    dlg.act()                                  # refused on the worker: nothing is written
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    assert "无需催办" in dlg.error.text() and not dlg.error.isHidden()
    assert running.store.chases.of(1) == [] and dlg.close_button.isEnabled()


def test_ledger_dialog_preview_mapping_and_import(qtbot, seeded, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("工作任务,主管,截止,备注\n节水宣传,区科技局,2027-02-01,\n"
                    "路灯改造,区城市大脑办,2027-03-01,\n", encoding="utf-8")
    dlg = LedgerImportDialog(Session.of(seeded), path=path)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.busy)         # read and previewed on a worker
    assert dlg.boxes["title"].currentText() == "工作任务"
    assert dlg.boxes["lead"].currentText() == NOT_USED
    dlg.boxes["lead"].setCurrentText("主管")
    dlg.boxes["deadline"].setCurrentText("截止")
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 3).text() == "区科技局"
    assert dlg.errors.count() == 1 and "第3行" in dlg.errors.item(0).text()
    before = seeded.store.conn.execute("SELECT count(*) FROM items").fetchone()[0]
    with qtbot.waitSignal(dlg.changed):           # written on a worker's own connection
        qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert seeded.store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == before + 1
    assert "新增 1 项" in dlg.status.text()
    again = LedgerImportDialog(Session.of(seeded), path=path)   # mapping remembered
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: not again.busy)
    assert again.boxes["lead"].currentText() == "主管"


def test_ledger_dialog_reports_unreadable_file(qtbot, seeded, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"junk")
    dlg = LedgerImportDialog(Session.of(seeded), path=bad)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.busy)
    assert "不是有效的 Excel" in dlg.status.text() and not dlg.import_button.isEnabled()


def test_daily_check_notifies_only_new_things(qtbot, running):
    day = [D(2022, 9, 28)]
    check = DailyCheck(running.store, today=lambda: day[0], interval_ms=50, use_tray=True)
    assert (check.tray is None) == (not QSystemTrayIcon.isSystemTrayAvailable())
    assert check.background                      # reads on a worker with its own connection
    noticed = []
    check.noticed.connect(noticed.append)
    with qtbot.waitSignal(check.checked, timeout=15000):
        check.start(startup_delay_ms=0)                 # start-up check
    assert len(noticed) == 1
    with qtbot.waitSignal(check.checked, timeout=15000):
        pass                                            # an hourly tick: nothing new
    assert len(noticed) == 1
    day[0] = D(2022, 10, 8)
    with qtbot.waitSignal(check.noticed, timeout=15000) as blocker:
        pass
    assert any("已逾期" in text for _, text in blocker.args[0].new)
    check.stop()


def test_today_dialog_prints_written_notices_in_a_batch(qtbot, running, tmp_path):
    from pypdf import PdfReader
    dlg = _today(qtbot, running)
    dlg.print_box.setChecked(True)
    dlg.print_path = tmp_path / "催办.pdf"
    with qtbot.waitSignal(dlg.changed, timeout=15000):
        dlg.act()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=15000)
    reader = PdfReader(str(dlg.print_path))
    assert len(reader.pages) == 2          # one notice (item 1), two copies; item 2 is a phone call
    assert "綦发改催〔2022〕1号" in reader.pages[0].extract_text()
    assert "已生成催办通知单 1 份" in dlg.summary.text()


def test_daily_check_in_process_for_memory_stores(qtbot):
    from qjtasks.core.store import Store
    store = Store.memory()
    check = DailyCheck(store, today=lambda: D(2026, 11, 25), use_tray=False)
    assert not check.background
    notice = check.check_now()
    assert notice is not None and not notice.should_notify() and notice.total == 0


@pytest.fixture
def make_check():
    """DailyChecks stopped and deleted at the end of the test, while their runners live (left
    to the garbage collector, one could go after its runner, and its `destroyed` would reach a
    deleted slot in a later test)."""
    import shiboken6
    made = []

    def make(store, **kw):
        made.append(DailyCheck(store, **kw))
        return made[-1]
    yield make
    for check in made:
        check.stop()
        check._runner.wait(30)
        shiboken6.delete(check)


def _no_reading_here(monkeypatch, mine=None) -> list:
    """Record any reading on the window's own side (the worker thread's fallback) of the
    database `mine` (a check left running by an earlier test reads another one)."""
    calls = []
    original = DailyCheck._compute

    def spy(store, today):
        if mine is None or store.path == mine.path:
            calls.append(today)
        return original(store, today)
    monkeypatch.setattr(DailyCheck, "_compute", staticmethod(spy))
    return calls


def test_daily_check_reads_in_a_child_process(qtbot, running, monkeypatch, make_check):
    here = _no_reading_here(monkeypatch, running.store)
    reminders.mark_seen(running.store, {"late:9:2022-01-01"})
    want, _ = reminders.check(running.store, D(2022, 10, 8))
    check = make_check(running.store, today=lambda: D(2022, 10, 8), use_tray=False)
    with qtbot.waitSignal(check.checked, timeout=15000) as blocker:
        check.check_now()
    notice = blocker.args[0]
    assert here == [] and check.child                  # answered by the child
    assert notice.total == want.total and notice.new == want.new
    # what was new is remembered, what is gone forgotten: the next check is quiet
    assert reminders.seen_keys(running.store) == {k for k, _ in want.new}
    with qtbot.waitSignal(check.checked, timeout=15000) as blocker:
        check.check_now()
    assert not blocker.args[0].should_notify() and here == []


def test_daily_check_falls_back_to_a_thread_when_the_child_fails(
        qtbot, running, monkeypatch, make_check):
    here = _no_reading_here(monkeypatch, running.store)
    monkeypatch.setattr(daily_check, "child_command",
                        lambda *_: [sys.executable, "-c", "import sys; sys.exit(5)"])
    want, _ = reminders.check(running.store, D(2022, 10, 8))
    check = make_check(running.store, today=lambda: D(2022, 10, 8), use_tray=False)
    with qtbot.waitSignal(check.checked, timeout=15000) as blocker:
        check.check_now()
    assert blocker.args[0].new == want.new and here == [D(2022, 10, 8)]
    assert not check.child                             # read on the thread from now on


def test_a_database_the_child_cannot_read_waits_for_the_next_hour(
        qtbot, running, monkeypatch, make_check):
    here = _no_reading_here(monkeypatch, running.store)
    monkeypatch.setattr(daily_check, "child_command", lambda *_: [
        sys.executable, "-c", "import sys; print('数据库文件无法打开', file=sys.stderr); "
        f"sys.exit({reminder_child.UNREADABLE})"])
    check = make_check(running.store, today=lambda: D(2022, 10, 8), use_tray=False)
    checked = []
    check.checked.connect(checked.append)
    check.check_now()
    qtbot.waitUntil(lambda: not check._runner.busy, timeout=15000)
    assert checked == [] and here == [] and check.child    # no fallback: reading fails too


def test_stopping_ends_a_running_child_without_reading_here(
        qtbot, running, monkeypatch, make_check):
    here = _no_reading_here(monkeypatch, running.store)
    monkeypatch.setattr(daily_check, "child_command",
                        lambda *_: [sys.executable, "-c", "import time; time.sleep(120)"])
    check = make_check(running.store, today=lambda: D(2022, 10, 8), use_tray=False)
    checked = []
    check.checked.connect(checked.append)
    check.check_now()
    qtbot.waitUntil(lambda: check._process is not None, timeout=15000)
    process = check._process
    check.stop()
    assert check._runner.wait(30)                       # the worker has given up
    assert process.poll() is not None and here == [] and not check._runner.busy
    # the positive signal: the worker's (stale) result has reached the UI thread and been
    # dropped there; only then is the absence of a report meaningful
    qtbot.waitUntil(lambda: check._runner.outstanding == 0, timeout=15000)
    assert checked == []


def test_child_command_for_the_frozen_program(monkeypatch, tmp_path):
    out = tmp_path / "o.json"
    command = daily_check.child_command(tmp_path / "qj.db", D(2026, 11, 25), out)
    assert command[:3] == [sys.executable, "-m", "qjtasks.core.reminder_child"]
    assert command[3:] == [str(tmp_path / "qj.db"), "2026-11-25", str(out)]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/qjtasks/qjtasks-gui")
    assert daily_check.child_command(tmp_path / "qj.db", D(2026, 11, 25), out) == [
        "/opt/qjtasks/qjtasks-gui", "--reminder-check", str(tmp_path / "qj.db"), "2026-11-25",
        str(out)]
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    assert daily_check.child_env()["PYTHONPATH"] == "/somewhere"   # frozen: left alone
    monkeypatch.setattr(sys, "frozen", False)
    root = str(Path(daily_check.__file__).resolve().parents[2])
    assert daily_check.child_env()["PYTHONPATH"].split(os.pathsep) == [root, "/somewhere"]
