"""Word copies from the window: 另存为Word… in the print preview, 通报/周报 saved as .docx."""
import datetime as dt
import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from qjtasks.pdf import jobs, render, sheets
from qjtasks.pdf.data import NoticeData, Office

sys.path.insert(0, str(Path(__file__).parents[1] / "pdf"))
from wordcheck import open_docx, squeezed  # noqa: E402

from qjtasks.core.models import ItemEdit

TODAY = dt.date(2026, 11, 25)


def _notice(unit: str) -> NoticeData:
    return NoticeData(Office(), "綦发改督〔2026〕7号", unit, "配合", "进一步加大<&>绿色发展宣传学习",
                      "通过多种渠道和方式宣传。", "第024号提案", "区发改委", (unit,), TODAY,
                      dt.date(2027, 2, 25), cycle="每月25日前反馈", feedback_by=TODAY)


def test_preview_saves_the_same_sheets_as_word(qtbot, tmp_path, monkeypatch):
    from qjtasks.gui.print_preview import show_print_preview
    built = [sheets.notice_sheet(_notice(u)) for u in ("区财政局", "区科技局")]
    dlg = show_print_preview(None, render.render(built), "督办通知单", (), "督办通知单-7.pdf", built)
    qtbot.addWidget(dlg)
    assert dlg.word_button.text() == "另存为Word…" and dlg.word_button.isVisibleTo(dlg)
    asked = []
    target = tmp_path / "改后盖章"

    def save(parent, title, name, kinds):
        asked.append((name, kinds))
        return str(target), kinds
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    dlg.word_button.click()
    assert asked == [("督办通知单-7.docx", "Word 文档 (*.docx)")]
    doc = open_docx(tmp_path / "改后盖章.docx")
    assert len(doc.sections) == 2
    text = squeezed(doc)
    assert "区财政局（配合单位）" in text and "区科技局（配合单位）" in text
    assert "进一步加大<&>绿色发展宣传学习" in text


def test_preview_without_sheets_offers_no_word_copy(qtbot):
    from qjtasks.gui.print_preview import PrintPreviewDialog
    dlg = PrintPreviewDialog(None, render.render([sheets.notice_sheet(_notice("区财政局"))]), "x")
    qtbot.addWidget(dlg)
    assert not dlg.word_button.isVisibleTo(dlg)


def test_batch_preview_can_save_word(qtbot, tmp_path):
    from qjtasks.gui.print_preview import run_batch
    job = jobs.PrintJob("两份通知单", [sheets.notice_sheet(_notice(u)) for u in ("区财政局", "区国资委")])
    results = []
    worker = run_batch(None, job, on_done=lambda data, msgs: results.append(data))
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    qtbot.addWidget(worker.preview)
    assert worker.preview.word_button.isVisibleTo(worker.preview)
    worker.preview.save_word_to(str(tmp_path / "b.docx"))
    assert len(open_docx(tmp_path / "b.docx").sections) == 2


def test_circular_and_summary_saved_as_word_from_the_window(window, session, tmp_path, qtbot,
                                                            monkeypatch):
    svc = session.services
    svc.items.edit(1, ItemEdit(assigned_on="2026-09-01", deadline="2026-11-20"))
    svc.lifecycle.issue(1, dt.date(2026, 9, 1))
    # the Word filter chosen while the suggested .pdf name was kept → .docx
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, name, kinds: (str(tmp_path / name),
                                                            "Word 文档 (*.docx)"))
    for make, words in ((window.daily.circular, "共有1项"),
                        (lambda: window.daily.summary(period="week"), "督办工作周报")):
        window.daily.last_output = None
        worker = make()
        qtbot.waitUntil(lambda: window.daily.last_output is not None, timeout=20000)
        assert not worker.running
        out = window.daily.last_output
        assert out.suffix == ".docx" and out.read_bytes()[:2] == b"PK"
        assert words in squeezed(open_docx(out))
