"""Time today's work-out, the reminder poll, xlsx export and ledger re-import at scale.

Manual benchmark, not part of the test run:
    PYTHONPATH=. python bench/bench_daily.py --items 100000
Builds a database of N issued items (a third late, some chased), then prints timings.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from qjtasks.core import circular, ladder, reminders
from qjtasks.core.seed import load_reply_024
from qjtasks.core.services import Services
from qjtasks.core.store import Store

TODAY = dt.date(2026, 11, 25)


def build(path: Path, n: int) -> Store:
    store = Store.open(path)
    svc = Services(store)
    load_reply_024(svc)
    units = [u.id for u in store.units()]
    rnd = random.Random(7)
    rows = []
    for i in range(n):
        deadline = TODAY + dt.timedelta(days=rnd.randint(-60, 120))
        rows.append((f"事项{i}", "办理中", f"綦发改督〔2026〕{100 + i}号", "2026-06-01",
                     deadline.isoformat(), deadline.isoformat(), "每月", 25,
                     "2026-06-25", rnd.choice(units), "2026-06-01", "2026-06-01"))
    conn = store.conn
    conn.execute("BEGIN")
    conn.executemany("""INSERT INTO items (title, status, serial, assigned_on, original_deadline,
        current_deadline, cycle_kind, cycle_day, next_feedback_due, lead_unit_id, created_at,
        updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
    conn.execute("""INSERT INTO assignments (item_id, unit_id, role)
        SELECT id, lead_unit_id, '牵头' FROM items WHERE lead_unit_id IS NOT NULL
        AND id NOT IN (SELECT item_id FROM assignments)""")
    conn.execute("COMMIT")
    return store


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<36}{time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=100_000)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    store = timed(f"build {args.items} items", lambda: build(folder / "b.db", args.items))
    work = timed("ladder.work_out", lambda: ladder.work_out(store, TODAY))
    print(f"  late {len(work.past_deadline)}, yellow {len(work.entering_yellow)}, "
          f"feedback {len(work.feedback_overdue)}")
    timed("reminders.poll (first)", lambda: reminders.poll(store, TODAY))
    timed("reminders.poll (again)", lambda: reminders.poll(store, TODAY))
    timed("circular.overdue_by_unit", lambda: circular.overdue_by_unit(store, TODAY))
    timed("circular.period_summary", lambda: circular.period_summary(store, TODAY, "month"))
    from qjtasks.exchange.xlsx import export_items
    from qjtasks.importers import ledger as imp
    rows = timed("lists.items 10k", lambda: store.lists.items(today=TODAY, limit=10_000))
    path = timed("xlsx export 10k", lambda: export_items(store, rows, folder / "l.xlsx"))
    preview = timed("ledger load 10k", lambda: imp.load(store, path))
    _, report = timed("ledger re-import 10k", lambda: imp.commit(Services(store), preview))
    print(f"  created {len(report.created)}, unchanged {len(report.unchanged)}")


if __name__ == "__main__":
    main()
