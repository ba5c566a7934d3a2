"""`qjtasks import-reply`: dry-run JSON contract, real import in one transaction, bad input."""
import json
from pathlib import Path

import pytest
from cli_helpers import run

ROOT = Path(__file__).parents[2]
SEED = ROOT / "resources" / "seed" / "reply-024.txt"
LETTERS = ROOT / "tests" / "importers" / "letters"


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")



def test_dry_run_json_on_reply_024(capsys, db):
    code, out, err = run(capsys, db, "import-reply", str(SEED), "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "綦发改函〔2022〕140号" in out  # ensure_ascii=False
    assert data["document"]["doc_number"] == "綦发改函〔2022〕140号"
    assert data["document"]["date"] == "2022-06-27"
    assert data["document"]["proposer"] == "包安洪" and data["document"]["signer"] == "李炜"
    assert len(data["co_units"]) == 8 and len(data["plan_items"]) == 3
    assert {"text", "units", "deadline_hint"} <= set(data["plan_items"][0])
    assert isinstance(data["warnings"], list)


def test_dry_run_writes_nothing(capsys, db):
    run(capsys, db, "list")
    code, out, _ = run(capsys, db, "import-reply", str(LETTERS / "01_haidian_fgw_zx.txt"),
                       "--dry-run")
    assert code == 0 and "试运行" in out
    _, out, _ = run(capsys, db, "dossier", "list")
    assert "海发改函" not in out


def test_import_creates_dossier_draft_items_and_new_units(capsys, db):
    code, out, err = run(capsys, db, "import-reply", str(LETTERS / "12_town_leadin_numbered.txt"),
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["item_ids"]) == 3 and data["reply_id"]
    _, out, _ = run(capsys, db, "dossier", "show", str(data["reply_id"]))
    assert "东镇府函〔2023〕9号" in out and out.count("待交办") == 3
    _, out, _ = run(capsys, db, "units", "list")
    assert "区文化旅游委" in out


def test_second_import_of_the_same_letter_is_refused(capsys, db):
    path = str(LETTERS / "05_county_jyj_no_counits.txt")
    assert run(capsys, db, "import-reply", path)[0] == 0
    code, _, err = run(capsys, db, "import-reply", path)
    assert code == 1 and "已经导入过" in err


def test_with_commitments_adds_the_body_promises(capsys, db, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("140号", "141号")
    path = tmp_path / "copy.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, db, "import-reply", str(path), "--with-commitments", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["item_ids"]) == 3 + len(data["other_commitments"]) >= 7


@pytest.mark.parametrize("data,message", [(b"", "空的"), (b"\x00\x01\x02" * 100, "不是文本")])
def test_bad_file_exits_1_with_chinese_message_and_no_dossier(capsys, db, tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    code, out, err = run(capsys, db, "import-reply", str(path))
    assert code == 1 and message in err and "Traceback" not in err
    _, out, _ = run(capsys, db, "dossier", "list")
    assert out.count("\n") == 2  # header + the seeded reply-024 only
