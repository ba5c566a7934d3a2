"""Backups, rotation, inspection and restore: the copy is sound and the replaced file is kept."""
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from qjtasks.core import backup, integrity
from qjtasks.core.errors import DatabaseError
from qjtasks.core.models import ItemEdit
from qjtasks.core.restore import restore
from qjtasks.core.store import Store


def _item_count(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        conn.close()


def test_backup_inspect_shows_date_items_and_schema(seeded, tmp_path):
    target = backup.backup_to(seeded.store.conn, tmp_path / "b.db")
    info = backup.inspect(target)
    assert info.items == 17 and info.schema_version == seeded.store.schema_version
    assert "17 项" in info.describe() and "架构版本" in info.describe()


def test_rotation_keeps_newest_automatic_and_all_manual(seeded):
    path = seeded.store.path
    manual = backup.backup_to(seeded.store.conn, backup.default_backup_name(path))
    start = dt.datetime(2026, 11, 1, 9, 0, 0)
    made = [backup.auto_backup(seeded.store.conn, path, "daily", keep=3,
                               now=start + dt.timedelta(days=i)) for i in range(6)]
    left = backup.list_backups(path)
    assert manual in left
    assert [p for p in left if p != manual] == list(reversed(made[-3:]))


def test_daily_backup_once_per_day(seeded):
    path = seeded.store.path
    day = dt.date.today()
    first = integrity.daily_backup(seeded.store, day)
    assert first is not None and backup.has_daily(path, day)
    assert integrity.daily_backup(seeded.store, day) is None


def test_backup_before_migration_and_import(tmp_path):
    from qjtasks.core import migrations
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    db = __import__("sqlite_utils").Database(conn)
    steps = migrations.MIGRATIONS
    migrations.MIGRATIONS = steps[:1]
    try:
        migrations.migrate(db)
    finally:
        migrations.MIGRATIONS = steps
    conn.close()
    store = integrity.open_checked(path, daily=False)
    reasons = [backup._parse(p)[2] for p in backup.list_backups(path)]
    assert reasons == ["migration"] and store.schema_version == len(steps)
    pre = backup.inspect(backup.list_backups(path)[0])
    assert pre.schema_version == 1
    assert integrity.backup_before_import(store).name.endswith("-import.db")
    store.close()


def test_restore_replaces_and_keeps_old_file(seeded, tmp_path):
    path = seeded.store.path
    saved = backup.backup_to(seeded.store.conn, tmp_path / "saved.db")
    item = seeded.store.lists.items(today=dt.date(2026, 11, 25), limit=1)[0]
    seeded.items.edit(item["id"], ItemEdit(title="恢复前改过的标题"))
    seeded.store.close()
    result = restore(saved, path, now=dt.datetime(2026, 11, 25, 12, 0, 0))
    assert result.kept.exists() and result.kept.name == "qj.replaced-20261125-120000.db"
    again = Store.open(path)
    assert again.item(item["id"]).title == item["title"]
    again.close()
    old = Store.open(result.kept, readonly=True)
    assert old.item(item["id"]).title == "恢复前改过的标题"
    old.close()


@pytest.mark.parametrize("content", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_refuses_non_sqlite_or_damaged(seeded, tmp_path, content):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = seeded.store.path.read_bytes()
    with pytest.raises(DatabaseError) as err:
        restore(bad, seeded.store.path)
    assert "备份" in str(err.value) or "数据库" in str(err.value)
    assert seeded.store.path.read_bytes() == before


def _padded_backup(seeded, tmp_path):
    """A backup with a filler table, so checking and copying it take many SQLite steps."""
    saved = backup.backup_to(seeded.store.conn, tmp_path / "padded.db")
    conn = sqlite3.connect(saved)
    conn.execute("CREATE TABLE filler (x TEXT)")
    conn.executemany("INSERT INTO filler VALUES (?)", ((f"{n:08d}" * 60,) for n in range(6000)))
    conn.commit()
    conn.close()
    return saved


def test_restore_reports_its_stages_and_copy_progress(seeded, tmp_path, monkeypatch):
    from qjtasks.core import restore as restore_mod
    monkeypatch.setattr(restore_mod, "COPY_PAGES", 100)
    saved = _padded_backup(seeded, tmp_path)
    path = seeded.store.path
    seeded.store.close()
    steps = []
    result = restore(saved, path, progress=lambda *step: steps.append(step))
    assert steps[0] == ("check", 0, 0) and steps[-1] == ("replace", 0, 0)
    copies = [s for s in steps if s[0] == "copy"]
    total = saved.stat().st_size // 4096
    assert len(copies) >= 5 and all(t == total for _, _, t in copies)
    assert [d for _, d, _ in copies] == sorted(d for _, d, _ in copies) and copies[-1][1] == total
    assert result.kept.exists() and _item_count(path) == 17


def test_restore_stopped_by_its_progress_callback_leaves_no_copy(seeded, tmp_path, monkeypatch):
    from qjtasks.core import restore as restore_mod
    monkeypatch.setattr(restore_mod, "COPY_PAGES", 100)
    saved = _padded_backup(seeded, tmp_path)
    path = seeded.store.path
    seeded.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.store.close()
    before = path.read_bytes()

    def stop(stage, done, total):
        if stage == "copy":
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        restore(saved, path, progress=stop)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.restoring"))


def test_inspect_can_be_stopped_from_outside(seeded, tmp_path):
    saved = _padded_backup(seeded, tmp_path)
    with pytest.raises(backup.InspectCancelled):
        backup.inspect(saved, full=True, stop=lambda: True)
    assert backup.inspect(saved, full=False, stop=lambda: False).items == 17


def test_restore_refuses_damaged_pages(seeded, tmp_path):
    good = backup.backup_to(seeded.store.conn, tmp_path / "g.db")
    data = bytearray(good.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\xa5" * (4096 * 3)
    broken = tmp_path / "broken.db"
    broken.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="损坏"):
        restore(broken, seeded.store.path)


def test_damaged_database_is_not_touched_and_offers_latest_backup(seeded, tmp_path):
    path = seeded.store.path
    backup.auto_backup(seeded.store.conn, path, "daily")
    seeded.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.store.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 8] = b"\x5a" * (4096 * 6)
    path.write_bytes(bytes(data))
    with pytest.raises(integrity.DamagedDatabaseError) as err:
        integrity.open_checked(path, full=True)  # today's quick check already ran
    assert err.value.latest is not None and err.value.latest.items == 17
    assert "已损坏" in str(err.value) and "qjtasks restore" in str(err.value)
    assert path.read_bytes() == bytes(data)


def test_header_check_catches_a_truncated_copy(seeded, tmp_path):
    good = backup.backup_to(seeded.store.conn, tmp_path / "g.db")
    assert integrity.verify(good, level=integrity.HEADER) == []
    cut = tmp_path / "cut.db"
    cut.write_bytes(good.read_bytes()[: 4096 * 10])
    assert "截断" in integrity.verify(cut, level=integrity.HEADER)[0]
    odd = tmp_path / "odd.db"
    odd.write_bytes(good.read_bytes()[:-100])
    assert "截断" in integrity.verify(odd, level=integrity.HEADER)[0]


def test_truncated_copy_is_refused_even_after_todays_check(seeded):
    """The day's quick check already ran; a later truncated copy is still caught at open."""
    path = seeded.store.path
    integrity.daily_backup(seeded.store, dt.date.today())
    seeded.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.store.close()
    path.write_bytes(path.read_bytes()[: 4096 * 12])
    with pytest.raises(integrity.DamagedDatabaseError, match="截断"):
        integrity.open_checked(path)


def test_package_import_takes_a_backup_first(tmp_path):
    """The exchange importer calls `backup_before_import` before applying a package."""
    pytest.importorskip("qjtasks.exchange.importer")
    import sys
    sys.path.insert(0, str(Path(__file__).parents[1] / "exchange"))
    import xnet

    from qjtasks.core.seed import ensure_default
    office = xnet.open_services(tmp_path / "office.db", "督办员")
    ensure_default(office)
    net = xnet.Net(tmp_path, office)
    xnet.issue_all(office, [2])
    unit = xnet.enrol_unit(net, "区科技局")
    net.to_unit("区科技局")
    reasons = [backup._parse(p)[2] for p in backup.list_backups(tmp_path / "unit-区科技局.db")]
    assert "import" in reasons
    office.store.close()
    unit.store.close()


def test_a_backup_with_a_damaged_text_cell_is_refused_in_chinese(tmp_path):
    """One byte of the schema-v2 fixture set to 0x80 leaves text SQLite cannot decode as UTF-8
    (found by test_fuzz: a UnicodeDecodeError escaped `inspect` and `restore`)."""
    fixture = Path(__file__).parents[1] / "fixtures" / "schema_v2.db"
    data = bytearray(fixture.read_bytes())
    data[79609] = 0x80
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data))
    live = tmp_path / "live.db"
    live.write_bytes(fixture.read_bytes())
    with pytest.raises(DatabaseError, match="已损坏"):
        backup.inspect(bad)
    with pytest.raises(DatabaseError, match="已损坏"):
        restore(bad, live)
    assert live.read_bytes() == fixture.read_bytes()
