"""关于 and restore dialogs, and the damaged-database hook, driven offscreen with pytest-qt."""
import datetime as dt
import sqlite3

import pytest

from qjtasks import __version__
from qjtasks.core import backup, integrity
from qjtasks.gui.dialogs import about, recovery


@pytest.fixture
def live(seeded):
    """A seeded database with two backups in backups/ (the newest has one edit more)."""
    path = seeded.store.path
    backup.auto_backup(seeded.conn, path, "daily", now=dt.datetime(2026, 11, 24, 9, 0, 0))
    seeded.edit_item(1, title="备份之后的修改")
    backup.auto_backup(seeded.conn, path, "daily", now=dt.datetime(2026, 11, 25, 9, 0, 0))
    return seeded


def test_about_shows_version_path_and_schema(qtbot, live):
    dialog = about.AboutDialog(live.store)
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
    assert "督办事项：17 项" in dialog.details.toPlainText()
    assert dialog.restore_button.isEnabled()
    asked = []
    monkeypatch.setattr(recovery, "ask", lambda *a: asked.append(a[2]) or "yes")
    dialog.restore_button.click()
    assert asked and "确定恢复" in asked[0]
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.result_kept.exists()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT title FROM items WHERE id = 1").fetchone()[0] != "备份之后的修改"
    conn.close()


def test_restore_dialog_refuses_a_non_sqlite_file(qtbot, tmp_path, live):
    junk = tmp_path / "junk.db"
    junk.write_text("这不是数据库")
    dialog = recovery.RestoreDialog(live.store.path)
    qtbot.addWidget(dialog)
    dialog.show_file(junk)
    assert "不是 SQLite 文件" in dialog.error.text() and not dialog.restore_button.isEnabled()


def _damage(path):
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 9] = b"\x33" * (4096 * 7)
    path.write_bytes(bytes(data))


def test_damaged_database_offers_latest_backup_and_reopens(qtbot, live, monkeypatch):
    path = live.store.path
    live.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live.store.close()
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
    path = live.store.path
    live.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live.store.close()
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
    path = live.store.path
    live.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    live.store.close()
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


def test_restore_from_the_window_closes_store_first(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from qjtasks.gui.commands import Commands
    store = window.session.store
    backup.auto_backup(store.conn, store.path, "daily", now=dt.datetime(2026, 11, 20, 8, 0, 0))
    monkeypatch.setattr(recovery, "ask", lambda *a: "yes")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)

    def run_dialog(self):
        self.restore_button.click()
        return self.result()
    monkeypatch.setattr(recovery.RestoreDialog, "exec", run_dialog)
    Commands(window).restore()
    assert list(store.path.parent.glob("qj.replaced-*.db"))
    assert not window.isVisible()
