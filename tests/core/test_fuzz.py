"""Bad files: random and damaged databases, letters, ledgers and packages never crash qjtasks.

Every reader must either work or raise a `QjtasksError` (a Chinese message), never another
exception; a file that is refused is not modified, and the database already in use is
unchanged. Hypothesis runs a bounded number of examples so the suite stays short.
"""
import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qjtasks.core import backup, integrity
from qjtasks.core.errors import QjtasksError
from qjtasks.core.restore import restore
from qjtasks.core.services import Services
from qjtasks.core.store import Store

pytestmark = pytest.mark.slow
FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema_v2.db"
GOOD = FIXTURE.read_bytes()
FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damaged(draw_bytes: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(GOOD[:max(0, min(cut, len(GOOD)))] if cut else GOOD)
    for offset, value in flips:
        if data:
            data[offset % len(data)] = value
    return bytes(data) + draw_bytes


damaged_db = st.builds(_damaged, st.binary(max_size=64),
                       st.integers(min_value=0, max_value=len(GOOD)),
                       st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 255)),
                                max_size=12))
any_file = st.one_of(st.binary(max_size=4096),
                     st.binary(max_size=200).map(lambda b: b"SQLite format 3\x00" + b),
                     damaged_db)


def _open_and_read(path: Path, today) -> None:
    store = integrity.open_checked(path, daily=False)
    try:
        store.lists.items(today=today, limit=20)
        store.lists.count(today=today)
        store.lists.search("绿色", today=today)
    except integrity.READ_DAMAGE as exc:
        # a flipped byte inside a row: the front ends report it with this message
        message = integrity.read_failure_message(path, exc)
        assert "损坏" in message and "未作任何修改" in message or "已损坏" in message, message
    finally:
        store.close()


@FUZZ
@given(content=any_file)
def test_database_reader_never_crashes(tmp_path_factory, content, today):
    folder = tmp_path_factory.mktemp("fz")
    path = folder / "fuzz.db"
    path.write_bytes(content)
    try:
        _open_and_read(path, today)
    except QjtasksError:
        assert path.read_bytes() == content, "a refused file must not be modified"


@FUZZ
@given(content=any_file)
def test_restore_of_bad_backup_leaves_database_alone(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("fr")
    db = folder / "live.db"
    shutil.copy(FIXTURE, db)
    bad = folder / "bad.db"
    bad.write_bytes(content)
    before = _digest(db)
    try:
        info = backup.inspect(bad)
    except QjtasksError:
        with pytest.raises(QjtasksError):
            restore(bad, db)
        assert _digest(db) == before and list(folder.glob("*.replaced-*")) == []
    else:
        # a backup that inspect accepts restores to exactly what it described, or is refused
        # without touching the live database
        try:
            restore(bad, db)
        except QjtasksError:
            assert _digest(db) == before
        else:
            restored = Store.open(db)
            try:
                assert restored.conn.execute("SELECT count(*) FROM items").fetchone()[0] \
                    == info.items
            finally:
                restored.close()


def _store_snapshot(store: Store) -> list:
    return [store.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("items", "units", "notes", "journal", "replies")]


@pytest.fixture
def live(tmp_path):
    db = tmp_path / "live.db"
    shutil.copy(FIXTURE, db)
    store = Store.open(db)
    yield store
    store.close()


LETTER_TEXT = st.text(alphabet=st.sampled_from(list("关于区政协第号提案的复函一二三是年月日进一步加强"
                                                   "局委中心负责落实完成于前。，、：；（）〔〕\n 0123456789")),
                      max_size=600)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(LETTER_TEXT, st.text(max_size=400)),
       raw=st.one_of(st.binary(max_size=2048),
                     st.binary(max_size=1024).map(lambda b: b"PK\x03\x04" + b),
                     st.binary(max_size=1024).map(lambda b: b"%PDF-1.4\n" + b),
                     st.binary(max_size=1024).map(lambda b: b"\xef\xbb\xbf" + b)),
       suffix=st.sampled_from([".txt", ".docx", ".pdf", ".xlsx", ".csv"]))
def test_letter_and_ledger_readers_never_crash(tmp_path_factory, live, text, raw, suffix):
    importers = pytest.importorskip("qjtasks.importers")
    import_file = getattr(importers, "import_file", None)
    if import_file is None:
        pytest.skip("qjtasks.importers.import_file is not on main yet")
    from qjtasks.importers.save import default_drafts, register_of, save_import
    folder = tmp_path_factory.mktemp("fl")
    services = Services(live)
    for name, content in (("letter.txt", text.encode("utf-8")), (f"raw{suffix}", raw)):
        path = folder / name
        path.write_bytes(content)
        before = _store_snapshot(live)
        items = len(before[0])
        try:
            result = import_file(path, units=register_of(live))
            drafts = default_drafts(result)
            save_import(services, result, drafts, allow_duplicate=True)
        except QjtasksError:
            assert _store_snapshot(live) == before, "a refused letter changed the database"
        else:
            assert len(_store_snapshot(live)[0]) == items + len(drafts)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=2048),
                      st.binary(max_size=256).map(lambda b: b"QJTASKS" + b)))
def test_package_reader_never_crashes(live, data, tmp_path):
    importer = pytest.importorskip("qjtasks.exchange.importer")
    path = tmp_path / "in.qjpkg"
    path.write_bytes(data)
    before = _store_snapshot(live)
    with pytest.raises(QjtasksError):       # random bytes are never a package for this store
        importer.import_package(Services(live), path)
    assert _store_snapshot(live) == before
