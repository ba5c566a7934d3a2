"""文件 → 导入扫描回执…: scanned receipts decoded on a worker, recorded page by page, cancel."""
import threading

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from test_screenshots import _save

from qjtasks.core.models import ItemEdit
from qjtasks.pdf import adapters, render, sheets


def _issued_notice_scan(session, tmp_path, item_id=1, copies=1):
    s = session.services
    s.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    s.lifecycle.issue(item_id, "2026-11-02")
    built = [sheets.notice_sheet(n)
             for n in adapters.notices_from_store(session.store, item_id, None, session.today)]
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(render.render(built))
    pages = [p.render(scale=150 / 72).to_pil().rotate(3, expand=True, fillcolor="white")
             for p in doc] * copies
    path = tmp_path / "scan.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=150)
    return path, len(pages)


@pytest.fixture
def dialog(session, qtbot):
    from qjtasks.gui.dialogs.scan_receipts import ScanReceiptsDialog
    d = ScanReceiptsDialog(session)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_the_file_menu_opens_the_dialog(window, monkeypatch):
    from qjtasks.gui.dialogs import scan_receipts
    menu = window.actions_.menus["file"]
    texts = [a.text() for a in menu.actions()]
    assert texts.index("导入扫描回执…") == texts.index("导入复函…") + 1
    opened = []
    monkeypatch.setattr(scan_receipts.ScanReceiptsDialog, "exec", lambda self: opened.append(self))
    window.actions_.by_key["import_scans"].trigger()
    assert [d.windowTitle() for d in opened] == ["导入扫描回执"]


def test_scan_records_every_unit_and_a_second_run_changes_nothing(session, dialog, qtbot,
                                                                  tmp_path):
    path, pages = _issued_notice_scan(session, tmp_path)
    assert not dialog.start_button.isEnabled()          # nothing chosen yet
    dialog.set_files([path])
    assert dialog.start_button.isEnabled()
    seen = []
    dialog.scanned.connect(seen.append)
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert dialog.table.rowCount() == pages == 3
    assert {dialog.table.item(r, 1).text() for r in range(3)} == {"已登记签收"}
    assert "已登记签收 3" in dialog.summary.text()
    assert all(a.signed_at and a.sign_origin == "纸质" for a in session.store.assignments(1))
    assert seen and seen[0].item_ids == frozenset({1})
    journal = session.store.conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    qtbot.mouseClick(dialog.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert {dialog.table.item(r, 1).text() for r in range(3)} == {"此前已签收"}
    assert session.store.conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == journal


def test_cancel_keeps_what_was_recorded(session, dialog, qtbot, tmp_path, monkeypatch):
    from qjtasks.paper import scan
    path, pages = _issued_notice_scan(session, tmp_path)
    gate, real = threading.Event(), scan.decode
    calls = []

    def slow(view, file="", number=1):
        calls.append(number)
        if number > 1:
            assert gate.wait(20)
        return real(view, file, number)
    monkeypatch.setattr(scan, "decode", slow)
    dialog.set_files([path])
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=30000)
    assert dialog.cancel_button.isEnabled() and not dialog.start_button.isEnabled()
    assert dialog.progress.value() == 1 and dialog.progress.maximum() == 3
    dialog.cancel_button.click()
    gate.set()
    assert "已取消" in dialog.summary.text() and "已登记签收 1" in dialog.summary.text()
    qtbot.wait(300)
    assert dialog.table.rowCount() == 1                  # later pages were dropped
    assert sum(bool(a.signed_at) for a in session.store.assignments(1)) == 1
    assert dialog.start_button.isEnabled()


def test_bad_files_are_explained(session, dialog, qtbot, tmp_path):
    dialog.set_files([tmp_path / "missing.pdf"])
    dialog.start_button.click()
    assert "不存在" in dialog.summary.text() and not dialog.busy
    blank = tmp_path / "blank.png"
    Image.new("L", (500, 700), 255).save(blank)
    dialog.set_files([blank])
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert dialog.table.item(0, 1).text() == "无法识别"
    assert "未找到本系统的二维码" in dialog.table.item(0, 4).text()


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_scan_dialog_screenshots(window, session, qtbot, tmp_path, size, shots):
    from qjtasks.gui.dialogs.scan_receipts import ScanReceiptsDialog
    window.resize(*size)
    path, _ = _issued_notice_scan(session, tmp_path)
    blank = tmp_path / "其他.png"
    Image.new("L", (500, 700), 255).save(blank)
    d = ScanReceiptsDialog(session, window)
    qtbot.addWidget(d)
    d.resize(min(860, size[0] - 60), min(540, size[1] - 80))
    d.show()
    qtbot.waitExposed(d)
    d.set_files([path, blank])
    d.start_button.click()
    qtbot.waitUntil(lambda: not d.busy, timeout=30000)
    _save(d, f"scan_receipts_{size[0]}x{size[1]}", shots)
    window.refresh_all()
    window.table.select_item(1)
    qtbot.wait(50)
    _save(window, f"scan_receipts_window_{size[0]}x{size[1]}", shots)
