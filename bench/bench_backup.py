"""Backup, restore and start-up check times on a 100,000-item database; prints a table.

Uses `--db FILE` if given, otherwise builds a smaller one quickly with plain SQL in bench/out/
(100,000 items, 300,000 notes). The reported figures use the realistic generator:
`python bench/generate.py --items 100000 --notes 1000000 -o bench/out/gen-100k.db` then
`PYTHONPATH=. python bench/bench_backup.py --db bench/out/gen-100k.db`.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from qjtasks.cli.fmt import table
from qjtasks.core import backup, integrity
from qjtasks.core.restore import restore
from qjtasks.core.store import Store

OUT = Path(__file__).resolve().parent / "out"


def generate(path: Path, items: int) -> Path:
    """Schema through Store.open, rows through executemany (minutes → seconds)."""
    path.unlink(missing_ok=True)
    Store.open(path).close()
    conn = sqlite3.connect(path)
    rng = random.Random(7)
    units = [(i, f"重庆市綦江区单位{i}", f"单位{i}") for i in range(1, 61)]
    conn.executemany("INSERT INTO units (id, name, short_name) VALUES (?, ?, ?)", units)
    now = "2026-11-25T09:00:00"
    conn.executemany(
        "INSERT INTO items (id, title, requirements, status, assigned_on, original_deadline, "
        "current_deadline, lead_unit_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        ((i, f"督办事项{i}：进一步加强绿色发展宣传学习", "按复函承诺落实。" * 8, "办理中",
          "2026-03-01", "2026-12-31", "2026-12-31", rng.randint(1, 60), now, now)
         for i in range(1, items + 1)))
    conn.executemany("INSERT INTO assignments (item_id, unit_id, role) VALUES (?, ?, '牵头')",
                     ((i, rng.randint(1, 60)) for i in range(1, items + 1)))
    conn.executemany(
        "INSERT INTO notes (uid, item_id, noted_on, text, created_at) VALUES (?,?,?,?,?)",
        ((f"n{n}", rng.randint(1, items), "2026-06-25", f"第{n}条进展：已召开专题会议，推进中。",
          now) for n in range(items * 3)))
    conn.executemany(
        "INSERT INTO journal (at, actor, action, entity, entity_id, item_id, after) "
        "VALUES (?, '督办员', 'item.note', 'note', ?, ?, '{\"percent\": 50}')",
        ((now, n, rng.randint(1, items)) for n in range(items * 3)))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def timed(label: str, rows: list, fn):
    start = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - start))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []
    work = Path(tempfile.mkdtemp(prefix="qj-bench-"))
    if args.db:
        source = args.db
    else:
        OUT.mkdir(exist_ok=True)
        source = timed(f"生成 {args.items} 项测试库", rows,
                       lambda: generate(OUT / f"bench-{args.items}.db", args.items))
    db = work / "qjtasks.db"
    shutil.copy(source, db)
    timed("快速检查 quick_check", rows, lambda: integrity.verify(db))
    timed("完整检查 integrity_check", rows, lambda: integrity.verify(db, full=True))
    store = timed("启动打开（检查+每日备份）", rows, lambda: integrity.open_checked(db))
    target = timed("在线备份 backup_to", rows,
                   lambda: backup.backup_to(store.conn, work / "manual.db"))
    store.close()
    info = timed("读取备份信息（含完整检查）", rows, lambda: backup.inspect(target))
    timed("恢复 restore（检查+复制+保留原文件）", rows, lambda: restore(target, db))
    size = db.stat().st_size / 1e6
    print(f"\n数据库：{info.items} 项事项，{size:.0f} MB（{source}）\n")
    print(table(["操作", "耗时（秒）"], [[label, f"{sec:.2f}"] for label, sec in rows], [40, 10]))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
