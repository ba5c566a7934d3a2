"""Daily commands through the CLI: today, ladder act, notify, circular, summary, ledgers."""
import json

import pytest
from cli_helpers import ensure_db
from openpyxl import load_workbook

from qjtasks.cli import main


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "cli.db")
    ensure_db(path, today="2022-07-01")
    for args in (["edit", "1", "--deadline", "2022-09-30"], ["issue", "1", "--date", "2022-07-01"],
                 ["sign", "1", "--unit", "区发改委", "--signer", "王五", "--at", "2022-07-01"]):
        assert main(["--db", path, "--today", "2022-07-01", *args]) == 0, capsys.readouterr()
    capsys.readouterr()
    return path


def run(capsys, db, today, *args):
    code = main(["--db", db, "--today", today, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_today_and_ladder_act(capsys, db):
    code, out, _ = run(capsys, db, "2022-10-08", "today")
    assert code == 0 and "【已逾期】1 项" in out and "催办通知1" in out and "今日" in out
    code, out, _ = run(capsys, db, "2022-10-08", "ladder", "act", "1")
    assert code == 0 and "已登记催办通知1" in out
    code, out, _ = run(capsys, db, "2022-10-08", "today", "--json")
    assert '"reached": "催办通知1"' in out and '"due_on": "2022-10-13"' in out
    code, _, err = run(capsys, db, "2022-10-08", "ladder", "act", "3", "--rung", "通报")
    assert code == 1 and "无需催办" in err


def test_notify_only_reports_new(capsys, db):
    code, out, _ = run(capsys, db, "2022-10-08", "notify")
    assert code == 0 and "新的待办" in out
    code, out, _ = run(capsys, db, "2022-10-08", "notify")
    assert "没有新的待办" in out


def test_circular_and_summary(capsys, db, tmp_path):
    code, out, _ = run(capsys, db, "2022-10-10", "circular")
    assert code == 0 and "共有1项督办事项超过办结时限" in out
    pdf = tmp_path / "通报.pdf"
    code, out, _ = run(capsys, db, "2022-10-10", "circular", "-o", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, db, "2022-10-10", "summary", "--period", "month")
    assert code == 0 and "督办工作月报" in out
    code, out, _ = run(capsys, db, "2022-10-10", "summary", "--period", "week", "-o",
                       str(tmp_path / "w.pdf"))
    assert code == 0 and (tmp_path / "w.pdf").exists()


def test_summary_covers_the_calendar_week_and_month_or_the_one_before(capsys, db):
    # 2022-10-10 is a Monday
    code, out, _ = run(capsys, db, "2022-10-12", "summary")
    assert code == 0 and "督办工作周报（2022年10月10日至2022年10月16日）" in out
    code, out, _ = run(capsys, db, "2022-10-12", "summary", "--previous")
    assert code == 0 and "（2022年10月3日至2022年10月9日）" in out
    code, out, _ = run(capsys, db, "2022-10-12", "summary", "--period", "month")
    assert code == 0 and "督办工作月报（2022年10月1日至2022年10月31日）" in out
    assert "考核口径：逾期办结按原时限" in out
    code, out, _ = run(capsys, db, "2022-10-12", "summary", "--period", "month", "--previous",
                       "--json")
    data = json.loads(out)
    assert (data["start"], data["end"]) == ("2022-09-01", "2022-09-30")
    assert {"closed_late_original", "closed_late_approved", "overdue_original",
            "overdue"} <= set(data["totals"])


def test_export_xlsx_then_import_changes_nothing(capsys, db, tmp_path):
    path = tmp_path / "台账.xlsx"
    code, out, _ = run(capsys, db, "2022-10-10", "export", "--format", "xlsx", "-o", str(path))
    assert code == 0 and "已导出 17 项" in out
    assert load_workbook(path).active["B2"].value == "綦发改督〔2022〕1号"
    code, out, _ = run(capsys, db, "2022-10-10", "import-ledger", str(path), "--dry-run")
    assert code == 0 and "可导入 17 行" in out and "未导入" in out
    code, out, _ = run(capsys, db, "2022-10-10", "import-ledger", str(path))
    assert code == 0 and "新增 0 项，已存在 17 项" in out
    code, out, _ = run(capsys, db, "2022-10-10", "list")
    assert "共 17 项" in out


def test_import_ledger_reports_bad_rows(capsys, db, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("工作任务,完成时间,责任单位\n新任务,待定,区科技局\n另一任务,2027-1-1,区科技局\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, db, "2022-10-10", "import-ledger", str(path), "--mapping",
                       "办结时限=完成时间")
    assert code == 0 and "无法读取 第2行" in out and "新增 1 项" in out
    code, _, err = run(capsys, db, "2022-10-10", "import-ledger", str(tmp_path / "none.xlsx"))
    assert code == 1 and "不存在" in err


def test_ladder_show(capsys, db):
    run(capsys, db, "2022-10-08", "ladder", "act", "1", "--rung", "催办通知1")
    code, out, _ = run(capsys, db, "2022-10-13", "ladder", "show", "1")
    assert code == 0 and "已催办 1 次" in out and "建议下一层级：催办通知2" in out
    assert "2022-09-27" in out and "今日应办" in out


def test_ladder_act_prints_the_notices_in_one_batch(capsys, db, tmp_path):
    from pypdf import PdfReader
    pdf = tmp_path / "催办.pdf"
    code, out, err = run(capsys, db, "2022-10-08", "ladder", "act", "1", "--print", str(pdf))
    assert code == 0, err
    assert "已生成催办通知单" in out
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "綦发改催〔2022〕1号" in text and "催 办 通 知 单" in text
