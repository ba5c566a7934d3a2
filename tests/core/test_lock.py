"""Two openers of one file: the second is read-only with a clear message; stale edits refused."""
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from qjtasks.core import integrity, lock
from qjtasks.core.errors import ConflictError, ReadOnlyError
from qjtasks.core.models import ItemEdit
from qjtasks.core.services import Services


def _fake_holder(db_path, **over):
    info = {"host": "办公室-PC2", "pid": 4242, "user": "李四", "app": "桌面版",
            "at": dt.datetime.now().isoformat(timespec="seconds"), "token": "abc", **over}
    lock.lock_path(db_path).write_text(lock.LockInfo(**info).text(), encoding="utf-8")


def test_second_opener_is_read_only_and_names_the_holder(tmp_path):
    path = tmp_path / "shared.db"
    first = integrity.open_for_use(path, app="桌面版")
    assert first.lock is not None and not first.readonly
    _fake_holder(path)          # as if another PC holds it now
    second = integrity.open_for_use(path)
    assert second.readonly and "李四" in second.readonly_reason
    with pytest.raises(ReadOnlyError, match="办公室-PC2"):
        Services(second).units.add("重庆市綦江区测试局", "区测试局")
    second.close()
    first.close()


def test_lock_released_on_close_and_reacquired(tmp_path):
    path = tmp_path / "a.db"
    store = integrity.open_for_use(path)
    assert lock.lock_path(path).exists()
    store.close()
    assert not lock.lock_path(path).exists()


def test_stale_lock_of_dead_process_on_this_host_is_taken_over(tmp_path):
    path = tmp_path / "a.db"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    import socket
    _fake_holder(path, host=socket.gethostname(), pid=int(dead))
    held = lock.DbLock(path).acquire()
    assert held.owned() and lock.read(lock.lock_path(path)).pid != int(dead)
    held.release()


def test_old_lock_from_another_host_is_stale_fresh_one_is_not(tmp_path):
    path = tmp_path / "a.db"
    _fake_holder(path)
    with pytest.raises(lock.LockedError):
        lock.DbLock(path).acquire()
    old = (dt.datetime.now() - lock.STALE_AFTER * 2).isoformat(timespec="seconds")
    _fake_holder(path, at=old)
    held = lock.DbLock(path).acquire()
    assert held.owned()
    held.refresh()
    assert held.owned()
    held.release()


def test_garbage_lock_file_is_replaced(tmp_path):
    path = tmp_path / "a.db"
    lock.lock_path(path).write_text("乱码", encoding="utf-8")
    assert lock.DbLock(path).acquire().owned()


def test_stale_edit_is_refused_not_overwritten(seeded):
    item = seeded.store.item(1)
    seeded.items.edit(1, ItemEdit(title="甲的修改"), expected_version=item.version)
    with pytest.raises(ConflictError, match="已被他人修改"):
        seeded.items.edit(1, ItemEdit(title="乙基于旧版本的修改"), expected_version=item.version)
    assert seeded.store.item(1).title == "甲的修改"


def test_concurrent_writer_between_read_and_write_is_detected(seeded, tmp_path):
    """Another connection bumps the version after our read: the guarded UPDATE refuses."""
    import sqlite3
    row = seeded.store.item_row(2)
    other = sqlite3.connect(seeded.store.path, isolation_level=None)
    other.execute("UPDATE items SET title = '他人的修改', version = version + 1 WHERE id = 2")
    other.close()
    with pytest.raises(ConflictError), seeded.tx():
        seeded.items.apply_update(2, row, {"title": "旧副本"}, "item.edit")
    assert seeded.store.item(2).title == "他人的修改"


QT_HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
from qjtasks.core.models import ItemEdit
lf = QLockFile(sys.argv[1]); lf.setStaleLockTime(0)
print("locked" if lf.tryLock(100) else "busy", flush=True)
time.sleep(30)
"""


def test_compatible_with_qt_qlockfile_both_ways(tmp_path):
    """The desktop app may use QLockFile on the same `<db>.lock`: each side honours the other."""
    pytest.importorskip("PySide6.QtCore")
    from PySide6.QtCore import QLockFile
    path = tmp_path / "a.db"
    child = subprocess.Popen([sys.executable, "-c", QT_HOLDER, str(lock.lock_path(path))],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(lock.LockedError, match="计算机"):
            lock.DbLock(path).acquire()
    finally:
        child.kill()
        child.wait()
    held = lock.DbLock(path).acquire()            # the dead Qt holder's lock is stale
    assert held.owned()
    qt = QLockFile(str(lock.lock_path(path)))
    qt.setStaleLockTime(0)
    assert not qt.tryLock(50)                     # ... and Qt sees ours as live
    held.release()
    assert qt.tryLock(50)
    qt.unlock()


def test_network_drive_detection_from_mount_table():
    mounts = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/share/local", "ext4"),
              ("/srv/nfs", "nfs4")]
    assert lock._mount_type(Path("/mnt/share/督办/qjtasks.db"), mounts) == "cifs"
    assert lock._mount_type(Path("/mnt/share/local/qjtasks.db"), mounts) == "ext4"
    assert lock._mount_type(Path("/mnt/shared.db"), mounts) == "ext4"
    assert lock._mount_type(Path("/srv/nfs/q.db"), mounts) in lock.NETWORK_FS


def test_database_on_network_drive_uses_rollback_journal(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "on_network_drive", lambda p: True)
    store = integrity.open_for_use(tmp_path / "net.db")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    Services(store).units.add("重庆市綦江区网络局", "区网络局")
    store.close()
    assert not (tmp_path / "net.db-wal").exists()


def test_cli_waits_briefly_for_another_cli_run(tmp_path):
    path = tmp_path / "a.db"
    other = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from qjtasks.core.lock import DbLock; "
        f"l = DbLock(__import__('pathlib').Path({str(path)!r})).acquire(); print('held', flush=True); "
        "time.sleep(1.0); l.release()")], stdout=subprocess.PIPE, text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert other.stdout.readline().strip() == "held"
    store = integrity.open_for_use(path)
    assert not store.readonly
    store.close()
    other.wait()


def test_writer_syncs_every_commit(tmp_path):
    store = integrity.open_for_use(tmp_path / "s.db")
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2   # FULL
    store.close()


@pytest.mark.skipif(sys.platform == "win32" or __import__("os").geteuid() == 0,
                    reason="needs a folder this user cannot write to")
def test_read_only_folder_opens_read_only(tmp_path):
    path = tmp_path / "ro" / "a.db"
    integrity.open_for_use(path).close()
    path.parent.chmod(0o555)
    try:
        store = integrity.open_for_use(path)
        assert store.readonly and "不能写入" in store.readonly_reason
        store.close()
    finally:
        path.parent.chmod(0o755)


def test_lock_unavailable_is_reported_as_view_only(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    integrity.open_for_use(path).close()

    def refuse(self, wait=0.0):
        raise lock.LockUnavailableError("数据库所在文件夹不能写入（只读），只能查看、不能修改")
    monkeypatch.setattr(lock.DbLock, "acquire", refuse)
    store = integrity.open_for_use(path)
    assert store.readonly and "只能查看" in store.readonly_reason
    store.close()


def test_lock_names_this_host_as_socket_does_with_a_fresh_token(tmp_path):
    import socket
    held = lock.DbLock(tmp_path / "a.db").acquire()
    info = lock.read(lock.lock_path(tmp_path / "a.db"))
    assert info.host == socket.gethostname()
    assert len(info.token) == 16 and int(info.token, 16) >= 0
    other = lock._me("测试")
    assert other.token != info.token
    held.release()
