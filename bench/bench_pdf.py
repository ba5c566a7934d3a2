"""Benchmark printed sheets: one notice as a whole process, 100 notices and a 1,000-row ledger.

Run from the repository root:  python bench/bench_pdf.py
Goals (issue 5): one 督办通知单 via `qjtasks print` ≥ 5× faster than LibreOffice converting an
equivalent .docx (≈1.1 s on the reference machine; measured here when `soffice` is installed),
100 notices in-process ≤ 3 s, a 1,000-row 督办事项汇总表 ≤ 2 s. Prints a table.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qjtasks.pdf import fonts, render, sheets  # noqa: E402
from qjtasks.pdf.data import Ledger, LedgerRow, NoticeData, Office  # noqa: E402

LIBREOFFICE_REFERENCE = 1.1
TODAY = dt.date(2026, 11, 25)


def _timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _timed_proc(cmd, env=None, repeat: int = 5, cwd=None) -> tuple[float, float]:
    """Median wall and CPU (user+sys of the process tree) seconds of running `cmd`."""
    import resource
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120, cwd=cwd)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def notice(i: int) -> NoticeData:
    return NoticeData(Office(contact="王督办", phone="023-48600000"), f"綦发改督〔2026〕{i}号",
                      "区生态环境局", "配合", f"进一步加大绿色发展宣传学习（第{i}项）",
                      "通过多种渠道和方式，大力宣传推广绿色发展理念，积极宣传先进典型，适时曝光"
                      "破坏生态、污染环境、严重浪费资源等方面的负面典型，凝聚社会共识。" * 2,
                      "区政协三届一次会议第024号提案；綦发改函〔2022〕140号（B类）", "区发改委",
                      ("区生态环境局", "区经济信息委"), TODAY, dt.date(2027, 2, 25),
                      cycle="每月25日前反馈", feedback_by=dt.date(2026, 12, 25))


def ledger(n: int) -> Ledger:
    lights = ["红", "黄", "绿", "完成"]
    rows = tuple(LedgerRow(i, f"督办事项第{i}项：加强食品采购、储存、加工等环节减损管理",
                           "第024号提案；綦发改函〔2022〕140号", "区机关事务管理中心",
                           "区财政局、区国资委", TODAY, dt.date(2027, 2, 25), dt.date(2027, 3, 25),
                           dt.date(2026, 11, 1), 24, "已完成食堂减损方案，正在推进“光盘行动”。",
                           40, lights[i % 4], i % 3, "办理中") for i in range(1, n + 1))
    return Ledger(Office(), TODAY, rows)


def bench_process(tmp: Path, tree: Path = ROOT, repeat: int = 7) -> tuple[float, float]:
    tmp = tmp / f"tree-{abs(hash(str(tree)))}"
    tmp.mkdir(exist_ok=True)
    db = tmp / "bench.db"
    # Installed programs run from compiled bytecode; this sandbox sets PYTHONDONTWRITEBYTECODE,
    # so give the child a private bytecode cache and warm it once.
    env = {**os.environ, "PYTHONPATH": str(tree), "QJTASKS_DATA_DIR": str(tmp),
           "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = [sys.executable, "-m", "qjtasks", "--db", str(db), "--today", "2026-11-25"]
    # run in the tree: `python -m` puts the working directory first on sys.path
    if not db.exists():   # only `init` makes a database at a --db path (a typo creates nothing)
        subprocess.run([*base, "init"], env=env, check=True, capture_output=True, cwd=tree)
    subprocess.run([*base, "list", "--limit", "1"], env=env, check=True, capture_output=True,
                   cwd=tree)
    cmd = [*base, "print", "notice", "1", "--unit", "区发改委", "-o", str(tmp / "n.pdf")]
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=tree)
    return _timed_proc(cmd, env, repeat, cwd=tree)


def bench_libreoffice(tmp: Path) -> tuple[float, float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    import docx
    doc = docx.Document()
    n = notice(1)
    doc.add_heading("督 办 通 知 单", 0)
    doc.add_paragraph(n.serial)
    table = doc.add_table(rows=0, cols=2)
    for k, v in (("督办事项", n.title), ("来源", n.source), ("督办内容", n.requirements),
                 ("牵头单位", n.lead_unit), ("配合单位", "、".join(n.co_units)),
                 ("交办日期", str(n.assigned_on)), ("办结时限", str(n.deadline))):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = k, v
    src = tmp / "notice.docx"
    doc.save(src)
    profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
    cmd = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(src)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)  # warm the profile
    return _timed_proc(cmd, None, 3)


def main(argv=None) -> None:
    import argparse
    ap = argparse.ArgumentParser(description="打印表单的速度")
    ap.add_argument("--other", type=Path, help="另一份代码（例如改动之前的版本），同一次运行中比较")
    ap.add_argument("--rounds", type=int, default=3, help="与 --other 交替的轮数（每轮 7 次）")
    args = ap.parse_args(argv)
    if args.other:
        return compare(args.other.resolve(), args.rounds)
    fs = fonts.resolve({})
    render.render([sheets.notice_sheet(notice(0))], fs)  # load fonts once
    notices = [sheets.notice_sheet(notice(i)) for i in range(1, 101)]
    t100 = _timed(lambda: render.render([sheets.notice_sheet(notice(i)) for i in range(1, 101)],
                                        fs))
    t_ledger = _timed(lambda: render.render([sheets.ledger_sheet(ledger(1000))], fs))
    pages_100 = render.render(notices, fs).count(b"/Type /Page\n")
    with tempfile.TemporaryDirectory() as d:
        t_proc, c_proc = bench_process(Path(d))
        lo_run = bench_libreoffice(Path(d))
    lo, c_lo = lo_run if lo_run else (LIBREOFFICE_REFERENCE, None)
    lo_note = "measured" if lo_run else "reference (soffice not installed)"
    rows = [("one notice, `qjtasks print` process", t_proc, c_proc, f"≤ {lo / 5:.2f} s (LO/5)",
             t_proc <= lo / 5),
            ("LibreOffice .docx → PDF, one notice", lo, c_lo, lo_note, None),
            (f"100 notices in-process ({pages_100 or '?'} pages)", t100, None, "≤ 3.00 s",
             t100 <= 3),
            ("1,000-row ledger in-process", t_ledger, None, "≤ 2.00 s", t_ledger <= 2)]
    print(f"{'case':44} {'wall s':>7} {'cpu s':>6}  {'goal':32} ok")
    for name, secs, cpu, goal, ok in rows:
        mark = "" if ok is None else ("yes" if ok else "NO")
        cpu_text = f"{cpu:6.3f}" if cpu is not None else "     -"
        print(f"{name:44} {secs:7.3f} {cpu_text}  {goal:32} {mark}")
    print(f"speed-up vs LibreOffice: {lo / t_proc:.1f}× wall"
          + (f", {c_lo / c_proc:.1f}× cpu" if c_lo else "")
          + f"   (load average {os.getloadavg()[0]:.1f})")


def compare(other: Path, rounds: int) -> None:
    """This tree and `other` as whole `qjtasks print` processes, interleaved, beside LibreOffice."""
    trees = [("this tree", ROOT), ("other", other)]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in trees}
    with tempfile.TemporaryDirectory() as d:
        lo_runs = []
        for r in range(rounds):
            for name, tree in trees if r % 2 == 0 else trees[::-1]:
                times[name].append(bench_process(Path(d), tree))
            lo = bench_libreoffice(Path(d))
            if lo:
                lo_runs.append(lo)
    lo_wall = statistics.median(w for w, _ in lo_runs) if lo_runs else LIBREOFFICE_REFERENCE
    lo_cpu = statistics.median(c for _, c in lo_runs) if lo_runs else None
    print(f"{'case':44} {'wall s':>7} {'cpu s':>6}  {'LO/this wall':>12} {'LO/this cpu':>11}")
    for name, tree in trees:
        wall = statistics.median(w for w, _ in times[name])
        cpu = statistics.median(c for _, c in times[name])
        ratio = f"{lo_cpu / cpu:11.1f}" if lo_cpu else "          -"
        print(f"{'print notice, ' + name + ' (' + str(tree) + ')':44} {wall:7.3f} {cpu:6.3f}  "
              f"{lo_wall / wall:12.1f} {ratio}")
    lo_note = "measured" if lo_runs else "reference (soffice not installed)"
    cpu_text = f"{lo_cpu:6.3f}" if lo_cpu else "     -"
    print(f"{'LibreOffice .docx → PDF (' + lo_note + ')':44} {lo_wall:7.3f} {cpu_text}")
    print(f"(medians of {rounds} rounds × 7 runs, interleaved; load average "
          f"{os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
