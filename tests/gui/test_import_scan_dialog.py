"""The import dialog on a scanned letter: OCR on the worker with a page count and 停止识别, the
scanned page of the selected item beside the recognised text. The recogniser is replaced by
the lines it would give (it runs for real in tests/importers/test_ocr.py), the pages are real
images of reply-024 drawn at 200 dpi."""
import sys
import threading
from pathlib import Path

import pytest
from gui_helpers import capture_warnings

from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
from qjtasks.gui.session import Session
from qjtasks.paper import ocr

sys.path.insert(0, str(Path(__file__).parents[1] / "importers"))
from scanned import SEED, font_path, letter_pages, scanned_pdf  # noqa: E402

pytestmark = pytest.mark.skipif(font_path() is None, reason="no CJK font to draw the scan")


def seed_lines(pages: int) -> ocr.OcrText:
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").replace("140号", "141号")
             .splitlines() if ln.strip()]
    per = -(-len(lines) // pages)
    out = ocr.OcrText(pages=pages, seconds=3.0)
    for k in range(pages):
        out.lines += [ocr.OcrLine(k + 1, n, t) for n, t in enumerate(lines[k * per:(k + 1) * per], 1)]
    return out


@pytest.fixture
def scan(tmp_path):
    return scanned_pdf(tmp_path / "扫描复函.pdf", letter_pages()[:3])


def test_scan_is_recognised_with_its_page_beside_the_text(qtbot, seeded, scan, monkeypatch,
                                                          shots):
    errors = capture_warnings(monkeypatch)
    seen = []

    def recognise(images, progress=None, cancelled=None):
        for k in range(1, len(images) + 1):
            progress(k, len(images))
        return seed_lines(len(images))
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "recognise", recognise)
    dlg = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(dlg)
    dlg.resize(1280, 800)
    dlg.show()
    original = dlg._page_read
    monkeypatch.setattr(dlg, "_page_read", lambda k, n: (seen.append((k, n)), original(k, n)))
    dlg.load_file(scan)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=20000)
    assert errors == []
    assert dlg.fields["doc_number"].text() == "綦发改函〔2022〕141号"
    assert "扫描件文字识别 3 页" in dlg.status.text() and seen == [(1, 3), (2, 3), (3, 3)]
    assert dlg.page_box.isVisible() and len(dlg.scan_pages) == 3
    plan = [k for k, p in enumerate(dlg.proposals) if p.text.startswith("进一步加大")]
    dlg.items.setCurrentRow(plan[0])
    where = dlg.ocr.locate(dlg.proposals[plan[0]].text)
    assert dlg.page_box.shown_page == where.page == 3
    assert dlg.page_caption.text() == f"原件第 3 页，本事项始于第 {where.line} 行"
    assert not dlg.page_view.pixmap().isNull() and dlg.page_view.pixmap().width() <= 900
    assert not dlg.stop_button.isVisible()
    assert dlg.grab().save(str(shots / "import_scan_dialog.png"))


def test_stop_cancels_the_recognition_between_pages(qtbot, seeded, scan, monkeypatch):
    errors = capture_warnings(monkeypatch)
    gate, asked = threading.Event(), []

    def recognise(images, progress=None, cancelled=None):
        progress(1, len(images))
        assert gate.wait(10)
        asked.append(cancelled())
        if cancelled():
            raise ocr.OcrCancelled("已取消文字识别")
        return seed_lines(len(images))
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "recognise", recognise)
    dlg = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.load_file(scan)
    qtbot.waitUntil(lambda: dlg.stop_button.isVisible(), timeout=10000)
    assert dlg.progress.maximum() == 3 and dlg.progress.value() == 1
    assert dlg.status.text() == "正在文字识别：第 1/3 页…"
    dlg.stop_button.click()
    gate.set()
    assert not dlg.busy and dlg.status.text() == "已停止文字识别"
    qtbot.waitUntil(lambda: asked == [True], timeout=10000)
    qtbot.wait(50)
    assert dlg.parsed is None and errors == [] and not dlg.page_box.isVisible()


def test_scan_without_the_extra_says_how_to_install(qtbot, seeded, scan, monkeypatch):
    errors = capture_warnings(monkeypatch)
    monkeypatch.setattr(ocr, "available", lambda: False)
    dlg = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.load_file(scan)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert 'pip install "qjtasks[ocr]"' in errors[0] and dlg.parsed is None
