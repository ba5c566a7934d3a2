"""Helpers shared by the command-line tests (a uniquely named module, like gui_helpers)."""
from qjtasks.cli import main


def run(capsys, db, *args):
    """Run `qjtasks --db DB --today 2026-11-25 ARGS…`; returns (exit code, stdout, stderr)."""
    code = main(["--db", str(db), "--today", "2026-11-25", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err
