"""帮助 → 使用说明 (F1) opens the shipped Chinese manual; 关于 shows the installed version."""
from importlib.metadata import version

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from qjtasks.gui.dialogs.about import about_rows
from qjtasks.gui.dialogs.manual import ManualDialog, manual_path


def _manuals():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ManualDialog) and w.isVisible()]


def test_f1_and_the_help_menu_open_the_manual(window, qtbot):
    help_menu = window.actions_.menus["help"]
    labels = [a.text() for a in help_menu.actions()]
    assert labels == ["使用说明", "关于"]
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_manuals()), timeout=3000)
    dialog = _manuals()[0]
    text = dialog.browser.toPlainText()
    for heading in ("第一天", "日常工作", "与承办单位交换数据", "备份与恢复"):
        assert heading in text
    assert "找不到" not in text and window.isEnabled()   # beside the window, not blocking it
    dialog.close()
    qtbot.waitUntil(lambda: not _manuals(), timeout=3000)
    help_menu.actions()[0].trigger()
    assert _manuals()


def test_every_menu_named_in_the_manual_exists(window):
    """The manual says 文件 → 导入复函… etc.; each such action is really in that menu."""
    import re
    text = manual_path().read_text(encoding="utf-8")
    wanted = re.findall(r"(文件|事项|办理|打印|视图|工具|帮助) → ([^，。；<（]+?…)", text)
    assert len(wanted) >= 10
    menus = {key: [a.text().replace("&", "") for a in menu.actions()]
             for key, menu in window.actions_.menus.items()}
    titles = {"文件": "file", "事项": "item", "办理": "handle", "打印": "print", "视图": "view",
              "工具": "tools", "帮助": "help"}
    missing = [f"{m} → {a}" for m, a in wanted
               if not any(x.startswith(a.strip()) for x in menus[titles[m]])]
    assert missing == []


def test_about_shows_the_installed_version(session):
    rows = dict(about_rows(session.store))
    assert rows["程序版本"] == f"qjtasks {version('qjtasks')}"
