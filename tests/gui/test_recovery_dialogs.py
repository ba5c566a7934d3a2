"""关于 and restore dialogs, and the damaged-database hook, driven offscreen with pytest-qt.

Checking a backup and restoring one run on worker threads: the tests wait for their results and
check that the dialog keeps handling events while a (deliberately blocked) restore runs.
"""
import datetime as dt
import sqlite3
import threading
import time

import pytest
from gui_helpers import (
    gated_restore,
    gated_restore_dialog,
    release_when_progress_shows,
    visible_progress,
)

from qjtasks import __version__
from qjtasks.core import backup, integrity
from qjtasks.core.models import ItemEdit
from qjtasks.gui.dialogs import about, recovery
from qjtasks.gui.session import Session


@pytest.fixture
def live(seeded):
    """A seeded database with two backups in backups/ (the newest has one edit more)."""
    path = seeded.store.path
    backup.auto_backup(seeded.store.conn, path, "daily", now=dt.datetime(2026, 11, 24, 9, 0, 0))
    seeded.items.edit(1, ItemEdit(title="备份之后的修改"))
    backup.auto_backup(seeded.store.conn, path, "daily", now=dt.datetime(2026, 11, 25, 9, 0, 0))
    return seeded


def test_about_shows_version_path_and_schema(qtbot, live):
    dialog = about.AboutDialog(Session.of(live))
    qtbot.addWidget(dialog)
    text = dialog.text()
    assert f"qjtasks {__version__}" in text and str(live.store.path) in text
    assert f"架构版本：{live.store.schema_version}" in text and "（2 份）" in text
    dialog.copy()
    from PySide6.QtGui import QGuiApplication
    assert "数据库文件" in QGuiApplication.clipboard().text()


def test_restore_dialog_shows_contents_then_restores_and_keeps_old(qtbot, live, monkeypatch):
    path = live.store.path
    live.store.close()
    dialog = recovery.RestoreDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    dialog.list.setCurrentRow(1)                      # the older backup
    assert not dialog.restore_button.isEnabled()      # until the check has passed
    qtbot.waitUntil(lambda: "督办事项：17 项" in dialog.details.toPlainText())
    assert dialog.restore_button.isEnabled()
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda *a: asked.append(a[2]) or "yes")
    dialog.restore_button.click()
    assert asked and "确定恢复" in asked[0]
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10000)
    assert dialog.result_kept.exists() and not dialog.restoring
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT title FROM items WHERE id = 1").fetchone()[0] != "备份之后的修改"
    conn.close()


def test_restore_dialog_refuses_a_non_sqlite_file(qtbot, tmp_path, live):
    junk = tmp_path / "junk.db"
    junk.write_text("这不是数据库")
    dialog = recovery.RestoreDialog(live.store.path)
    qtbot.addWidget(dialog)
    dialog.show_file(junk)
    qtbot.waitUntil(lambda: "不是 SQLite 文件" in dialog.error.text())
    assert not dialog.restore_button.isEnabled() and dialog.chosen is None


def _closed(live):
    """The live database written out whole (no WAL) and closed; returns its path."""
    live.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live.store.close()
    return live.store.path


def _damage(path):
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 9] = b"\x33" * (4096 * 7)
    path.write_bytes(bytes(data))


def test_damaged_database_offers_latest_backup_and_reopens(qtbot, live, monkeypatch):
    path = _closed(live)
    _damage(path)
    questions = []

    def answer(parent, title, text, choices):
        questions.append((title, text, [k for k, _ in choices]))
        return recovery.RESTORE_LATEST
    monkeypatch.setattr(recovery, "ask", answer)
    monkeypatch.setattr(recovery, "inform", lambda *a: None)
    store = recovery.open_with_recovery(path)
    assert store is not None and store.item(1).title == "备份之后的修改"
    title, text, keys = questions[0]
    assert title == "数据库已损坏" and "已损坏" in text and keys[0] == recovery.RESTORE_LATEST
    assert list(path.parent.glob("qj.replaced-*.db"))
    store.close()


def test_damaged_database_quit_leaves_file_untouched(qtbot, live, monkeypatch):
    path = _closed(live)
    _damage(path)
    before = path.read_bytes()
    monkeypatch.setattr(recovery, "ask", lambda *a: recovery.QUIT)
    assert recovery.open_with_recovery(path) is None
    assert path.read_bytes() == before
    with pytest.raises(integrity.DamagedDatabaseError):
        integrity.open_checked(path, every_open=True)


def test_app_start_refuses_a_truncated_file_before_the_window(qtbot, live, monkeypatch):
    """The header check still runs before the window: a cut copy gets the offer at once."""
    from qjtasks.gui import app
    path = _closed(live)
    path.write_bytes(path.read_bytes()[: 4096 * 12])
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda p, t, text, c: asked.append(text) or "restore_latest")
    monkeypatch.setattr(recovery, "inform", lambda *a: None)
    session = app.open_session(path, False, None)
    assert asked and "截断" in asked[0]
    assert session is not None and not session.readonly and session.store.lock is not None
    assert session.store.item(1).title == "备份之后的修改"
    session.store.close()


def test_app_start_while_another_pc_holds_the_lock_is_read_only(qtbot, live, monkeypatch):
    from qjtasks.core import lock
    from qjtasks.gui import app
    path = live.store.path
    live.store.close()
    holder = lock.LockInfo("科室电脑2", 77, "李四", "桌面版", "2999-01-01T00:00:00", "t")
    lock.lock_path(path).write_text(holder.text(), encoding="utf-8")
    session = app.open_session(path, False, None)
    assert session.readonly and "李四" in session.store.readonly_reason
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda p, t, text, c: asked.append(text) or "readonly")
    assert app.confirm_readonly(session.store) and "科室电脑2" in asked[0]
    session.store.close()
    assert lock.read(lock.lock_path(path)).user == "李四"      # someone else's lock stays


def test_help_about_and_file_restore_in_the_window(window, monkeypatch):
    from qjtasks.gui.dialogs.about import AboutDialog
    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self.text()) or 0)
    window.actions_["about"].trigger()
    assert shown and "架构版本" in shown[0] and str(window.session.store.path) in shown[0]
    assert window.actions_.by_key["restore"].text() == "从备份恢复…"


def test_restore_from_the_window_closes_store_first(window, monkeypatch, tmp_path, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from qjtasks.gui.commands import Commands
    store = window.session.store
    backup.auto_backup(store.conn, store.path, "daily", now=dt.datetime(2026, 11, 20, 8, 0, 0))
    monkeypatch.setattr(recovery, "ask", lambda *a: "yes")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)

    closed_first = []

    def restore_after_close(source, db_path, **kw):
        closed_first.append(window.session.store.lock is None)   # released by before_replace
        return real_restore(source, db_path, **kw)
    real_restore = recovery.restore
    monkeypatch.setattr(recovery, "restore", restore_after_close)

    def run_dialog(self):
        qtbot.waitUntil(self.restore_button.isEnabled)
        self.restore_button.click()
        qtbot.waitUntil(lambda: not self.restoring)
        return self.result()
    monkeypatch.setattr(recovery.RestoreDialog, "exec", run_dialog)
    Commands(window).restore()
    assert closed_first == [True]
    assert list(store.path.parent.glob("qj.replaced-*.db"))
    assert not window.isVisible()


def test_restore_dialog_stays_live_during_a_slow_restore(qtbot, live, monkeypatch):
    from PySide6.QtCore import QTimer

    from qjtasks.core import lock
    path = live.store.path
    live.store.close()
    dialog, gate, calls = gated_restore_dialog(qtbot, monkeypatch, path)
    before = path.read_bytes()
    dialog.restore_button.click()
    ticks = []
    timer = QTimer(dialog, interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 10 and "复制备份" in dialog.status.text())
        assert calls and calls[0] != threading.main_thread().name    # off the UI thread
        assert dialog.progress.isVisible() and dialog.progress.value() == 1
        assert "25%" in dialog.status.text()
        assert dialog.restoring and not dialog.restore_button.isEnabled()
        assert not dialog.cancel_button.isEnabled() and not dialog.list.isEnabled()
        dialog.reject()                                  # Esc / 取消 / the close button
        dialog.close()
        assert dialog.isVisible() and dialog.result() == 0
        assert lock.lock_path(path).exists()             # the write lock is held meanwhile
        assert path.read_bytes() == before
    finally:
        gate.set()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10000)
    assert not dialog.restoring and dialog.result_kept.exists()
    assert not lock.lock_path(path).exists()
    assert "已恢复 17 项事项" in dialog.status.text()


def test_restore_dialog_failure_shows_the_error_and_leaves_the_file(qtbot, live, monkeypatch):
    """The file passed the quick check when chosen, then went bad: the full check refuses it."""
    from qjtasks.core import lock
    path = _closed(live)
    monkeypatch.setattr(recovery, "ask", lambda *a: "yes")
    dialog = recovery.RestoreDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.restore_button.isEnabled)
    dialog.chosen.path.write_bytes(b"\0" * 8192)
    before = path.read_bytes()
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.restoring, timeout=10000)
    assert "不是 SQLite 文件" in dialog.error.text() and "备份" in dialog.error.text()
    assert dialog.isVisible() and dialog.result() == 0 and dialog.result_kept is None
    assert not dialog.progress.isVisible() and dialog.status.text() == ""
    assert dialog.list.isEnabled() and dialog.cancel_button.isEnabled()
    assert path.read_bytes() == before
    assert not list(path.parent.glob("qj.replaced-*")) and not list(path.parent.glob("*.restoring"))
    assert not lock.lock_path(path).exists()
    dialog.reject()                                      # closable again
    assert not dialog.isVisible()


def test_restore_dialog_drops_stale_check_results(qtbot, live, monkeypatch):
    """Clicking another backup stops the running check; its late result is not shown."""
    path = live.store.path
    live.store.close()
    newest, older = backup.list_backups(path)
    gate, stops = threading.Event(), {}
    real = recovery.check_restorable

    def check(source, *, full, stop):
        stops[source] = stop
        if source == newest:
            assert gate.wait(20)                          # ignores `stop`: a late result
        return real(source, full=full)
    monkeypatch.setattr(recovery, "check_restorable", check)
    dialog = recovery.RestoreDialog(path)                 # selects the newest: slow
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: newest in stops)
    assert dialog.checking and not dialog.restore_button.isEnabled()
    assert "正在检查备份文件" in dialog.details.toPlainText()
    dialog.list.setCurrentRow(1)
    assert stops[newest]()                                # told to stop
    qtbot.waitUntil(lambda: dialog.chosen is not None)
    assert dialog.chosen.path == older and dialog.restore_button.isEnabled()
    shown = dialog.details.toPlainText()
    gate.set()
    qtbot.waitUntil(lambda: dialog._checks.outstanding == 0, timeout=15000)   # stale, arrived
    qtbot.wait(50)
    assert dialog.chosen.path == older and dialog.details.toPlainText() == shown
    assert str(older) in shown and str(newest) not in shown


def test_closing_the_dialog_during_a_check_stops_it(qtbot, live, monkeypatch):
    path = live.store.path
    live.store.close()
    stops = []

    def check(source, *, full, stop):
        stops.append(stop)
        for _ in range(2000):                             # a slow check that heeds `stop`
            if stop():
                raise backup.InspectCancelled("检查已停止")
            time.sleep(0.01)
        raise AssertionError("the check was never told to stop")
    monkeypatch.setattr(recovery, "check_restorable", check)
    dialog = recovery.RestoreDialog(path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(stops), timeout=15000)
    assert dialog.checking and not stops[0]()
    dialog.reject()
    assert stops[0]() and not dialog.checking
    qtbot.waitUntil(lambda: dialog._checks.outstanding == 0, timeout=20000)
    assert dialog.chosen is None and dialog.error.text() == ""   # the late result was dropped


def test_start_up_restore_runs_behind_a_progress_dialog(qtbot, live, monkeypatch):
    path = _closed(live)
    _damage(path)
    gate, calls, seen, told = threading.Event(), [], [], []
    gated_restore(monkeypatch, gate, calls)
    monkeypatch.setattr(recovery, "ask", lambda *a: recovery.RESTORE_LATEST)
    monkeypatch.setattr(recovery, "inform", lambda p, title, text: told.append(title))
    release_when_progress_shows(gate, seen)
    store = recovery.open_with_recovery(path)
    assert calls and calls[0] != threading.main_thread().name
    assert seen and "25%" in seen[0][0] and seen[0][1] and seen[1] is True
    assert told == ["已恢复"] and not visible_progress()
    assert store is not None and store.item(1).title == "备份之后的修改"
    store.close()


def test_start_up_restore_failure_is_told_and_leaves_the_file(qtbot, live, monkeypatch):
    from qjtasks.core.errors import DatabaseError
    path = _closed(live)
    _damage(path)
    before = path.read_bytes()

    def failing(source, db_path, **kw):
        kw["progress"]("check", 0, 0)
        raise DatabaseError("恢复失败，现有数据库未作改动：磁盘已满")
    monkeypatch.setattr(recovery, "restore", failing)
    answers = iter([recovery.RESTORE_LATEST, recovery.QUIT])
    monkeypatch.setattr(recovery, "ask", lambda *a: next(answers))
    told = []
    monkeypatch.setattr(recovery, "inform", lambda p, title, text: told.append((title, text)))
    assert recovery.open_with_recovery(path) is None
    assert told == [("恢复失败", "恢复失败，现有数据库未作改动：磁盘已满")]
    assert path.read_bytes() == before and not visible_progress()


def test_a_missing_database_is_offered_to_create_or_choose_not_made_silently(qtbot, tmp_path,
                                                                              monkeypatch):
    """Issue 16 case 3 in the window: a --db path that is not there is asked about."""
    from qjtasks.gui import app
    path = tmp_path / "不存在的文件夹" / "new.db"
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda p, t, text, c: asked.append((t, [k for k, _ in c]))
                        or recovery.QUIT)
    assert app.open_session(path, False, None, create=False) is None
    assert asked == [("数据库文件不存在", [recovery.CREATE, recovery.CHOOSE, recovery.QUIT])]
    assert not path.parent.exists()
    monkeypatch.setattr(recovery, "ask", lambda *a: recovery.CREATE)
    session = app.open_session(path, False, None, create=False)
    assert session is not None and path.exists() and session.store.item(1) is not None
    session.store.close()


def test_what_a_killed_restore_left_is_said_in_the_window(qtbot, live, monkeypatch):
    path = _closed(live)
    path.with_name(path.name + ".restoring").write_bytes(b"half")
    told = []
    monkeypatch.setattr(recovery, "inform", lambda p, title, text: told.append((title, text)))
    store = recovery.open_with_recovery(path)
    assert told and "上次从备份恢复时被中断" in told[0][1]
    assert not path.with_name(path.name + ".restoring").exists()
    store.close()
