"""The command line as scripts use it: output, JSON keys, exit codes, Chinese messages."""
import csv
import json
import subprocess
import sys

import pytest
from cli_helpers import ensure_db, run

from qjtasks.cli import main


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")



def test_first_use_seeds_and_lists_the_reply_024_items(capsys, db):
    code, out, err = run(capsys, db, "list")
    assert code == 0, err
    assert "进一步加大绿色发展宣传学习" in out and "共 17 项" in out


def test_list_json_contract(capsys, db):
    code, out, _ = run(capsys, db, "list", "--json", "--unit", "区机关事务管理中心",
                       "--role", "牵头")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 9
    for key in ("id", "title", "status", "original_deadline", "current_deadline", "light",
                "assignments"):
        assert key in items[0]
    assert {"unit", "role", "signed_by", "signed_at"} <= set(items[0]["assignments"][0])


def test_calendar_add_workdays(capsys, db):
    code, out, _ = run(capsys, db, "calendar", "add-workdays", "2022-09-30", "1")
    assert code == 0 and out.strip() == "2022-10-08"


def test_lifecycle_through_the_cli(capsys, db, tmp_path):
    steps = [
        ("edit", "2", "--deadline", "2027-02-26"),
        ("issue", "2", "--date", "2026-11-25"),
        ("sign", "2", "--unit", "区科技局", "--signer", "陈七", "--at", "2026-11-26 10:30"),
        ("sign", "2", "--unit", "区财政局", "--signer", "周八", "--at", "2026-11-27", "--paper"),
        ("note", "2", "--unit", "区科技局", "--text", "已发布征集通知", "--percent", "30"),
        ("chase", "2", "--unit", "区科技局", "--method", "电话", "--person", "陈七"),
        ("extend", "request", "2", "--unit", "区科技局", "--reason", "等待评审", "--to",
         "2027-04-30"),
        ("extend", "approve", "1"),
        ("submit", "2", "--unit", "区科技局", "--report", "已完成"),
        ("review", "2", "--accept"),
    ]
    for step in steps:     # recorded on 2026-11-28: the paper receipts are dated before it
        code, out, err = run(capsys, db, *step, today="2026-11-28")
        assert code == 0, (step, err)
    code, out, _ = run(capsys, db, "show", "2", "--json")
    data = json.loads(out)
    assert data["status"] == "已办结" and data["serial"] == "綦发改督〔2026〕1号"
    assert data["original_deadline"] == "2027-02-26"
    assert data["current_deadline"] == "2027-04-30"
    code, out, _ = run(capsys, db, "journal", "2")
    assert "交办" in out and "签收" in out


@pytest.mark.parametrize("args, words", [
    (("edit", "1", "--deadline", "2022-02-30"), "不存在"),
    (("edit", "1", "--deadline", "明天"), "无法识别"),
    (("edit", "1", "--percent", "120"), "0–100"),
    (("add", "--title", "x", "--lead", "火星局"), "单位名录"),
    (("add", "--title", "x", "--assigned", "2026-11-25", "--deadline", "2026-11-01"), "早于"),
    (("pause", "1", "--reason", "等待"), "不能暂缓"),
    (("show", "999"), "不存在"),
])
def test_user_errors_exit_1_with_chinese_message(capsys, db, args, words):
    run(capsys, db, "list")
    before = run(capsys, db, "journal", "--json")[1]
    code, out, err = run(capsys, db, *args)
    assert code == 1
    assert err.startswith("错误：") and words in err
    assert "Traceback" not in err
    assert run(capsys, db, "journal", "--json")[1] == before


def test_bad_usage_exits_2_in_chinese(capsys, db):
    code = main(["--db", db, "list", "--status", "完成了"])
    err = capsys.readouterr().err
    assert code == 2 and "用法错误" in err and "无效选项" in err
    assert main(["--db", db, "issue"]) == 2
    assert "缺少必需参数" in capsys.readouterr().err


def test_not_sqlite_database(capsys, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    code, _, err = run(capsys, str(bad), "list")
    assert code == 1 and "不是 SQLite" in err
    assert bad.read_text() == "hello"


def test_export_csv_json_and_backup(capsys, db, tmp_path):
    out_csv, out_json, bak = tmp_path / "a.csv", tmp_path / "a.json", tmp_path / "b.db"
    assert run(capsys, db, "export", "--format", "csv", "-o", str(out_csv))[0] == 0
    rows = list(csv.reader(out_csv.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["编号", "督办编号", "事项"] and len(rows) == 18
    assert run(capsys, db, "export", "--format", "json", "-o", str(out_json), "--light", "未定时限")[0] == 0
    assert len(json.loads(out_json.read_text(encoding="utf-8"))) == 17
    assert run(capsys, db, "backup", "-o", str(bak))[0] == 0
    from qjtasks.core.store import Store
    assert len(Store.open(bak).units()) == 9


def test_search_short_and_long(capsys, db):
    assert "广泛开展反食品浪费活动" in run(capsys, db, "search", "光盘")[1]
    assert "共" in run(capsys, db, "search", "绿色工厂")[1]


def test_init_empty_and_units(capsys, tmp_path):
    db = str(tmp_path / "empty.db")
    code, out, _ = run(capsys, db, "init", "--empty")
    assert code == 0 and "空数据库" in out
    assert run(capsys, db, "list")[1].strip() == "没有符合条件的督办事项"
    assert run(capsys, db, "units", "add", "重庆市綦江区城市管理局", "--short", "区城管局")[0] == 0
    assert "区城管局" in run(capsys, db, "units", "list")[1]
    assert run(capsys, db, "units", "deactivate", "区城管局")[0] == 0


def test_env_var_chooses_the_database(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("QJTASKS_DB", str(db))
    ensure_db(db)
    proc = subprocess.run([sys.executable, "-m", "qjtasks", "list", "--limit", "2"],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert db.exists() and "共 2 项" in proc.stdout


def test_dossier_list_show_rate_and_add(capsys, db, tmp_path):
    code, out, _ = run(capsys, db, "dossier", "list")
    assert code == 0 and "綦发改函〔2022〕140号" in out
    assert run(capsys, db, "dossier", "rate", "1", "--attitude", "满意", "--result", "基本满意")[0] == 0
    out = run(capsys, db, "dossier", "show", "1")[1]
    assert "办理态度：满意" in out and "办理结果：基本满意" in out
    letter = tmp_path / "l.txt"
    letter.write_text("关于……的答复", encoding="utf-8")
    code, out, _ = run(capsys, db, "dossier", "add", "--number", "20", "--kind", "人大建议",
                       "--doc-number", "綦交函〔2023〕5号", "--date", "2023-05-04",
                       "--text-file", str(letter))
    assert code == 0
    code, _, err = run(capsys, db, "dossier", "add", "--date", "2023-02-30")
    assert code == 1 and "不存在" in err
