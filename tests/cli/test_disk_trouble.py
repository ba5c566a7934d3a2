"""Read-only and full disks (issue 16, cases 4 and 5), on real tmpfs mounts.

A read-only file is not damage: reading works with a notice, a write is refused with 只读. On a
full disk reading still works, a write says 磁盘空间不足 with how much is free and needed and
where, nothing is half-written, no lock files pile up, and the day's backup is skipped with a
warning. Mounting needs root (CI runs as root); elsewhere these tests skip.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_helpers import ensure_db

from qjtasks.cli import main


def _mount(point: Path, *options: str) -> bool:
    point.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(("size=8m", *options)),
                           "tmpfs", str(point)], capture_output=True).returncode == 0


@pytest.fixture
def disk(tmp_path):
    """An 8 MB tmpfs holding d.db (the seeded case, its daily backup for 2026-11-25 made)."""
    point = tmp_path / "disk"
    if os.name != "posix" or not _mount(point):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        db = point / "d.db"
        ensure_db(db)
        assert main(["--db", str(db), "--today", "2026-11-25", "list"]) == 0
        yield point, db
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _cli(capsys, db, *args, today="2026-11-25"):
    code = main(["--db", str(db), "--today", today, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _remount(point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(point)], check=True)


def _fill(point: Path, leave: int) -> Path:
    """Fill the disk up to `leave` bytes free."""
    filler = point / "filler"
    free = os.statvfs(point).f_bavail * os.statvfs(point).f_frsize
    with filler.open("wb") as fh:
        try:
            fh.write(b"\0" * max(0, free - leave))
            fh.flush()
            os.fsync(fh.fileno())
        except OSError:
            pass
    return filler


def _items(capsys, db, today="2026-11-25"):
    code, out, err = _cli(capsys, db, "list", "--json", today=today)
    assert code == 0, err
    return json.loads(out), err


def test_a_read_only_disk_reads_with_a_notice_and_refuses_writes_as_read_only(disk, capsys):
    point, db = disk
    before = db.read_bytes()
    _remount(point, "ro")
    try:
        items, err = _items(capsys, db, today="2026-11-26")     # a new day: no backup tried
        assert len(items) == 17 and "只读" in err and "损坏" not in err
        code, _, err = _cli(capsys, db, "add", "--title", "新事项", "--lead", "区发改委")
        assert code == 1 and "只读" in err
        assert "已损坏" not in err and "qjtasks restore" not in err
        code, _, err = _cli(capsys, db, "check")
        assert code == 0, err
    finally:
        _remount(point, "rw")
    assert db.read_bytes() == before
    assert sorted(p.name for p in point.iterdir()) == ["backups", "d.db"]


def test_a_full_disk_still_reads_and_refuses_writes_plainly(disk, capsys):
    point, db = disk
    before = db.read_bytes()
    _fill(point, 0)
    items, err = _items(capsys, db)
    assert len(items) == 17
    assert "磁盘空间不足" in err and "损坏" not in err and "程序内部错误" not in err
    for _ in range(3):
        code, _, err = _cli(capsys, db, "add", "--title", "新事项", "--lead", "区发改委")
        assert code == 1 and "磁盘空间不足" in err and str(point) in err and "需要" in err
        assert "OSError" not in err and "disk is full" not in err
    assert db.read_bytes() == before
    assert sorted(p.name for p in point.iterdir()) == ["backups", "d.db", "filler"]


def test_writes_that_fill_the_disk_are_refused_whole(disk, capsys):
    point, db = disk
    _fill(point, 300 * 1024)                  # room for the lock and the WAL's index, little more
    text, added = "很长的督办要求" * 2800, 0
    for _ in range(60):
        code, _, err = _cli(capsys, db, "add", "--title", f"填满磁盘 {added}", "--lead", "区发改委",
                            "--requirements", text)
        if code:
            break
        added += 1
    assert code == 1 and "磁盘空间不足" in err and "没有保存" in err and str(point) in err
    assert "disk is full" not in err and "程序内部错误" not in err
    (point / "filler").unlink()
    items, _ = _items(capsys, db)
    assert len(items) == 17 + added                          # every refused add stored nothing
    assert _cli(capsys, db, "check", "--full")[0] == 0
    assert not list(point.glob("*.part")) and not list(point.glob("d.db.lock*"))


def test_the_days_first_backup_on_a_nearly_full_disk_is_skipped_with_a_warning(disk, capsys):
    point, db = disk
    assert db.stat().st_size > 400 * 1024
    _fill(point, 300 * 1024)                  # the backup needs the file's size
    items, err = _items(capsys, db, today="2026-11-26")       # the day's first command
    assert len(items) == 17
    assert "今天的自动备份没有做" in err and "磁盘空间不足" in err and "需要" in err
    assert "database or disk is full" not in err
    code, out, err = _cli(capsys, db, "add", "--title", "新事项", "--lead", "区发改委",
                          today="2026-11-26")
    assert code == 0, err
    backups = point / "backups"
    assert not list(backups.glob("*.part")) and not list(backups.glob("*20261126*"))
