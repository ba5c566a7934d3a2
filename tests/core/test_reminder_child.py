"""The reminder check as a child process answers what the in-process check answers."""
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qjtasks.core import reminder_child, reminders
from qjtasks.core.models import ItemEdit

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def running(seeded):
    seeded.items.edit(1, ItemEdit(assigned_on="2022-07-01", deadline="2022-09-30"))
    seeded.lifecycle.issue(1, D(2022, 7, 1))
    seeded.lifecycle.sign(1, seeded.store.item(1).lead_unit_id, "王五", "2022-07-02 09:00")
    reminders.mark_seen(seeded.store, {"late:1:2022-01-01", "feedback:1:2022-07-25"})
    return seeded


def expected(store, today) -> tuple:
    notice, gone = reminders.changes(store, today)
    return notice.total, notice.new, gone


def answer(path: Path) -> tuple:
    notice, gone = reminder_child.read(path)
    return notice.total, notice.new, gone


def test_main_writes_what_is_new_and_what_is_gone(running, tmp_path):
    out = tmp_path / "out.json"
    assert reminder_child.main([str(running.store.path), "2022-10-08", str(out)]) == 0
    total, new, gone = answer(out)
    assert (total, new, gone) == expected(running.store, D(2022, 10, 8))
    assert gone == {"late:1:2022-01-01"}                  # shown before, no longer current
    assert "late:1:2022-09-30" in {k for k, _ in new}
    assert "feedback:1:2022-07-25" not in {k for k, _ in new}   # shown already
    assert any("已逾期" in line for _, line in new) and total > len(new)
    # nothing written: the window remembers what it shows
    assert reminders.seen_keys(running.store) == {"late:1:2022-01-01", "feedback:1:2022-07-25"}


def test_unreadable_database_and_bad_arguments(tmp_path, capsys):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"not sqlite at all, just text")
    out = tmp_path / "out.json"
    assert reminder_child.main([str(bad), "2022-10-08", str(out)]) == reminder_child.UNREADABLE
    assert "不是 qjtasks 数据库" in capsys.readouterr().err and not out.exists()
    assert reminder_child.main([str(bad)]) == 2


def test_runs_as_a_module_and_through_the_desktop_entry(running, tmp_path):
    """Both ways the window starts it: `python -m …` and the frozen program's entry script,
    which must answer without importing Qt."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    want = expected(running.store, D(2022, 10, 8))
    out = tmp_path / "module.json"
    subprocess.run([sys.executable, "-m", "qjtasks.core.reminder_child",
                    str(running.store.path), "2022-10-08", str(out)], env=env, check=True,
                   timeout=120)
    assert answer(out) == want
    out = tmp_path / "entry.json"
    probe = ("import runpy, sys\n"
             f"sys.argv = ['qjtasks-gui', {reminder_child.FLAG!r}, {str(running.store.path)!r},"
             f" '2022-10-08', {str(out)!r}]\n"
             "try:\n"
             f"    runpy.run_path({str(ROOT / 'build' / 'entry_gui.py')!r}, run_name='__main__')\n"
             "except SystemExit as exc:\n"
             "    print(exc.code, 'PySide6' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=120,
                          capture_output=True, text=True)
    assert done.stdout.split() == ["0", "False"]
    assert answer(out) == want


def test_read_refuses_what_write_did_not_make(tmp_path):
    notice = reminders.Notice(3, [("a:1", "甲\n第二行"), ("b:2", "乙\t")])
    out = tmp_path / "ok.json"
    reminder_child.write(out, notice, {"c:3"})
    assert reminder_child.read(out) == (notice, {"c:3"})   # text with newlines survives
    bad = tmp_path / "bad.json"
    bad.write_text('["new", "a", "b"]\n', encoding="utf-8")
    with pytest.raises(ValueError):
        reminder_child.read(bad)
