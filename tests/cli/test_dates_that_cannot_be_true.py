"""Issue 14, part 4: acts dated after today are refused (exit 1, Chinese, nothing stored), and
a computed date in a year without the official holidays is flagged where it is shown."""
import sqlite3

import pytest
from cli_helpers import ensure_db

from qjtasks.cli import main

TODAY = "2026-11-30"


def _run(capsys, db, *args, today=TODAY):
    ensure_db(db, today=today, first=" ".join(map(str, args[:3])))
    capsys.readouterr()
    code = main(["--db", str(db), "--today", today, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def issued(capsys, tmp_path):
    db = tmp_path / "future.db"
    for step in (("edit", "2", "--assigned", "2026-11-02", "--deadline", "2027-02-26"),
                 ("issue", "2", "--date", "2026-11-02")):
        code, _, err = _run(capsys, db, *step)
        assert code == 0, err
    return db


def _counts(db):
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("notes", "chases", "extensions", "completions", "journal")} | {
            "signed": conn.execute("SELECT count(*) FROM assignments WHERE signed_at IS NOT NULL"
                                   ).fetchone()[0]}
    finally:
        conn.close()


@pytest.mark.parametrize("args, label", [
    (("sign", "2", "--unit", "区科技局", "--signer", "陈七", "--at", "2026-12-01 09:00"),
     "签收时间"),
    (("note", "2", "--unit", "区科技局", "--text", "进展", "--date", "2026-12-01"), "反馈日期"),
    (("chase", "2", "--unit", "区科技局", "--date", "2026-12-05"), "催办日期"),
    (("extend", "request", "2", "--unit", "区科技局", "--reason", "等待", "--to", "2027-04-30",
      "--date", "2026-12-01"), "申请日期"),
])
def test_an_act_dated_after_today_is_refused_and_nothing_is_stored(capsys, issued, args, label):
    before = _counts(issued)
    code, out, err = _run(capsys, issued, *args)
    assert code == 1 and out == ""
    assert err.startswith("错误：") and label in err and "晚于今天（2026-11-30）" in err
    assert "Traceback" not in err and "Error" not in err
    assert _counts(issued) == before
    # the same act dated today is fine
    fixed = [a if a not in ("2026-12-01 09:00", "2026-12-01", "2026-12-05") else TODAY
             for a in args]
    code, _, err = _run(capsys, issued, *fixed)
    assert code == 0, err


def test_a_completion_report_dated_after_today_is_refused(capsys, issued):
    _run(capsys, issued, "sign", "2", "--unit", "区科技局", "--signer", "陈七")
    before = _counts(issued)
    code, _, err = _run(capsys, issued, "submit", "2", "--unit", "区科技局", "--report", "已完成",
                        "--date", "2026-12-31")
    assert code == 1 and "报送日期" in err and "晚于今天" in err
    assert _counts(issued) == before
    code, out, _ = _run(capsys, issued, "show", "2")
    assert "状态：办理中" in out


def test_deadlines_in_the_future_are_of_course_fine(capsys, issued):
    code, _, err = _run(capsys, issued, "edit", "2", "--deadline", "2027-06-30")
    assert code == 0, err


def test_a_computed_date_in_an_unknown_year_is_flagged_on_the_command_line(capsys, tmp_path):
    db = tmp_path / "years.db"
    code, _, err = _run(capsys, db, "edit", "2", "--assigned", "2036-11-02", "--deadline",
                        "2037-02-26", today="2036-11-02")
    assert code == 0, err
    code, _, err = _run(capsys, db, "issue", "2", "--date", "2036-11-02", today="2036-11-02")
    assert code == 0, err
    code, out, err = _run(capsys, db, "today", today="2037-03-02")
    assert code == 0
    assert "2037年法定节假日安排尚未收录" in err and err.startswith("提示：")
