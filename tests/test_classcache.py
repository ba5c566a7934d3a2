"""The kept dataclass methods (qjtasks.classcache): classes made with the table are the classes
dataclasses makes without it, the table is written only when something is new and byte-code
writing is on, and a damaged table is ignored."""
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qjtasks import classcache

ROOT = Path(__file__).resolve().parents[1]


def _make():
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 2
        tags: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(order=True)
    class Row:
        n: int
        text: str = ""
    return Point, Row


def _behaviour(point, row) -> list:
    p = point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3
    return [repr(p), p == point(1), p != point(1, 3), hash(point(1, 2, ())) == hash(point(1, 2, ())),
            dataclasses.astuple(p), dataclasses.replace(p, y=5).y, point.__match_args__,
            row(1) < row(2), repr(row(3, "三")), [f.name for f in dataclasses.fields(row)]]


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "cache" / "dataclasses.marshal"
    monkeypatch.setattr(classcache, "_new", False)
    assert classcache.install(str(path))
    yield path
    classcache.uninstall()
    classcache._table.clear()


def test_classes_made_with_the_table_behave_the_same(installed):
    classcache.uninstall()
    plain = _behaviour(*_make())
    classcache.install(str(installed))
    first = _behaviour(*_make())           # compiled, kept
    classcache.save(str(installed))
    assert installed.exists()
    classcache._table.clear()
    classcache._table.update(classcache._read(str(installed)))
    assert classcache._table
    again = _behaviour(*_make())           # from the table
    assert plain == first == again
    assert not classcache._new              # nothing new to write


def test_nothing_is_written_when_byte_code_writing_is_off(installed, monkeypatch):
    _make()
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    classcache.save(str(installed))
    assert not installed.exists()


def test_a_damaged_table_is_ignored(installed):
    classcache.uninstall()
    plain = _behaviour(*_make())
    classcache.install(str(installed))
    installed.parent.mkdir(parents=True, exist_ok=True)
    for junk in (b"", b"not marshal", b"\xe9" + b"\x00" * 10):
        installed.write_bytes(junk)
        assert classcache._read(str(installed)) == {}
    classcache._table.clear()
    assert _behaviour(*_make()) == plain
    for source in list(classcache._table):
        classcache._table[source] = "not code"    # wrong values are compiled afresh
    assert _behaviour(*_make()) == plain


def test_a_command_writes_the_table_beside_its_byte_code(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc"),
           "QJTASKS_DATA_DIR": str(tmp_path / "data")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    code = ("import sys\nfrom qjtasks import classcache\nprint(classcache.cache_file())\n")
    where = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert where.startswith(str(tmp_path / "pyc"))
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "qjtasks", "calendar", "--help"], env=env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert Path(where).is_file() and classcache._read(where)


def test_a_deferred_module_is_imported_on_first_use(tmp_path):
    code = ("import sys\nfrom qjtasks import classcache\n"
            "classcache.defer('textwrap', 'copy', 'sys')\n"
            "assert type(sys.modules['textwrap']).__name__ == '_Deferred'\n"
            "assert sys.modules['sys'] is sys\n"            # an imported module is left
            "import textwrap\n"
            "assert textwrap.dedent('  a\\n  b') == 'a\\nb'\n"
            "assert type(sys.modules['textwrap']).__name__ == 'module'\n"
            "from copy import *\n"                       # __all__ comes from the real module
            "assert deepcopy([1]) == [1]\n"
            "from textwrap import shorten\n"
            "assert shorten('a b c d', 5, placeholder='') == 'a b c'\n"
            "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == "ok", proc.stderr
