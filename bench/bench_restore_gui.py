"""How long the restore dialog blocks the window, before and after the work moved to workers.

    PYTHONPATH=. python bench/bench_restore_gui.py --db /tmp/gui-100k.db --runs 3

Copies `--db` into a temporary folder with one backup of it beside it, then for each run
measures, offscreen:

- 改前: the old code path on the UI thread — `check_restorable(full=False)` for a click in the
  list, `restore()` under the lock for 恢复 — so the window froze for the whole call;
- 改后: `RestoreDialog` checking the selected backup and restoring it on workers, with a 10 ms
  timer on the UI thread; the longest gap between two ticks is how long the window stood still;
- the restore alone with the copy in one step (`COPY_PAGES = -1`, as before) and in steps of
  `COPY_PAGES` pages (what reports the progress), to show what the steps cost.

Prints medians over the runs, wall and CPU seconds (CPU of the whole process, all threads).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qjtasks.cli.fmt import table  # noqa: E402
from qjtasks.core import restore as restore_mod  # noqa: E402
from qjtasks.core.lock import DbLock  # noqa: E402


def clocks():
    return time.perf_counter(), time.process_time()


def since(start):
    wall, cpu = clocks()
    return wall - start[0], cpu - start[1]


def tidy(db: Path) -> None:
    for extra in db.parent.glob(f"{db.stem}.replaced-*"):
        extra.unlink()


def watch(app, done, tick_ms: int = 10) -> float:
    """Turn the event loop until `done()`; the longest gap between two timer ticks (s)."""
    from PySide6.QtCore import QTimer
    gaps, last = [0.0], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer(interval=tick_ms)
    timer.timeout.connect(tick)
    timer.start()
    while not done():
        app.processEvents()
        time.sleep(0.002)
    timer.stop()
    return max(gaps)


def run_once(app, db: Path, source: Path) -> dict[str, tuple[float, ...]]:
    from qjtasks.gui.dialogs import recovery
    out = {}
    start = clocks()
    restore_mod.check_restorable(source, full=False)
    out["改前 选中备份（UI 线程）"] = (*since(start), since(start)[0])
    start = clocks()
    with DbLock(db, "恢复备份"):
        restore_mod.restore(source, db)
    wall, cpu = since(start)
    out["改前 恢复（UI 线程）"] = (wall, cpu, wall)
    tidy(db)

    start = clocks()
    dialog = recovery.RestoreDialog(db)            # selects the newest backup: checks it
    blocked = since(start)[0]
    gap = watch(app, lambda: dialog.chosen is not None or dialog.error.text())
    out["改后 选中备份"] = (*since(start), max(blocked, gap))
    recovery.ask = lambda *a: "yes"
    start = clocks()
    dialog.restore_button.click()
    blocked = since(start)[0]
    gap = watch(app, lambda: not dialog.restoring)
    out["改后 恢复"] = (*since(start), max(blocked, gap))
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    dialog.deleteLater()
    tidy(db)

    for label, pages in (("restore() 一次复制", -1), (f"restore() 每步 {restore_mod.COPY_PAGES} 页",
                                                      restore_mod.COPY_PAGES)):
        saved, restore_mod.COPY_PAGES = restore_mod.COPY_PAGES, pages
        try:
            start = clocks()
            restore_mod.restore(source, db)
            wall, cpu = since(start)
        finally:
            restore_mod.COPY_PAGES = saved
        out[label] = (wall, cpu, wall)
        tidy(db)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    app = QApplication(["bench"])
    work = Path(tempfile.mkdtemp(prefix="qj-restore-bench-"))
    try:
        db = work / "qj.db"
        shutil.copy(args.db, db)
        (work / "backups").mkdir()
        source = work / "backups" / "qj-20261125-090000-daily.db"
        shutil.copy(args.db, source)
        runs = [run_once(app, db, source) for _ in range(args.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for label in runs[0]:
        wall, cpu, still = (statistics.median(r[label][i] for r in runs) for i in range(3))
        rows.append([label, f"{wall:.2f}", f"{cpu:.2f}", f"{still:.2f}"])
    size = args.db.stat().st_size / 1e6
    print(f"\n数据库 {args.db}（{size:.0f} MB），{args.runs} 次的中位数；"
          "“窗口停顿”为改前整个调用、改后 UI 线程最长停顿\n")
    print(table(["操作", "耗时（秒）", "CPU（秒）", "窗口停顿（秒）"], rows, [28, 10, 10, 14]))


if __name__ == "__main__":
    main()
