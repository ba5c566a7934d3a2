"""Issue 16, case 8: text that is no reply letter, empty values and items added twice."""
from pathlib import Path

from cli_helpers import run

from qjtasks.core.models import ProposalDraft, ReplyDraft
from qjtasks.importers.save import not_a_letter_reason

P, R = ProposalDraft(), ReplyDraft()

NOTICE = "会议通知\n\n各位同事：明天下午三点在三楼会议室开会，请准时参加。\n\n办公室\n"
LETTERS = Path(__file__).resolve().parents[1] / "data" / "letters"


def _counts(db):
    import sqlite3
    conn = sqlite3.connect(db)
    try:
        return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("replies", "items", "journal")]
    finally:
        conn.close()


def test_a_meeting_notice_is_not_imported_as_a_reply_unless_forced(capsys, tmp_path):
    db = tmp_path / "n.db"
    assert run(capsys, db, "init")[0] == 0
    notice = tmp_path / "通知.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    before = _counts(db)
    code, out, err = run(capsys, db, "import-reply", notice)
    assert code == 1 and "不像是一份复函" in err and "--force" in err
    assert "Traceback" not in err and _counts(db) == before
    code, out, err = run(capsys, db, "import-reply", notice, "--force")
    assert code == 0, err
    assert _counts(db)[0] == before[0] + 1


def test_every_corpus_letter_still_reads_as_a_letter():
    from qjtasks.importers import import_file
    from qjtasks.importers.output import dossier_fields
    from qjtasks.importers.save import default_drafts
    letters = sorted(LETTERS.glob("*.txt")) + sorted((LETTERS.parents[1] / "importers" / "letters").glob("*.txt"))
    assert len(letters) > 40
    for path in letters:
        result = import_file(path, [])
        p, r = dossier_fields(result)
        assert not_a_letter_reason(p, r, default_drafts(result), result.text) is None, path.name


def test_not_a_letter_reason_names_what_is_missing():
    assert "文号" in not_a_letter_reason(P, R, [], NOTICE)
    assert not_a_letter_reason(P, ReplyDraft(doc_number="綦发改函〔2022〕1号"), [], NOTICE) is None
    assert not_a_letter_reason(P, R, [object()], NOTICE) is None
    assert not_a_letter_reason(P, R, [], "您提出的提案收悉，现答复如下") is None


def test_add_with_an_empty_deadline_is_refused(capsys, tmp_path):
    db = tmp_path / "e.db"
    assert run(capsys, db, "init")[0] == 0
    before = _counts(db)
    for option in ("--deadline", "--assigned"):
        code, out, err = run(capsys, db, "add", "--title", "空日期", option, "")
        assert code == 1 and option in err and "为空" in err, err
        code, out, err = run(capsys, db, "add", "--title", "空日期", option, "  ")
        assert code == 1
    assert _counts(db) == before


def test_the_same_title_with_the_same_lead_again_is_noted(capsys, tmp_path):
    db = tmp_path / "d.db"
    assert run(capsys, db, "init")[0] == 0
    code, out, err = run(capsys, db, "add", "--title", "清理拖欠企业账款", "--lead", "区财政局")
    assert code == 0 and "注意" not in out
    first = out.split("事项 ")[1].split("：")[0]
    code, out, err = run(capsys, db, "add", "--title", "清理拖欠企业账款 ", "--lead", "区财政局")
    assert code == 0 and "注意：已有同名" in out and first in out and "区财政局" in out
    code, out, err = run(capsys, db, "add", "--title", "清理拖欠企业账款", "--lead", "区交通局")
    assert code == 0 and "注意" not in out
    code, out, err = run(capsys, db, "withdraw", first, "--reason", "重复录入")
    assert code == 0, err
