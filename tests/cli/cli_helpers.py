"""Helpers shared by the command-line tests (a uniquely named module, like gui_helpers)."""
from qjtasks.cli import main


def run(capsys, db, *args, today="2026-11-25"):
    """Run `qjtasks --db DB --today 2026-11-25 ARGS…`; returns (exit code, stdout, stderr)."""
    code = main(["--db", str(db), "--today", today, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err
