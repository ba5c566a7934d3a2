"""Daily features inside the main window: menu entries, broadcast refresh, detail ladder line."""
import datetime as dt

from openpyxl import load_workbook
from pypdf import PdfReader

from qjtasks.core.ladder import NOTICE1
from qjtasks.core.models import ItemEdit


def _late(session, item_id=1, deadline="2026-11-20"):
    svc = session.services
    svc.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
    svc.lifecycle.issue(item_id, dt.date(2026, 9, 1))
    svc.lifecycle.sign(item_id, session.store.item(item_id).lead_unit_id, "王五", "2026-09-02")


def test_menu_entries_exist_with_keyboard_access(window):
    acts = window.actions_
    for key in ("today", "import_ledger", "export_ledger", "circular", "summary"):
        assert acts[key].text()
    assert acts["today"].shortcut().toString() == "Ctrl+T"
    assert not window.daily.check.timer.isActive()     # tests do not start the hourly timer


def test_today_dialog_from_the_window_refreshes_the_detail_pane(window, session, qtbot):
    _late(session)
    window.reveal_item(1)
    assert "下一步：催办通知1" in window.detail.toPlainText()
    assert "今日应办" in window.detail.toPlainText()
    dialog = window.daily.open_today()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert dialog.model.rowCount() == 1
    with qtbot.waitSignal(dialog.changed, timeout=15000):
        dialog.act()
    assert session.store.chases.of(1)[0].rung == NOTICE1
    text = window.detail.toPlainText()
    assert "已催办 1 次" in text and "已到层级：催办通知1" in text


def _finished(qtbot, window, worker):
    """The job ran on a worker thread; wait for its result to reach the window."""
    window.daily.last_output = None
    qtbot.waitUntil(lambda: window.daily.last_output is not None, timeout=20000)
    assert not worker.running
    return window.daily.last_output


def test_export_current_view_and_pdfs(window, session, tmp_path, qtbot):
    _late(session)
    worker = window.daily.export_ledger(tmp_path / "v.xlsx")
    path = _finished(qtbot, window, worker)
    assert load_workbook(path).active.max_row == 18
    assert "已导出 17 项" in window.statusBar().currentMessage()
    pdf = _finished(qtbot, window, window.daily.circular(tmp_path / "c.pdf"))
    assert "共有1项" in PdfReader(str(pdf)).pages[0].extract_text().replace("\n", "")
    pdf = _finished(qtbot, window, window.daily.summary(tmp_path / "s.pdf", period="week"))
    assert len(PdfReader(str(pdf)).pages) == 2     # the summary page and its charts
    assert "已生成" in window.statusBar().currentMessage()


def test_report_dialog_offers_this_and_last_week_and_month(window, session, tmp_path, qtbot,
                                                           monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    offered, saved = [], []

    def choose(parent, title, label, items, current, editable):
        offered.extend(items)
        return "上月月报", True
    monkeypatch.setattr(QInputDialog, "getItem", choose)
    monkeypatch.setattr(window.daily, "_save_path",
                        lambda title, name, kinds: saved.append(name) or tmp_path / name)
    pdf = _finished(qtbot, window, window.daily.summary())
    assert offered == ["本周周报（周一至周日）", "上周周报", "本月月报（1日至月末）", "上月月报"]
    assert saved == ["督办月报-2026-10-01至2026-10-31.pdf"]
    text = PdfReader(str(pdf)).pages[0].extract_text().replace("\n", "")
    assert "2026年10月1日至2026年10月31日" in text and "按原时限" in text


def test_export_failure_is_shown_in_chinese_and_the_window_stays(window, session, tmp_path,
                                                                 qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, title, text: shown.append(text))
    blocked = tmp_path / "不存在的目录" / "v.xlsx"
    (tmp_path / "不存在的目录").write_text("这是一个文件，不是目录")
    worker = window.daily.export_ledger(blocked)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert not worker.running and window.isVisible()
    assert "程序内部错误" not in shown[0], shown[0]


def test_startup_check_puts_a_line_in_the_status_bar(window, session, qtbot):
    _late(session)
    with qtbot.waitSignal(window.daily.check.noticed, timeout=15000):
        window.daily.check.start(startup_delay_ms=0)
    assert "新的待办" in window.statusBar().currentMessage()
    window.daily.check.stop()


def _slow_export(monkeypatch, copies=4000):
    """The view's records repeated so the export runs long enough to press 取消."""
    import qjtasks.exchange.xlsx as xlsx
    real = xlsx.export_records
    monkeypatch.setattr(xlsx, "export_records", lambda store, rows: real(store, rows) * copies)


def test_export_shows_rows_done_and_cancel_leaves_no_file(window, session, tmp_path, qtbot,
                                                          monkeypatch, shots):
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    _slow_export(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    worker = window.daily.export_ledger(out / "v.xlsx")
    dialog = worker.dialog
    qtbot.waitUntil(lambda: dialog.maximum() > 0 and dialog.value() > 0, timeout=20000)
    assert dialog.maximum() == 17 * 4000
    assert "已完成" in dialog.labelText() and "/ 68,000 行" in dialog.labelText()
    dialog.show()
    button = dialog.findChild(QPushButton)
    assert button.text() == "取消"
    assert dialog.grab().save(str(shots / "export_progress.png"))
    pressed = time.monotonic()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not worker.running, timeout=5000)
    assert time.monotonic() - pressed <= 0.5
    qtbot.waitUntil(lambda: "已取消" in window.statusBar().currentMessage(), timeout=5000)
    assert "未生成文件" in window.statusBar().currentMessage()
    assert not dialog.isVisible()
    assert list(out.iterdir()) == []                 # neither the workbook nor a .part
    assert window.grab().save(str(shots / "export_cancelled_window.png"))


def test_export_completed_after_progress_is_the_whole_view(window, session, tmp_path, qtbot,
                                                           monkeypatch):
    _slow_export(monkeypatch, copies=30)
    seen = []
    out = tmp_path / "out"
    out.mkdir()
    worker = window.daily.export_ledger(out / "v.xlsx")
    worker.dialog.canceled.connect(lambda: seen.append("canceled"))
    path = _finished(qtbot, window, worker)
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 17 * 30 and rows[1] == rows[1 + 17]
    assert [p.name for p in out.iterdir()] == ["v.xlsx"] and not seen
    assert "已导出 510 项" not in window.statusBar().currentMessage()   # items, not copies
    assert "已导出 17 项" in window.statusBar().currentMessage()
