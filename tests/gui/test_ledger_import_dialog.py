"""The ledger import dialog reads, previews and imports on a worker: busy state while a slow read
or import runs, stale reads dropped, a broken file or a refused import saves nothing."""
import os
import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from qjtasks.gui.dialogs.ledger_import import LedgerImportDialog
from qjtasks.gui.session import Session
from qjtasks.importers import ledger as imp

HEADERS = ["督办编号", "事项", "牵头单位", "配合单位", "交办日期", "办结时限", "进度", "状态"]
UNITS = ["区科技局", "区发改委", "区财政局", "区生态环境局"]


def _workbook(path, rows: int, bad_every: int = 0):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["綦江区重点工作督办台账"])                  # a title row above the header
    ws.append(HEADERS)
    for i in range(rows):
        lead = "区不存在局" if bad_every and i % bad_every == bad_every - 1 else UNITS[i % 4]
        ws.append([f"台账〔2026〕{i + 1}号", f"重点工作事项{i + 1}", lead, UNITS[(i + 1) % 4],
                   "2026-03-01", "2026-12-31", (i * 7) % 100, "办理中"])
    wb.save(path)
    return path


def _items(services) -> int:
    return services.store.conn.execute("SELECT count(*) FROM items").fetchone()[0]


@pytest.fixture
def gate(monkeypatch):
    """`read_table` holds files named slow* until the gate is set; records what finished."""
    event, finished, real = threading.Event(), [], imp.read_table

    def read(path, progress=None):
        if os.path.basename(path).startswith("slow"):
            assert event.wait(10), "the test never opened the gate"
        sheet = real(path, progress)
        finished.append(os.path.basename(path))
        return sheet
    monkeypatch.setattr(imp, "read_table", read)
    event.finished = finished
    yield event
    event.set()                    # never leave a worker blocked behind a failed assertion


def _dialog(qtbot, seeded, path=None):
    dlg = LedgerImportDialog(Session.of(seeded), path=path)
    qtbot.addWidget(dlg)
    dlg.resize(1000, 620)
    dlg.show()
    return dlg


def test_slow_read_shows_busy_state_and_dialog_stays_live(qtbot, seeded, gate, tmp_path,
                                                           shots):
    path = _workbook(tmp_path / "slow-台账.xlsx", 120, bad_every=25)
    dlg = _dialog(qtbot, seeded)
    dlg.open_file(path)
    assert not gate.is_set() and dlg.busy             # open_file returned while the read waits
    assert dlg.status.text() == "正在读取“slow-台账.xlsx”…" and dlg.progress.isVisible()
    assert dlg.progress.maximum() == 0                # a busy bar, no steps to count
    assert not dlg.import_button.isEnabled() and not dlg.mapping_panel.isEnabled()
    assert dlg.browse_button.isEnabled() and dlg.close_button.isEnabled()
    ticks = []
    QTimer.singleShot(20, lambda: ticks.append(1))    # the event loop runs during the read
    qtbot.waitUntil(lambda: ticks == [1])
    assert dlg.busy and gate.finished == []
    assert dlg.grab().save(str(shots / "ledger_import_busy.png"))
    gate.set()
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.boxes["title"].currentText() == "事项" and dlg.mapping_panel.isEnabled()
    assert dlg.table.rowCount() == 50 and dlg.errors.count() == 4
    assert "表头在第2行。可导入 116 行" in dlg.status.text()
    assert dlg.import_button.isEnabled() and not dlg.progress.isVisible()
    assert dlg.grab().save(str(shots / "ledger_import_loaded.png"))


def test_stale_read_of_an_earlier_file_is_dropped(qtbot, seeded, gate, tmp_path):
    first = tmp_path / "slow-first.csv"
    first.write_text("事项,牵头单位\n旧文件的事项,区科技局\n", encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text("工作任务,责任单位\n新文件的事项,区发改委\n另一项,区财政局\n",
                      encoding="utf-8")
    dlg = _dialog(qtbot, seeded)
    dlg.open_file(first)
    dlg.open_file(second)                             # the user picked another file
    qtbot.waitUntil(lambda: not dlg.busy)
    assert gate.finished == ["second.csv"]
    assert dlg.boxes["title"].currentText() == "工作任务" and dlg.table.rowCount() == 2
    gate.set()                                        # the first read ends now …
    qtbot.waitUntil(lambda: dlg._runner.outstanding == 0)
    assert gate.finished == ["second.csv", "slow-first.csv"]
    assert dlg.boxes["title"].currentText() == "工作任务"              # … and is dropped
    assert dlg.table.item(0, 2).text() == "新文件的事项"
    assert dlg.preview.path == second and dlg.path_edit.text() == str(second)


def test_import_runs_on_its_own_connection_and_cannot_be_closed_meanwhile(
        qtbot, seeded, tmp_path, monkeypatch, shots):
    path = _workbook(tmp_path / "台账.xlsx", 30)
    dlg = _dialog(qtbot, seeded, path)
    qtbot.waitUntil(lambda: not dlg.busy)
    event, seen, real = threading.Event(), {}, imp.commit

    def commit(services, preview, progress=None):
        seen["own connection"] = services.store is not seeded.store
        seen["worker thread"] = threading.current_thread() is not threading.main_thread()
        progress(10, 30)
        assert event.wait(10)
        return real(services, preview, progress)
    monkeypatch.setattr(imp, "commit", commit)
    before = _items(seeded)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.progress.value() == 10)
    assert dlg.busy and dlg.committing and dlg.progress.maximum() == 30
    assert dlg.status.text() == "正在导入… 10/30 行"
    assert not dlg.close_button.isEnabled() and not dlg.browse_button.isEnabled()
    assert not dlg.mapping_panel.isEnabled() and not dlg.import_button.isEnabled()
    dlg.reject()                                      # Esc / the window's close: refused
    assert dlg.isVisible()
    assert dlg.grab().save(str(shots / "ledger_import_importing.png"))
    with qtbot.waitSignal(dlg.changed) as blocker:
        event.set()
    assert seen == {"own connection": True, "worker thread": True}
    assert _items(seeded) == before + 30 and len(blocker.args[0].item_ids) == 30
    assert dlg.status.text() == "导入完成：新增 30 项，已存在 0 项"
    assert dlg.close_button.isEnabled() and not dlg.import_button.isEnabled()
    assert not dlg.progress.isVisible()


def test_broken_file_shows_chinese_error_and_saves_nothing(qtbot, seeded, tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    before = _items(seeded)
    dlg = _dialog(qtbot, seeded, bad)
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.status.text() == "无法读取“台账.xlsx”：不是有效的 Excel 文件（.xlsx）"   # issue 16: no Python words
    assert "c5221f" in dlg.status.styleSheet() and not dlg.progress.isVisible()
    assert not dlg.import_button.isEnabled() and dlg.preview is None
    dlg.do_import()                                   # refused: nothing to import
    assert not dlg.busy and _items(seeded) == before


def test_refused_import_shows_the_row_and_writes_nothing(qtbot, seeded, tmp_path, monkeypatch):
    from qjtasks.core import ledger
    from qjtasks.core.errors import ValidationError
    path = _workbook(tmp_path / "台账.xlsx", 5)
    dlg = _dialog(qtbot, seeded, path)
    qtbot.waitUntil(lambda: not dlg.busy)
    real, calls = ledger._create, []

    def create(services, row):
        calls.append(row.row_no)
        if len(calls) == 4:
            raise ValidationError("事项名称过长")
        return real(services, row)
    monkeypatch.setattr(ledger, "_create", create)
    before = _items(seeded)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.status.text() == "第6行：事项名称过长，整个台账未导入"
    assert "c5221f" in dlg.status.styleSheet()
    assert _items(seeded) == before                   # three rows were written, then rolled back
    assert dlg.import_button.isEnabled() and dlg.close_button.isEnabled()


def test_changing_a_column_twice_keeps_only_the_last_preview(qtbot, seeded, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("工作任务,主管,截止\n节水宣传,区科技局,2027-02-01\n", encoding="utf-8")
    dlg = _dialog(qtbot, seeded, path)
    qtbot.waitUntil(lambda: not dlg.busy)
    dlg.boxes["lead"].setCurrentText("主管")
    assert dlg.busy and not dlg.import_button.isEnabled()
    dlg.boxes["lead"].setCurrentText("截止")          # supersedes the first choice
    qtbot.waitUntil(lambda: not dlg.busy and dlg._runner.outstanding == 0)
    assert dlg.preview.mapping["lead"] == "截止"
    assert dlg.errors.count() == 1 and "牵头单位“2027-02-01”" in dlg.errors.item(0).text()
    dlg.boxes["title"].setCurrentIndex(0)             # 不导入: no title column
    assert not dlg.busy and "请指定哪一列是“事项”" in dlg.status.text()
    assert not dlg.import_button.isEnabled() and dlg.preview is None


def test_in_memory_database_is_read_and_imported_inline(qtbot, tmp_path):
    from qjtasks.core.seed import ensure_default
    from qjtasks.core.services import Services
    from qjtasks.core.store import Store
    store = Store.memory()
    services = Services(store)
    ensure_default(services)
    path = _workbook(tmp_path / "台账.xlsx", 3)
    dlg = _dialog(qtbot, services, path)
    assert not dlg.busy and dlg._runner.outstanding == 0   # no thread: it cannot be reopened
    assert dlg.table.rowCount() == 3
    before = _items(services)
    with qtbot.waitSignal(dlg.changed, timeout=15000):
        dlg.do_import()
    assert _items(services) == before + 3 and not (tmp_path / ":memory:").exists()
    assert not os.path.exists(":memory:")


def _slowly(monkeypatch, module, name, seconds=0.001):
    """Each call of `module.name` takes `seconds` longer, so 取消 can be pressed mid-run."""
    import time
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, slow)


def test_cancel_while_previewing_stops_the_worker_and_says_so(qtbot, seeded, tmp_path,
                                                              monkeypatch, shots):
    import time
    _slowly(monkeypatch, imp, "_row", 0.0004)          # parsing 3,000 rows: over a second
    path = _workbook(tmp_path / "台账.xlsx", 3000)
    dlg = _dialog(qtbot, seeded, path)
    qtbot.waitUntil(lambda: dlg.status.text().startswith("正在生成预览… 500/3,000 行"),
                    timeout=20000)
    assert dlg.progress.maximum() == 3000 and dlg.progress.value() >= 500
    assert dlg.stop_button.isVisible() and dlg.stop_button.text() == "取消"
    assert dlg.grab().save(str(shots / "ledger_import_reading_progress.png"))
    runner = dlg._runner
    pressed = time.monotonic()
    qtbot.mouseClick(dlg.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert time.monotonic() - pressed <= 0.5
    qtbot.waitUntil(lambda: dlg.status.text() == "已取消读取")
    assert dlg.preview is None and dlg.table.rowCount() == 0
    assert not dlg.import_button.isEnabled() and not dlg.stop_button.isVisible()
    assert dlg.browse_button.isEnabled() and dlg.close_button.isEnabled()
    assert dlg.grab().save(str(shots / "ledger_import_read_cancelled.png"))
    dlg.open_file(path)                                 # and it can be read again
    monkeypatch.undo()
    qtbot.waitUntil(lambda: dlg.preview is not None, timeout=20000)
    assert len(dlg.preview.parsed.rows) == 3000


def test_cancel_during_import_rolls_back_everything(qtbot, seeded, tmp_path, monkeypatch,
                                                    shots):
    import time

    from qjtasks.core import ledger
    path = _workbook(tmp_path / "台账.xlsx", 3000)
    dlg = _dialog(qtbot, seeded, path)
    qtbot.waitUntil(lambda: dlg.preview is not None, timeout=20000)
    _slowly(monkeypatch, ledger, "_create", 0.0005)
    before = _items(seeded)
    remembered = seeded.store.conn.execute("SELECT count(*) FROM ledger_mappings").fetchone()[0]
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.status.text().startswith("正在导入… 400/"), timeout=20000)
    assert dlg.status.text().startswith("正在导入… ") and dlg.status.text().endswith("/3,000 行")
    assert dlg.stop_button.isVisible() and not dlg.close_button.isEnabled()
    assert dlg.grab().save(str(shots / "ledger_import_import_progress.png"))
    runner = dlg._runner
    pressed = time.monotonic()
    qtbot.mouseClick(dlg.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert time.monotonic() - pressed <= 0.5
    qtbot.waitUntil(lambda: dlg.status.text() == "已取消导入，没有保存任何事项")
    assert _items(seeded) == before                     # one transaction, rolled back
    assert seeded.store.conn.execute("SELECT count(*) FROM ledger_mappings").fetchone()[0] == remembered
    assert not dlg.committing and dlg.close_button.isEnabled()
    assert dlg.import_button.isEnabled()                # the preview is kept: import again
    assert dlg.grab().save(str(shots / "ledger_import_import_cancelled.png"))
    monkeypatch.undo()
    with qtbot.waitSignal(dlg.changed, timeout=30000):
        qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert _items(seeded) == before + 3000
