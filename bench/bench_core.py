"""Core benchmark (run by hand; prints a table): the app beside the raw sqlite3 floor.

    python bench/bench_core.py                        # both sizes, files in /tmp/qjbench
    python bench/bench_core.py --sizes 10000:100000 --reuse

For each size: bulk load (the generator into the app schema vs. the same rows into bare tables),
filtered list and count (unit + status), text search with 2- and 4-character queries (a common
and a rare one each), per-unit summary, database size, and `qjtasks list --unit … --status …` as a
whole process. Every app figure sits beside the hand-written query of `raw.py` timed in the same
run, interleaved, as the median of several runs after a warm-up (in-process queries as CPU time;
whole processes as wall and CPU time).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import generate  # noqa: E402
import raw  # noqa: E402

from qjtasks.core.filters import ItemFilter  # noqa: E402
from qjtasks.core.store import Store  # noqa: E402
from qjtasks.core.summary import unit_summary  # noqa: E402

TODAY = generate.TODAY
UNIT, UNIT_NAME, STATUS = 7, "区交通局", "办理中"
QUERIES = [("2字常见", "宣传"), ("2字少见", "禁渔"), ("4字常见", "专题会议"), ("4字少见", "光盘行动")]


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="qjtasks 核心性能测试")
    ap.add_argument("--sizes", default="10000:100000,100000:1000000",
                    help="事项数:反馈数，逗号分隔")
    ap.add_argument("--dir", default="/tmp/qjbench", help="数据库文件目录")
    ap.add_argument("--reuse", action="store_true", help="已有文件时不重新生成（不测装载）")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--other", type=Path, default=None,
                    help="另一份代码（例如改动之前的版本）：`qjtasks list` 整个进程也用它测，同一次运行中交替")
    return ap.parse_args(argv)


def paired(app_fn, raw_fn, runs: int) -> tuple[float, float]:
    """Median seconds of each, interleaved A B A B … after one warm-up of each."""
    app_fn(), raw_fn()
    a, r = [], []
    for _ in range(runs):
        a.append(_clock(app_fn))
        r.append(_clock(raw_fn))
    return statistics.median(a), statistics.median(r)


def _clock(fn) -> float:
    # CPU time of this process: the file sits in the OS cache, so on a quiet machine this is
    # the wall time, and on a shared one it leaves out the time other processes had the CPU.
    start = time.process_time()
    fn()
    return time.process_time() - start


def bulk_load(n_items: int, n_notes: int, folder: Path, reuse: bool) -> tuple:
    app_db, bare_db = folder / f"qj-{n_items}.db", folder / f"qj-{n_items}-raw.db"
    if reuse and app_db.exists() and bare_db.exists():
        return app_db, bare_db, None
    seed, today = 24, TODAY
    app_t = generate.generate(app_db, n_items, n_notes, seed, today)["total"]
    bare_t = generate.generate(bare_db, n_items, n_notes, seed, today, bare=True)["total"]
    return app_db, bare_db, (app_t, bare_t)


def query_rows(store: Store, conn, runs: int) -> list[tuple]:
    today, cutoff = TODAY.isoformat(), store.cutoff(TODAY).isoformat()
    flt = ItemFilter(unit_id=UNIT, statuses=[STATUS])
    rows = [("筛选列表（单位+状态，前200项）",
             *paired(lambda: store.lists.items(flt, today=TODAY, limit=200),
                     lambda: raw.list_rows(conn, UNIT, STATUS, today, cutoff), runs)),
            ("筛选计数（单位+状态）",
             *paired(lambda: store.lists.count(flt, today=TODAY),
                     lambda: raw.count_rows(conn, UNIT, STATUS), runs))]
    for label, text in QUERIES:
        rows.append((f"检索 {label}“{text}”（前200项）",
                     *paired(lambda t=text: store.lists.search(t, today=TODAY, limit=200),
                             lambda t=text: raw.search(conn, t, today, cutoff), runs)))
    rows.append(("各单位汇总", *paired(lambda: unit_summary(store, TODAY),
                                    lambda: raw.summary(conn, today, cutoff), runs)))
    return rows


def cli_row(db: Path, runs: int, other: Path | None = None) -> dict:
    """Wall and CPU seconds (user + sys, from the kernel) of each whole process, A B A B …
    (with `other`, the same `qjtasks list` of that checkout too, run in its own directory:
    `python -m` puts the working directory first on sys.path)."""
    # Byte-code as an installed package has it (pip compiles on install).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    app = [sys.executable, "-m", "qjtasks", "--db", str(db), "--today", TODAY.isoformat(),
           "list", "--unit", UNIT_NAME, "--status", STATUS]
    floor = [sys.executable, "-c", RAW_CLI, str(db), TODAY.isoformat()]
    cases = [("app", app, ROOT), ("raw", floor, ROOT)]
    if other is not None:
        cases.append(("other", app, other))
    times: dict = {key: [] for key, _, _ in cases}
    for n in range(runs + 1):
        for key, cmd, tree in cases:
            figures = _run(cmd, {**env, "PYTHONPATH": str(tree)}, tree)
            if n:
                times[key].append(figures)
    return times


def _run(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"命令失败：{' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime


RAW_CLI = f"""import sqlite3, sys
sys.path.insert(0, {str(HERE)!r})
import raw
conn = raw.connect(sys.argv[1])
for r in raw.list_rows(conn, {UNIT}, {STATUS!r}, sys.argv[2], sys.argv[2], -1):
    print(*r, sep="\\t")
"""


def size_row(app_db: Path, bare_db: Path) -> tuple:
    return ("数据库大小（MiB）", app_db.stat().st_size / 2**20, bare_db.stat().st_size / 2**20)


def bench_size(n_items: int, n_notes: int, args) -> list[tuple]:
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    app_db, bare_db, load = bulk_load(n_items, n_notes, folder, args.reuse)
    rows = [("批量装载（秒）", *load)] if load else []
    store = Store.open(app_db, readonly=True)
    conn = raw.connect(app_db)
    rows += query_rows(store, conn, args.runs)
    store.close()
    conn.close()
    t = cli_row(app_db, args.runs, args.other)
    for n, what in ((0, "墙钟"), (1, "CPU")):
        app, floor = ([r[n] for r in t[k]] for k in ("app", "raw"))
        rows.append((f"qjtasks list 整个进程 {what}中位数", statistics.median(app),
                     statistics.median(floor)))
        rows.append((f"qjtasks list 整个进程 {what}最小值", min(app), min(floor)))
        if "other" in t:
            other = [r[n] for r in t["other"]]
            rows.append((f"　另一版本 list {what}中位数", statistics.median(other),
                         statistics.median(floor)))
    rows.append(size_row(app_db, bare_db))
    return rows


def fmt(label: str, app: float, floor: float) -> str:
    unit = "" if "（" in label and ("秒" in label or "MiB" in label) else "ms"
    scale = 1 if not unit else 1000
    return (f"{label:<30}\t{app * scale:10.1f}{unit}\t{floor * scale:10.1f}{unit}\t"
            f"{app / floor if floor else float('nan'):6.2f}×")


def main(argv=None) -> int:
    args = parse_args(argv)
    print(f"Python {sys.version.split()[0]}，SQLite {raw.sqlite3.sqlite_version}，"
          f"今天按 {TODAY} 计，每项取 {args.runs} 次中位数")
    for spec in args.sizes.split(","):
        n_items, n_notes = (int(x) for x in spec.split(":"))
        print(f"\n== {n_items:,} 项事项 / {n_notes:,} 条反馈 ==")
        print(f"{'项目':<30}\t{'应用':>12}\t{'原始sqlite3':>12}\t{'比值':>7}")
        for row in bench_size(n_items, n_notes, args):
            print(fmt(*row))
    print(f"\n完成于 {dt.datetime.now():%Y-%m-%d %H:%M}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
