"""Issue 16: `qjtasks backup -o` to another folder after a killed or interrupted one."""
import functools
import sqlite3

from cli_helpers import run

from qjtasks.core import backup


def test_backup_o_clears_the_part_a_killed_backup_left_and_says_so(tmp_path, capsys):
    db, other = tmp_path / "c.db", tmp_path / "别处"
    other.mkdir()
    target, part = other / "x.db", other / "x.db.part"
    assert run(capsys, db, "list")[0] == 0
    part.write_bytes(db.read_bytes()[:4096])           # a copy killed after its first pages
    part.with_name("x.db.part-journal").write_bytes(b"\0" * 512)
    code, out, err = run(capsys, db, "backup", "-o", target)
    assert code == 0, err
    assert "已清理上次中断留下的未完成备份 x.db.part" in out and f"已备份到 {target}" in out
    assert sorted(p.name for p in other.iterdir()) == ["x.db"]
    assert sqlite3.connect(target).execute("SELECT count(*) FROM items").fetchone()[0] == 17


def test_backup_o_refuses_a_foreign_file_named_like_the_part(tmp_path, capsys):
    db, part = tmp_path / "c.db", tmp_path / "别处" / "x.db.part"
    part.parent.mkdir()
    part.write_text("不是数据库", encoding="utf-8")
    code, _, err = run(capsys, db, "backup", "-o", part.parent / "x.db")
    assert code == 1 and "不是未完成的备份" in err and "Traceback" not in err
    assert part.read_text(encoding="utf-8") == "不是数据库"


def test_ctrl_c_during_backup_o_leaves_no_part(tmp_path, capsys, monkeypatch):
    db, other = tmp_path / "c.db", tmp_path / "别处"

    def interrupted(remaining, total, done):
        raise KeyboardInterrupt
    monkeypatch.setattr(backup, "backup_to",
                        functools.partial(backup.backup_to, progress=interrupted, pages=1))
    code, _, err = run(capsys, db, "backup", "-o", other / "x.db")
    assert code == 130 and err.startswith("已中断") and "Traceback" not in err
    assert list(other.iterdir()) == []
