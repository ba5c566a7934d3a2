"""How long the window stalls while the import dialogs read and import (run by hand; a table).

    PYTHONPATH=. python bench/bench_dialog_reads.py --runs 3

Makes a seeded database, a 10,000-row ledger workbook and a multi-page text-layer PDF reply
letter, then drives the real dialogs offscreen: 导入复函 reading and recognising the PDF, 导入台账
reading and previewing the workbook, and importing its 10,000 rows. A 10 ms timer runs on the UI
thread throughout; the longest gap between two of its ticks is how long the window could not
repaint or answer a click. Wall time is from the call to the result shown; CPU is the process's.
Medians of the runs. Works on versions without `busy` too (then the call itself is the wait).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "resources" / "seed" / "reply-024.txt"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
UNITS = ["区科技局", "区发改委", "区财政局", "区生态环境局"]


def make_ledger(path: Path, rows: int) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["督办编号", "事项", "牵头单位", "配合单位", "交办日期", "办结时限", "进度", "状态"])
    for i in range(rows):
        ws.append([f"台账〔2026〕{i + 1}号", f"重点工作事项{i + 1}", UNITS[i % 4], UNITS[(i + 1) % 4],
                   "2026-03-01", "2026-12-31", (i * 7) % 100, "办理中"])
    wb.save(path)
    return path


def make_letter_pdf(path: Path, repeat: int) -> Path:
    """reply-024 with its middle section repeated so it runs to several pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    lines = SEED.read_text("utf-8").replace("140号", "141号").split("\n")
    cut = next(i for i, line in enumerate(lines) if "下一步工作计划" in line)
    lines = lines[:cut] + lines[6:cut] * repeat + lines[cut:]
    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for para in lines:
        for chunk in [para[i:i + 34] for i in range(0, len(para), 34)] or [""]:
            c.setFont("WQY", 12)
            c.drawString(50, y, chunk)
            y -= 18
            if y < 60:
                c.showPage()
                y = 800
    c.save()
    return path


class Stalls:
    """A 10 ms timer on the UI thread; the longest gap between ticks."""

    def __init__(self):
        from PySide6.QtCore import QTimer
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def measure(self, call, finished) -> tuple[float, float, float]:
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        self.timer.start()
        for _ in range(5):
            app.processEvents()
            time.sleep(0.01)
        self.last, self.longest = time.perf_counter(), 0.0
        start, cpu = time.perf_counter(), time.process_time()
        call()
        self.tick()
        while not finished():
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        self.tick()
        self.timer.stop()
        return time.perf_counter() - start, time.process_time() - cpu, self.longest


def _dialog(cls, services):
    """The dialog as the version measured builds it: from the session since issue 18, from
    (services, store) before."""
    from qjtasks.gui import session
    if hasattr(session.Session, "of"):
        return cls(session.Session.of(services))
    return cls(services, services.store)


def busy(dialog) -> bool:
    return bool(getattr(dialog, "busy", False))


def run_once(folder: Path, ledger: Path, letter: Path) -> dict[str, tuple[float, float, float]]:
    from qjtasks.core.seed import ensure_default
    from qjtasks.core.services import Services
    from qjtasks.core.store import Store
    from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
    from qjtasks.gui.dialogs.ledger_import import LedgerImportDialog
    db = Path(tempfile.mkdtemp(dir=folder)) / "qj.db"
    store = Store.open(db)
    services = Services(store)
    ensure_default(services)
    stalls, out = Stalls(), {}
    reply = _dialog(ImportReplyDialog, services)
    reply.show()
    out["复函 PDF 读取并识别"] = stalls.measure(lambda: reply.load_file(letter),
                                         lambda: not busy(reply))
    assert reply.parsed is not None and len(reply.parsed.plan_items) == 3, "letter not read"
    reply.close()
    dlg = _dialog(LedgerImportDialog, services)
    dlg.show()
    out["台账 10,000 行读取并预览"] = stalls.measure(lambda: dlg.open_file(ledger),
                                            lambda: not busy(dlg))
    assert dlg.preview is not None and len(dlg.preview.parsed.rows) == 10_000
    out["台账 10,000 行导入"] = stalls.measure(dlg.do_import, lambda: not busy(dlg))
    assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] >= 10_000
    dlg.close()
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="导入对话框读取时界面停顿")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=4, help="复函中段重复次数（页数随之增加）")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])  # noqa: F841 - kept alive for the dialogs
    folder = Path(tempfile.mkdtemp(prefix="qjbench-dialogs-"))
    ledger = make_ledger(folder / "台账.xlsx", args.rows)
    letter = make_letter_pdf(folder / "复函.pdf", args.repeat)
    from pypdf import PdfReader
    pages = len(PdfReader(letter).pages)
    runs = [run_once(folder, ledger, letter) for _ in range(args.runs)]
    print(f"复函 PDF {pages} 页；台账 {args.rows} 行；{args.runs} 次的中位数")
    print(f"| {'项目':<20} | 墙钟 (秒) | CPU (秒) | 最长停顿 (毫秒) |")
    print("|---|---|---|---|")
    for key in runs[0]:
        wall, cpu, stall = (statistics.median(r[key][i] for r in runs) for i in range(3))
        print(f"| {key:<20} | {wall:8.2f} | {cpu:8.2f} | {stall * 1000:10.0f} |")


if __name__ == "__main__":
    main()
