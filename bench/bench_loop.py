"""Benchmark (issue 15): the office and 8 bureaus × 1,250 items, one round of every record kind.

Office → bureaus: every item (title, requirements, deadline, cycle, units, 督办编号) with two
chases (one written, numbered). Bureaus → office per item: 签收, 12 progress notes, an extension
request, a completion request and an answer to each chase — 17 records, ≈ 20 per item with the
item and its chases. Timed: exporting the 8 office packages, importing them at the 8 bureaus,
exporting the 8 answers, importing them at the office from one shared folder (`package scan`)
(goal: ≤ 10 s in total). Then, reported
apart: the office's decisions (extension refused / completion accepted) exported to the bureaus
and imported there.

Set-up (the office's items, the bureaus' own records) is bulk-inserted with SQL in the shape the
services write, and not timed. Run from the repository root:
`PYTHONPATH=. .venv/bin/python bench/bench_loop.py [--items-per-unit 1250]`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

from qjtasks.core.seed import BUREAUS, ensure_default
from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange import enrol, export, folder, importer

NOTES_PER_ITEM = 12
STAMP = "2026-11-25T09:00:00"


def office_items(office: Services, per_unit: int) -> dict[str, list[int]]:
    conn = office.store.conn
    units = {short: office.store.unit_by_name(short).id for _, short in BUREAUS}
    out: dict[str, list[int]] = {}
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM items").fetchone()[0]
    serial = 1000
    with office.tx():
        for short, uid in units.items():
            items, assigns, chases = [], [], []
            for _ in range(per_unit):
                iid, serial = next_id, serial + 1
                next_id += 1
                items.append((iid, f"{short}督办事项{iid}：推进重点项目建设", "按月报送进展，年底前完成",
                              "重点工作", "待签收", f"綦发改督〔2026〕{serial}号", "2026-11-25",
                              "2027-06-30", "2027-06-30", "每月", 25, "2026-12-25", uid,
                              STAMP, STAMP))
                assigns.append((iid, uid, "牵头"))
                chases.append((uuid.uuid4().hex, iid, uid, "2026-12-01", "书面", "", "", "督办员",
                               "催办通知1", 1, f"綦发改催〔2026〕{serial}号", STAMP))
                chases.append((uuid.uuid4().hex, iid, uid, "2026-12-08", "电话", "办公室", "",
                               "督办员", "电话提醒", 2, None, STAMP))
            conn.executemany(
                "INSERT INTO items (id, title, requirements, category, status, serial, "
                "assigned_on, original_deadline, current_deadline, cycle_kind, cycle_day, "
                "next_feedback_due, lead_unit_id, created_at, updated_at, chase_count) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)", items)
            conn.executemany("INSERT INTO assignments (item_id, unit_id, role) VALUES (?, ?, ?)",
                             assigns)
            conn.executemany(
                "INSERT INTO chases (uid, item_id, unit_id, chased_on, method, person_reached, "
                "answer, by_whom, rung, number, serial, created_at) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", chases)
            out[short] = [r[0] for r in items]
    return out


def enrol_all(office: Services, root: Path) -> dict[str, Services]:
    units = {}
    for _, short in BUREAUS:
        unit = Services(Store.open(root / f"{short}.db"))
        peer = enrol.receive_answer(office, enrol.accept(unit, enrol.invitation(office, short)))
        enrol.confirm(office, peer["id"], peer["fingerprint"])
        op = unit.store.exchange.peers()[0]
        enrol.confirm(unit, op["id"], op["fingerprint"])
        units[short] = unit
    return units


def bureau_work(unit: Services, ids: list[int]) -> None:
    """What a bureau records in one round, in the rows the services write (not timed)."""
    conn, uid = unit.store.conn, unit.own_unit_id()
    notes, exts, dones, replies = [], [], [], []
    for iid in ids:
        for n in range(NOTES_PER_ITEM):
            notes.append((uuid.uuid4().hex, iid, uid, "联络员",
                          (dt.date(2026, 11, 26) + dt.timedelta(days=n)).isoformat(),
                          f"第{n + 1}次进展：已完成阶段任务，正在推进下一步。", 5 * (n + 1), STAMP))
        exts.append((uuid.uuid4().hex, iid, uid, "2026-12-09", "专家评审延后", "2027-09-30",
                     "已完成初审", "联络员", STAMP))
        dones.append((uuid.uuid4().hex, iid, uid, "2026-12-10", "已按要求完成", "联络员", STAMP))
    with unit.tx():
        conn.execute("UPDATE assignments SET signed_by = '联络员', signed_at = "
                     "'2026-11-26 09:00', sign_origin = '录入' WHERE unit_id = ?", [uid])
        conn.executemany("INSERT INTO notes (uid, item_id, unit_id, reporter, noted_on, text, "
                         "percent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", notes)
        conn.executemany("INSERT INTO extensions (uid, item_id, unit_id, requested_on, reason, "
                         "proposed_deadline, progress, requested_by, created_at) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?, ?)", exts)
        conn.executemany("INSERT INTO completions (uid, item_id, unit_id, submitted_on, report, "
                         "submitted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", dones)
        for (chase_uid,) in conn.execute("SELECT uid FROM chases").fetchall():
            replies.append((chase_uid, "已安排专人推进，按期报送", "联络员", "2026-12-09"))
        conn.executemany("INSERT INTO exchange_chase_replies (chase_uid, answer, replied_by, "
                         "replied_on) VALUES (?, ?, ?, ?)", replies)
        conn.execute("UPDATE items SET status = '申请办结'")


def office_decisions(office: Services) -> None:
    """The office refuses every extension and accepts every completion (not timed)."""
    with office.tx():
        office.store.conn.execute("UPDATE extensions SET decision = '不批准', decided_on = '2026-12-11',"
                            " decided_by = '督办员', decision_reason = '理由不充分'")
        office.store.conn.execute("UPDATE completions SET decision = '审结', decided_on = '2026-12-11', "
                            "decided_by = '督办员', reason = '同意销号'")
        office.store.conn.execute("UPDATE items SET status = '已办结', percent = 100 "
                            "WHERE status = '申请办结'")


CPU: dict[int, float] = {}


PROFILE: dict[str, int | None] = {"step": None, "n": 0}


def timed(fn):
    """Wall-clock seconds (returned) and CPU seconds (kept in CPU, comparable on a busy box).
    With `--profile N` the N-th timed step runs under cProfile (its figures then include the
    profiler's overhead) and its top functions are printed."""
    PROFILE["n"] += 1
    prof = None
    if PROFILE["step"] == PROFILE["n"]:
        import cProfile
        prof = cProfile.Profile()
    start, cpu = time.perf_counter(), time.process_time()
    result = prof.runcall(fn) if prof else fn()
    wall = time.perf_counter() - start
    CPU[id(result)] = time.process_time() - cpu
    if prof:
        import pstats
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(30)
        prof.dump_stats(f"/tmp/bench_loop_step{PROFILE['n']}.prof")
    return wall, result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="督办方与 8 个承办单位往返一轮数据包的性能测试")
    ap.add_argument("--items-per-unit", type=int, default=1250)
    ap.add_argument("--profile", type=int, metavar="N", help="profile step N (1–6) with cProfile")
    args = ap.parse_args(argv)
    PROFILE["step"] = args.profile
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        office = Services(Store.open(root / "office.db"))
        ensure_default(office)
        ids = office_items(office, args.items_per_unit)
        units = enrol_all(office, root)
        names = list(units)

        def each(fn):
            return [fn(n) for n in names]

        t1, out = timed(lambda: each(lambda n: export.export_package(
            office, root / f"o-{n}.qjpkg", n)))
        t2, reps = timed(lambda: each(lambda n: importer.import_package(
            units[n], root / f"o-{n}.qjpkg")))
        assert all(r.applied == r.records - 1 for r in reps), reps[0].summary()  # all but units
        for n in names:
            bureau_work(units[n], ids[n])
        t3, back = timed(lambda: each(lambda n: export.export_package(
            units[n], root / f"u-{n}.qjpkg")))
        # the 8 answers arrive in one shared folder: `package scan` imports them (one safety
        # copy of the office database before the batch, as the command takes)
        inbox = root / "收件"
        inbox.mkdir()
        for n in names:
            (root / f"u-{n}.qjpkg").rename(inbox / f"u-{n}.qjpkg")
        t4, got = timed(lambda: folder.scan(office, inbox))
        assert [r.status for r in got] == ["已导入"] * len(names), got
        office_decisions(office)
        t5, dec = timed(lambda: each(lambda n: export.export_package(
            office, root / f"d-{n}.qjpkg", n)))
        t6, last = timed(lambda: each(lambda n: importer.import_package(
            units[n], root / f"d-{n}.qjpkg")))
        n_items = args.items_per_unit * len(names)
        recs_out = sum(r.records for r in out)
        recs_back = sum(r.records for r in back)
        chases = 2 * n_items
        print(f"督办方 1 个、承办单位 {len(names)} 个，每单位 {args.items_per_unit} 项，共 {n_items} 项")
        print(f"下发记录 {recs_out} 条（事项快照，内含催办 {chases} 条），回报记录 {recs_back} 条；"
              f"每项约 {(recs_out + chases + recs_back) / n_items:.1f} 条")
        size = sum(p.stat().st_size for p in root.glob("*.qjpkg")) / 1048576
        print(f"数据包共 {size:.1f} MB")
        rows = [("1 督办方导出 8 个数据包", t1, out), ("2 8 个单位导入", t2, reps),
                ("3 8 个单位导出答复", t3, back), ("4 督办方导入 8 个答复", t4, got)]
        total = sum(t for _, t, _ in rows)
        cpu = sum(CPU[id(r)] for _, _, r in rows)
        print(f"{'步骤':<28}{'墙钟(秒)':>10}{'CPU(秒)':>10}")
        for name, sec, r in rows:
            print(f"{name:<28}{sec:>10.2f}{CPU[id(r)]:>10.2f}")
        verdict = ("达标" if total <= 10 else "未达标") if args.items_per_unit >= 1250 else \
            "（目标按每单位 1250 项计，此规模不作判断）"
        print(f"{'合计（目标 ≤ 10 秒）':<26}{total:>10.2f}{cpu:>10.2f}  {verdict}")
        print(f"{'另：督办方导出审批结果':<26}{t5:>10.2f}{CPU[id(dec)]:>10.2f}")
        print(f"{'另：8 个单位导入审批结果':<25}{t6:>10.2f}{CPU[id(last)]:>10.2f}")
        for svc in (office, *units.values()):
            svc.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
