"""One clock: with `--today` every record a command makes is dated on that day.

Black-box through the command line on a day far from the wall clock, then read back with
`show --json`, `journal --json` and the backup list. A source scan keeps wall-clock reads in
`qjtasks/core/clock.py`.
"""
import json
import re
import sqlite3
from pathlib import Path

from cli_helpers import ensure_db

from qjtasks.cli import main

DAY = "2026-11-10"


def _run(capsys, db, *args, today=DAY):
    ensure_db(db, today=today, first=" ".join(map(str, args[:3])))
    capsys.readouterr()
    code = main(["--db", str(db), "--today", today, *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return out


def test_every_recording_command_dates_its_record_on_the_sessions_day(capsys, tmp_path):
    db = tmp_path / "clock.db"
    _run(capsys, db, "edit", "2", "--assigned", "2026-11-02", "--deadline", "2027-02-26")
    _run(capsys, db, "issue", "2")
    _run(capsys, db, "sign", "2", "--unit", "区科技局", "--signer", "陈七")
    _run(capsys, db, "note", "2", "--unit", "区科技局", "--text", "已发布征集通知")
    _run(capsys, db, "chase", "2", "--unit", "区科技局", "--method", "电话")
    _run(capsys, db, "extend", "request", "2", "--unit", "区科技局", "--reason", "等待评审",
         "--to", "2027-04-30")
    _run(capsys, db, "backup")
    data = json.loads(_run(capsys, db, "show", "2", "--json"))
    lead = next(a for a in data["assignments"] if a["unit"] in ("区科技局", "重庆市綦江区科学技术局"))
    assert lead["signed_at"].startswith(DAY + " ")          # 签收: the day, at a time of day
    conn = sqlite3.connect(db)
    try:
        q = conn.execute
        assert q("SELECT serial FROM items WHERE id = 2").fetchone()[0] == "綦发改督〔2026〕1号"
        assert [r[0] for r in q("SELECT noted_on FROM notes WHERE item_id = 2")] == [DAY]
        assert [r[0][:10] for r in q("SELECT created_at FROM notes WHERE item_id = 2")] == [DAY]
        assert [r[0] for r in q("SELECT chased_on FROM chases WHERE item_id = 2")] == [DAY]
        assert [r[0] for r in q("SELECT requested_on FROM extensions")] == [DAY]
        stamps = {r[0][:10] for r in q("SELECT at FROM journal WHERE item_id = 2")}
        assert stamps == {DAY}, stamps
    finally:
        conn.close()
    made = [p.name for p in (tmp_path / "backups").glob("clock-*.db")]
    assert any(name.startswith("clock-20261110-") for name in made), made
    # the next day's session records on its own day
    _run(capsys, db, "submit", "2", "--unit", "区科技局", "--report", "已完成",
         today="2026-11-12")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT submitted_on FROM completions").fetchone()[0] == "2026-11-12"
    finally:
        conn.close()


WALL = re.compile(r"\b(date|datetime)\.(today|now|utcnow)\b|\btime\.(time|time_ns|localtime)\(")


def test_only_the_clock_module_reads_the_wall_clock():
    root = Path(__file__).parents[2] / "qjtasks"
    found = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if WALL.search(line) and p != root / "core" / "clock.py"]
    assert found == []
