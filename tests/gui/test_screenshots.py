"""Screenshots of the main window, detail pane, dossier view and overview at 1366×768.

Written to the test's own folder (the `shots` fixture; QJTASKS_SHOTS=<folder> copies them there
so a person can look at them); the test also checks that each image is not blank.
"""
import os
from pathlib import Path

import pytest
from gui_helpers import find_item

from qjtasks.core.models import ItemEdit

OUT: Path = Path()


@pytest.fixture(autouse=True)
def _out(shots):
    global OUT
    OUT = shots


def _save(widget, name: str, folder: Path | None = None) -> Path:
    """Run with QT_SCALE_FACTOR=2 for the 200 % images (saved with an _x2 suffix). Tests of
    other modules pass their own `shots` folder (this module's autouse fixture sets OUT)."""
    scale = os.environ.get("QT_SCALE_FACTOR", "")
    path = (folder or OUT) / f"{name}{'_x' + scale if scale not in ('', '1') else ''}.png"
    image = widget.grab().toImage()
    assert image.save(str(path))
    dx, dy = max(1, min(37, image.width() // 40)), max(1, min(29, image.height() // 40))
    colours = {image.pixel(x, y) for x in range(0, image.width(), dx)
               for y in range(0, image.height(), dy)}
    assert len(colours) > 3, f"{name} looks blank"
    return path


def test_screenshots(window, session, qtbot):
    item_id = find_item(session, "科研项目")
    for n, other in enumerate(session.store.children(None)[:6]):
        session.services.items.edit(other.id, ItemEdit(
            assigned_on="2026-09-01", deadline=["2026-11-20", "2026-11-27", "2027-02-25"][n % 3]))
        if other.id != item_id:
            session.services.lifecycle.issue(other.id, "2026-09-01")
    session.services.lifecycle.issue(item_id, "2026-11-02")
    lead = session.store.assignments(item_id)[0].unit_id
    session.services.lifecycle.sign(item_id, lead, "王某", "2026-11-03", origin="纸质")
    session.services.notes.add(item_id, lead, "王某", "已完成需求调研，正在征集产学研合作项目",
                               percent=30, problems="经费未到位", next_steps="12月发布榜单",
                               noted_on="2026-11-20")
    window.refresh_all()
    window.table.select_item(item_id)
    qtbot.wait(50)
    _save(window, "main_window")
    _save(window.detail, "detail_pane")
    window.show_page(1)
    window.dossier.select_item(find_item(session, "光盘行动"))
    qtbot.wait(50)
    _save(window, "dossier_view")
    window.show_page(2)
    qtbot.wait(50)
    _save(window, "overview")
    assert window.overview.units.rowCount() >= 8


def test_dialog_screenshot_shows_error_beside_field(window, session, qtbot):
    from gui_helpers import note_dialog_on_issued_item
    item_id, dialog = note_dialog_on_issued_item(session, window, qtbot)
    dialog.fields["percent"].setText("120")
    dialog.show()
    dialog.accept()
    qtbot.wait(50)
    assert dialog.isVisible() and "0–100" in dialog.errors["percent"].text()
    _save(dialog, "note_dialog_error")


def test_restore_dialog_screenshots_while_restoring_and_after(session, qtbot, monkeypatch):
    """The restore dialog mid-copy (progress bar, everything else off), then restored."""
    import datetime as dt

    from gui_helpers import gated_restore_dialog

    from qjtasks.core import backup
    from qjtasks.gui.dialogs import recovery
    store = session.store
    backup.auto_backup(store.conn, store.path, "daily", now=dt.datetime(2026, 11, 24, 9, 0, 0))
    backup.auto_backup(store.conn, store.path, "daily", now=dt.datetime(2026, 11, 25, 9, 0, 0))
    path = store.path
    store.close()
    dialog, gate, _calls = gated_restore_dialog(qtbot, monkeypatch, path)
    _save(dialog, "restore_dialog_chosen")
    dialog.restore_button.click()
    try:
        qtbot.waitUntil(lambda: "复制备份" in dialog.status.text())
        qtbot.wait(50)
        _save(dialog, "restore_dialog_restoring")
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not dialog.restoring, timeout=10000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not dialog.restore_button.isEnabled() and not dialog.progress.isVisible()
    dialog.show()                       # accepted dialogs hide; show the final state for the image
    qtbot.wait(50)
    _save(dialog, "restore_dialog_done")
    failing = recovery.RestoreDialog(path)
    qtbot.addWidget(failing)
    failing.show()
    qtbot.waitUntil(failing.restore_button.isEnabled)
    failing.chosen.path.write_bytes(b"\0" * 8192)   # went bad after it was chosen
    failing.restore_button.click()
    qtbot.waitUntil(lambda: not failing.restoring, timeout=10000)
    assert "不是 SQLite 文件" in failing.error.text()
    qtbot.wait(50)
    _save(failing, "restore_dialog_failed")


def test_start_up_restore_progress_screenshot(gui_app, qtbot):
    """The modal progress shown by the start-up prompt and the window's background check."""
    from qjtasks.gui.dialogs.recovery import RestoreProgress
    dialog = RestoreProgress()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _save(dialog, "restore_progress_check")
    dialog.show_step("copy", 9_000, 21_000)
    qtbot.wait(50)
    assert "42%" in dialog.labelText() and dialog.value() == 9_000
    _save(dialog, "restore_progress_copy")
    dialog.reject()
    assert dialog.isVisible()                     # not closable while busy
    dialog.busy = False
    dialog.reject()
    assert not dialog.isVisible()
