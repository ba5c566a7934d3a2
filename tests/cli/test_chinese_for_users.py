"""Every `--help` a user can print reads in Chinese (issue 16, case 10).

The only ASCII words allowed are option names, command names, the option values themselves
(a contract of the command line, each shown with its Chinese meaning) and a few names of file
formats and programs.
"""
from __future__ import annotations

import argparse
import re

import pytest

from qjtasks.cli import build_parser

ALLOWED = {
    "qjtasks", "qjtasks-gui", "QJTASKS_DB", "PDF", "Word", "Excel", "CSV", "JSON", "UTF",
    "txt", "docx", "pdf", "csv", "json", "xlsx", "qjpkg", "uid", "QR", "ID", "A", "B", "C",
    "JPG", "PNG", "TIFF", "dpi",
}


def _parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _allowed_words(parsers) -> set[str]:
    """ALLOWED, every command name and every choice value of the whole tree."""
    words = set(ALLOWED)
    for _path, parser in parsers:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                words.update(action.choices)
            for value in action.choices or ():
                words.update(re.findall(r"[A-Za-z_]+", str(value)))
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    """ASCII words of `text` that are not option names (after - or --) nor allowed words."""
    found = re.findall(r"(?<![-\w.])[A-Za-z][A-Za-z_]*(?:-[A-Za-z]+)*", text)
    return [w for w in found if w not in allowed]


def test_english_words_finds_what_argparse_leaves_in_english():
    allowed = {"week"}
    assert english_words("--version  show program's version number", allowed) == [
        "show", "program", "s", "version", "number"]
    assert english_words("--title TITLE  名称", allowed) == ["TITLE"]
    assert english_words("--period 周期  week（周报）--json .qjpkg 文件", allowed) == []


_ALL = list(_parsers(build_parser()))
_WORDS = _allowed_words(_ALL)


@pytest.mark.parametrize("path,parser", _ALL, ids=[" ".join(p) or "qjtasks" for p, _ in _ALL])
def test_every_help_is_chinese(path, parser):
    text = parser.format_help()
    assert english_words(text, _WORDS) == [], text


def test_gui_help_is_chinese(capsys):
    from qjtasks.gui.app import parse_args
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = capsys.readouterr().out
    assert "显示版本号并退出" in text
    assert english_words(text, ALLOWED) == [], text


def test_ascii_choices_show_their_meaning():
    help_text = dict(_ALL)[("list",)].format_help()
    assert "assigned 交办日期" in help_text and "chases 催办次数" in help_text
    summary = dict(_ALL)[("summary",)].format_help()
    assert "week" in summary and "本周" in summary and "month" in summary and "本月" in summary
    top = dict(_ALL)[()].format_help()
    assert "显示版本号并退出" in top


# -- what the commands print ---------------------------------------------------------------

def _cli(capsys, db, *args):
    from qjtasks.cli import main
    code = main(["--db", str(db), "--today", "2026-11-25", *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_settings_are_listed_by_their_chinese_names_with_plain_values(capsys, tmp_path):
    db = tmp_path / "s.db"
    _cli(capsys, db, "init")
    assert "补充节假日：2027-01-02、2027-01-03" in _cli(
        capsys, db, "settings", "set", "extra_holidays", "2027-01-02，2027-01-03")
    out = _cli(capsys, db, "settings", "list")
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "督办方" in lines["本机角色"] and "role" in lines["本机角色"]
    assert "2027-01-02、2027-01-03" in lines["补充节假日"]
    assert "否" in lines["协办单位反馈计入周期反馈"]
    assert '"' not in out and "[" not in out and "false" not in out


def test_journal_reads_in_chinese_without_json_or_empty_fields(capsys, tmp_path):
    db = tmp_path / "j.db"
    _cli(capsys, db, "init")
    (tmp_path / "t.csv").write_text(
        "序号,工作任务,责任单位,完成时限,进度\n1,推进老旧小区改造,区财政局,2027-03-31,30%\n",
        encoding="utf-8")
    _cli(capsys, db, "import-ledger", tmp_path / "t.csv")
    _cli(capsys, db, "edit", "1", "--category", "")
    _cli(capsys, db, "settings", "set", "co_notes_count", "true")
    out = _cli(capsys, db, "journal", "--limit", "400")
    assert "导入台账事项" in out and "导入台账" in out and "item.import" not in out
    assert "{" not in out and '"' not in out
    assert "：；" not in out and not re.search(r"：\s*$", out, re.M)
    assert "类别：宣传学习 → （空）" in out
    assert "协办单位反馈计入周期反馈：否 → 是" in out
    assert english_words(out, _WORDS | {"T"}) == [], out
    shown = _cli(capsys, db, "show", "1")
    assert "类别：宣传学习 → （空）" in shown and "：；" not in shown


def test_every_journal_action_has_a_chinese_label():
    from pathlib import Path

    from qjtasks.core.journal import ACTION_LABELS
    root = Path(__file__).resolve().parents[2] / "qjtasks"
    used = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used.update(re.findall(r"\blog\(\s*\"([a-z_.]+)\"", text))
        used.update(re.findall(r"\baction=\"([a-z]+\.[a-z_.]+)\"", text))
    assert "item.import" in used
    assert sorted(used - set(ACTION_LABELS)) == []


def test_describe_change_leaves_out_empty_and_internal_fields():
    from qjtasks.core.timeline import describe_change
    assert describe_change({}, {"category": "", "status_reason": "", "title": "甲"}) == "名称：甲"
    assert describe_change({"category": "宣传"}, {"category": ""}) == "类别：宣传 → （空）"
    assert describe_change(None, {"source_start": 10, "secret_key": "x"}) == ""
    assert describe_change(None, {"co_notes_count": True}) == "协办单位反馈计入周期反馈：是"
    assert describe_change(None, {"children": [3, 4]}) == "子事项：3、4"
