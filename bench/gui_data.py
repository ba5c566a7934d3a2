"""Minimal data for the GUI benchmark when bench/generate.py is not available (run by hand).

    python bench/gui_data.py --items 100000 --notes 1000000 -o /tmp/qj-gui.db

Creates the schema with `Store.open`, loads the reply-024 case, then bulk-inserts items (one in
ten a sub-item), lead and co-unit assignments and notes with plain SQL in one transaction, and
rebuilds the full-text indexes once. Benchmark data only; the app never writes this way.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qjtasks.core.seed import ensure_default  # noqa: E402
from qjtasks.core.services import Services  # noqa: E402
from qjtasks.core.store import Store  # noqa: E402

WORDS = ("绿色发展", "节能减排", "光盘行动", "充电桩", "办公自动化", "科研项目", "黄标车淘汰",
         "绿色工厂", "公共机构", "反食品浪费", "产学研合作", "绿色采购", "无纸化办公")
STATUSES = ("待交办", "待签收", "办理中", "办理中", "办理中", "申请办结", "已办结", "暂缓")
START = dt.date(2025, 1, 1)


def item_row(n: int, rng: random.Random, units: list[int]) -> tuple:
    assigned = START + dt.timedelta(days=rng.randrange(600))
    deadline = assigned + dt.timedelta(days=rng.randrange(30, 400))
    status = rng.choice(STATUSES)
    serial = None if status == "待交办" else f"綦发改督〔{assigned.year}〕{n}号"
    title = f"{rng.choice(WORDS)}{rng.choice(WORDS)}事项第{n}项"
    due = (assigned + dt.timedelta(days=rng.randrange(20, 200))).isoformat()
    parent = n - 1 - rng.randrange(5) if n % 10 == 0 and n > 10 else None
    return (n, title, f"落实{rng.choice(WORDS)}要求，{rng.choice(WORDS)}。", rng.choice(WORDS[:6]),
            status, serial, 1, parent, assigned.isoformat(), deadline.isoformat(),
            deadline.isoformat(), rng.randrange(0, 101), due, rng.choice(units), "x", "x")


def generate(path: Path, items: int, notes: int) -> None:
    store = Store.open(path)
    ensure_default(Services(store))
    units = [u.id for u in store.units()]
    rng = random.Random(24)
    base = store.conn.execute("SELECT max(id) FROM items").fetchone()[0]
    c = store.conn
    c.execute("BEGIN")
    c.executemany("""INSERT INTO items (id, title, requirements, category, status, serial,
        reply_id, parent_id, assigned_on, original_deadline, current_deadline, percent,
        next_feedback_due, lead_unit_id, created_at, updated_at)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                  (item_row(base + n, rng, units) for n in range(1, items + 1)))
    c.execute("""INSERT INTO assignments (item_id, unit_id, role) SELECT id, lead_unit_id, '牵头'
                 FROM items WHERE id > ?""", [base])
    c.execute("""INSERT OR IGNORE INTO assignments (item_id, unit_id, role)
                 SELECT id, 1 + (id * 7) % ?, '配合' FROM items WHERE id > ?""", [len(units), base])
    c.executemany("""INSERT INTO notes (uid, item_id, unit_id, reporter, noted_on, text, percent,
        origin, created_at) VALUES (?,?,?,?,?,?,?,'录入','x')""",
                  ((f"g{n}", base + 1 + rng.randrange(items), None, "联络员",
                    (START + dt.timedelta(days=rng.randrange(700))).isoformat(),
                    f"本月推进{rng.choice(WORDS)}，完成{rng.choice(WORDS)}相关工作。",
                    rng.randrange(101)) for n in range(notes)))
    c.execute("COMMIT")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description="GUI 性能测试的最小数据")
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--notes", type=int, default=1_000_000)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    generate(Path(args.output), args.items, args.notes)


if __name__ == "__main__":
    main()
