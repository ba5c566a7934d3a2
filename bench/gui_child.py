"""Child process of bench_gui.py: start the real window, report first paint, then measure.

Prints PAINTED when the item table's viewport first paints, then one JSON line of figures.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def start(db: str, then):
    """Show the window; on its first paint print PAINTED and run `then(app, window)` inside
    the running event loop (so later repaints really paint)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from qjtasks.gui.app import launch, make_app, open_session

    class Painted(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802 - Qt override
            if ev.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                print("PAINTED", flush=True)
                QTimer.singleShot(0, lambda: (then(app, window), app.quit()))
            return False

    app = make_app(sys.argv[:1])
    # as `qjtasks-gui` does it: header check, window, then the background check and backup
    window = launch(open_session(Path(db), False, None), restore=False)
    window.daily.check.checked.connect(lambda _notice: setattr(window, "reminders_done", True))
    window.resize(1366, 768)
    watcher = Painted()
    window.table.viewport().installEventFilter(watcher)
    app.exec()


EXACT: list[float] = []  # change → exact count in the status bar, for the last timed() calls
STALL: list[float] = []  # how long the UI thread was busy inside the change itself


def timed(app, window, change) -> float:
    """Change → first page in the model and the table repainted; also records the count."""
    from PySide6.QtCore import QCoreApplication, QEventLoop
    model = window.table.model_
    t = time.perf_counter()
    change()
    STALL.append((time.perf_counter() - t) * 1000)
    while model.loading:  # a search arrives from the worker: sleep until it posts its rows
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    window.table.viewport().repaint()
    app.processEvents()
    shown = (time.perf_counter() - t) * 1000
    window.table.model_.wait_exact()
    EXACT.append((time.perf_counter() - t) * 1000)
    return shown


def filters(app, window) -> list[float]:
    bar, out = window.filter_bar, []
    for _round in range(3):
        for view in ("今日需催办", "本周到期", "已逾期", "反馈超期", "待签收", "全部"):
            out.append(timed(app, window, lambda v=view: window.nav.select_view(v)))
        for box in (bar.unit, bar.status, bar.light, bar.role, bar.category):
            for n in range(1, min(box.count(), 5)):
                out.append(timed(app, window, lambda b=box, i=n: b.setCurrentIndex(i)))
            out.append(timed(app, window, lambda b=box: b.setCurrentIndex(0)))
    for n in range(4):  # sorting by header is a filter-like change too
        out.append(timed(app, window, lambda c=n: window.table.sortByColumn(c * 2, Qt.SortOrder.AscendingOrder)))
    return out


def searches(app, window) -> tuple[list[float], list]:
    bar, out, named = window.filter_bar, [], []
    for word in ("绿色发展", "光盘行动", "充电桩规划", "綦发改督"):
        for n in range(1, len(word) + 1):
            def typed(text=word[:n]):
                bar.search.setText(text)
                bar.flush()
            ms = timed(app, window, typed)
            out.append(ms)
            named.append((word[:n], ms))
        bar.search.clear()
        bar.flush()
    return out, named


def scroll(app, window) -> tuple[list[float], int]:
    window.filter_bar.clear()
    window.nav.select_view("全部")
    window.table.model_.wait_exact()
    app.processEvents()
    bar = window.table.verticalScrollBar()
    model = window.table.model_
    loaded, out = set(), []
    original = model._page

    def counting(number):
        if number not in model._pages:
            loaded.add(number)
        return original(number)
    model._page = counting
    step = max(bar.pageStep(), 1)
    for value in range(0, bar.maximum() + step, step):
        out.append(timed(app, window, lambda v=value: bar.setValue(v)))
    return out, len(loaded)


def main() -> None:
    start(sys.argv[1], measure)


def measure(app, window) -> None:
    global Qt
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
    check = window.startup_check
    # measure the steady state: after the start-up check and the first reminder work-out
    while check is None or check.result is None or not getattr(window, "reminders_done", 0):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        check = window.startup_check
    store = window.session.store
    report = {"items": store.conn.execute("SELECT count(*) FROM items").fetchone()[0],
              "notes": store.conn.execute("SELECT count(*) FROM notes").fetchone()[0],
              "filter": filters(app, window)}
    report["filter_exact"] = list(EXACT)
    EXACT.clear()
    STALL.clear()
    report["search"], report["searches"] = searches(app, window)
    report["search_exact"] = list(EXACT)
    report["search_stall"] = list(STALL)
    report["scroll"], report["pages"] = scroll(app, window)
    report["rows"] = window.table.model_.rowCount()
    report["rss"], report["hwm"] = rss()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
