"""The desktop window's deferred start-up check: header only at open, then quick_check and the
daily backup on a connection of their own, cancellable when the window closes."""
import datetime as dt
import threading

import pytest

from qjtasks.core import backup, integrity
from qjtasks.core.store import Store

TODAY = dt.date(2026, 11, 25)


def _closed(seeded):
    path = seeded.store.path
    seeded.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.store.close()
    return path


def _damage(path):
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 8] = b"\x5a" * (4096 * 6)
    path.write_bytes(bytes(data))


def test_sound_file_passes_and_takes_the_days_backup_once(seeded):
    path = _closed(seeded)
    first = integrity.DeferredCheck(path, today=TODAY).run()
    assert first.problems == [] and first.backup_path is not None
    assert backup.inspect(first.backup_path).items == 17
    assert backup.has_daily(path, TODAY)
    again = integrity.DeferredCheck(path, today=TODAY).run()
    assert again.problems == [] and again.backup_path is None


def test_deferred_open_checks_only_the_header_and_takes_no_backup(seeded):
    path = _closed(seeded)
    backup.auto_backup(Store.open(path).conn, path, "daily",
                       now=dt.datetime(2026, 11, 24, 9))
    _damage(path)
    store = integrity.open_for_use(path, app="桌面版", defer_check=True, today=TODAY)
    try:
        assert not store.readonly and not backup.has_daily(path, TODAY)
        assert len(backup.daily_copies(path)) == 1   # only the 2026-11-24 copy made above
    finally:
        store.close()
    outcome = integrity.DeferredCheck(path, today=TODAY).run()
    assert outcome.problems and outcome.backup_path is None
    assert outcome.latest is not None and outcome.latest.items == 17
    assert "已损坏" in outcome.message and not backup.has_daily(path, TODAY)
    assert len(backup.daily_copies(path)) == 1


def test_deferred_open_still_refuses_a_truncated_copy(seeded):
    path = _closed(seeded)
    path.write_bytes(path.read_bytes()[: 4096 * 12])
    with pytest.raises(integrity.DamagedDatabaseError, match="截断"):
        integrity.open_for_use(path, app="桌面版", defer_check=True)


def test_full_check_runs_integrity_check(seeded, monkeypatch):
    path = _closed(seeded)
    levels = []
    real = integrity.pragma_problems
    monkeypatch.setattr(integrity, "pragma_problems",
                        lambda conn, level: levels.append(level) or real(conn, level))
    integrity.DeferredCheck(path, full=True, today=TODAY, backup_daily=False).run()
    assert levels == [integrity.FULL]


def test_cancel_abandons_the_backup_and_leaves_no_partial_file(seeded):
    path = _closed(seeded)
    check = integrity.DeferredCheck(path, today=TODAY)
    check.BACKUP_PAGES = 1                     # many steps, so the cancel lands between two
    steps = []

    def progress(*args):
        steps.append(args)
        if len(steps) == 3:
            check.cancel()
        integrity.DeferredCheck._progress(check, *args)
    check._progress = progress
    with pytest.raises(integrity.CheckCancelled):
        check.run()
    assert len(steps) == 3
    assert not backup.has_daily(path, TODAY) and backup.daily_copies(path) == []
    assert not list(backup.backup_dir(path).glob("*.part"))


def test_cancel_from_another_thread_interrupts_the_check(seeded, monkeypatch):
    path = _closed(seeded)
    check = integrity.DeferredCheck(path, today=TODAY)
    started, outcome = threading.Event(), []

    def slow(conn, level):
        started.set()
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                     "SELECT count(*) FROM c").fetchone()   # runs until interrupted
        return []
    monkeypatch.setattr(integrity, "pragma_problems", slow)

    def work():
        try:
            outcome.append(check.run())
        except integrity.CheckCancelled as exc:
            outcome.append(exc)
    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(10)
    check.cancel()
    worker.join(10)
    assert not worker.is_alive() and isinstance(outcome[0], integrity.CheckCancelled)


@pytest.mark.parametrize("through", ["open", "deferred"])
def test_the_days_backup_keeps_backup_keep_copies_either_way(seeded, through):
    """Opening the file and the window's deferred check take the day's copy the same way."""
    path, day = seeded.store.path, TODAY
    seeded.settings.set("backup_keep", 2)
    old = [backup.auto_backup(seeded.store.conn, path, "daily", now=dt.datetime(2020, 1, d, 9))
           for d in (1, 2, 3)]
    if through == "open":
        made = integrity.daily_backup(seeded.store, day)
        assert integrity.daily_backup(seeded.store, day) is None
    else:
        made = integrity.DeferredCheck(_closed(seeded), today=day).run().backup_path
        assert integrity.DeferredCheck(path, today=day).run().backup_path is None
    assert made is not None and backup.has_daily(path, day)
    assert backup.list_backups(path) == [made, old[2]]          # the two newest stay
    assert backup.inspect(made).items == 17
