"""The `qjtasks` command line: every supervision operation, headless, messages in Chinese.

Each command group lives in its own `cmd_*.py` module with `register(subparsers)`; this module
builds the parser, opens the database chosen by `--db`, `QJTASKS_DB` or the default location,
and turns errors into exit codes: 0 success, 1 user error (Chinese message on stderr), 2 bad
usage. Heavy libraries (reportlab, cryptography …) are imported inside the commands that need
them so that `qjtasks list` starts fast. For the same reason `main` imports and registers only
the module of the command being run when the words before it are plain global options; help,
unknown commands and anything unusual get the parser with every command, so the help text and
the usage errors are the same either way.
"""
from __future__ import annotations

import gc
import importlib
import sys

from . import argparse_zh
from .context import Context

COMMAND_MODULES = [
    "cmd_init", "cmd_units", "cmd_dossier", "cmd_items", "cmd_workflow", "cmd_data",
    "cmd_calendar", "cmd_restore", "cmd_import_reply", "cmd_package", "cmd_print",
    "cmd_daily", "cmd_scan", "cmd_keys",
]

# Top-level command → the module whose register() adds it (tests/cli/test_parser.py checks this
# table against what the modules register).
COMMANDS = {
    "init": "cmd_init", "units": "cmd_units", "dossier": "cmd_dossier",
    **dict.fromkeys(("list", "search", "show", "add", "edit", "split", "assign", "undo"),
                    "cmd_items"),
    **dict.fromkeys(("issue", "sign", "note", "chase", "extend", "submit", "review", "pause",
                     "resume", "withdraw", "reopen"), "cmd_workflow"),
    **dict.fromkeys(("journal", "export", "backup", "settings"), "cmd_data"),
    "calendar": "cmd_calendar",
    **dict.fromkeys(("restore", "check", "backups"), "cmd_restore"),
    "import-reply": "cmd_import_reply", "package": "cmd_package", "print": "cmd_print",
    "scan-receipts": "cmd_scan", "keys": "cmd_keys",
    **dict.fromkeys(("today", "ladder", "notify", "circular", "summary", "import-ledger"),
                    "cmd_daily"),
}
_VALUE_OPTIONS = ("--db", "--today", "--actor")
_FLAG_OPTIONS = ("--full-check",)


def command_module(argv: list[str]) -> str | None:
    """The module of the command `argv` runs, or None when the whole parser is needed.

    Only the global options given exactly or as an unambiguous long prefix (as argparse reads
    them) may come before the command; --help, --version, `--`, unknown options and unknown
    commands answer None.
    """
    return COMMANDS.get(command_word(argv) or "")


def command_word(argv: list[str]) -> str | None:
    """The command `argv` runs (a key of COMMANDS), or None (see `command_module`)."""
    known = _VALUE_OPTIONS + _FLAG_OPTIONS
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("-") or arg == "-":
            return arg if arg in COMMANDS else None
        name = arg.partition("=")[0] if arg.startswith("--") else arg
        found = [o for o in known if o == name] or [
            o for o in known if name.startswith("--") and len(name) > 2 and o.startswith(name)]
        if len(found) != 1 or (found[0] in _FLAG_OPTIONS and "=" in arg):
            return None
        if found[0] in _VALUE_OPTIONS and "=" not in arg:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None
            i += 1
        i += 1
    return None


def build_parser(modules: list[str] | None = None, command: str | None = None):
    """The parser with the commands of `modules` (default: every module in COMMAND_MODULES);
    with `command`, of those only that command is built (its help and errors are the same)."""
    from qjtasks import __version__
    parser = argparse_zh.Parser(
        prog="qjtasks", description="qjtasks 督办事项管理：把复函中的承诺变成可督办、可追踪的事项。")
    parser.add_argument("--version", action="version", version=f"qjtasks {__version__}")
    parser.add_argument("--db", metavar="路径", help="数据库文件（默认：QJTASKS_DB 或用户数据目录）")
    parser.add_argument("--today", metavar="日期", help="按指定日期计算灯色与期限（默认今天）")
    parser.add_argument("--full-check", action="store_true",
                        help="启动时做完整的数据库检查（默认只做快速检查）")
    parser.add_argument("--actor", metavar="姓名", default=None,
                        help="操作人（写入日志；默认督办端为“督办员”，承办单位端为本单位联系人）")
    subs = parser.add_subparsers(dest="command", metavar="命令", parser_class=argparse_zh.Parser)
    target = subs if command is None else _OneCommand(subs, command)
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(f"{__name__}.{name}").register(target)
    return parser


class _OneCommand:
    """The subparsers a module's `register` fills when one command runs: only that command's
    parser is built (cmd_items has eight, their arguments cost ~1 ms of a `qjtasks list`)."""

    def __init__(self, subs, command: str):
        self._subs, self._command = subs, command

    def add_parser(self, name, **kwargs):
        return self._subs.add_parser(name, **kwargs) if name == self._command else _UNBUILT


class _Unbuilt:
    """Stands for the parser of a command that does not run: what `register` code calls on a
    parser (add_argument, set_defaults, add_subparsers, add_parser, groups, choices[...])
    returns itself. A register using anything else fails the parser tests of its module."""

    def add_argument(self, *args, **kwargs):
        return self

    add_parser = add_subparsers = add_mutually_exclusive_group = add_argument_group = \
        set_defaults = add_argument

    def __getitem__(self, key):
        return self

    @property
    def choices(self):
        return self


_UNBUILT = _Unbuilt()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = command_word(argv)
    parser = build_parser(None if command is None else [COMMANDS[command]], command)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad usage exits 2
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        build_parser().print_help()
        return 2
    if getattr(args, "db", None) == "":
        sys.stderr.write("错误：--db 后面的数据库路径是空的；请写出数据库文件的路径，"
                         "或去掉 --db 使用默认位置\n")
        return 1
    from .passphrase import install
    install()   # the key file's passphrase: env var or a prompt, asked once per command
    ctx = Context(args)
    try:
        code = int(args.func(args, ctx) or 0)
        ctx.warn_unknown_years()
        return code
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the one place for exit codes
        return ctx.fail(exc)
    finally:
        ctx.close()


def entry() -> None:
    """The `qjtasks` program: the console script, `python -m qjtasks` and the built executable.

    A command lives a fraction of a second and allocates mostly objects that live to the end
    (modules, classes, font tables), so the young-generation threshold of the garbage collector
    is raised, and once `main` has closed the database and released the lock everything left is
    frozen, which spares the interpreter its full collection at exit (together ~15 ms of a 155 ms
    `print notice`). The collector still runs, so long commands do not grow without bound.
    PIL.Image, which reportlab imports but no sheet uses, is loaded only if something uses it.
    The methods dataclasses generates are compiled once and kept (`qjtasks.classcache`): ~20 ms
    of a `print notice`, ~6 ms of a `list`.
    """
    gc.set_threshold(20_000, 10, 10)
    from qjtasks import classcache
    classcache.defer("inspect", "copy", "tempfile", "textwrap")
    classcache.install()
    try:
        from qjtasks.paths import private_files
        private_files()   # databases and backups 0600, folders 0700
        from qjtasks.pdf import defer_pil
        defer_pil()  # single-threaded here
        code = main()
    except KeyboardInterrupt:           # before the database was opened, or while closing it
        sys.stderr.write("已中断，未作任何改动\n")
        sys.exit(130)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    entry()
