"""Screenshots of the main window, detail pane, dossier view and overview at 1366×768.

Written to tests/_screenshots/ (gitignored) and copied to /tmp/shots/ so a person can look at
them; the test also checks that each image is not blank.
"""
import os
import shutil
from pathlib import Path

from gui_helpers import find_item

OUT = Path(__file__).resolve().parents[1] / "_screenshots"
COPY = Path("/tmp/shots/gui")  # a folder of its own: other branches write /tmp/shots too


def _save(widget, name: str) -> Path:
    """Run with QT_SCALE_FACTOR=2 for the 200 % images (saved with an _x2 suffix)."""
    OUT.mkdir(exist_ok=True)
    scale = os.environ.get("QT_SCALE_FACTOR", "")
    path = OUT / f"{name}{'_x' + scale if scale not in ('', '1') else ''}.png"
    image = widget.grab().toImage()
    assert image.save(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 29)}
    assert len(colours) > 3, f"{name} looks blank"
    try:
        COPY.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, COPY / path.name)
    except OSError:
        pass
    return path


def test_screenshots(window, session, qtbot):
    item_id = find_item(session, "科研项目")
    for n, other in enumerate(session.store.children(None)[:6]):
        session.services.edit_item(other.id, assigned_on="2026-09-01",
                                   deadline=["2026-11-20", "2026-11-27", "2027-02-25"][n % 3])
        if other.id != item_id:
            session.services.issue_item(other.id, "2026-09-01")
    session.services.issue_item(item_id, "2026-11-02")
    lead = session.store.assignments(item_id)[0].unit_id
    session.services.sign(item_id, lead, "王某", "2026-11-03", origin="纸质")
    session.services.add_note(item_id, lead, "王某", "已完成需求调研，正在征集产学研合作项目",
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
    from qjtasks.gui.dialogs.workflow_dialogs import NoteDialog
    item_id = find_item(session, "科研项目")
    session.services.edit_item(item_id, assigned_on="2026-11-02", deadline="2027-02-25")
    session.services.issue_item(item_id, "2026-11-02")
    dialog = NoteDialog(session, window, item_id=item_id)
    qtbot.addWidget(dialog)
    dialog.fields["text"].setPlainText("已完成调研")
    dialog.fields["percent"].setText("120")
    dialog.show()
    dialog.accept()
    qtbot.wait(50)
    assert dialog.isVisible() and "0–100" in dialog.errors["percent"].text()
    _save(dialog, "note_dialog_error")
