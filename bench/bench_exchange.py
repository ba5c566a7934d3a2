"""Benchmark: a unit package carrying 10,000 progress notes — export, import, re-import.

Goals (issue 7): export ≤ 5 s, import ≤ 5 s, re-import ≤ 1 s. Run from the repository root:
`PYTHONPATH=. python bench/bench_exchange.py [--notes 10000]`. Databases live in a temporary
folder; the set-up (enrolment, writing the notes at the unit) is not timed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from qjtasks.core.clock import Clock
from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import ensure_default
from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange import enrol, export, importer
from qjtasks.exchange.errors import ReplayError

UNIT = "区科技局"


# the day both installations record on: after every date the notes carry, whatever the date
# the bench runs on (an act cannot be dated after today)
CLOCK = Clock(dt.date(2027, 12, 31))


def setup(root: Path, notes: int) -> tuple[Services, Services]:
    office = Services(Store.open(root / "office.db"), clock=CLOCK)
    ensure_default(office)
    office.items.edit(2, ItemEdit(deadline="2027-02-25"))
    office.lifecycle.issue(2, dt.date(2026, 11, 25))
    unit = Services(Store.open(root / "unit.db"), actor="联络员", clock=CLOCK)
    peer = enrol.receive_answer(office, enrol.accept(unit, enrol.invitation(office, UNIT)))
    enrol.confirm(office, peer["id"], peer["fingerprint"])
    op = unit.store.exchange.peers()[0]
    enrol.confirm(unit, op["id"], op["fingerprint"])
    importer.import_package(unit, export.export_package(office, root / "o1.qjpkg", UNIT).path)
    uid = unit.store.unit_by_name(UNIT).id
    unit.lifecycle.sign(2, uid, "陈七", "2026-11-26 09:00")
    with unit.tx():
        for i in range(notes):
            unit.notes.add(2, uid, "陈七", f"第{i + 1}次进展：征集通知已发布，收到申报材料{i}份。",
                           i % 101, problems="评审专家不足", next_steps="组织评审",
                           noted_on=dt.date(2026, 11, 26) + dt.timedelta(days=i % 300))
    return office, unit


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="数据包导出/导入性能测试")
    ap.add_argument("--notes", type=int, default=10_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        office, unit = setup(root, args.notes)
        t_exp, res = timed(lambda: export.export_package(unit, root / "u1.qjpkg"))
        size = res.path.stat().st_size
        t_ver, _ = timed(lambda: importer.check(office.store, res.path))
        t_imp, rep = timed(lambda: importer.import_package(office, res.path))
        assert rep.applied == args.notes + 1, rep.summary()

        def replay():
            try:
                importer.import_package(office, res.path)
            except ReplayError:
                return True
            return False
        t_rep, refused = timed(replay)
        assert refused
        again = export.export_package(unit, root / "u2.qjpkg")   # no ack yet: all resent
        t_dup, rep2 = timed(lambda: importer.import_package(office, again.path))
        assert rep2.applied == 0 and rep2.skipped == args.notes + 1
        rows = [(f"导出（单位端，{args.notes} 条反馈）", t_exp, 5.0),
                ("校验（签名+解密+解压+范围）", t_ver, None),
                ("导入（督办端，一次事务）", t_imp, 5.0),
                ("重复导入同一数据包（拒收）", t_rep, 1.0),
                ("导入内容相同的新数据包（全部跳过）", t_dup, 1.0)]
        print(f"数据包大小：{size / 1024:.0f} KB，记录 {res.records} 条")
        print(f"{'步骤':<34}{'耗时(秒)':>10}{'目标':>8}  结果")
        for name, sec, goal in rows:
            verdict = "—" if goal is None else ("达标" if sec <= goal else "未达标")
            print(f"{name:<34}{sec:>10.2f}{'' if goal is None else goal:>8}  {verdict}")
        for svc in (office, unit):
            svc.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
