"""`qjtasks print …` end to end: files written, sheets readable, serials kept, errors in Chinese."""
import pdfplumber
import pytest
from cli_helpers import run


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "print.db")



def text_of(path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def pages_of(path) -> int:
    with pdfplumber.open(path) as doc:
        return len(doc.pages)


def issue(capsys, db, item=1):
    assert run(capsys, db, "edit", str(item), "--assigned", "2026-09-01",
               "--deadline", "2026-11-10")[0] == 0
    code, out, err = run(capsys, db, "issue", str(item), "--date", "2026-09-01")
    assert code == 0, err


def test_notice_for_all_units_then_one_unit_keeps_the_serial(capsys, db, tmp_path):
    issue(capsys, db)
    out_all = tmp_path / "all.pdf"
    code, out, err = run(capsys, db, "print", "notice", "1", "-o", str(out_all))
    assert code == 0, err
    assert "已生成" in out and "3 份" in out
    text = text_of(out_all)
    assert pages_of(out_all) == 3
    assert text.count("綦发改督〔2026〕1号") >= 6  # header and receipt on each of 3 notices
    for unit in ("区发改委（牵头单位）", "区生态环境局（配合单位）", "区经济信息委（配合单位）"):
        assert unit in text
    one = tmp_path / "one.pdf"
    code, _, err = run(capsys, db, "print", "notice", "1", "--unit", "区生态环境局", "-o", str(one))
    assert code == 0, err
    assert pages_of(one) == 1 and "綦发改督〔2026〕1号" in text_of(one)


def test_chase_ledger_unit_report_and_dossier(capsys, db, tmp_path):
    issue(capsys, db)
    chase = tmp_path / "chase.pdf"
    code, out, err = run(capsys, db, "print", "chase", "1", "--record", "-o", str(chase))
    assert code == 0, err
    text = text_of(chase)
    assert pages_of(chase) == 2 and "单位留存联" in text and "存档联" in text
    assert "第1次" in text and "个工作日" in text
    ledger = tmp_path / "ledger.pdf"
    assert run(capsys, db, "print", "ledger", "-o", str(ledger))[0] == 0
    text = text_of(ledger)
    assert "督办事项汇总表" in text and "共1项" in text and "●红" in text   # 待交办 left out
    assert "（不含待交办）" in text and "〔2026〕1号" in text and "11月10日" in text
    assert "第1页共" in text
    drafts = tmp_path / "drafts.pdf"
    assert run(capsys, db, "print", "ledger", "--include-drafts", "-o", str(drafts))[0] == 0
    assert "共17项" in text_of(drafts) and "（未交办）" in text_of(drafts)
    narrow = tmp_path / "narrow.pdf"
    assert run(capsys, db, "print", "ledger", "--ids", "1,2", "--include-drafts", "-o",
               str(narrow))[0] == 0
    assert "共2项" in text_of(narrow)
    units = tmp_path / "units.pdf"
    assert run(capsys, db, "print", "unit-report", "-o", str(units))[0] == 0
    assert "单位办理情况表" in text_of(units) and "办结率" in text_of(units)
    dossier = tmp_path / "dossier.pdf"
    assert run(capsys, db, "print", "dossier", "1", "-o", str(dossier))[0] == 0
    text = text_of(dossier)
    assert "提案办理情况报告" in text and "綦发改函〔2022〕140号" in text and "催办" in text


def test_chase_serial_is_given_when_recorded_and_kept_on_reprint(capsys, db, tmp_path):
    """One numbering for written chases, whether recorded by print --record or the ladder."""
    issue(capsys, db)
    draft = tmp_path / "draft.pdf"
    code, out, err = run(capsys, db, "print", "chase", "1", "-o", str(draft))
    assert code == 0, err
    assert "没有编号" in out and "（未登记，无编号）" in text_of(draft)
    first = tmp_path / "first.pdf"
    assert run(capsys, db, "print", "chase", "1", "--record", "-o", str(first))[0] == 0
    assert "綦发改催〔2026〕1号" in text_of(first)
    again = tmp_path / "again.pdf"
    code, out, _ = run(capsys, db, "print", "chase", "1", "-o", str(again))
    assert "綦发改催〔2026〕1号" in text_of(again) and "没有编号" not in out
    issue(capsys, db, item=2)
    code, out, err = run(capsys, db, "ladder", "act", "2", "--rung", "催办通知1")
    assert code == 0, err
    second = tmp_path / "second.pdf"
    assert run(capsys, db, "print", "chase", "2", "-o", str(second))[0] == 0
    assert "綦发改催〔2026〕2号" in text_of(second)
    third = tmp_path / "third.pdf"
    assert run(capsys, db, "print", "chase", "1", "--record", "-o", str(third))[0] == 0
    text = text_of(third)
    assert "綦发改催〔2026〕3号" in text and "第2次" in text


def test_errors_are_chinese_with_exit_codes(capsys, db, tmp_path):
    code, _, err = run(capsys, db, "print", "notice", "999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "不存在" in err
    code, _, err = run(capsys, db, "print", "chase", "--overdue", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "没有已逾期的事项" in err
    code, _, err = run(capsys, db, "print", "ledger", "-o", str(tmp_path / "no" / "x.pdf"))
    assert code == 1 and "输出文件夹不存在" in err
    assert run(capsys, db, "print", "notice", "1")[0] == 2  # -o is required


def test_draft_notice_prints_without_a_serial_and_says_so(capsys, db, tmp_path):
    code, out, _ = run(capsys, db, "print", "notice", "2", "-o", str(tmp_path / "d.pdf"))
    assert code == 0 and "尚未交办" in out
    assert "未交办，无编号" in text_of(tmp_path / "d.pdf")


def test_font_substitutions_are_reported(capsys, db, tmp_path, monkeypatch):
    from qjtasks.pdf import fonts
    monkeypatch.setattr(fonts, "SEARCH_DIRS", [tmp_path / "no-fonts-here"])
    code, out, _ = run(capsys, db, "print", "unit-report", "-o", str(tmp_path / "u.pdf"))
    assert code == 0
    assert "字体提示" in out and "仿宋_GB2312" in out and "程序附带" in out
    assert "单位办理情况表" in text_of(tmp_path / "u.pdf")


def test_whole_program_prints_a_notice_with_pil_deferred(tmp_path):
    """`python -m qjtasks print notice` (the entry point defers PIL.Image) writes a readable
    sheet, and PIL.Image still works in such a process once something uses it."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QJTASKS_DATA_DIR": str(tmp_path / "data")}
    env.pop("QJTASKS_DB", None)
    out = tmp_path / "n.pdf"
    from cli_helpers import ensure_db
    ensure_db(tmp_path / "p.db")
    proc = subprocess.run([sys.executable, "-m", "qjtasks", "--db", str(tmp_path / "p.db"),
                           "print", "notice", "1", "--unit", "区发改委", "-o", str(out)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "督办通知单" in text_of(out) and "字体提示" in proc.stdout
    probe = ("import sys, types\n"
             "from qjtasks.pdf import defer_pil\n"
             "defer_pil()\n"
             "from qjtasks.pdf import render\n"
             "from reportlab.lib import utils\n"
             "lazy = type(sys.modules['PIL.Image']) is not types.ModuleType\n"
             "size = utils.Image.new('RGB', (2, 3)).size\n"
             "print(lazy, size, type(sys.modules['PIL.Image']) is types.ModuleType)\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.stdout.split() == ["True", "(2,", "3)", "True"], proc.stderr
