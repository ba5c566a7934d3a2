"""Opening files, migrations, schema version, the journal's immutability."""
import sqlite3

import pytest

from qjtasks.core import migrations
from qjtasks.core.errors import DatabaseError
from qjtasks.core.store import Store


def test_fresh_file_gets_every_migration_wal_and_foreign_keys(tmp_path):
    store = Store.open(tmp_path / "a.db")
    assert store.schema_version == len(migrations.MIGRATIONS)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    again = Store.open(tmp_path / "a.db")
    assert again.schema_version == len(migrations.MIGRATIONS)


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a spreadsheet, not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError) as err:
        Store.open(path)
    assert "不是 SQLite" in str(err.value)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _migrations (name, applied_at) VALUES ('9999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as err:
        Store.open(path)
    assert "更新版本" in str(err.value)


def test_journal_rows_cannot_be_edited_or_deleted(seeded):
    conn = seeded.store.conn
    assert conn.execute("SELECT count(*) FROM journal").fetchone()[0] > 0
    for sql in ("UPDATE journal SET actor = 'x'", "DELETE FROM journal"):
        with pytest.raises(sqlite3.DatabaseError, match="督办日志不可修改"):
            conn.execute(sql)


def test_readonly_store_refuses_writes(tmp_path, seeded):
    from qjtasks.core.errors import ReadOnlyError
    from qjtasks.core.services import Services
    ro = Store.open(seeded.store.path, readonly=True)
    assert ro.units()
    with pytest.raises(ReadOnlyError):
        Services(ro).units.add("某某局")
