"""How the 今日需催办 dialog opens on a large database (run by hand; prints a table).

    PYTHONPATH=. python bench/bench_today_dialog.py --db /tmp/qj-100k.db --runs 3

Opens the real dialog offscreen on a copy of the database (the dialog only reads) for a fixed
day and measures: the time until the list is filled, the longest gap between two ticks of a
5 ms timer on the UI thread meanwhile (how long the window could not repaint or answer a
click), the rows shown, and the process's peak resident memory. Medians of the runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", default="2026-11-25")
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from qjtasks.core.services import Services
    from qjtasks.core.store import Store
    from qjtasks.gui import session
    from qjtasks.gui.dialogs.today_dialog import TodayDialog

    app = QApplication([])
    store = Store.open(args.db)
    services = Services(store)
    today = dt.date.fromisoformat(args.today)
    filled, gaps_max, rows = [], [], None
    for _ in range(args.runs):
        gaps: list[int] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick(gaps=gaps, clock=clock, last=last) -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now
        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(5)
        start = time.perf_counter()
        if hasattr(session.Session, "of"):     # from the session since issue 18
            dialog = TodayDialog(session.Session.of(services, today=today))
        else:
            dialog = TodayDialog(services, store, today=today)
        dialog.show()
        app.processEvents()
        while getattr(dialog, "busy", False):
            app.processEvents()
        filled.append(time.perf_counter() - start)
        app.processEvents()
        timer.stop()
        gaps_max.append(max(gaps) if gaps else (time.perf_counter() - start) * 1000)
        model = getattr(dialog, "model", None)
        rows = model.rowCount() if model is not None else dialog.table.rowCount()
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"今日需催办对话框（{args.db}，{today}，{args.runs} 次中位数）")
    print(f"{'量':<22}{'值':>12}")
    print(f"{'列表行数':<22}{rows:>12}")
    print(f"{'打开到列表填好 (s)':<22}{statistics.median(filled):>12.2f}")
    print(f"{'界面最长停顿 (ms)':<22}{statistics.median(gaps_max):>12.0f}")
    print(f"{'峰值内存 (MB)':<22}{rss:>12.0f}")


if __name__ == "__main__":
    main()
