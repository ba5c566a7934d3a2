"""Every released schema version opens and migrates; a newer file is refused untouched."""
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from qjtasks.core import backup, integrity, migrations
from qjtasks.core.errors import DatabaseError
from qjtasks.core.services import Services
from qjtasks.core.store import Store

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures").glob("schema_v*.db"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_a_fixture_for_every_schema_version():
    versions = {int(p.stem.removeprefix("schema_v")) for p in FIXTURES}
    assert versions == set(range(1, len(migrations.MIGRATIONS) + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_opens_migrates_and_keeps_its_data(fixture, tmp_path, today):
    db = tmp_path / "old.db"
    shutil.copy(fixture, db)
    raw = sqlite3.connect(fixture)
    items, journal = (raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("items", "journal"))
    version = raw.execute("SELECT count(*) FROM _migrations").fetchone()[0]
    raw.close()
    store = integrity.open_checked(db, full=True, daily=False)
    assert store.schema_version == len(migrations.MIGRATIONS)
    assert store.conn.execute("SELECT count(*) FROM items").fetchone()[0] == items
    assert store.conn.execute("SELECT count(*) FROM journal").fetchone()[0] >= journal
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.lists.search("绿色发展", today=today)          # the search index works
    triggers = dict(store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_bg_%'"))
    assert len(triggers) == 7 and all("NOT EXISTS" in sql for sql in triggers.values())
    assert store.notes.of(1) and store.requests.extensions(1)
    Services(store).notes.add(1, None, "测试", "升级后仍可登记进展")
    store.close()
    taken = backup.list_backups(db)
    if version < len(migrations.MIGRATIONS):
        assert len(taken) == 1 and backup.inspect(taken[0]).schema_version == version
    else:
        assert taken == []


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "newer.db"
    shutil.copy(FIXTURES[-1], db)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _migrations (name, applied_at) VALUES ('9999_from_the_future', "
                 "'2030-01-01T00:00:00')")
    conn.commit()
    conn.close()
    before = _digest(db)
    with pytest.raises(DatabaseError, match="更新版本"):
        integrity.open_checked(db)
    with pytest.raises(DatabaseError, match="更新版本"):
        Store.open(db, readonly=True)
    assert _digest(db) == before and not db.with_name("newer.db-wal").exists()
