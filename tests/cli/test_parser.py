"""The parser built for one command says what the full parser says; the program entry point."""
import gc
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qjtasks import classcache, cli
from qjtasks.cli import argparse_zh

ROOT = Path(__file__).resolve().parents[2]


def test_command_table_matches_what_the_modules_register():
    registered = {}
    for name in cli.COMMAND_MODULES:
        subs = argparse_zh.Parser(prog="qjtasks").add_subparsers(dest="command")
        importlib.import_module(f"qjtasks.cli.{name}").register(subs)
        registered.update(dict.fromkeys(subs.choices, name))
    assert registered == cli.COMMANDS


@pytest.mark.parametrize(("argv", "module"), [
    (["print", "notice", "1"], "cmd_print"),
    (["--db", "x.db", "--today", "2026-11-25", "print", "notice", "1"], "cmd_print"),
    (["--db=x.db", "--full-check", "--actor", "张三", "list"], "cmd_items"),
    (["--to", "2026-11-25", "--a", "张三", "--f", "issue", "1"], "cmd_workflow"),
    (["--db", "print", "list"], "cmd_items"),  # "print" is the value of --db
    ([], None),
    (["--help"], None),
    (["-h", "print"], None),
    (["--version"], None),
    (["bogus"], None),
    (["--", "print"], None),
    (["-1", "print"], None),  # argparse reads "-1" as the (unknown) command
    (["--bogus", "print"], None),
    (["--db"], None),
    (["--db", "--today", "x", "print"], None),
    (["--full-check=1", "print"], None),
])
def test_command_module_reads_only_plain_global_options(argv, module):
    assert cli.command_module(argv) == module


ARGVS = [
    *([name, "--help"] for name in cli.COMMANDS),
    ["print", "notice", "--help"], ["package", "enrol", "--help"], ["calendar", "between", "-h"],
    ["--today", "2026-11-25", "--full-check", "print", "--help"], ["--to", "x", "list", "--help"],
    ["print", "notice"], ["print", "notice", "x"], ["print", "bogus"], ["print"],
    ["print", "ledger", "-o", "a.pdf", "--status", "完成了"], ["list", "--status", "完成了"],
    ["list", "--bogus"], ["issue"], ["calendar"], ["settings"], ["--db", "x.db", "show"],
    ["--help"], [], ["bogus"], ["--version"], ["-h", "list"], ["--db"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_lazy_parser_prints_the_same_help_and_errors(capsys, monkeypatch, tmp_path, argv):
    monkeypatch.chdir(tmp_path)  # nothing here may reach a command, but never write elsewhere
    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda modules=None, command=None:
                        built.append((modules, command)) or real(modules, command))
    lazy = cli.main(argv), *capsys.readouterr()
    expected_module = cli.command_module(argv)
    assert built[0] == ((None, None) if expected_module is None else
                        ([expected_module], cli.command_word(argv)))
    monkeypatch.setattr(cli, "command_word", lambda argv: None)
    full = cli.main(argv), *capsys.readouterr()
    assert lazy == full
    assert full[0] in (0, 2) and (full[1] or full[2])
    assert list(tmp_path.iterdir()) == []


def test_print_builds_only_its_own_module(monkeypatch):
    built = []
    real = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda modules=None, command=None:
                        built.append((modules, command)) or real(modules, command))
    assert cli.main(["print", "notice", "--help"]) == 0
    assert built == [(["cmd_print"], "print")]


def test_only_the_command_that_runs_is_built(monkeypatch):
    parser = cli.build_parser(["cmd_items"], "list")
    subs = next(a for a in parser._actions if a.dest == "command")
    assert list(subs.choices) == ["list"]
    full = cli.build_parser(["cmd_items"])
    assert {"list", "search", "show", "undo"} <= set(next(
        a for a in full._actions if a.dest == "command").choices)


def test_entry_exits_with_the_code_of_main_and_freezes_what_is_left(monkeypatch):
    monkeypatch.setattr(cli, "main", lambda: 3)
    threshold = gc.get_threshold()
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        with pytest.raises(SystemExit) as exc:
            cli.entry()
        assert exc.value.code == 3
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] > threshold[0]
        if os.name == "posix":
            assert os.umask(umask) == 0o077             # what the program creates is private
        import dataclasses
        assert dataclasses.exec is classcache._exec      # dataclass methods compiled once
    finally:
        classcache.uninstall()
        os.umask(umask)
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_python_m_qjtasks_reports_usage_errors_with_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "qjtasks", "print", "notice"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and "缺少必需参数" in proc.stderr
