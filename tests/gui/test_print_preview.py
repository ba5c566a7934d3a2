"""Print preview dialog and background print batches, driven with pytest-qt."""
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from qjtasks.core.models import ItemEdit
from qjtasks.pdf import jobs, render, sheets
from qjtasks.pdf.data import NoticeData, Office

TODAY = dt.date(2026, 11, 25)


def _notice(unit: str) -> NoticeData:
    return NoticeData(Office(), "綦发改督〔2026〕7号", unit, "配合", "进一步加大绿色发展宣传学习",
                      "通过多种渠道和方式宣传。", "第024号提案", "区发改委", (unit,), TODAY,
                      dt.date(2027, 2, 25), cycle="每月25日前反馈", feedback_by=TODAY)


@pytest.fixture
def pdf_bytes():
    return render.render([sheets.notice_sheet(_notice(u)) for u in ("区财政局", "区科技局")])


def test_preview_shows_every_page_and_saves_the_pdf(qtbot, tmp_path, pdf_bytes):
    from qjtasks.gui.print_preview import show_print_preview
    dlg = show_print_preview(None, pdf_bytes, "督办通知单", ["正文字体“仿宋_GB2312”未安装"])
    qtbot.addWidget(dlg)
    assert dlg.page_count() == 2
    assert "共 2 页" in dlg.pages_label.text()
    assert dlg.print_button.text() == "打印…" and dlg.save_button.text() == "另存为PDF…"
    assert "仿宋_GB2312" in dlg.fonts_label.text()
    out = tmp_path / "saved.pdf"
    dlg.save_to(str(out))
    assert out.read_bytes() == pdf_bytes
    zoom = dlg.view.zoomFactor()
    dlg.zoom_in.click()
    assert dlg.view.zoomFactor() > zoom


def test_printing_draws_every_page_on_the_printer(qtbot, tmp_path, pdf_bytes):
    from PySide6.QtPrintSupport import QPrinter

    from qjtasks.gui.print_preview import PrintPreviewDialog
    dlg = PrintPreviewDialog(None, pdf_bytes, "督办通知单")
    qtbot.addWidget(dlg)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dlg.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2


def test_batch_renders_in_the_background_with_progress(qtbot):
    from qjtasks.gui.print_preview import run_batch
    job = jobs.PrintJob("三份通知单", [sheets.notice_sheet(_notice(u))
                                   for u in ("区财政局", "区科技局", "区国资委")])
    seen, results = [], []
    worker = run_batch(None, job, on_done=lambda data, msgs: results.append(data),
                       on_progress=lambda i, n: seen.append((i, n)))
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    assert len(PdfReader(io.BytesIO(results[0])).pages) == 3
    assert worker.preview.page_count() == 3
    qtbot.addWidget(worker.preview)
    assert seen and seen[-1][1] == 3


def test_a_failing_batch_reports_in_chinese(qtbot, monkeypatch):
    from qjtasks.gui import print_preview
    messages = []
    monkeypatch.setattr(print_preview.QMessageBox, "warning",
                        lambda parent, title, text: messages.append(text))
    job = jobs.PrintJob("坏任务", [sheets.notice_sheet(_notice("区财政局"))])
    job.sheets[0] = sheets.Sheet("x", blocks=(object(),))
    print_preview.run_batch(None, job)
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert messages[0].startswith("生成PDF时出错")


def test_batch_jobs_from_the_store(seeded, today):
    store, services = seeded.store, seeded
    for item_id in (1, 3):
        services.items.edit(item_id, ItemEdit(assigned_on=dt.date(2026, 9, 1),
                                                  deadline=dt.date(2026, 11, 10)))
        services.lifecycle.issue(item_id, on=dt.date(2026, 9, 1))
    finance = store.unit_by_name("区财政局").id
    job = jobs.notices_for_unit(store, finance, today)
    assert len(job.sheets) == 1 and "区财政局" in job.sheets[0].text()
    overdue = jobs.chases_for_overdue(store, today)
    assert len(overdue.sheets) == 2 and "第1次" in overdue.sheets[0].text()
    ledger = jobs.ledger_for_ids(store, [3, 1], today)
    text = ledger.sheets[0].text()
    assert text.index("推行办公自动化") < text.index("进一步加大绿色发展宣传学习")
    assert "●红" in text
