"""Keyboard (issue 22 part 1): Tab goes round the main window and every dialog, reaching every
enabled control, and comes back where it began; nothing (a date, a table) keeps the focus."""
import pytest
from gui_helpers import find_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from qjtasks.core.models import ItemEdit

MAX_STEPS = 120


def focusable(top: QWidget) -> set:
    """Every visible, enabled control of `top` that Tab should reach."""
    out = set()
    for w in top.findChildren(QWidget):
        if (w.isVisibleTo(top) and w.isEnabled() and w.window() is top
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None
                and not _inside_other_control(w, top)):
            out.add(w)
    return out


def _inside_other_control(w: QWidget, top: QWidget) -> bool:
    """Parts of a composite control (a combo's own line edit, a spin box's editor, a scroll
    area's viewport) that take focus through the control itself."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox
    parent = w.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return False


def tab_round(qtbot, top: QWidget, start: QWidget) -> list:
    """Press Tab from `start` until the focus is back on it; the widgets passed, in order."""
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen = [start]
    for _ in range(MAX_STEPS):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is start:
            return seen
        assert now not in seen, f"Tab went round without coming back to {start}: stuck at {now}"
        seen.append(now)
    raise AssertionError(f"Tab never came back to the start; last {seen[-3:]}")


def assert_round_reaches_all(qtbot, top: QWidget, start: QWidget) -> list:
    seen = tab_round(qtbot, top, start)
    missed = focusable(top) - set(seen)
    assert not missed, [f"{type(w).__name__}:{w.objectName()}" for w in missed]
    return seen


def test_tab_goes_round_the_main_window(window, qtbot):
    seen = assert_round_reaches_all(qtbot, window, window.filter_bar.search)
    names = [w.objectName() for w in seen]
    # the filter bar row by row (the dates never keep Tab), then the table and the detail pane
    order = ["searchBox", "dueAfterText", "dueBeforeText", "clearFilters", "unitFilter",
             "roleFilter", "statusFilter", "lightFilter", "categoryFilter", "itemTable",
             "detailPane"]
    start = names.index("searchBox")
    assert names[start:start + len(order)] == order


def _dialogs(session, window):
    from qjtasks.gui.commands import ITEM_DIALOGS
    from qjtasks.gui.dialogs import item_dialogs, request_dialogs, settings, units
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    session.services.lifecycle.issue(item_id, "2026-11-02")
    made = [("new_item", item_dialogs.NewItemDialog(session, window)),
            ("settings", settings.SettingsDialog(session, window)),
            ("units", units.UnitsDialog(session, window))]
    for key, cls in ITEM_DIALOGS.items():
        made.append((key, cls(session, window, item_id=item_id)))
    for step in ("pause", "withdraw"):
        made.append((step, request_dialogs.ReasonDialog(session, window, item_id=item_id,
                                                        step=step)))
    return made


def test_tab_goes_round_every_dialog(window, session, qtbot):
    for key, dialog in _dialogs(session, window):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        controls = focusable(dialog)
        assert controls, key
        if not hasattr(dialog, "fields"):        # not a form: the round alone
            assert_round_reaches_all(qtbot, dialog, sorted(
                controls, key=lambda w: w.mapTo(dialog, w.rect().topLeft()).y())[0])
            dialog.reject()
            continue
        first = next(iter(dialog.fields.values()))
        first = first.focusProxy() or first
        if hasattr(dialog, "pages"):              # settings: its page tabs come first
            first = dialog.pages.tabBar()
        seen = assert_round_reaches_all(qtbot, dialog, first)
        # down the fields as they read, then 确定 and 取消
        ok, cancel = (dialog.buttons.button(b) for b in (QDialogButtonBox.StandardButton.Ok,
                                                         QDialogButtonBox.StandardButton.Cancel))
        assert seen[-2:] == [ok, cancel], key
        tops = [w.mapTo(dialog, w.rect().topLeft()).y() for w in seen[:-2]]
        assert tops == sorted(tops), key
        dialog.reject()


@pytest.mark.parametrize("name", ["import_reply", "ledger_import", "today"])
def test_tab_goes_round_the_larger_dialogs(window, session, qtbot, name):
    from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
    from qjtasks.gui.dialogs.ledger_import import LedgerImportDialog
    from qjtasks.gui.dialogs.today_dialog import TodayDialog
    make = {"import_reply": lambda: ImportReplyDialog(session, window),
            "ledger_import": lambda: LedgerImportDialog(session, window),
            "today": lambda: TodayDialog(session, window)}[name]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    start = sorted(focusable(dialog), key=lambda w: w.mapTo(dialog, w.rect().topLeft()).y())[0]
    assert_round_reaches_all(qtbot, dialog, start)
    dialog.reject()
