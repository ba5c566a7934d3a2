"""Settings a supervisor needs (issue 22 part 7): 督办联系人, 联系电话, the office name and the 抄送
line, under Chinese labels, reached from 工具 → 设置…, and printed on the notices."""
import re

from gui_helpers import find_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel
from test_date_fields import type_text

from qjtasks.core.models import ItemEdit
from qjtasks.core.settings import DEFAULTS
from qjtasks.gui.dialogs import settings as settings_module
from qjtasks.gui.dialogs.settings import SettingsDialog


def open_from_menu(window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: shown.append(self) or 0)
    window.actions_["settings"].trigger()
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def form_labels(dialog) -> list[str]:
    out = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                out.append(item.widget().text())
    return out


def test_labels_are_chinese_never_the_keys(window, qtbot, monkeypatch):
    dialog = open_from_menu(window, qtbot, monkeypatch)
    labels = form_labels(dialog)
    for wanted in ("督办单位名称", "督办联系人", "联系电话", "抄送", "督办编号前缀", "默认反馈周期"):
        assert wanted in labels
    assert not [t for t in labels if re.search(r"[A-Za-z_]", t)], labels
    assert set(dialog.fields) <= set(DEFAULTS)
    assert [dialog.pages.tabText(n) for n in range(dialog.pages.count())] == [
        "督办单位", "期限与催办", "反馈与节假日"]


def test_contact_phone_and_copy_line_are_saved_and_printed(window, session, qtbot,
                                                             monkeypatch):
    from qjtasks.pdf.adapters import notices_from_store
    from qjtasks.pdf.sheets import notice_sheet
    dialog = open_from_menu(window, qtbot, monkeypatch)
    type_text(qtbot, dialog.fields["supervisor_contact"], "张明")
    type_text(qtbot, dialog.fields["supervisor_phone"], "023-48661234")
    copy = dialog.fields["leader_copy"]
    copy.selectAll()
    type_text(qtbot, copy, "区政府分管副区长")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    store = session.store
    assert (store.setting("supervisor_contact"), store.setting("supervisor_phone"),
            store.setting("leader_copy")) == ("张明", "023-48661234", "区政府分管副区长")
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    session.services.lifecycle.issue(item_id, "2026-11-02")
    sheet = repr(notice_sheet(notices_from_store(store, item_id)[0]))
    assert "张明" in sheet and "023-48661234" in sheet


def test_a_refused_value_brings_its_page_forward(window, session, qtbot, monkeypatch):
    dialog = open_from_menu(window, qtbot, monkeypatch)
    holidays = dialog.fields["extra_holidays"]
    type_text(qtbot, holidays, "2027-02-30")
    dialog.pages.setCurrentIndex(0)
    type_text(qtbot, dialog.fields["supervisor_contact"], "张明")
    dialog.accept()
    assert dialog.isVisible() and "不存在" in dialog.errors["extra_holidays"].text()
    assert dialog.pages.currentIndex() == 2 and dialog.focusWidget() is holidays
    assert session.store.setting("supervisor_contact") == ""       # nothing saved


def test_the_dialog_fits_a_small_screen(window, qtbot, monkeypatch):
    dialog = open_from_menu(window, qtbot, monkeypatch)
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    assert settings_module.label("supervisor_phone") == "联系电话"
