"""The entry point: Chinese Qt dialogs, a CJK font, opening and seeding the database, the lock."""
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from qjtasks.core import lock as core_lock
from qjtasks.gui import app as gui_app_module


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
                      hasattr(w, "session") and w.session.store.path == db)  # not a leftover
        shown["rows"] = window.table.model_.rowCount()
        shown["title"] = window.windowTitle()
        window.close()
        return 0
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    from qjtasks.gui.dialogs import recovery
    asked = []          # a --db that is not there is made only when the user says so
    monkeypatch.setattr(recovery, "ask", lambda p, title, *a: asked.append(title) or recovery.CREATE)
    db = tmp_path / "新库.db"
    assert gui_app_module.main(["--db", str(db), "--today", "2026-11-25"]) == 0
    assert asked == ["数据库文件不存在"]
    assert shown["rows"] == 17 and str(db) in shown["title"]
    assert shown["title"].endswith(" — qjtasks 督办事项管理")     # Qt adds no second name
    assert shown["title"].count("qjtasks 督办事项管理") == 1
    assert not core_lock.lock_path(db).exists()  # released on exit


def test_main_offers_read_only_when_another_pc_writes(tmp_path, gui_app, monkeypatch):
    from qjtasks.core.store import Store
    db = tmp_path / "qj.db"
    Store.open(db).close()
    holder = core_lock.LockInfo("科室电脑2", 77, "李四", "桌面版", "2999-01-01T00:00:00", "t")
    core_lock.lock_path(db).write_text(holder.text(), encoding="utf-8")
    asked = []
    monkeypatch.setattr(gui_app_module, "confirm_readonly",
                        lambda store, parent=None: asked.append(store.readonly) or False)
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: pytest.fail("no window")))
    assert gui_app_module.main(["--db", str(db)]) == 0  # the user chose 退出
    assert asked == [True]
    assert core_lock.read(core_lock.lock_path(db)).user == "李四"  # their lock stays
