"""The database as a file (issue 16): leftovers of killed runs are cleaned up and said (case 9);
an empty file is never initialised over (case 2); only `init` creates a database (case 3)."""
import sqlite3
from pathlib import Path

from cli_helpers import run

from qjtasks.cli import main


def _cli(capsys, db, *args):
    """Straight to `main`, never through `run`'s `init` of a missing file."""
    code = main(["--db", str(db), "--today", "2026-11-25", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_leftovers_of_a_killed_backup_import_and_restore_are_removed_and_said(tmp_path, capsys):
    db = tmp_path / "c.db"
    assert run(capsys, db, "backup")[0] == 0                # makes backups/ with the daily copy
    folder = db.parent / "backups"
    leftovers = [folder / "c-20261125-101010-daily.db.part",
                 folder / "c-20261125-101011-import.db.part",
                 folder / "c-20261125-101011-import.db.part-journal",
                 db.with_name("c.db.restoring")]
    for path in leftovers:
        path.write_bytes(b"half")
    other = folder / "d-20261125-101010-daily.db.part"      # another database's: not ours
    other.write_bytes(b"half")
    code, out, err = _cli(capsys, db, "list")
    assert code == 0, err
    assert "已删除上次被中断的备份或导入留下的未完成文件 2 个" in err
    assert "上次从备份恢复时被中断" in err and "仍是恢复前的内容" in err
    assert not any(p.exists() for p in leftovers) and other.exists()
    assert "共 17 项" in out
    code, _, err = _cli(capsys, db, "list")
    assert code == 0 and "提示" not in err                   # said once, then nothing left


def test_a_zero_byte_database_is_not_seeded_and_the_backup_is_offered(tmp_path, capsys):
    db = tmp_path / "s.db"
    assert run(capsys, db, "backup")[0] == 0
    db.write_bytes(b"")
    for command in (["list"], ["init"], ["add", "--title", "新事项", "--lead", "区发改委"]):
        code, out, err = _cli(capsys, db, *command)
        assert code == 1, (command, out)
        assert "空文件（0 字节）" in err and "qjtasks --db" in err and "restore" in err
        assert "backups" in err and db.stat().st_size == 0
    code, _, err = _cli(capsys, db, "restore", "--yes")
    assert code == 0, err
    assert "共 17 项" in _cli(capsys, db, "list")[1]


def test_a_zero_byte_database_without_a_backup_says_how_to_start_over(tmp_path, capsys):
    db = tmp_path / "s.db"
    db.write_bytes(b"")
    code, _, err = _cli(capsys, db, "list")
    assert code == 1 and "没有找到它的备份" in err and "init" in err
    assert db.stat().st_size == 0 and not (tmp_path / "s.db.lock").exists()


def test_a_mistyped_path_creates_nothing(tmp_path, capsys):
    db = tmp_path / "不存在的文件夹" / "new.db"
    for command in (["list"], ["add", "--title", "新事项", "--lead", "区发改委"], ["backup"],
                    ["export", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")]):
        code, out, err = _cli(capsys, db, *command)
        assert code == 1, (command, out)
        assert "不存在" in err and "请检查路径是否写错" in err and "init" in err
        assert "Traceback" not in err
    assert not db.parent.exists() and not list(tmp_path.glob("x.xlsx*"))
    same_folder = tmp_path / "new.db"
    code, _, err = _cli(capsys, same_folder, "list")
    assert code == 1 and "不存在" in err and not list(tmp_path.glob("new.db*"))


def test_init_creates_the_database_and_its_folder(tmp_path, capsys):
    db = tmp_path / "新文件夹" / "new.db"
    code, out, err = _cli(capsys, db, "init")
    assert code == 0, err
    assert "已创建数据库" in out
    assert "共 17 项" in _cli(capsys, db, "list")[1]


def test_an_empty_db_option_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(capsys, "", "list")
    assert code == 1 and "--db 后面的数据库路径是空的" in err
    assert not (tmp_path / "data").exists()                  # the default location untouched


def test_a_folder_given_as_the_database_is_named_as_a_folder(tmp_path, capsys):
    code, _, err = _cli(capsys, tmp_path, "list")
    assert code == 1 and "是一个文件夹，不是数据库文件" in err
    assert "IsADirectoryError" not in err and "程序内部错误" not in err


def test_the_first_start_on_the_default_location_creates_and_seeds(tmp_path, capsys):
    code = main(["--today", "2026-11-25", "list"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "共 17 项" in out and (tmp_path / "data" / "qjtasks.db").exists()


def test_the_default_location_with_backups_but_no_database_is_not_reseeded(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--today", "2026-11-25", "backup"]) == 0
    (data / "qjtasks.db").unlink()
    capsys.readouterr()
    code = main(["--today", "2026-11-25", "list"])
    _, err = capsys.readouterr()
    assert code == 1 and "不存在" in err and "最近的完好备份" in err
    assert not (data / "qjtasks.db").exists()


def test_an_unreadable_header_is_not_initialised_over(tmp_path, capsys):
    db = tmp_path / "t.db"
    run(capsys, db, "list")
    data = db.read_bytes()
    db.write_bytes(data[:50])                               # truncated inside the header
    code, _, err = _cli(capsys, db, "list")
    assert code == 1 and db.read_bytes() == data[:50]
    assert Path(db).stat().st_size == 50
    sqlite3.connect(":memory:").close()
