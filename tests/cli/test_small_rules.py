"""Issue 14 part 5, small rules users met, as the command line shows them: decided extension
requests in `extend list`, unit lists, `print dossier` by 文号, summary periods, assessment
against the original deadline, and undo that refuses to cut under later operations."""
import pytest
from cli_helpers import run


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "rules.db")


def _ok(capsys, db, *args, today="2026-11-28"):
    code, out, err = run(capsys, db, *args, today=today)
    assert code == 0, (args, err)
    return out


@pytest.fixture
def three_requests(capsys, db):
    """Item 2 with one approved, one refused and one pending extension request."""
    for step in (("edit", "2", "--deadline", "2027-02-26"), ("issue", "2", "--date", "2026-11-25"),
                 ("sign", "2", "--unit", "区科技局", "--signer", "陈七", "--at", "2026-11-26"),
                 ("extend", "request", "2", "--unit", "区科技局", "--reason", "等待评审",
                  "--to", "2027-04-30", "--date", "2026-11-26"),
                 ("extend", "approve", "1", "--reason", "同意"),
                 ("extend", "request", "2", "--unit", "区科技局", "--reason", "再等等",
                  "--to", "2027-06-30", "--date", "2026-11-27"),
                 ("extend", "refuse", "2", "--reason", "理由不充分"),
                 ("extend", "request", "2", "--unit", "区科技局", "--reason", "第三次",
                  "--to", "2027-05-30")):
        _ok(capsys, db, *step)
    return db


def _rows(out):
    return [line.split() for line in out.splitlines()[1:] if line[:1].isdigit()]


@pytest.mark.parametrize("args", [("extend", "list"), ("extend", "list", "2")])
def test_extend_list_shows_decided_requests_after_the_pending_one(capsys, three_requests, args):
    out = _ok(capsys, three_requests, *args)
    rows = _rows(out)
    assert [r[0] for r in rows] == ["3", "2", "1"]          # pending first, then by decision
    assert rows[0][5] == "待审批"
    assert rows[1][5:] == ["不批准", "2026-11-28", "理由：理由不充分"]
    assert rows[2][5:] == ["批准", "2026-11-28", "延期至", "2027-04-30（同意）"]
    assert "共 3 份，其中待审批 1 份" in out


def test_extend_list_pending_lists_only_the_waiting_request(capsys, three_requests):
    out = _ok(capsys, three_requests, "extend", "list", "--pending")
    assert [r[0] for r in _rows(out)] == ["3"]
    _ok(capsys, three_requests, "extend", "approve", "3")
    assert "没有待审批的延期申请" in _ok(capsys, three_requests, "extend", "list", "--pending")


# ---- undo --------------------------------------------------------------------------------

def _journal_size(capsys, db):
    out = _ok(capsys, db, "journal", today="2026-12-07")
    return int(out.splitlines()[1].split()[0])          # newest row first


def test_undo_of_a_deadline_that_was_issued_and_chased_is_refused(capsys, db):
    """The seeded reproduction: entry 28 sets item 1's deadline, then 交办 and a 催办."""
    day = "2026-12-07"
    assert "日志编号 28" in _ok(capsys, db, "edit", "1", "--deadline", "2027-02-25", today=day)
    _ok(capsys, db, "issue", "1", "--date", "2026-12-01", today=day)
    _ok(capsys, db, "chase", "1", "--date", "2026-12-05", today=day)
    for args in (("undo", "28"), ("undo", "28", "--yes")):
        code, out, err = run(capsys, db, *args, today=day)
        assert code == 1 and "Traceback" not in err and "Error" not in err
        assert "不能撤销日志 28" in err and "交办（日志 29）" in err and "催办（日志 30）" in err
        assert "已交办的事项将没有办结时限" in err
    assert _journal_size(capsys, db) == 30                 # nothing written
    shown = _ok(capsys, db, "show", "1", today=day)
    assert "办结时限：2027年2月25日" in shown and "状态：待签收" in shown


def test_undo_says_what_it_will_undo_and_needs_yes(capsys, db):
    day = "2026-12-07"
    _ok(capsys, db, "edit", "2", "--title", "新名称", "--deadline", "2027-03-31", today=day)
    code, out, err = run(capsys, db, "undo", "28", today=day)       # no terminal to ask on
    assert code == 1 and "--yes" in err
    assert "将撤销日志 28" in out and "名称：新名称 → 进一步强化科研项目支撑" in out
    assert "办结时限：2027-03-31 → 未定" in out
    assert _journal_size(capsys, db) == 28
    out = _ok(capsys, db, "undo", "28", "--yes", today=day)
    assert "已撤销日志 28 的修改（事项 2）" in out
    assert "事项 2：进一步强化科研项目支撑" in _ok(capsys, db, "show", "2", today=day)
    code, _out, err = run(capsys, db, "undo", "28", "--yes", today=day)
    assert code == 1 and "已经撤销过（日志 29）" in err


@pytest.mark.parametrize("entry,says", [("3", "“新增单位”，只有“修改事项”可以撤销"),
                                        ("999", "没有编号为 999 的日志")])
def test_undo_of_what_is_not_an_item_edit_is_refused(capsys, db, entry, says):
    code, _out, err = run(capsys, db, "undo", entry, "--yes")
    assert code == 1 and says in err


# ---- unit lists --------------------------------------------------------------------------

def _co_units(capsys, db, item):
    import json
    data = json.loads(_ok(capsys, db, "show", str(item), "--json"))
    return [a["unit"] for a in data["assignments"] if a["role"] == "配合"]


@pytest.mark.parametrize("co", [["区科技局、区交通局"], ["区科技局，区交通局"], ["区科技局,区交通局"],
                                ["区科技局 区交通局"], ["区科技局、", "区交通局"],
                                ["区科技局 、区交通局、区科技局"]])
def test_co_units_may_be_written_as_one_list(capsys, db, co):
    args = [a for c in co for a in ("--co", c)]
    out = _ok(capsys, db, "add", "--title", "新事项", "--lead", "区财政局", *args)
    new_id = out.split("已新建事项 ")[1].split("：")[0]
    assert _co_units(capsys, db, new_id) == ["区科技局", "区交通局"]
    out = _ok(capsys, db, "assign", new_id, "--lead", "区财政局", "--co", "区国资委、 区交通局")
    assert "配合 区国资委、区交通局" in out or "配合 区交通局、区国资委" in out
    assert sorted(_co_units(capsys, db, new_id)) == sorted(["区国资委", "区交通局"])


def test_an_unknown_unit_in_a_list_is_named_and_nothing_is_stored(capsys, db):
    code, _out, err = run(capsys, db, "add", "--title", "新事项", "--lead", "区财政局",
                          "--co", "区科技局、区不存在局")
    assert code == 1 and "区不存在局" in err and "Traceback" not in err
    assert "共 17 项" in _ok(capsys, db, "list")


def test_the_ledger_importer_reads_the_same_lists(capsys, db, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_text("工作任务,完成时间,责任单位,配合单位\n"
                    "甲任务,2027-1-1,区科技局,区财政局 区交通局\n"
                    "乙任务,2027-1-1,区科技局,\"区财政局，区国资委、区交通局\"\n", encoding="utf-8")
    out = _ok(capsys, db, "import-ledger", str(path), "--mapping", "办结时限=完成时间")
    assert "新增 2 项" in out
    assert _co_units(capsys, db, 18) == ["区财政局", "区交通局"]
    assert _co_units(capsys, db, 19) == ["区财政局", "区国资委", "区交通局"]


# ---- print dossier by 文号 -------------------------------------------------------------------

def _dossier_text(path):
    import pdfplumber
    with pdfplumber.open(path) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


@pytest.mark.parametrize("ref", ["1", "綦发改函〔2022〕140号", "綦发改函[2022]140号", "綦发改函［2022］１４０号",
                                 " 綦发改函 (2022) 140号", "〔2022〕140号", "第024号", "024号", "024",
                                 "第24号提案", "区政协三届一次会议第024号提案"])
def test_print_dossier_takes_the_full_doc_number_or_the_proposal(capsys, db, tmp_path, ref):
    out = tmp_path / "报告.pdf"
    code, _out, err = run(capsys, db, "print", "dossier", ref, "-o", str(out))
    assert code == 0, err
    assert "綦发改函〔2022〕140号" in _dossier_text(out)


def test_print_dossier_says_when_nothing_or_several_letters_match(capsys, db, tmp_path):
    out = tmp_path / "报告.pdf"
    for ref in ("綦发改函〔2022〕141号", "第25号", "7"):
        code, _o, err = run(capsys, db, "print", "dossier", ref, "-o", str(out))
        assert code == 1 and f"没有找到“{ref}”对应的复函" in err and "Traceback" not in err
    _ok(capsys, db, "dossier", "add", "--session", "区政协三届二次会议", "--number", "024",
        "--title", "另一件提案", "--doc-number", "綦交函〔2023〕9号")
    code, _o, err = run(capsys, db, "print", "dossier", "第024号", "-o", str(out))
    assert code == 1 and "对应 2 份复函" in err and "綦交函〔2023〕9号" in err
    assert "綦发改函〔2022〕140号" in err and not out.exists()
    code, _o, err = run(capsys, db, "print", "dossier", "区政协三届二次会议第024号提案", "-o", str(out))
    assert code == 0, err
    assert "綦交函〔2023〕9号" in _dossier_text(out)
    assert "另一件提案" in _ok(capsys, db, "dossier", "show", "綦交函〔2023〕9号")
