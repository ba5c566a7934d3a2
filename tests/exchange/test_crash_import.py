"""SIGKILL during a package import leaves the whole package applied or nothing of it."""
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from xnet import Net, enrol_unit, issue_all, open_services

from qjtasks.core.seed import ensure_default
from qjtasks.core.store import Store

pytestmark = pytest.mark.slow
NOTES = 3000
CHILD = Path(__file__).with_name("crash_import_child.py")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    office = open_services(root / "office.db", "督办员")
    ensure_default(office)
    net = Net(root, office)
    issue_all(office, [2])
    unit = enrol_unit(net, "区科技局")
    net.to_unit("区科技局")
    uid = net.unit_id("区科技局")
    unit.lifecycle.sign(2, uid, "陈七", "2026-11-26")
    with unit.tx():
        for i in range(NOTES):
            unit.notes.add(2, uid, "陈七", f"第{i}条进展", i % 100, noted_on="2026-11-27")
    package = net.reply("区科技局")
    office.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    office.store.close()
    unit.store.close()
    return root, package


def _trial(root: Path, package: Path, k: int, delay: float | None) -> tuple[int, int, float]:
    """Import in a child, SIGKILL it after `delay` seconds (None: once it reports done).

    Returns the packages and notes found afterwards and, when the import finished before the
    kill, how long it took (else -1: the kill landed mid-import)."""
    db = root / f"trial{k}.db"
    shutil.copy(root / "office.db", db)
    shutil.copy(root / "office.qjkeys", root / f"trial{k}.qjkeys")
    child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(package)],
                             stdout=subprocess.PIPE, text=True, env=_env())
    assert child.stdout.readline().strip() == "go"
    started = time.monotonic()
    if delay is None:
        assert child.stdout.readline().strip() == "done"
    else:
        time.sleep(delay)
    took = time.monotonic() - started
    child.send_signal(signal.SIGKILL)
    child.wait()
    finished = delay is None or "done" in child.stdout.read()
    store = Store.open(db)
    try:
        q = store.conn.execute
        assert q("PRAGMA integrity_check").fetchone()[0] == "ok"
        return (q("SELECT count(*) FROM exchange_packages WHERE direction = 'in'").fetchone()[0],
                q("SELECT count(*) FROM notes").fetchone()[0], took if finished else -1.0)
    finally:
        store.close()


def _env():
    import os
    return {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}


def test_kill_during_import_is_all_or_nothing(template):
    root, package = template
    packages, notes, full = _trial(root, package, 0, None)     # how long a whole import takes
    assert (packages, notes) == (1, NOTES) and full > 0
    rng = random.Random(7)
    outcomes, mid = set(), 0
    for k in range(1, 7):
        packages, notes, took = _trial(root, package, k, rng.uniform(0.05, 0.9) * full)
        assert (packages, notes) in {(0, 0), (1, NOTES)}
        if took < 0:
            mid += 1
        outcomes.add(packages)
    print(f"\n导入用时 {full:.2f} 秒；强制终止 6 次，{mid} 次在导入途中，"
          f"结果：{sorted(outcomes)}（0 = 未导入，1 = 完整导入）")
    assert mid >= 1, "no kill landed while the import was running"
