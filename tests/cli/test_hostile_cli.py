"""Hostile input on the command line: a Chinese message and exit 1 or 2, never an internal error.

Found by the exploratory QA pass: dates far outside any supervision year, a NUL in a search
word, an id too large for SQLite, and a broken PDF letter each met an unguarded path.
"""
import pytest
from cli_helpers import run


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "cli.db"
    for args in (["edit", "2", "--assigned", "2026-11-02", "--deadline", "2027-02-25"],
                 ["issue", "2", "--date", "2026-11-02"],
                 ["sign", "2", "--unit", "区科技局", "--signer", "王某", "--at", "2026-11-03"]):
        code, _, err = run(capsys, path, *args)
        assert code == 0, err
    return path


def journal_size(capsys, db) -> int:
    code, out, _ = run(capsys, db, "journal", "--limit", "100000", "--json")
    assert code == 0
    import json
    return len(json.loads(out))


def refused(capsys, db, *args, code=1) -> str:
    before = journal_size(capsys, db)
    got, out, err = run(capsys, db, *args)
    assert got == code, (got, out, err)
    assert "内部错误" not in err and "Traceback" not in err, err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err
    assert journal_size(capsys, db) == before
    return err


@pytest.mark.parametrize("args", [
    ("note", "2", "--text", "进展", "--date", "9999-12-31"),
    ("chase", "2", "--date", "9999-12-31"),
    ("edit", "2", "--deadline", "9999-12-31"),
    ("add", "--title", "远期事项", "--deadline", "0001-01-01"),
    ("calendar", "add-workdays", "9999-12-31", "1"),
])
def test_dates_outside_any_supervision_year_are_refused(capsys, db, args):
    assert "年份超出范围" in refused(capsys, db, *args)


def test_today_far_away_is_refused(capsys, db):
    assert "年份超出范围" in refused(capsys, db, "--today", "9999-12-31", "list")


@pytest.mark.parametrize("words", ["a\x00b", "绿色\x00发展", "办公\x00"])
def test_nul_in_a_search_word_finds_nothing_and_blames_no_database(capsys, db, words):
    for args in (("search", words), ("list", "--text", words)):
        code, out, err = run(capsys, db, *args)
        assert code == 0, err
        assert "损坏" not in err


def test_nul_in_a_search_word_matches_what_was_saved_with_it(capsys, db):
    code, _, err = run(capsys, db, "note", "2", "--text", "已召开\x00座谈会")
    assert code == 0, err
    code, out, err = run(capsys, db, "search", "召开\x00座谈")
    assert code == 0 and "强化科研项目支撑" in out, (out, err)


@pytest.mark.parametrize("args", [("show", "99999999999999999999999"),
                                  ("edit", "99999999999999999999999", "--title", "x"),
                                  ("journal", "99999999999999999999999")])
def test_ids_too_large_for_sqlite_are_a_usage_error(capsys, db, args):
    assert "过大" in refused(capsys, db, *args, code=2)


def test_broken_pdf_letter_gives_only_the_chinese_message(capsys, caplog, db, tmp_path):
    junk = tmp_path / "复函.pdf"
    junk.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 50)      # a PDF, damaged after its header
    with caplog.at_level("WARNING"):
        err = refused(capsys, db, "import-reply", "--dry-run", str(junk))
    assert "已损坏" in err
    # pypdf's own English warnings ("invalid pdf header" …) would reach the terminal
    assert not [r for r in caplog.records if r.name.startswith("pypdf")], caplog.text


def test_a_bad_edited_date_names_its_field(capsys, db):
    assert "交办日期“2026-02-30”不存在" in refused(capsys, db, "edit", "2", "--assigned", "2026-02-30")
