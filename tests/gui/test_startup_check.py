"""The window's background start-up check: it paints first, then checks and backs up; damage
found later turns the window read-only and offers the restore, as the start-up prompt does."""
import datetime as dt
import threading

import pytest
from gui_helpers import gated_restore, release_when_progress_shows, visible_progress

from qjtasks.core import backup
from qjtasks.core.models import ItemEdit
from qjtasks.gui import app
from qjtasks.gui.dialogs import recovery

TODAY = dt.date(2026, 11, 25)


QUIET_PAGES = []   # pages of indexes the window does not read at start (filled by `closed`)


@pytest.fixture
def closed(seeded, gui_app):
    """A seeded file on disk, closed, with yesterday's backup beside it."""
    path = seeded.store.path
    backup.auto_backup(seeded.store.conn, path, "daily", now=dt.datetime(2026, 11, 24, 9, 0, 0))
    seeded.items.edit(1, ItemEdit(title="备份之后的修改"))
    seeded.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    QUIET_PAGES[:] = [r[0] for r in seeded.store.conn.execute(
        "SELECT pageno FROM dbstat WHERE name IN ('idx_journal_package', "
        "'idx_exchange_peers_install', 'idx_exchange_peers_unit')")]
    seeded.store.close()
    return path


def _damage(path):
    """Garbage in index pages: the window opens and reads fine, quick_check finds it."""
    data = bytearray(path.read_bytes())
    for page in QUIET_PAGES:
        data[(page - 1) * 4096:page * 4096] = b"\x33" * 4096
    path.write_bytes(bytes(data))


def _damage_badly(path):
    """Garbage over the first tables: the window cannot even be built."""
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 9] = b"\x33" * (4096 * 7)
    path.write_bytes(bytes(data))


def _open(qtbot, path):
    session = app.open_session(path, False, TODAY)
    window = app.launch(session, restore=False)
    qtbot.addWidget(window)
    return window


def _wait_check(qtbot, window):
    qtbot.waitUntil(lambda: window.startup_check is not None
                    and window.startup_check.result is not None, timeout=20000)
    return window.startup_check.result


def test_sound_file_paints_then_checks_and_takes_the_days_backup(qtbot, closed):
    window = _open(qtbot, closed)
    assert len(backup.daily_copies(closed)) == 1   # nothing heavy before the window shows
    assert window.startup_check is None or window.startup_check.running
    outcome = _wait_check(qtbot, window)
    assert outcome.problems == [] and backup.has_daily(closed, TODAY)
    assert len(backup.daily_copies(closed)) == 2
    label = window.startup_check.label.text()
    assert "数据库检查通过" in label and "已做今日备份" in label
    assert not window.session.readonly and window.actions_["new_item"].isEnabled()
    window.close()


def test_damage_found_after_painting_turns_read_only_and_keeps_viewing(qtbot, closed,
                                                                       monkeypatch):
    _damage(closed)
    before = closed.read_bytes()
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda p, title, text, choices: asked.append(
        (title, text, [k for k, _ in choices])) or "readonly")
    window = _open(qtbot, closed)
    outcome = _wait_check(qtbot, window)
    assert outcome.problems and asked
    title, text, keys = asked[0]
    assert title == "数据库已损坏" and "已损坏" in text
    assert keys == ["restore_latest", "choose", "readonly", "quit"]
    assert window.session.readonly and "只读" in window.windowTitle()
    assert not window.actions_["new_item"].isEnabled()
    assert not window.actions_["note"].isEnabled()
    for key in ("import_reply", "package_import", "package_export"):
        assert not window.actions_[key].isEnabled(), key
    assert window.actions_["package_conflicts"].isEnabled()     # reading stays possible
    from qjtasks.core.errors import ReadOnlyError
    with pytest.raises(ReadOnlyError, match="损坏"):
        window.session.services.items.edit(1, ItemEdit(title="不应写入"))
    window.table.select_item(1)
    assert not window.actions_["note"].isEnabled()     # selecting does not re-enable writes
    assert len(backup.daily_copies(closed)) == 1   # a damaged file is not backed up
    window.close()
    assert closed.read_bytes() == before


def test_damage_found_after_painting_restores_the_latest_backup(qtbot, closed, monkeypatch):
    """The restore runs on a worker behind a modal progress dialog over the read-only window."""
    _damage(closed)
    monkeypatch.setattr(recovery, "ask", lambda *a: "restore_latest")
    told = []
    monkeypatch.setattr(recovery, "inform", lambda p, title, text: told.append((title, text)))
    gate, calls, seen = threading.Event(), [], []
    gated_restore(monkeypatch, gate, calls)
    window = _open(qtbot, closed)
    release_when_progress_shows(gate, seen)
    _wait_check(qtbot, window)
    assert calls and calls[0] != threading.main_thread().name
    assert seen and "复制备份" in seen[0][0] and seen[0][1] and seen[1] is True
    assert told and told[0][0] == "已恢复" and "重新打开" in told[0][1]
    assert not window.isVisible() and not visible_progress()
    assert list(closed.parent.glob("qj.replaced-*.db"))
    session = app.open_session(closed, False, TODAY)
    assert session.store.item(1).title != "备份之后的修改"   # yesterday's copy
    session.store.close()


def test_damage_found_after_painting_failed_restore_says_so_and_keeps_the_file(
        qtbot, closed, monkeypatch):
    """A restore that fails (here: the backup turned out unusable) is reported in Chinese, the
    damaged file stays where it was, and the window closes rather than working on it."""
    from qjtasks.core.errors import QjtasksError
    _damage(closed)
    before = closed.read_bytes()
    monkeypatch.setattr(recovery, "ask", lambda *a: "restore_latest")
    told = []
    monkeypatch.setattr(recovery, "inform", lambda p, title, text: told.append((title, text)))

    def broken(source, db_path, **kw):
        raise QjtasksError("备份文件已损坏，无法用于恢复")
    monkeypatch.setattr(recovery, "restore", broken)
    window = _open(qtbot, closed)
    _wait_check(qtbot, window)
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    title, text = told[0]
    assert title == "恢复失败" and "备份文件已损坏" in text and "重新打开" in text
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert closed.read_bytes() == before and not list(closed.parent.glob("qj.replaced-*.db"))


def test_damage_found_after_painting_quit_closes_the_window(qtbot, closed, monkeypatch):
    _damage(closed)
    monkeypatch.setattr(recovery, "ask", lambda *a: "quit")
    window = _open(qtbot, closed)
    _wait_check(qtbot, window)
    assert not window.isVisible()


def test_closing_during_the_check_cancels_it(qtbot, closed, monkeypatch):
    from qjtasks.core import integrity
    started = []

    def slow(conn, level):
        started.append(level)
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                     "SELECT count(*) FROM c").fetchone()
        return []
    monkeypatch.setattr(integrity, "pragma_problems", slow)
    window = _open(qtbot, closed)
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert "正在检查数据库" in window.startup_check.label.text()
    window.close()
    assert not window.startup_check.running
    assert len(backup.daily_copies(closed)) == 1


def test_file_too_damaged_for_the_window_gets_the_offer_before_it(qtbot, closed, monkeypatch):
    _damage_badly(closed)
    session = app.open_session(closed, False, TODAY)     # the header is fine
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda p, t, text, c: asked.append(t) or "restore_latest")
    monkeypatch.setattr(recovery, "inform", lambda *a: None)
    window = app.launch(session, restore=False)
    qtbot.addWidget(window)
    assert asked == ["数据库已损坏"]
    assert window is not None and window.isVisible() and not window.session.readonly
    assert window.session.store.item(1).title != "备份之后的修改"
    assert window.session.today == TODAY
    window.close()


def test_file_too_damaged_for_the_window_quit_opens_nothing(qtbot, closed, monkeypatch):
    _damage_badly(closed)
    session = app.open_session(closed, False, TODAY)
    monkeypatch.setattr(recovery, "ask", lambda *a: "quit")
    assert app.launch(session, restore=False) is None


def test_uncaught_read_damage_turns_the_window_read_only_with_a_message(qtbot, closed,
                                                                        monkeypatch):
    import sqlite3
    import sys

    from PySide6.QtWidgets import QMessageBox
    window = _open(qtbot, closed)
    _wait_check(qtbot, window)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "__excepthook__", lambda *a: None)
    app.install_error_hook(window)
    _damage(closed)
    err = sqlite3.DatabaseError("database disk image is malformed")
    sys.excepthook(type(err), err, None)
    assert shown and "已损坏" in shown[0] and window.session.readonly
    assert not window.actions_["new_item"].isEnabled()
    sys.excepthook(ValueError, ValueError("x"), None)
    assert "程序内部错误" in shown[1] and "ValueError" not in shown[1] and "qjtasks.log" in shown[1]
    window.close()
