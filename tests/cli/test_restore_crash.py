"""Restore killed at every step: the next open finds the old or the restored data, never a new
seeded database, and no leftovers (issue 16, case 1).

Each kill is deterministic: a child process runs `restore` with a `fault` hook (or a progress
hook, for the copy itself) that calls `os._exit` at the chosen step, so no cleanup runs, as with
SIGKILL. The parent then runs `qjtasks list`/`show` on what the child left.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

from qjtasks.cli import main
from qjtasks.core.restore import STEPS

ROOT = Path(__file__).resolve().parents[2]
BACKUP_MARK, LATER_MARK = "备份中的标记", "恢复前的修改"

CHILD = """
import os, sys
from qjtasks.core import restore
restore.COPY_PAGES = 4
step, source, db = sys.argv[1:4]
def fault(name):
    if name == step:
        os._exit(9)
def progress(stage, done, total):
    if step == "copying" and stage == "copy" and done >= 8:
        os._exit(9)
restore.restore(source, db, fault=fault, progress=progress)
"""


def _titles(capsys, db):
    code = main(["--db", str(db), "--today", "2026-11-25", "list", "--json"])   # never `init`
    out, err = capsys.readouterr()
    assert code == 0, err
    return {row["id"]: row["title"] for row in json.loads(out)}, err


@pytest.fixture
def prepared(tmp_path, capsys):
    """c.db whose backup b.db holds item 2's mark, and which was changed after the backup."""
    db = tmp_path / "c.db"
    assert run(capsys, db, "edit", "2", "--title", BACKUP_MARK)[0] == 0
    assert run(capsys, db, "backup", "-o", tmp_path / "b.db")[0] == 0
    assert run(capsys, db, "edit", "1", "--title", LATER_MARK)[0] == 0
    return db, tmp_path / "b.db"


@pytest.mark.parametrize("step", ("copying", *STEPS))
def test_restore_killed_at_each_step_leaves_the_old_or_the_new_data(prepared, capsys, step):
    db, source = prepared
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, step, str(source), str(db)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr            # it was killed at that step
    titles, err = _titles(capsys, db)
    assert titles[2] == BACKUP_MARK                     # never a freshly seeded database
    if step == "replaced":
        assert titles[1] != LATER_MARK                  # the restore had finished
    elif step != "kept":
        assert titles[1] == LATER_MARK                  # the restore had not replaced anything
    assert not list(db.parent.glob("*.restoring*")) and not list(db.parent.glob("*.part"))
    if step in ("copied", "synced", "kept"):
        assert "上次从备份恢复时被中断" in err
    if step in ("kept", "replaced"):
        kept = list(db.parent.glob("c.replaced-*.db"))
        assert len(kept) == 1 and kept[0].stat().st_size > 0


def _old_layout(db: Path, source: Path, restoring: bytes) -> Path:
    """What a restore killed between its two renames left before this fix: no file at the path."""
    kept = db.with_name("c.replaced-20261125-101010.db")
    db.replace(kept)
    db.with_name(db.name + ".restoring").write_bytes(restoring)
    return kept


def test_the_gap_an_older_restore_left_is_closed_by_finishing_the_restore(prepared, capsys):
    db, source = prepared
    _old_layout(db, source, source.read_bytes())
    titles, err = _titles(capsys, db)
    assert titles[2] == BACKUP_MARK and titles[1] != LATER_MARK
    assert "恢复已完成" in err
    assert not db.with_name(db.name + ".restoring").exists()


def test_the_gap_with_a_half_copied_restore_puts_the_old_file_back(prepared, capsys):
    db, source = prepared
    kept = _old_layout(db, source, source.read_bytes()[:8192])
    titles, err = _titles(capsys, db)
    assert titles[2] == BACKUP_MARK and titles[1] == LATER_MARK
    assert "已把恢复前的数据库" in err and kept.name in err
    assert not db.with_name(db.name + ".restoring").exists()
