"""The entry point: Chinese Qt dialogs, a CJK font, opening and seeding the database, the lock."""
import subprocess
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from qjtasks.gui import app as gui_app_module
from qjtasks.gui import lock


def test_qt_dialogs_are_chinese(gui_app):
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"


def test_cjk_font_and_size(gui_app):
    from qjtasks.gui.fonts import MIN_POINT_SIZE, find_cjk_family
    family = find_cjk_family()
    assert family is not None
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert QApplication.font().pointSizeF() >= MIN_POINT_SIZE
    assert family in QApplication.font().families()


def test_main_opens_and_seeds_the_database(tmp_path, gui_app, monkeypatch):
    shown = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "" and
                      hasattr(w, "session"))
        shown["rows"] = window.table.model_.rowCount()
        shown["title"] = window.windowTitle()
        window.close()
        return 0
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    db = tmp_path / "新库.db"
    assert gui_app_module.main(["--db", str(db), "--today", "2026-11-25"]) == 0
    assert shown["rows"] == 17 and str(db) in shown["title"]
    assert not lock.lock_path(db).exists()  # released on exit


def test_main_offers_read_only_when_locked(tmp_path, gui_app, monkeypatch):
    from qjtasks.core.lock import lock_path
    from qjtasks.core.store import Store
    db = tmp_path / "qj.db"
    Store.open(db).close()
    # Another live process (another window, another PC) holds the write lock.
    code = ("import sys, time; from pathlib import Path; from qjtasks.core.lock import DbLock; "
            f"DbLock(Path({str(db)!r}), '桌面版').acquire(); print('held', flush=True); "
            "time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    asked = []
    monkeypatch.setattr(gui_app_module, "confirm_readonly",
                        lambda store, parent=None: asked.append(store.readonly_reason) or False)
    try:
        assert holder.stdout.readline().strip() == "held" and lock_path(db).exists()
        assert gui_app_module.main(["--db", str(db)]) == 0  # the user chose 退出
    finally:
        holder.kill()
        holder.wait()
    assert asked and "桌面版" in asked[0]


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path, gui_app):
    db = tmp_path / "qj.db"
    code = ("import os; from pathlib import Path; from qjtasks.gui import lock; "
            f"l = lock.acquire(Path({str(db)!r})); assert l is not None; os._exit(0)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    assert lock.lock_path(db).exists()
    held = lock.acquire(db)
    assert held is not None
    held.unlock()
