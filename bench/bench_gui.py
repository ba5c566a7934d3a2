"""GUI benchmark, driving the real window offscreen (run by hand; prints a table).

    python bench/bench_gui.py --db /tmp/qj-100k.db          # file from bench/generate.py
    python bench/bench_gui.py --generate                    # or make one with gui_data.py

Measures, each in a fresh process: start to painted main window vs. an empty PySide6 window
(same run, for the ratio); then inside the app: filter change → updated, repainted table and
typed search character → updated table (the query after the 250 ms debounce), p50/p95/max;
scrolling the whole table page by page; resident memory at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMPTY_CHILD = """
import time, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print("PAINTED", flush=True); QApplication.instance().quit()
        return False
app = QApplication(sys.argv[:1]); w = QMainWindow(); label = QLabel("空窗口"); w.setCentralWidget(label)
f = Painted(); label.installEventFilter(f); w.show(); app.exec()
"""


def run_child(args: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True, cwd=ROOT)
    painted, lines = None, []
    for line in proc.stdout:
        if line.startswith("PAINTED") and painted is None:
            painted = time.perf_counter() - start
        lines.append(line)
    proc.wait()
    if painted is None:
        raise SystemExit("child failed:\n" + proc.stderr.read())
    return painted, "".join(lines)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description="GUI 性能测试")
    ap.add_argument("--db", default="/tmp/qj-gui-100k.db")
    ap.add_argument("--generate", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    db = Path(args.db)
    if args.generate or not db.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "gui_data.py"), "-o", str(db)],
                       check=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "QJTASKS_DATA_DIR": "/tmp/qj-bench-gui-data"}
    empty = [run_child([sys.executable, "-c", EMPTY_CHILD], env)[0] for _ in range(args.runs)]
    app, report = [], {}
    for _ in range(args.runs):
        t, out = run_child([sys.executable, str(ROOT / "bench" / "gui_child.py"), str(db)], env)
        app.append(t)
        report = json.loads(out.splitlines()[-1])
    print_table(db, empty, app, report)


def print_table(db: Path, empty: list[float], app: list[float], r: dict) -> None:
    e, a = statistics.median(empty), statistics.median(app)
    print(f"数据库 {db}：{r['items']} 项事项，{r['notes']} 条反馈\n")
    print(f"{'measure':44} {'value':>12} {'goal':>10}")
    print(f"{'empty PySide6 window start→painted (median)':44} {e:>10.2f} s")
    print(f"{'qjtasks main window start→painted (median)':44} {a:>10.2f} s {'≤ 2 s':>10}")
    print(f"{'ratio app / empty':44} {a / e:>11.1f}×")
    for key, label in (("filter", "filter change → table updated"),
                       ("filter_exact", "  … → exact count in status bar"),
                       ("search", "typed search char → table updated"),
                       ("search_exact", "  … → exact count in status bar"),
                       ("search_stall", "  UI thread busy per search char")):
        v = r[key]
        print(f"{label + ' p50/p95/max':44} {pct(v, 50):>5.0f}/{pct(v, 95):.0f}/{max(v):.0f} ms"
              f" {'p95 ≤ 100':>8}")
    s = r["scroll"]
    print(f"{'scroll whole table: per step p95 / max':44} {pct(s, 95):>6.1f}/{max(s):.1f} ms")
    print(f"{'  pages queried while scrolling':44} {r['pages']:>12}")
    print(f"{'  rows in the table':44} {r['rows']:>12}")
    print(f"{'resident memory at end (VmRSS / VmHWM)':44} {r['rss']:>5.0f}/{r['hwm']:.0f} MB"
          f" {'≤ 500':>7}")
    for name, ms in r["searches"]:
        print(f"  search {name!r:14} {ms:8.0f} ms")


if __name__ == "__main__":
    main()
