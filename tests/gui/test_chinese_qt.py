"""Chinese everywhere (issue 22 part 6): Qt's own menus, buttons and file dialogs, and
`qjtasks-gui --help/--version`."""
import os
import re

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox

from qjtasks.gui import app as gui_app_module
from qjtasks.gui.models.files import chinese_size

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _words(text: str) -> str:
    """Text without shortcuts (Ctrl+C) and mnemonics (&C), which stay Latin in Chinese Qt."""
    return re.sub(r"\t.*|\(&\w\)|&", "", text)


def test_context_menu_of_a_text_field_is_chinese(gui_app, qtbot):
    edit = QLineEdit("督办")
    qtbot.addWidget(edit)
    texts = [a.text() for a in edit.createStandardContextMenu().actions() if a.text()]
    assert "复制(&C)\tCtrl+C" in texts and "全选\tCtrl+A" in texts
    assert not [t for t in texts if LATIN_WORD.search(_words(t))], texts


def test_standard_buttons_are_chinese(gui_app, qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "继续？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = [_words(b.text()) for b in box.buttons()]
    assert set(texts) == {"是", "否", "取消"}
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Close)
    assert {_words(b.text()) for b in buttons.buttons()} == {"保存", "关闭"}


def test_sizes_are_written_the_chinese_way():
    assert chinese_size(0) == "0 字节"
    assert chinese_size(1023) == "1023 字节"
    assert chinese_size(1024) == "1 KB"
    assert chinese_size(90_000) == "87.9 KB"
    assert chinese_size(5 * 1024 * 1024) == "5 MB"
    assert chinese_size(3 * 1024 ** 4 + 1) == "3 TB"


def test_file_dialog_labels_sizes_and_dates_are_chinese(gui_app, qtbot, tmp_path):
    (tmp_path / "复函.txt").write_bytes(b"x" * 90_000)
    (tmp_path / "附件").mkdir()
    stamp = QDateTime(2026, 12, 6, 14, 30, 0).toSecsSinceEpoch()
    os.utime(tmp_path / "复函.txt", (stamp, stamp))
    dialog = QFileDialog(None, "选择复函文件", str(tmp_path), "复函 (*.txt);;所有文件 (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()                         # the application's event filter dresses it here
    qtbot.waitExposed(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert not [t for t in labels if LATIN_WORD.search(_words(t))], labels
    model = dialog.proxyModel()
    assert model is not None

    def row_texts(name):
        root = model.mapFromSource(model.sourceModel().index(str(tmp_path)))
        for row in range(model.rowCount(root)):
            if model.index(row, 0, root).data() == name:
                return [model.index(row, c, root).data() for c in range(4)]
        return None
    qtbot.waitUntil(lambda: row_texts("复函.txt") is not None and row_texts("附件") is not None)
    _name, size, _kind, modified = row_texts("复函.txt")
    assert (size, modified) == ("87.9 KB", "2026-12-06 14:30")
    assert row_texts("附件")[1:3] == ["", "文件夹"]


@pytest.mark.parametrize("flag, expected", [("--help", "以只读方式打开"),
                                             ("--version", "qjtasks-gui ")])
def test_command_line_help_and_version_are_chinese(capsys, flag, expected):
    with pytest.raises(SystemExit) as exit_:
        gui_app_module.parse_args([flag])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert expected in out
    assert "show this help" not in out and "usage:" not in out and "version number" not in out
    if flag == "--help":
        assert "用法：qjtasks-gui" in out and "显示版本号并退出" in out


def test_bad_command_line_gets_a_chinese_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        gui_app_module.parse_args(["--today"])
    assert exit_.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_qt_options_are_left_for_qt():
    args = gui_app_module.parse_args(["-platform", "offscreen", "--db", "x.db"])
    assert args.db == "x.db"
