"""Issue 16: no `.part` file outlives a killed or interrupted copy (a backup to another folder,
an attachment copied into the attachments folder), and a stale one is cleared, never reused."""
import datetime as dt
import sqlite3

import pytest

from qjtasks.core import backup
from qjtasks.core.errors import DatabaseError
from qjtasks.core.models import ItemEdit
from qjtasks.core.services import attachments


@pytest.fixture
def issued(seeded):
    """Item 1 issued and signed by its lead unit, so notes may be added."""
    seeded.items.edit(1, ItemEdit(deadline="2027-02-25"))
    seeded.lifecycle.issue(1, dt.date(2026, 11, 25))
    seeded.lifecycle.sign(1, seeded.units.resolve("区发改委"), "王五", "2026-11-26 09:30")
    return seeded


def _note_count(svc):
    return svc.store.conn.execute("SELECT count(*) FROM notes").fetchone()[0]


def _killed_copy(seeded, part):
    """What a backup killed midway leaves: the first pages of an SQLite file and its journal."""
    whole = backup.backup_to(seeded.store.conn, part.parent / "whole.db")
    part.write_bytes(whole.read_bytes()[:4096])
    part.with_name(part.name + "-journal").write_bytes(b"\0" * 512)
    whole.unlink()


def test_a_stale_part_from_a_killed_backup_elsewhere_is_cleared_and_said(seeded, tmp_path):
    other = tmp_path / "其他文件夹"
    other.mkdir()
    target, part = other / "x.db", other / "x.db.part"
    _killed_copy(seeded, part)
    told = []
    assert backup.backup_to(seeded.store.conn, target, notice=told.append) == target
    assert told == ["已清理上次中断留下的未完成备份 x.db.part"]
    assert backup.inspect(target).items == 17
    assert sorted(p.name for p in other.iterdir()) == ["x.db"]


def test_an_empty_stale_part_is_ours_too(seeded, tmp_path):
    part = tmp_path / "y.db.part"
    part.write_bytes(b"")                 # killed right after SQLite created the file
    told = []
    backup.backup_to(seeded.store.conn, tmp_path / "y.db", notice=told.append)
    assert told and not part.exists()


def test_a_part_killed_before_its_first_page_was_written_is_ours(seeded, tmp_path):
    """SQLite spills later pages of a large copy before page 1: zeros at the start, with the
    copy's journal beside it (what the crash harness found after a kill)."""
    part = tmp_path / "s.db.part"
    part.write_bytes(bytes(8192) + b"SQLite page data")
    part.with_name(part.name + "-journal").write_bytes(b"\xd9\xd5\x05\xf9" + bytes(508))
    told = []
    backup.backup_to(seeded.store.conn, tmp_path / "s.db", notice=told.append)
    assert told and not part.exists() and not part.with_name("s.db.part-journal").exists()
    assert backup.inspect(tmp_path / "s.db").items == 17


def test_zeros_without_a_journal_are_not_taken_for_a_killed_copy(seeded, tmp_path):
    part = tmp_path / "t.db.part"
    part.write_bytes(bytes(4096))
    with pytest.raises(DatabaseError, match="不是未完成的备份"):
        backup.backup_to(seeded.store.conn, tmp_path / "t.db")
    assert part.read_bytes() == bytes(4096)


def test_a_foreign_file_named_like_the_part_is_left_alone(seeded, tmp_path):
    part = tmp_path / "z.db.part"
    part.write_text("用户自己的文件", encoding="utf-8")
    with pytest.raises(DatabaseError, match="不是未完成的备份"):
        backup.backup_to(seeded.store.conn, tmp_path / "z.db")
    assert part.read_text(encoding="utf-8") == "用户自己的文件"
    assert not (tmp_path / "z.db").exists()


def test_ctrl_c_during_a_backup_elsewhere_removes_its_own_part(seeded, tmp_path):
    other = tmp_path / "其他文件夹"

    def interrupted(remaining, total, done):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        backup.backup_to(seeded.store.conn, other / "x.db", progress=interrupted, pages=1)
    assert list(other.iterdir()) == []


def test_ctrl_c_while_copying_an_attachment_leaves_no_part_and_no_note(issued, tmp_path,
                                                                        monkeypatch):
    src = tmp_path / "会议纪要.txt"
    src.write_bytes("纪要".encode() * 5000)
    notes = _note_count(issued)
    real = attachments.shutil.copy2

    def half_then_ctrl_c(source, dest):
        with open(source, "rb") as fh, open(dest, "wb") as out:
            out.write(fh.read(100))         # half the file is on disk when Ctrl-C comes
        raise KeyboardInterrupt
    monkeypatch.setattr(attachments.shutil, "copy2", half_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        issued.notes.add(1, None, "张三", "附纪要", attachments=[src])
    folder = issued.notes.attachment_dir()
    assert not list(folder.rglob("*.part")) and not [p for p in folder.rglob("*") if p.is_file()]
    assert _note_count(issued) == notes
    monkeypatch.setattr(attachments.shutil, "copy2", real)
    issued.notes.add(1, None, "张三", "附纪要", attachments=[src])      # the retry is whole
    (stored,) = issued.store.notes.of(1)[-1].attachments
    with open(stored, "rb") as fh:
        assert fh.read() == src.read_bytes()


def test_a_failing_attachment_copy_leaves_no_part(issued, tmp_path, monkeypatch):
    src = tmp_path / "a.txt"
    src.write_text("内容", encoding="utf-8")

    def disk_full(source, dest):
        with open(dest, "wb") as out:
            out.write(b"x")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(attachments.shutil, "copy2", disk_full)
    with pytest.raises(attachments.ValidationError, match="磁盘空间不足"):
        issued.notes.add(1, None, "张三", "附件", attachments=[src])
    assert not [p for p in issued.notes.attachment_dir().rglob("*") if p.is_file()]


def test_ctrl_c_while_keeping_sign_evidence_leaves_no_part(tmp_path, monkeypatch):
    real = attachments.Path.write_bytes

    def half_then_ctrl_c(self, data):
        real(self, data[:10])
        raise KeyboardInterrupt
    monkeypatch.setattr(attachments.Path, "write_bytes", half_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        attachments.store_bytes("回执.png", b"\x89PNG" * 1000, tmp_path / "附件", 1)
    monkeypatch.setattr(attachments.Path, "write_bytes", real)
    assert not [p for p in (tmp_path / "附件").rglob("*") if p.is_file()]


def test_sqlite_part_check_does_not_touch_a_sound_target(seeded, tmp_path):
    target = backup.backup_to(seeded.store.conn, tmp_path / "w.db")
    with pytest.raises(DatabaseError, match="已存在"):
        backup.backup_to(seeded.store.conn, target)
    assert sqlite3.connect(target).execute("SELECT count(*) FROM items").fetchone()[0] == 17
