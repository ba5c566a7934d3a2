"""Issue 14's reproduction through the command line: every month reported on time is green."""
import json

from cli_helpers import ensure_db

from qjtasks.cli import main


def _run(capsys, db, today, *args):
    ensure_db(db, today=today, first=" ".join(map(str, args[:3])))
    capsys.readouterr()
    code = main(["--db", str(db), "--today", today, *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return out


def test_monthly_reports_on_time_are_green_and_not_chased(capsys, tmp_path):
    db = tmp_path / "repro.db"
    out = _run(capsys, db, "2026-09-01", "add", "--title", "复现：区财政局每月反馈",
               "--assigned", "2026-09-01", "--deadline", "2027-06-30", "--cycle", "每月",
               "--cycle-day", "25", "--lead", "区财政局", "--co", "区科技局")
    item = json.loads(_run(capsys, db, "2026-09-01", "list", "--json", "--view", "待交办"))
    [item_id] = [r["id"] for r in item if r["title"] == "复现：区财政局每月反馈"]
    assert out
    _run(capsys, db, "2026-09-01", "issue", item_id, "--date", "2026-09-01")
    _run(capsys, db, "2026-09-02", "sign", item_id, "--unit", "区财政局", "--signer", "张三",
         "--at", "2026-09-02")
    for day in ("2026-09-20", "2026-10-20", "2026-11-20"):
        _run(capsys, db, day, "note", item_id, "--unit", "区财政局", "--text", f"{day} 进展",
             "--date", day)
    shown = _run(capsys, db, "2026-12-06", "show", item_id)
    assert "下次反馈：2026年12月25日" in shown and "灯色：绿" in shown
    today = _run(capsys, db, "2026-12-06", "today", "--json")
    assert item_id not in [e["item_id"] for e in json.loads(today)["feedback_overdue"]]
    late = json.loads(_run(capsys, db, "2026-12-06", "list", "--json", "--view", "反馈超期"))
    assert item_id not in [r["id"] for r in late]
    # a co-unit's note is information: it does not satisfy the December period
    _run(capsys, db, "2026-12-20", "note", item_id, "--unit", "区科技局", "--text", "配合进展",
         "--date", "2026-12-20")
    shown = _run(capsys, db, "2027-01-05", "show", item_id)
    assert "下次反馈：2026年12月25日" in shown and "灯色：黄" in shown
    late = json.loads(_run(capsys, db, "2027-01-05", "list", "--json", "--view", "反馈超期"))
    assert item_id in [r["id"] for r in late]
    # the lead's late report satisfies December (the period it is late for)
    _run(capsys, db, "2027-01-06", "note", item_id, "--unit", "区财政局", "--text", "补报",
         "--date", "2027-01-06")
    shown = _run(capsys, db, "2027-01-06", "show", item_id)
    assert "下次反馈：2027年1月25日" in shown and "灯色：绿" in shown


def test_items_without_a_deadline_are_undated_not_green(capsys, tmp_path):
    db = tmp_path / "undated.db"
    rows = json.loads(_run(capsys, db, "2026-12-06", "list", "--json", "--view", "未定时限"))
    assert rows and {r["light"] for r in rows} == {"未定时限"}
    assert all(r["current_deadline"] is None for r in rows)
