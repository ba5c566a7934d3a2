"""restore / check / backups from the command line, and the start-up check's message."""
from cli_helpers import run

from qjtasks.core import lock


def test_backup_then_restore_shows_contents_and_keeps_old_file(capsys, tmp_path):
    db = str(tmp_path / "c.db")
    run(capsys, db, "list")
    code, out, _ = run(capsys, db, "backup", "-o", str(tmp_path / "b.db"))
    assert code == 0
    run(capsys, db, "edit", "1", "--title", "备份之后的修改")
    code, out, err = run(capsys, db, "restore", str(tmp_path / "b.db"), "--yes")
    assert code == 0, err
    assert "督办事项：17 项" in out and "架构版本：" in out and "原数据库已保留为" in out
    code, out, _ = run(capsys, db, "show", "1", "--json")
    assert "备份之后的修改" not in out
    assert list(tmp_path.glob("c.replaced-*.db"))


def test_restore_without_yes_on_a_pipe_asks_for_confirmation(capsys, tmp_path, monkeypatch):
    import io
    db = str(tmp_path / "c.db")
    run(capsys, db, "backup", "-o", str(tmp_path / "b.db"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run(capsys, db, "restore", str(tmp_path / "b.db"))
    assert code == 1 and "--yes" in err and "督办事项" in out


def test_restore_refuses_non_sqlite_in_chinese(capsys, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    code, _, err = run(capsys, str(tmp_path / "c.db"), "restore", str(junk), "--yes")
    assert code == 1 and "不是 SQLite 文件" in err


def test_damaged_file_gets_message_and_restore_offer(capsys, tmp_path):
    db = tmp_path / "c.db"
    run(capsys, str(db), "list")
    run(capsys, str(db), "backup")          # also takes the daily automatic copy
    data = bytearray(db.read_bytes())
    data[4096 * 2:4096 * 9] = b"\x11" * (4096 * 7)
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, str(db), "list")
    assert code == 1 and "已损坏" in err and "qjtasks restore" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, str(db), "check", "--full")
    assert code == 1 and "已损坏" in err
    code, out, err = run(capsys, str(db), "restore", "--yes")
    assert code == 0, err
    code, out, _ = run(capsys, str(db), "check")
    assert code == 0 and "完好" in out


def test_second_cli_while_locked_reads_but_cannot_write(capsys, tmp_path):
    db = tmp_path / "c.db"
    run(capsys, str(db), "list")
    info = lock.LockInfo("另一台电脑", 1, "王五", "桌面版", "2999-01-01T00:00:00", "t")
    lock.lock_path(db).write_text(info.text(), encoding="utf-8")
    code, out, err = run(capsys, str(db), "list")
    assert code == 0 and "共 17 项" in out and "不能修改" in err
    code, _, err = run(capsys, str(db), "edit", "1", "--title", "不该写入")
    assert code == 1 and "王五" in err


def test_edit_if_version_refuses_stale(capsys, tmp_path):
    db = str(tmp_path / "c.db")
    run(capsys, db, "list")
    code, _, _ = run(capsys, db, "edit", "1", "--title", "第一次", "--if-version", "1")
    assert code == 0
    code, _, err = run(capsys, db, "edit", "1", "--title", "第二次", "--if-version", "1")
    assert code == 1 and "已被他人修改" in err


def test_damaged_row_contents_give_a_message_not_an_internal_error(capsys, tmp_path):
    """A flipped byte inside a title passes SQLite's checks; reading it must not crash."""
    import sqlite3
    db = tmp_path / "c.db"
    run(capsys, str(db), "list")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE items SET title = CAST(x'e8bf9bff' AS TEXT) WHERE id = 1")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, str(db), "list")
    assert code == 1 and "损坏的记录" in err and "内部错误" not in err
