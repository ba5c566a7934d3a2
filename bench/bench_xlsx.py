"""xlsx ledgers at 10,000 rows (run by hand; prints a table): export and reading, this tree
beside another checkout in the same run.

    .venv/bin/python bench/bench_xlsx.py --other /tmp/base          # e.g. a `git worktree add`
    .venv/bin/python bench/bench_xlsx.py --rows 10000 --runs 5

Builds once (with this tree) a database of N issued items, each with a feedback note, and an
office ledger of N rows as Excel writes it (openpyxl, 8 columns, strings for dates). Then each
tree, in turn and interleaved, in a fresh process (`PYTHONPATH` set to the tree):
  export   `export_items` of the whole list (records from the database + the workbook)
  re-read  `read_table` + `parse` of the ledger that tree just exported (17 columns)
  read     `read_table` + `parse` of the office ledger
Modules are imported before the clock starts. CPU seconds (the process's), median of the runs.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
GOAL = 1.5

CHILD = r"""
import datetime as dt, json, sys, time
from qjtasks.core.store import Store
from qjtasks.exchange.xlsx import export_items
from qjtasks.importers import ledger as imp
import openpyxl  # noqa: F401  (both trees read with it)
db, ledger, out = sys.argv[1:4]
store = Store.open(db, readonly=True)
today = dt.date.fromisoformat(sys.argv[4])
rows = store.lists.items(today=today, limit=None)
result = {}

def clock(name, fn):
    start = time.process_time()
    value = fn()
    result[name] = time.process_time() - start
    return value

clock("export", lambda: export_items(store, rows, out))

def read(path):
    sheet = imp.read_table(path)
    return imp.parse(store, sheet, imp.resolve_mapping(store, sheet))
parsed = clock("reread", lambda: read(out))
assert len(parsed.rows) + parsed.empty + len(parsed.errors) == len(rows), "rows lost"
office = clock("read", lambda: read(ledger))
assert len(office.rows) == int(sys.argv[5]), (len(office.rows), office.errors[:3])
print(json.dumps(result))
"""
UNITS = ["区科技局", "区发改委", "区财政局", "区生态环境局"]
LABELS = {"export": "导出 10,000 行（export_items）",
          "reread": "读取并解析本程序导出的台账（17 列）",
          "read": "读取并解析办公室台账（8 列）"}


def build(folder: Path, n: int) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    from bench_daily import build as build_items
    db = folder / "x.db"
    store = build_items(db, n)
    rnd = random.Random(3)
    words = "推进落实完成调研座谈方案印制宣传资金拨付会议督导检查整改验收"
    notes = [(f"bench-{i}", i, "王五", "".join(rnd.choice(words) for _ in range(rnd.randint(20, 180))),
              30, "2026-10-01", "2026-10-01") for i in range(1, n + 1)]
    store.conn.execute("BEGIN")
    store.conn.executemany("INSERT INTO notes (uid, item_id, reporter, text, percent, noted_on, "
                           "created_at) VALUES (?,?,?,?,?,?,?)", notes)
    store.conn.execute("COMMIT")
    store.conn.close()
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["督办编号", "事项", "牵头单位", "配合单位", "交办日期", "办结时限", "进度", "状态"])
    for i in range(n):
        ws.append([f"台账〔2026〕{i + 1}号", f"重点工作事项{i + 1}", UNITS[i % 4], UNITS[(i + 1) % 4],
                   "2026-03-01", "2026-12-31", (i * 7) % 100, "办理中"])
    ledger = folder / "office.xlsx"
    wb.save(ledger)
    return db, ledger


def run(tree: Path, db: Path, ledger: Path, out: Path, n: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db), str(ledger), str(out), TODAY,
                           str(n)], env=env, capture_output=True, text=True, cwd=tree)
    if proc.returncode:
        raise SystemExit(f"{tree}: {proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="xlsx 台账导出与读取的速度")
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--other", type=Path, help="另一份代码（例如改动之前的版本）")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="qj-xlsx-"))
    db, ledger = build(folder, args.rows)
    trees = [("本版本", ROOT)] + ([("另一版本", args.other.resolve())] if args.other else [])
    results: dict[str, list[dict]] = {name: [] for name, _ in trees}
    for r in range(args.runs):
        for name, tree in trees if r % 2 == 0 else reversed(trees):
            results[name].append(run(tree, db, ledger, folder / f"{r}-{len(name)}.xlsx",
                                     args.rows))
    head = " | ".join(f"{name}（{tree}）CPU" for name, tree in trees)
    print(f"\n{args.rows:,} 行，各 {args.runs} 次的中位数，CPU 秒\n")
    print(f"| 项目 | {head} | 目标 |")
    print("|---|" + "---|" * len(trees) + "---|")
    for key, label in LABELS.items():
        cells = " | ".join(f"{statistics.median(x[key] for x in results[name]):.2f}"
                           for name, _ in trees)
        print(f"| {label} | {cells} | ≤ {GOAL} |")


if __name__ == "__main__":
    main()
