"""Crash harness: SIGKILL the program at random moments over every write path, then check.

Each path is one real operation, run as its own process the way a user runs it (the `qjtasks`
command; note batches through the services in tests/core/crash_child.py). The harness first runs
the operation once to completion and times it, then, for each kill, copies a fresh set of files,
starts the process, kills it after a random delay in [0, 1.2 × that time] and checks what is left:

- the file: the header check finds nothing, `Store.open` works (it recovers the WAL, finishes
  or undoes a killed restore, removes leftovers), `PRAGMA integrity_check` is ok, no foreign
  key is broken, both trigram indexes pass FTS5's own `integrity-check` against their tables,
  and the bigram index answers three words exactly as LIKE over the items and notes does;
- the operation: wholly there or wholly absent (for example all 1,500 ledger rows or none);
- leftovers: no `*.part` or `*.restoring` file after the next open (or, for files written
  outside the database's folder, after the same command has run once more);
- the next write works (a note is added).

Paths: reply (import-reply), ledger (import-ledger, 1,500 rows), notes (batches of 200 in one
transaction), package-import and package-export (office ↔ 区科技局), scan (a folder of
packages), backup and backup-o (a target in another folder), restore, migration (every old
schema fixture). The path `broken` writes a note batch without a transaction: the harness must
report partial operations there (its self-test).

    python tests/crash/harness.py --kills 1600            # every path, ~1,050 real kills
    python tests/crash/harness.py --kills 60 --paths ledger,restore --seed 7

Prints one line per path and a table; exits 1 if any check failed. The seed is printed, and a
run with the same seed kills at the same delays.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from qjtasks.core import integrity  # noqa: E402

REPLY = ROOT.parent / "shared" / "seed" / "reply-024.txt"
if not REPLY.exists():
    REPLY = ROOT / "tests" / "data" / "letters" / "04_cq_qijiang_jtj_renda155.txt"
FIXTURES = ROOT / "tests" / "fixtures"
CHILD = ROOT / "tests" / "core" / "crash_child.py"
LEDGER_ROWS, PACKAGE_NOTES, SCAN_PACKAGES, SCAN_NOTES = 1500, 600, 4, 150
TODAY = "2026-12-01"
WORDS = ("督", "进展", "推")


def env() -> dict:
    e = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    e.pop("QJTASKS_DB", None)
    return e


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "qjtasks", "--today", TODAY, *args]


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=env(), capture_output=True, text=True,
                          input="", timeout=600)


# ---- checks -------------------------------------------------------------------------------
def sound(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with an opened database file (empty: nothing)."""
    bad = []
    if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        bad.append("integrity_check")
    if conn.execute("PRAGMA foreign_key_check").fetchall():
        bad.append("foreign_key_check")
    for fts in ("items_fts", "notes_fts"):
        try:
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError:
            bad.append(fts)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if "search_bigrams" in tables:
        from qjtasks.core.store import bigrams
        from qjtasks.core.store.search import _like_pattern
        for word in WORDS:
            got = {r[0] for r in conn.execute(
                f"SELECT i.id FROM items i WHERE {bigrams.clause('q', 'l')}",
                {"q": bigrams.query(word), "l": _like_pattern(word)})}
            want = {r[0] for r in conn.execute(
                f"SELECT i.id FROM items i WHERE {bigrams.like('i', 'l')}",
                {"l": _like_pattern(word)})}
            if got != want:
                bad.append(f"search_bigrams({word})")
    return bad


def count(conn, sql: str, args=()) -> int:
    return conn.execute(sql, args).fetchone()[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith((".part", ".restoring")))


# ---- paths --------------------------------------------------------------------------------
@dataclass
class Path_:
    """One write path: files to start from, the command, and what `whole` means."""
    name: str
    argv: Callable[[Path], list[str]]
    db: str = "w.db"
    # (conn, work) -> None when whole, else a description of the partial state
    whole: Callable[[sqlite3.Connection, Path], str | None] = lambda conn, work: None
    again: bool = False     # run once more before looking for leftovers (files elsewhere)
    before_again: Callable[[Path], None] | None = None
    seed: Callable[[Path], None] | None = None   # per-kill preparation beyond the copy
    expect_partial: bool = False
    full_time: float = 0.0
    stats: dict = field(default_factory=lambda: {"kills": 0, "unsound": 0, "partial": 0,
                                                 "leftover": 0, "blocked": 0, "done": 0})


class Setup:
    """Builds the starting files of every path once, in `root/template/<path>/`."""

    def __init__(self, root: Path):
        self.root = root
        self.tpl = root / "template"
        self.tpl.mkdir(parents=True)

    def folder(self, name: str) -> Path:
        path = self.tpl / name
        path.mkdir()
        return path

    def init(self, folder: Path, *extra: str) -> Path:
        result = run(cli("--db", str(folder / "w.db"), "init", *extra), folder)
        assert result.returncode == 0, result.stderr
        return folder / "w.db"

    def build(self, names: list[str]) -> dict[str, Path_]:
        out = {}
        for name in names:
            out[name] = getattr(self, "_" + name.replace("-", "_"))(self.folder(name))
        return out

    # each returns the Path_ whose template files are in `f`
    def _reply(self, f: Path) -> Path_:
        self.init(f, "--empty")
        full = {}

        def whole(conn, work):
            n = count(conn, "SELECT count(*) FROM items")
            r = count(conn, "SELECT count(*) FROM replies")
            full.setdefault("n", None)
            if r == 0 and n == 0:
                return None
            if r == 1 and n > 0 and (full["n"] is None or n == full["n"]):
                full["n"] = n
                return None
            return f"复函 {r} 份、事项 {n} 项"
        return Path_("reply", lambda w: cli("--db", str(w / "w.db"), "import-reply",
                                            "--with-commitments", str(REPLY)), whole=whole)

    def _ledger(self, f: Path) -> Path_:
        self.init(f)
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["事项", "牵头单位", "办结时限", "督办要求"])
        for i in range(LEDGER_ROWS):
            ws.append([f"台账崩溃测试第{i}项：推进重点项目", "区财政局", "2027-06-30", "按月报送进展"])
        wb.save(f / "台账.xlsx")

        def whole(conn, work):
            n = count(conn, "SELECT count(*) FROM items WHERE title LIKE '台账崩溃测试%'")
            return None if n in (0, LEDGER_ROWS) else f"台账 {n}/{LEDGER_ROWS} 行"
        return Path_("ledger", lambda w: cli("--db", str(w / "w.db"), "import-ledger",
                                             str(w / "台账.xlsx")), whole=whole)

    def _notes(self, f: Path) -> Path_:
        self._issued(f)
        return Path_("notes", lambda w: [sys.executable, str(CHILD), str(w / "w.db"), "notes",
                                         "h"], whole=_whole_notes)

    def _broken(self, f: Path) -> Path_:
        self._issued(f)
        return Path_("broken", lambda w: [sys.executable, str(Path(__file__).with_name(
            "broken_child.py")), str(w / "w.db")], whole=_whole_notes, expect_partial=True)

    def _issued(self, f: Path) -> None:
        db = self.init(f)
        for item in ("1", "2"):
            for args in (("edit", item, "--deadline", "2026-12-31"), ("issue", item)):
                result = run(cli("--db", str(db), *args), f)
                assert result.returncode == 0, result.stderr

    def _exchange(self, f: Path, notes: int, packages: int) -> list[Path]:
        """An office (f/w.db) and 区科技局 (f/unit.db) enrolled, item 2 issued and delivered;
        the unit's `packages` answers of `notes` notes each in f/in/. Returns them."""
        sys.path.insert(0, str(ROOT / "tests" / "exchange"))
        import xnet

        from qjtasks.core.seed import ensure_default
        office = xnet.open_services(f / "w.db", "督办员")
        ensure_default(office)
        net = xnet.Net(f / "pk", office)
        net.root.mkdir()
        xnet.issue_all(office, [2])
        unit = xnet.enrol_unit(net, "区科技局", db_name="../unit")
        net.to_unit("区科技局")
        uid = net.unit_id("区科技局")
        (item_id,) = [r[0] for r in unit.store.conn.execute("SELECT id FROM items")]
        inbox = f / "in"
        inbox.mkdir()
        out = []
        for k in range(packages):
            with unit.tx():
                for i in range(notes):
                    unit.notes.add(item_id, uid, "联络员", f"包{k}第{i}条进展：推进督办事项",
                                   noted_on="2026-11-30")
            out.append(Path(shutil.move(net.reply("区科技局"), inbox / f"{k:03d}.qjpkg")))
        for svc in (office, unit):
            svc.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            svc.store.close()
        shutil.rmtree(net.root)
        return out

    def _package_import(self, f: Path) -> Path_:
        (pkg,) = self._exchange(f, PACKAGE_NOTES, 1)
        return Path_("package-import", lambda w: cli("--db", str(w / "w.db"), "package",
                                                     "import", str(w / "in" / pkg.name)),
                     whole=_whole_packages(PACKAGE_NOTES))

    def _scan(self, f: Path) -> Path_:
        self._exchange(f, SCAN_NOTES, SCAN_PACKAGES)
        return Path_("scan", lambda w: cli("--db", str(w / "w.db"), "package", "scan",
                                           str(w / "in")), whole=_whole_packages(SCAN_NOTES))

    def _package_export(self, f: Path) -> Path_:
        self._exchange(f, PACKAGE_NOTES, 0)
        sys.path.insert(0, str(ROOT / "tests" / "exchange"))
        import xnet
        unit = xnet.open_services(f / "unit.db", "区科技局联络员")
        (item_id,) = [r[0] for r in unit.store.conn.execute("SELECT id FROM items")]
        uid = unit.own_unit_id()
        with unit.tx():
            for i in range(PACKAGE_NOTES):
                unit.notes.add(item_id, uid, "联络员", f"待导出第{i}条进展", noted_on="2026-11-30")
        unit.store.close()
        (f / "w.db").unlink()
        for side in f.glob("w.db*"):
            side.unlink()
        for side in f.glob("unit.*"):
            side.rename(f / side.name.replace("unit.", "w.", 1))

        def whole(conn, work):
            booked = count(conn, "SELECT count(*) FROM exchange_packages WHERE direction = 'out'")
            target = work / "out" / "答复.qjpkg"
            if booked and not target.exists():
                return "已记为导出但数据包文件不存在"
            if target.exists():
                from qjtasks.exchange import importer
                try:
                    importer.read_header(target)
                except Exception as exc:   # noqa: BLE001 - any failure is the finding
                    return f"数据包不完整（{type(exc).__name__}）"
            return None
        return Path_("package-export", lambda w: cli("--db", str(w / "w.db"), "package",
                                                     "export", "-o",
                                                     str(w / "out" / "答复.qjpkg")),
                     whole=whole, again=True)

    def _backup(self, f: Path) -> Path_:
        self._big(f)

        def whole(conn, work):
            for b in (work / "backups").glob("*.db"):
                if integrity.verify(b, full=True):
                    return f"备份 {b.name} 不完好"
            return None
        return Path_("backup", lambda w: cli("--db", str(w / "w.db"), "backup"), whole=whole,
                     again=True)

    def _backup_o(self, f: Path) -> Path_:
        self._big(f)

        def whole(conn, work):
            target = work / "别处" / "备份.db"
            if target.exists() and integrity.verify(target, full=True):
                return "备份文件不完好"
            return None
        return Path_("backup-o", lambda w: cli("--db", str(w / "w.db"), "backup", "-o",
                                               str(w / "别处" / "备份.db")),
                     whole=whole, again=True,
                     before_again=lambda w: (w / "别处" / "备份.db").unlink(missing_ok=True))

    def _restore(self, f: Path) -> Path_:
        self._big(f)
        result = run(cli("--db", str(f / "w.db"), "backup", "-o", str(f / "备份.db")), f)
        assert result.returncode == 0, result.stderr
        result = run(cli("--db", str(f / "w.db"), "import-ledger", str(f / "台账.xlsx")), f)
        assert result.returncode == 0, result.stderr
        conn = sqlite3.connect(f / "w.db")
        now = count(conn, "SELECT count(*) FROM items")
        conn.close()
        conn = sqlite3.connect(f / "备份.db")
        then = count(conn, "SELECT count(*) FROM items")
        conn.close()

        def whole(conn, work):
            n = count(conn, "SELECT count(*) FROM items")
            return None if n in (now, then) else f"事项 {n} 项（恢复前 {now}，备份 {then}）"
        return Path_("restore", lambda w: cli("--db", str(w / "w.db"), "restore", "--yes",
                                              str(w / "备份.db")), whole=whole)

    def _big(self, f: Path) -> None:
        """A database with the ledger's rows (some MB, so copying takes a while)."""
        self._ledger(f)
        result = run(cli("--db", str(f / "w.db"), "import-ledger", str(f / "台账.xlsx")), f)
        assert result.returncode == 0, result.stderr
        (f / "台账.xlsx").rename(f / "台账2.xlsx")
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["事项", "牵头单位", "办结时限"])
        for i in range(300):
            ws.append([f"恢复测试第{i}项", "区交通局", "2027-03-31"])
        wb.save(f / "台账.xlsx")

    def _migration(self, f: Path) -> Path_:
        olds = sorted(FIXTURES.glob("schema_v*.db"))[:-1] or sorted(FIXTURES.glob("schema_v*.db"))
        counts = {}
        for old in olds:
            conn = sqlite3.connect(old)
            counts[old.name] = count(conn, "SELECT count(*) FROM items")
            conn.close()
            shutil.copy(old, f / old.name)

        def seed(work: Path) -> None:
            pick = olds[hash(work.name) % len(olds)].name
            (work / "w.db").unlink(missing_ok=True)
            shutil.copy(work / pick, work / "w.db")
            (work / "which").write_text(pick)

        def whole(conn, work):
            pick = (work / "which").read_text()
            n = count(conn, "SELECT count(*) FROM items")
            return None if n == counts[pick] else f"{pick}：事项 {n} 项（原有 {counts[pick]}）"
        # `check` opens the file (migrating it) and reads it: the upgrade is the write
        return Path_("migration", lambda w: cli("--db", str(w / "w.db"), "list"),
                     whole=whole, seed=seed)


def _whole_notes(conn, work) -> str | None:
    batches = conn.execute("SELECT substr(text, 1, instr(text, ' ') - 1), count(*) FROM notes "
                           "WHERE text LIKE '批次-%' GROUP BY 1").fetchall()
    torn = [(tag, n) for tag, n in batches if n != 200]
    if torn:
        return f"批次不完整：{torn[:3]}"
    notes = count(conn, "SELECT count(*) FROM notes")
    logged = count(conn, "SELECT count(*) FROM journal WHERE action = 'item.note'")
    return None if notes == logged else f"反馈 {notes} 条、日志 {logged} 条"


def _whole_packages(per: int):
    def whole(conn, work):
        applied = count(conn, "SELECT count(*) FROM exchange_packages WHERE direction = 'in'")
        notes = count(conn, "SELECT count(*) FROM notes WHERE package_id IS NOT NULL")
        booked = count(conn, "SELECT count(*) FROM journal WHERE action = 'exchange.import'")
        if notes == per * applied and booked == applied:
            return None
        return f"已导入 {applied} 个数据包、反馈 {notes} 条、日志 {booked} 条"
    return whole


ALL = ["reply", "ledger", "notes", "package-import", "package-export", "scan", "backup",
       "backup-o", "restore", "migration"]


# ---- running ------------------------------------------------------------------------------
def prepare(spec: Path_, setup: Setup, work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(setup.tpl / spec.name, work)
    if spec.seed:
        spec.seed(work)


def examine(spec: Path_, work: Path) -> dict[str, str]:
    """After a kill (or a finished run): the findings, by kind (empty: all good)."""
    found = {}
    db = work / spec.db
    header = integrity.verify(db, level=integrity.HEADER)
    if header:
        found["unsound"] = "；".join(header)
        return found
    try:      # as every start of the program does: lock, recover, check, daily backup
        store = integrity.open_for_use(db, create=False, today=dt.date.fromisoformat(TODAY))
    except Exception as exc:  # noqa: BLE001 - the finding, printed
        found["unsound"] = f"打开失败：{exc}"
        return found
    try:
        bad = sound(store.conn)
        if bad:
            found["unsound"] = "、".join(bad)
        partial = spec.whole(store.conn, work)
        if partial:
            found["partial"] = partial
        try:
            from qjtasks.core.tx import transaction
            with transaction(store.conn):
                store.conn.execute("CREATE TABLE IF NOT EXISTS crash_probe (x)")
                store.conn.execute("INSERT INTO crash_probe VALUES (1)")
                store.conn.execute("DROP TABLE crash_probe")
        except Exception as exc:  # noqa: BLE001
            found["blocked"] = f"之后无法写入：{exc}"
    finally:
        store.close()
    if spec.again:
        if spec.before_again:
            spec.before_again(work)
        result = run(spec.argv(work), work)
        if result.returncode != 0:
            found["blocked"] = f"再次运行失败：{result.stdout[-200:]}{result.stderr[-200:]}"
    left = leftovers(work)
    if left:
        found["leftover"] = "、".join(left)
    return found


def kill_once(spec: Path_, work: Path, delay: float) -> bool:
    """Start the path's process and SIGKILL it after `delay` s; True if it was killed (not
    already finished)."""
    child = subprocess.Popen(spec.argv(work), cwd=work, env=env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        child.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
        return True


def time_full(spec: Path_, setup: Setup, work: Path, runs: int = 3) -> float:
    """How long a whole run of the path takes: the shortest of `runs` runs. On a loaded machine
    one run of the same command takes 0.17–0.36 s; kill times drawn from a slow one mostly land
    after the run has finished (the `kills >= 1/3` check then fails with nothing found)."""
    if spec.name in ("notes", "broken"):   # loops until killed: time = a few batches
        prepare(spec, setup, work)
        return 2.5
    took = []
    for _ in range(runs):
        prepare(spec, setup, work)
        start = time.perf_counter()
        result = run(spec.argv(work), work)
        took.append(time.perf_counter() - start)
        assert result.returncode == 0, (spec.name, result.stdout[-500:], result.stderr[-500:])
        found = examine(spec, work)
        assert not found, (spec.name, found)
    return min(took)


def hammer(specs: dict[str, Path_], setup: Setup, kills: int, seed: int, root: Path,
           log=print) -> dict[str, Path_]:
    rng = random.Random(seed)
    names = list(specs)
    for name in names:
        specs[name].full_time = time_full(specs[name], setup, root / "work" / name)
    per = {n: kills // len(names) + (1 if i < kills % len(names) else 0)
           for i, n in enumerate(names)}
    for name in names:
        spec = specs[name]
        for k in range(per[name]):
            work = root / "work" / f"{name}-{k % 2}"
            prepare(spec, setup, work)
            # two in three kills in the second half, where the writing is (the first part of
            # a run is the interpreter starting)
            low = 0.0 if k % 3 == 0 else 0.5 * spec.full_time
            delay = rng.uniform(low, 1.2 * spec.full_time)
            killed = kill_once(spec, work, delay)
            spec.stats["kills" if killed else "done"] += 1
            for kind, text in examine(spec, work).items():
                spec.stats[kind] += 1
                if not spec.expect_partial:
                    log(f"  {name} #{k}（{delay:.3f} 秒后终止）：{kind}：{text}")
        log(f"{name}：强制终止 {spec.stats['kills']} 次，已完成 {spec.stats['done']} 次"
            f"（整次约 {spec.full_time:.2f} 秒）")
    return specs


def table(specs: dict[str, Path_]) -> str:
    head = f"{'写入路径':<16}{'终止':>6}{'完成':>6}{'损坏':>6}{'半截':>6}{'残留':>6}{'阻塞':>6}"
    lines = [head]
    total = dict.fromkeys(("kills", "done", "unsound", "partial", "leftover", "blocked"), 0)
    for name, spec in specs.items():
        s = spec.stats
        lines.append(f"{name:<20}{s['kills']:>6}{s['done']:>6}{s['unsound']:>6}{s['partial']:>6}"
                     f"{s['leftover']:>6}{s['blocked']:>6}")
        if not spec.expect_partial:
            for key in total:
                total[key] += s[key]
    lines.append(f"{'合计':<18}{total['kills']:>6}{total['done']:>6}{total['unsound']:>6}"
                 f"{total['partial']:>6}{total['leftover']:>6}{total['blocked']:>6}")
    return "\n".join(lines)


def failures(specs: dict[str, Path_]) -> int:
    bad = 0
    for spec in specs.values():
        s = spec.stats
        if spec.expect_partial:
            bad += s["partial"] == 0      # the self-test must find the torn batches
        else:
            bad += s["unsound"] + s["partial"] + s["leftover"] + s["blocked"]
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="崩溃测试：在各写入路径的随机时刻强制终止程序并检查")
    ap.add_argument("--kills", type=int, default=1000, help="强制终止的总次数（分给各路径）")
    ap.add_argument("--paths", default=",".join(ALL), help="写入路径，逗号分隔")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    names = [n for n in args.paths.split(",") if n]
    print(f"随机种子 {seed}；路径：{'、'.join(names)}")
    with tempfile.TemporaryDirectory(prefix="qjcrash-") as tmp:
        root = Path(tmp)
        setup = Setup(root)
        specs = setup.build(names)
        start = time.perf_counter()
        hammer(specs, setup, args.kills, seed, root)
        print(table(specs))
        print(f"用时 {time.perf_counter() - start:.0f} 秒")
    return 1 if failures(specs) else 0


if __name__ == "__main__":
    sys.exit(main())
