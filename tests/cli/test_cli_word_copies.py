"""Word copies from the command line: --format docx or a .docx name on print, circular, summary."""
import sys
from pathlib import Path

import pytest
from cli_helpers import run

sys.path.insert(0, str(Path(__file__).parents[1] / "pdf"))
from wordcheck import open_docx, squeezed  # noqa: E402


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "word.db")
    for args in (("edit", "1", "--assigned", "2026-09-01", "--deadline", "2026-11-10"),
                 ("issue", "1", "--date", "2026-09-01")):
        code, _, err = run(capsys, path, *args)
        assert code == 0, err
    return path


def is_docx(path) -> bool:
    return Path(path).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("how", ["option", "name"])
def test_notice_as_word_by_option_or_by_name(capsys, db, tmp_path, how):
    out = tmp_path / ("notices" if how == "option" else "notices.docx")
    extra = ["--format", "docx"] if how == "option" else []
    code, text, err = run(capsys, db, "print", "notice", "1", *extra, "-o", str(out))
    assert code == 0, err
    assert "已生成" in text and "3 份" in text and "字体提示" not in text
    assert is_docx(out)
    doc = open_docx(out)
    assert len(doc.sections) == 3 and squeezed(doc).count("綦发改督〔2026〕1号") >= 6


def test_every_print_sheet_and_the_daily_papers_as_word(capsys, db, tmp_path):
    for args in (("print", "chase", "1", "--record"), ("print", "ledger"),
                 ("print", "unit-report"), ("print", "dossier", "1"), ("circular",),
                 ("summary", "--period", "month")):
        out = tmp_path / f"{args[-1]}.docx"
        code, text, err = run(capsys, db, *args, "-o", str(out))
        assert code == 0, (args, err)
        assert is_docx(out), args
    assert "督办事项汇总表" in squeezed(open_docx(tmp_path / "ledger.docx"))
    assert "关于督办事项逾期未办结情况的通报" in squeezed(open_docx(tmp_path / "circular.docx"))
    assert "督办工作月报" in squeezed(open_docx(tmp_path / "month.docx"))
    pdf = tmp_path / "still.pdf"
    assert run(capsys, db, "summary", "-o", str(pdf))[0] == 0      # PDF stays the default
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_name_that_says_the_other_format_is_refused(capsys, db, tmp_path):
    for args in (("print", "notice", "1"), ("circular",), ("summary",)):
        out = tmp_path / "x.pdf"
        code, text, err = run(capsys, db, *args, "--format", "docx", "-o", str(out))
        assert code == 1 and "扩展名是 .pdf，与格式 docx 不符" in err, (args, err)
        assert "Traceback" not in err and not out.exists()
    code, _, err = run(capsys, db, "print", "notice", "1", "--format", "odt", "-o", "x.odt")
    assert code != 0 and "odt" in err and "Traceback" not in err


def test_summary_json_carries_the_trend_and_the_units(capsys, db):
    import json
    code, out, err = run(capsys, db, "summary", "--period", "month", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [e["month"] for e in data["trend"]][-1] == "2026-11" and len(data["trend"]) == 12
    assert {"new", "closed", "overdue", "start", "end"} <= set(data["trend"][0])
    assert data["trend"][9]["new"] == 1 and data["trend"][-1]["overdue"] == 1
    assert all({"unit", "on_time", "overdue", "closed_total", "closed_late_original"} <= set(u)
               for u in data["units"])
