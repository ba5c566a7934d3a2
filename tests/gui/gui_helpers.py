"""Helpers shared by the GUI tests (a uniquely named module, so no other conftest shadows it)."""
import datetime as dt
import threading

from qjtasks.core.models import ItemEdit

TODAY = dt.date(2026, 11, 25)


def find_item(session, title_part):
    from qjtasks.core.filters import ItemFilter
    rows = session.store.lists.items(ItemFilter(), today=TODAY, limit=None)
    return next(r["id"] for r in rows if title_part in r["title"])


def _recovery():
    from qjtasks.gui.dialogs import recovery
    return recovery


def gated_restore(monkeypatch, gate: threading.Event, calls: list):
    """Replace `recovery.restore` with one that reports a copy step, then waits for `gate`."""
    recovery = _recovery()
    real = recovery.restore

    def slow(source, db_path, **kw):
        calls.append(threading.current_thread().name)
        kw["progress"]("copy", 1, 4)
        assert gate.wait(20), "the test never released the restore"
        return real(source, db_path, **kw)
    monkeypatch.setattr(recovery, "restore", slow)


def gated_restore_dialog(qtbot, monkeypatch, path):
    """A shown 从备份恢复 dialog on `path`, the latest backup checked and 恢复 enabled; the
    confirmation answers yes and the restore waits for the returned gate (see `gated_restore`).
    Returns (dialog, gate, calls)."""
    recovery = _recovery()
    gate, calls = threading.Event(), []
    gated_restore(monkeypatch, gate, calls)
    monkeypatch.setattr(recovery, "ask", lambda *a: "yes")
    dialog = recovery.RestoreDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.restore_button.isEnabled)
    return dialog, gate, calls


def visible_progress():
    from PySide6.QtWidgets import QApplication
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, _recovery().RestoreProgress) and w.isVisible()]


def release_when_progress_shows(gate: threading.Event, seen: list) -> None:
    """From the UI thread: note the modal progress dialog's text, then let the restore go on."""
    from PySide6.QtCore import QTimer

    def poll():
        shown = visible_progress()
        if shown and "复制备份" in shown[0].labelText():
            seen.append((shown[0].labelText(), shown[0].isModal()))
            shown[0].reject()                             # Esc: refused while restoring
            seen.append(shown[0].isVisible())
            gate.set()
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def capture_warnings(monkeypatch) -> list[str]:
    """Texts of the warning boxes shown from now on (the boxes themselves are not opened)."""
    from PySide6.QtWidgets import QMessageBox
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def shown_window(session, qtbot, width: int, height: int):
    """The main window on `session`, shown at width × height and exposed."""
    from qjtasks.gui.main_window import MainWindow
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    return win


def note_dialog_on_issued_item(session, window, qtbot, text: str = "已完成调研"):
    """A NoteDialog on the 科研项目 item, issued 2026-11-02, with its text filled in."""
    from qjtasks.gui.dialogs.workflow_dialogs import NoteDialog
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    session.services.lifecycle.issue(item_id, "2026-11-02")
    dialog = NoteDialog(session, window, item_id=item_id)
    qtbot.addWidget(dialog)
    dialog.fields["text"].setPlainText(text)
    return item_id, dialog


def answer_message_box(name: str, button, seen: list) -> None:
    """Once the message box named `name` is shown (modal, from the code under test), note its
    text in `seen` and press its `button` (a QMessageBox.StandardButton)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def poll():
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, poll)
            return
        seen.append(boxes[0].text())
        boxes[0].button(button).click()
    QTimer.singleShot(20, poll)
