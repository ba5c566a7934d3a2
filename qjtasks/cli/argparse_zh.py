"""argparse with Chinese usage messages.

argparse looks up its words through a module-level `_` (gettext); we replace it with a small
table so that "usage", required-argument and invalid-choice messages read in Chinese.
"""
from __future__ import annotations

import argparse
import os
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


# Default metavars (the shown name of a value) by argparse dest, for arguments that give none.
METAVARS = {
    "answer": "答复", "answer_class": "类别", "attitude": "评价", "by": "姓名",
    "category": "类别", "chase": "催办记录", "class": "类别", "co": "配合单位",
    "contact": "联系人", "cycle": "周期", "date": "日期", "dates": "日期", "doc_number": "文号",
    "end": "结束日期", "extension_id": "申请编号", "file": "文件", "fingerprint": "指纹",
    "folder": "文件夹", "format": "格式", "id": "编号", "ids": "编号", "issuer": "单位",
    "journal_id": "日志编号", "key": "设置项", "kind": "类型", "lead": "牵头单位",
    "light": "灯色", "limit": "条数", "method": "方式", "n": "天数", "name": "名称",
    "next_steps": "下步打算", "number": "编号", "package": "数据包", "package_id": "数据包",
    "parent": "编号", "peer": "对方", "percent": "进度", "period": "周期", "person": "姓名",
    "phone": "电话", "problems": "问题", "progress": "进展", "proposer": "提案人",
    "reason": "理由", "remark": "说明", "reply": "复函编号", "reply_days": "工作日数",
    "report": "报告", "reporter": "反馈人", "requirements": "要求", "result": "评价",
    "role": "角色", "rung": "层级", "session": "届次", "short": "简称", "signer": "签收人",
    "sort": "字段", "start": "起始日期", "status": "状态", "text": "文字", "text_file": "文件",
    "title": "名称", "titles": "名称", "unit": "单位", "value": "值", "view": "视图",
}

# What the ASCII choice values (a contract of the command line) mean, shown in the help.
CHOICE_MEANINGS = {
    "assigned": "交办日期", "chases": "催办次数", "co_units": "配合单位", "deadline": "办结时限",
    "id": "事项编号", "lead": "牵头单位", "light": "灯色", "percent": "完成进度",
    "remaining": "剩余工作日", "serial": "督办编号", "stale": "未反馈天数", "status": "状态",
    "title": "事项名称", "week": "周报", "month": "月报", "pdf": "PDF", "docx": "Word",
    "csv": "CSV 表格", "json": "JSON", "xlsx": "Excel 台账",
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


def _columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class Parser(argparse.ArgumentParser):
    """Exits 2 with a Chinese message on bad usage (never a traceback)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register("type", int, _int)   # every `type=int` argument of this parser

    def _get_formatter(self):
        """argparse makes a formatter for every add_argument (to check the metavar) and its
        default width comes from shutil.get_terminal_size, so merely building the parser imports
        shutil (with bz2 and lzma, ~1.5 ms of a `qjtasks list`). The same width, from os."""
        if "shutil" in sys.modules or self.formatter_class is not argparse.HelpFormatter:
            return super()._get_formatter()
        return self.formatter_class(prog=self.prog, width=_columns() - 2)

    def add_argument(self, *args, **kwargs):
        """Chinese metavars by default; ASCII choices listed with their Chinese meaning."""
        action = super().add_argument(*args, **kwargs)
        if isinstance(action, argparse._VersionAction) and "help" not in kwargs:
            action.help = "显示版本号并退出"
        if action.nargs == 0 or action.metavar is not None:
            return action
        choices = list(action.choices) if action.choices else []
        if choices and not all(str(c).isascii() for c in choices):
            return action   # Chinese values are their own meaning: {绿,黄,红}
        action.metavar = METAVARS.get(action.dest, "值")
        if choices and not all(str(c) in (action.help or "") for c in choices):
            listed = "，".join(f"{c} {CHOICE_MEANINGS[c]}" if c in CHOICE_MEANINGS else str(c)
                              for c in choices)
            action.help = f"{action.help}：{listed}" if action.help else f"可选 {listed}"
        return action

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{message}\n")
