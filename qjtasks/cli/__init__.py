"""The `qjtasks` command line: every supervision operation, headless, messages in Chinese.

Each command group lives in its own `cmd_*.py` module with `register(subparsers)`; this module
builds the parser, opens the database chosen by `--db`, `QJTASKS_DB` or the default location,
and turns errors into exit codes: 0 success, 1 user error (Chinese message on stderr), 2 bad
usage. Heavy libraries (reportlab, cryptography …) are imported inside the commands that need
them so that `qjtasks list` starts fast.
"""
from __future__ import annotations

import importlib
import sys

from . import argparse_zh
from .context import Context

COMMAND_MODULES = [
    "cmd_init", "cmd_units", "cmd_dossier", "cmd_items", "cmd_workflow", "cmd_data",
    "cmd_calendar", "cmd_restore", "cmd_import_reply", "cmd_package", "cmd_print",
    "cmd_daily",
]


def build_parser():
    from qjtasks import __version__
    parser = argparse_zh.Parser(
        prog="qjtasks", description="qjtasks 督办事项管理：把复函中的承诺变成可督办、可追踪的事项。")
    parser.add_argument("--version", action="version", version=f"qjtasks {__version__}")
    parser.add_argument("--db", metavar="路径", help="数据库文件（默认：QJTASKS_DB 或用户数据目录）")
    parser.add_argument("--today", metavar="日期", help="按指定日期计算灯色与期限（默认今天）")
    parser.add_argument("--full-check", action="store_true",
                        help="启动时做完整的数据库检查（默认只做快速检查）")
    parser.add_argument("--actor", metavar="姓名", default="督办员", help="操作人（写入日志）")
    subs = parser.add_subparsers(dest="command", metavar="命令", parser_class=argparse_zh.Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subs)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, bad usage exits 2
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    ctx = Context(args)
    try:
        return int(args.func(args, ctx) or 0)
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        return ctx.fail(exc)
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
