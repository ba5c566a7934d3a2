"""Helpers shared by the command-line tests (a uniquely named module, like gui_helpers)."""
from pathlib import Path

from qjtasks.cli import main


def run(capsys, db, *args, today="2026-11-25"):
    """Run `qjtasks --db DB --today 2026-11-25 ARGS…`; returns (exit code, stdout, stderr).

    A database that does not exist yet is first made with `init` (the seeded example case), as a
    user would: only `init` creates one.
    """
    ensure_db(db, today=today, first=" ".join(map(str, args[:3])))
    capsys.readouterr()
    code = main(["--db", str(db), "--today", today, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def ensure_db(db, *, today="2026-11-25", first=""):
    """`qjtasks --db DB init` unless DB exists or the command about to run (`first`, its first
    words) makes it: init, restore, package enrol accept."""
    makes = first.split(" ")[0] in ("init", "restore") or first == "package enrol accept"
    if db and not makes and not Path(db).exists():
        assert main(["--db", str(db), "--today", today, "init"]) == 0
