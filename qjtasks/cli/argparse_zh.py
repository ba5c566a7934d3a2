"""argparse with Chinese usage messages.

argparse looks up its words through a module-level `_` (gettext); we replace it with a small
table so that "usage", required-argument and invalid-choice messages read in Chinese.
"""
from __future__ import annotations

import argparse
import sys

_WORDS = {
    "usage: ": "用法：",
    "options": "选项",
    "optional arguments": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效选项：%(value)r（可选：%(choices)s）",
    "invalid choice: %(value)r, choose from %(choices)s": "无效选项：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数",
    "expected at least one argument": "至少需要一个参数",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须提供其一",
    "%(prog)s: error: %(message)s\n": "%(prog)s：用法错误：%(message)s\n",
}


def _translate(text: str) -> str:
    return _WORDS.get(text, text)


argparse._ = _translate  # type: ignore[attr-defined]


def _int(text: str) -> int:
    """int, but within SQLite's INTEGER range (ids and counts reach SQLite unchanged)."""
    value = int(text)
    if not -2**63 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"数值过大：{text[:30]}")
    return value


class Parser(argparse.ArgumentParser):
    """Exits 2 with a Chinese message on bad usage (never a traceback)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register("type", int, _int)   # every `type=int` argument of this parser

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{message}\n")
