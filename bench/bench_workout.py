"""The hourly reminder work-out: its cost, and how long it stalls the window (run by hand).

    PYTHONPATH=. python bench/bench_workout.py --db /tmp/reminder-100k.db --runs 5
    PYTHONPATH=. python bench/bench_workout.py --db … --profile     # cProfile, top 25

Works on a copy of the database only: the window writes (lock file, remembered reminders).
Core part, in this process: each run opens a fresh read-only store, as `DailyCheck` does every
hour, and times `ladder.work_out` and the whole check (`reminders.check`): wall, CPU, rows
read from SQLite (counted in a separate, untimed run) and entries in today's list.
GUI part, in a fresh process per run: the real window offscreen on the same file; after the
start-up check and the first reminder check it triggers `DailyCheck.check_now()` as the hourly
timer does, and measures until `checked` arrives (a) with a 5 ms timer on the UI thread — the
longest gap between two ticks is how long the window could not repaint or answer input — and
(b) while the table scrolls page by page, the time of each step, against the same scrolling
without a check. (c) the same as (a) for a first check, when nothing has been shown yet: everything is new and
is remembered (written) on the UI thread. Medians of the runs. Uses only APIs old versions have, so the "before" figures
come from the same script run with PYTHONPATH pointing to an older checkout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)


# ---- core ------------------------------------------------------------------------------------

class CountingConn:
    """A connection proxy that counts the rows its cursors return (for the untimed run)."""

    def __init__(self, conn):
        self._conn, self.rows = conn, 0

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def execute(self, sql, *args):
        return CountingCursor(self, self._conn.execute(sql, *args))


class CountingCursor:
    def __init__(self, owner: CountingConn, cur):
        self._owner, self._cur = owner, cur

    def __getattr__(self, name):
        return getattr(self._cur, name)

    def __iter__(self):
        for row in self._cur:
            self._owner.rows += 1
            yield row

    def fetchall(self):
        rows = self._cur.fetchall()
        self._owner.rows += len(rows)
        return rows

    def fetchone(self):
        row = self._cur.fetchone()
        self._owner.rows += row is not None
        return row


def core_once(db: Path) -> dict:
    from qjtasks.core import ladder, reminders
    from qjtasks.core.store import Store
    out = {}
    store = Store.open(db, readonly=True)
    try:
        seen = reminders.seen_keys(store)
        t, c = time.perf_counter(), time.process_time()
        work = ladder.work_out(store, TODAY)
        out["work_out"] = (time.perf_counter() - t, time.process_time() - c)
        out["entries"] = work.total()
    finally:
        store.close()
    store = Store.open(db, readonly=True)
    try:
        t, c = time.perf_counter(), time.process_time()
        seen = reminders.seen_keys(store)
        reminders.check(store, TODAY, seen=seen)
        out["check"] = (time.perf_counter() - t, time.process_time() - c)
    finally:
        store.close()
    return out


def rows_read(db: Path) -> int:
    from qjtasks.core import ladder
    from qjtasks.core.store import Store
    store = Store.open(db, readonly=True)
    try:
        store.conn = CountingConn(store.conn)
        ladder.work_out(store, TODAY)
        return store.conn.rows
    finally:
        store.conn = store.conn._conn
        store.close()


def child_env() -> dict:
    """This environment with PYTHONPATH made absolute (the children run elsewhere)."""
    path = os.environ.get("PYTHONPATH", str(ROOT))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        str(Path(p).resolve()) for p in path.split(os.pathsep) if p)}


def core(db: Path, runs: int) -> None:
    # each run in a fresh interpreter: module-level caches start cold, as after a start-up
    # (bench/ goes last on the path and the child runs outside the checkout, so PYTHONPATH
    # decides which qjtasks is measured)
    code = (f"import json, sys; sys.path.append({str(ROOT / 'bench')!r});"
            "from bench_workout import core_once; from pathlib import Path;"
            f"print(json.dumps(core_once(Path({str(db)!r}))))")
    results = [json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                                         capture_output=True, text=True, env=child_env(),
                                         cwd=tempfile.gettempdir()).stdout)
               for _ in range(runs)]
    print(f"核心（每次新进程、新的只读连接；{runs} 次中位数，今天 = {TODAY}）")
    print(f"读取行数 {rows_read(db)}，今日清单 {results[0]['entries']} 条")
    print("| 项目 | 墙钟 (毫秒) | CPU (毫秒) |")
    print("|---|---|---|")
    for key, label in (("work_out", "ladder.work_out"), ("check", "reminders.check（整个检查）")):
        wall = statistics.median(r[key][0] for r in results) * 1000
        cpu = statistics.median(r[key][1] for r in results) * 1000
        print(f"| {label} | {wall:.0f} | {cpu:.0f} |")


def profile(db: Path) -> None:
    import cProfile
    import pstats

    from qjtasks.core import reminders
    from qjtasks.core.store import Store
    store = Store.open(db, readonly=True)
    cProfile.runctx("reminders.check(store, TODAY)", globals(),
                    {"reminders": reminders, "store": store, "TODAY": TODAY}, "/tmp/workout.prof")
    pstats.Stats("/tmp/workout.prof").sort_stats("tottime").print_stats(25)


# ---- GUI (child process) ---------------------------------------------------------------------

def children_cpu() -> float:
    """CPU seconds of this process's finished child processes (the check's child, if any)."""
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def task_cpu() -> dict:
    """CPU ticks of each thread of this process (Linux)."""
    out = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            name = (task / "comm").read_text().strip()
        except OSError:
            continue
        out[f"{task.name}:{name}"] = (name, int(fields[11]) + int(fields[12]))
    return out


def gui_child(db: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from qjtasks.gui.app import launch, make_app, open_session
    app = make_app(sys.argv[:1])
    window = launch(open_session(Path(db), False, TODAY), restore=False)
    window.resize(1366, 768)
    window.show()
    check = window.daily.check
    done = {"n": 0}
    inner: list = []   # (wall, thread CPU) of the computation inside the worker
    compute = check._compute

    def timed_compute(*args):
        t, c = time.perf_counter(), time.thread_time()
        try:
            return compute(*args)
        finally:
            inner.append((time.perf_counter() - t, time.thread_time() - c))
    if hasattr(check, "_compute"):
        check._compute = timed_compute
    check.checked.connect(lambda _notice: done.__setitem__("n", done["n"] + 1))

    def wait(cond, timeout=600.0):
        """Run the event loop (really idle, as in the app) until `cond()` holds."""
        loop, poll = QEventLoop(), QTimer(interval=50)
        poll.timeout.connect(lambda: cond() and loop.quit())
        poll.start()
        quit_on_check = lambda _notice: cond() and loop.quit()  # noqa: E731
        check.checked.connect(quit_on_check)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        loop.exec()
        check.checked.disconnect(quit_on_check)
        poll.stop()
        if not cond():
            raise SystemExit("timed out")

    def settle():
        for _ in range(20):
            app.processEvents()
            time.sleep(0.005)

    # steady state: the start-up check and the first reminder check (which marks all as seen)
    wait(lambda: window.startup_check is not None and window.startup_check.result is not None
         and done["n"] >= 1)
    settle()
    ticks = {"last": 0.0, "max": 0.0}

    def tick():
        now = time.perf_counter()
        ticks["max"] = max(ticks["max"], now - ticks["last"])
        ticks["last"] = now
    import gc
    gcs: list = []   # (generation, seconds) of each collection
    gc_start = {}

    def on_gc(phase, info):
        if phase == "start":
            gc_start["t"] = time.perf_counter()
        elif "t" in gc_start:
            gcs.append((info["generation"], time.perf_counter() - gc_start.pop("t")))
    gc.callbacks.append(on_gc)
    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()

    # (a) the hourly check with the UI idle but for the 5 ms timer
    settle()
    before = done["n"]
    ticks.update(last=time.perf_counter(), max=0.0)
    tasks0 = task_cpu()
    t, c, k = time.perf_counter(), time.process_time(), children_cpu()
    check.check_now()
    wait(lambda: done["n"] > before)
    idle = {"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
            "child_cpu": children_cpu() - k}
    tasks1 = task_cpu()
    idle["threads"] = {k: v - tasks0.get(k, (None, 0))[1] for k, (n, v) in tasks1.items()
                       if v - tasks0.get(k, (None, 0))[1] > 0}
    tick()
    idle["stall"] = ticks["max"]
    idle["gc"] = sum(t for _, t in gcs)
    idle["gc_max"] = max((t for _, t in gcs), default=0.0)
    idle["gc2"] = sum(1 for g, _ in gcs if g == 2)
    idle["objects"] = len(gc.get_objects())
    idle["inner"] = inner[-1] if inner else None

    # (b) scrolling page by page, with and without the check running
    bar = window.table.verticalScrollBar()
    step = max(bar.pageStep(), 1)
    position = {"v": 0}

    def scroll_step() -> float:
        position["v"] = (position["v"] + step) % max(bar.maximum(), 1)
        s = time.perf_counter()
        bar.setValue(position["v"])
        window.table.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - s

    def scrolling(until) -> dict:
        steps = []
        ticks.update(last=time.perf_counter(), max=0.0)
        while not until():
            steps.append(scroll_step())
        tick()
        return {"steps": steps, "stall": ticks["max"]}

    settle()
    end = time.perf_counter() + idle["wall"]
    plain = scrolling(lambda: time.perf_counter() > end)
    settle()
    before = done["n"]
    t, c, k = time.perf_counter(), time.process_time(), children_cpu()
    check.check_now()
    busy = scrolling(lambda: done["n"] > before)
    busy["wall"], busy["cpu"] = time.perf_counter() - t, time.process_time() - c
    busy["child_cpu"] = children_cpu() - k

    # (c) a first check: nothing shown yet, so everything is new and remembered (UI idle)
    store = window.session.store
    store.conn.execute("DELETE FROM reminder_seen")
    settle()
    before = done["n"]
    ticks.update(last=time.perf_counter(), max=0.0)
    gcs.clear()
    t, c, k = time.perf_counter(), time.process_time(), children_cpu()
    check.check_now()
    wait(lambda: done["n"] > before)
    first = {"gc_max": max((t for _, t in gcs), default=0.0),"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
             "child_cpu": children_cpu() - k}
    tick()
    first["stall"] = ticks["max"]
    first["seen"] = store.conn.execute("SELECT count(*) FROM reminder_seen").fetchone()[0]
    timer.stop()
    print(json.dumps({"idle": idle, "plain": plain, "busy": busy, "first": first}), flush=True)
    window.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def gui(db: Path, runs: int) -> None:
    env = {**child_env(), "QT_QPA_PLATFORM": "offscreen",
           "QJTASKS_DATA_DIR": "/tmp/qj-bench-workout-data"}
    env.pop("QJTASKS_DB", None)
    results = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child",
                               str(db)], env=env, capture_output=True, text=True,
                              cwd=tempfile.gettempdir())
        if proc.returncode:
            raise SystemExit("child failed:\n" + proc.stderr)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))

    def med(fn) -> float:
        return statistics.median(fn(r) for r in results) * 1000
    print(f"\n窗口（offscreen，每次新进程；{runs} 次中位数；CPU = 窗口进程 + 子进程）")
    print("| 项目 | 墙钟 (毫秒) | CPU (毫秒) | 最长停顿 (毫秒) | 滚动每步 p95 / 最大 (毫秒) |")
    print("|---|---|---|---|---|")
    for key, label in (("idle", "整点检查，界面空闲（5 毫秒计时器）"),
                       ("busy", "整点检查，同时逐页滚动"),
                       ("first", "首次检查（全部为新，记入已提醒），界面空闲")):
        cpu = f"{med(lambda r, k=key: r[k]['cpu']):.0f} + " \
              f"{med(lambda r, k=key: r[k].get('child_cpu', 0.0)):.0f}"
        steps = "–" if key != "busy" else (
            f"{med(lambda r: pct(r['busy']['steps'], 95)):.1f} / "
            f"{med(lambda r: max(r['busy']['steps'])):.1f}")
        print(f"| {label} | {med(lambda r, k=key: r[k]['wall']):.0f} | {cpu} | "
              f"{med(lambda r, k=key: r[k]['stall']):.0f} | {steps} |")
    print(f"| 只滚动，没有检查（对照） | – | – | {med(lambda r: r['plain']['stall']):.0f} | "
          f"{med(lambda r: pct(r['plain']['steps'], 95)):.1f} / "
          f"{med(lambda r: max(r['plain']['steps'])):.1f} |")
    steps = statistics.median(len(r["busy"]["steps"]) for r in results)
    print(f"检查期间滚动 {steps:.0f} 步（对照 "
          f"{statistics.median(len(r['plain']['steps']) for r in results):.0f} 步）")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        gui_child(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description="每日提醒计算的耗时与窗口停顿")
    ap.add_argument("--db", default="/tmp/reminder-100k.db", help="数据库副本（会被写入）")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--no-gui", action="store_true")
    args = ap.parse_args()
    db = Path(args.db)
    if args.profile:
        profile(db)
        return
    core(db, args.runs)
    if not args.no_gui:
        gui(db, args.runs)


if __name__ == "__main__":
    main()
