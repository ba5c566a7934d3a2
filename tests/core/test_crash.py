"""Crash safety: SIGKILL a writer at random points many times; every reopen must find a sound
file in which each operation is either entirely present or entirely absent.

A child process (crash_child.py) loops over one kind of operation: a large dossier import
(500 items and a new unit in one transaction) or a batch of 200 notes in one transaction
followed by a single note. The parent kills it after a random delay, reopens the database with
`Store.open`, and checks `PRAGMA integrity_check`, the full-text indexes, foreign keys and the
all-or-nothing invariants. Two databases are hammered in parallel to keep the test short.
"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from qjtasks.core import integrity
from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import ensure_default
from qjtasks.core.services import Services
from qjtasks.core.store import Store

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
KILLS_PER_WORKER = 30
ITEMS, BATCH = 500, 200


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("crash") / "template.db"
    store = Store.open(path)
    services = Services(store)
    ensure_default(services)
    for item_id in (1, 2):
        services.items.edit(item_id, ItemEdit(deadline="2026-12-31", assigned_on="2026-11-02"))
        services.lifecycle.issue(item_id, "2026-11-02")
    store.close()
    return path


def _kill_once(db: Path, mode: str, run: str, delay: float, anchored: bool) -> float | None:
    """Start the child and kill it `delay` s later.

    Anchored: wait for its first operation to finish (timing it, the returned value) and count
    the delay from there, so some kills always come after a committed operation however slow
    the machine is at that moment; otherwise count from its start and return None.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(CHILD), str(db), mode, run],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = child.stdout.readline().strip()
    assert line == "go", child.stderr.read()
    took = None
    if anchored:
        start = time.perf_counter()
        assert child.stdout.readline().strip() == "done", child.stderr.read()
        took = time.perf_counter() - start
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    return took


def _sound(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for fts in ("items_fts", "notes_fts"):
        conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")


def _check_import(conn: sqlite3.Connection) -> int:
    replies = conn.execute("SELECT id, doc_number FROM replies "
                           "WHERE doc_number LIKE '崩溃测试-%'").fetchall()
    for rid, tag in replies:
        n = conn.execute("SELECT count(*) FROM items WHERE reply_id = ?", [rid]).fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM journal j JOIN items i ON i.id = j.item_id "
                              "WHERE j.action = 'item.add' AND i.reply_id = ?", [rid]).fetchone()[0]
        assert n == logged == ITEMS, (tag, n, logged)
    units = conn.execute("SELECT count(*) FROM units WHERE short_name LIKE '测试单位%'").fetchone()[0]
    orphans = conn.execute("SELECT count(*) FROM items WHERE title LIKE '崩溃测试-%' "
                           "AND reply_id IS NULL").fetchone()[0]
    assert units == len(replies) and orphans == 0
    return len(replies)


def _check_notes(conn: sqlite3.Connection) -> int:
    batches = conn.execute("SELECT substr(text, 1, instr(text, ' ') - 1) AS tag, count(*) "
                           "FROM notes WHERE text LIKE '批次-%' GROUP BY tag").fetchall()
    assert all(count == BATCH for _, count in batches), batches
    notes = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    logged = conn.execute("SELECT count(*) FROM journal WHERE action = 'item.note'").fetchone()[0]
    assert notes == logged
    return len(batches)


def _worker(template: Path, folder: Path, mode: str, seed: int) -> tuple[int, int, int]:
    db = folder / f"w{seed}.db"
    shutil.copy(template, db)
    rng = random.Random(seed)
    kills = passed = 0
    one_op = None
    for k in range(KILLS_PER_WORKER):
        # every third run waits for one committed operation (and times it); the others are
        # killed anywhere in ~1.5 operations, timed by the latest anchored run
        anchored = one_op is None or k % 3 == 0
        if one_op is None:
            delay = 0.0
        elif anchored:
            delay = rng.uniform(0.0, one_op)
        else:
            delay = rng.uniform(0.005, 1.5 * one_op)
        took = _kill_once(db, mode, f"{seed}.{k}", delay, anchored)
        one_op = took if took is not None else one_op
        kills += 1
        assert integrity.verify(db, level=integrity.HEADER) == []   # no false alarm after a kill
        store = Store.open(db)          # recovers the WAL like any later start would
        try:
            _sound(store.conn)
            done = (_check_import if mode == "import" else _check_notes)(store.conn)
        finally:
            store.close()
        passed += 1
    return kills, passed, done


@pytest.mark.parametrize("mode", ["import", "notes"])
def test_sigkill_at_random_points_leaves_whole_operations(template, tmp_path, mode):
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda s: _worker(template, tmp_path, mode, s), range(WORKERS)))
    kills = sum(r[0] for r in results)
    passed = sum(r[1] for r in results)
    done = sum(r[2] for r in results)
    print(f"\n崩溃测试[{mode}]：强制终止 {kills} 次，重新打开检查通过 {passed} 次，"
          f"完整保存的操作 {done} 个")
    assert kills == passed == WORKERS * KILLS_PER_WORKER
    assert done >= WORKERS * KILLS_PER_WORKER // 3   # every anchored run committed one …
    assert done < kills * 2  # … and most kills landed while one was running


PACKAGES, NOTES_PER_PACKAGE = 10, 60


@pytest.fixture(scope="module")
def package_net(tmp_path_factory):
    """An office (template before any unit package) and ten cumulative unit packages."""
    pytest.importorskip("qjtasks.exchange.importer")
    sys.path.insert(0, str(ROOT / "tests" / "exchange"))
    import xnet
    root = tmp_path_factory.mktemp("pkg")
    office = xnet.open_services(root / "office.db", "督办员")
    ensure_default(office)
    net = xnet.Net(root, office)
    xnet.issue_all(office, [2])
    unit = xnet.enrol_unit(net, "区科技局")
    net.to_unit("区科技局")
    office.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    template = root / "template"
    template.mkdir()
    shutil.copy(root / "office.db", template / "office.db")
    shutil.copy(root / "office.qjkeys", template / "office.qjkeys")
    uid = net.unit_id("区科技局")
    (item_id,) = [r[0] for r in unit.store.conn.execute("SELECT id FROM items")]
    packages = root / "packages"
    packages.mkdir()
    for k in range(PACKAGES):
        for i in range(NOTES_PER_PACKAGE):
            unit.notes.add(item_id, uid, "联络员", f"包{k}第{i}条进展", noted_on="2026-11-30")
        shutil.move(net.reply("区科技局"), packages / f"{k:03d}.qjpkg")
    ids = [_package_id(p) for p in sorted(packages.glob("*.qjpkg"))]
    office.store.close()
    unit.store.close()
    return template, packages, ids


def _package_id(path: Path) -> str:
    from qjtasks.exchange import importer
    return importer.read_header(path)["package_id"]


def _check_packages(conn: sqlite3.Connection, ids: list[str]) -> int:
    """Applied packages are a prefix of the sequence, each with all of its notes."""
    applied = {r[0] for r in conn.execute(
        "SELECT package_id FROM exchange_packages WHERE direction = 'in'")}
    m = len(applied)
    assert applied == set(ids[:m])
    notes = conn.execute("SELECT count(*) FROM notes WHERE package_id IS NOT NULL").fetchone()[0]
    booked = conn.execute("SELECT count(*) FROM journal WHERE action = 'exchange.import'"
                          ).fetchone()[0]
    assert notes == NOTES_PER_PACKAGE * m and booked == m, (notes, booked, m)
    return m


def test_sigkill_during_package_imports(package_net, tmp_path):
    template, packages, ids = package_net
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(9)
    kills = passed = partial = 0
    total = None
    for k in range(30):
        for f in ("office.db", "office.qjkeys"):
            shutil.copy(template / f, tmp_path / f)
        child = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path / "office.db"),
                                  "package", str(k), str(packages)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env)
        assert child.stdout.readline().strip() == "go", child.stderr.read()
        start = time.perf_counter()
        if total is None:       # the first run imports everything and times it
            assert child.stdout.read().strip().endswith("finished"), child.stderr.read()
            total = time.perf_counter() - start
        else:
            if k % 3 == 0:      # anchored: after the first package, within about the next one
                assert child.stdout.readline().strip() == "done", child.stderr.read()
                time.sleep(rng.uniform(0.0, total / PACKAGES))
            else:
                time.sleep(rng.uniform(0.0, total))
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait()
        assert integrity.verify(tmp_path / "office.db", level=integrity.HEADER) == []
        store = Store.open(tmp_path / "office.db")
        try:
            _sound(store.conn)
            m = _check_packages(store.conn, ids)
        finally:
            store.close()
        passed += 1
        partial += 0 < m < PACKAGES
        for f in tmp_path.glob("office.db*"):
            f.unlink()
    print(f"\n崩溃测试[package]：强制终止 {kills} 次，重新打开检查通过 {passed} 次，"
          f"其中 {partial} 次停在两个数据包之间")
    assert passed == kills + 1 and partial > 0
