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
