"""Ctrl-C in the command line (issue 16, case 6): `已中断` with what was and was not saved,
exit 130, no traceback and no `*.part` file left."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cli_helpers import ensure_db, run

from qjtasks.cli import main

ROOT = Path(__file__).resolve().parents[2]

# The export really starts writing ex.xlsx.part, says so through a flag file, then takes its
# time (a large ledger on a slow disk); the parent presses Ctrl-C then.
SLOW_EXPORT = """
import sys, time
from pathlib import Path
import qjtasks.exchange.xlsx as xlsx
write = xlsx._write_workbook
def slow_write(tmp, records, report):
    write(tmp, records, report)
    Path(sys.argv[1]).write_text("writing")
    time.sleep(60)
xlsx._write_workbook = slow_write
from qjtasks.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_ctrl_c_during_an_export_says_so_exits_130_and_leaves_no_part_file(tmp_path):
    db, out, flag = tmp_path / "c.db", tmp_path / "ex.xlsx", tmp_path / "writing"
    ensure_db(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, str(flag), "--db", str(db),
                             "export", "--format", "xlsx", "-o", str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        give_up = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < give_up
            time.sleep(0.05)
        assert Path(str(out) + ".part").exists()          # it was interrupted mid-write
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert stderr.startswith("已中断") and "没有写出" in stderr and str(out) in stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert not list(tmp_path.glob("*.part")) and not out.exists()
    assert not (tmp_path / "c.db.lock").exists()


def test_ctrl_c_during_a_change_stores_nothing_and_says_what_was_saved(tmp_path, capsys,
                                                                      monkeypatch):
    db = tmp_path / "c.db"
    assert run(capsys, db, "edit", "1", "--title", "中断之前的修改")[0] == 0
    from qjtasks.core.store import journal
    real = journal.write

    def interrupted(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt           # after the row is written, inside the transaction
    monkeypatch.setattr(journal, "write", interrupted)
    code, _, err = run(capsys, db, "edit", "1", "--title", "中断时的修改")
    monkeypatch.setattr(journal, "write", real)
    assert code == 130
    assert err.startswith("已中断") and "此前已完成的修改都已保存" in err and "没有保存" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, db, "show", "1", "--json")
    assert json.loads(out)["title"] == "中断之前的修改"
    code, _, _ = run(capsys, db, "edit", "1", "--title", "再次修改")
    assert code == 0                                      # the lock was released


def test_ctrl_c_before_the_database_is_opened(tmp_path, capsys, monkeypatch):
    from qjtasks.cli import context

    def interrupted(self, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(context.Context, "open", interrupted)
    code = main(["--db", str(tmp_path / "c.db"), "list"])
    _, err = capsys.readouterr()
    assert code == 130 and "尚未打开数据库，未作任何改动" in err
