"""A lock file beside the database so that two windows or two PCs never both write to it.

SQLite's own locks are unreliable on shared (SMB) drives, so the writer also creates
`<db>.lock`. Its first five lines are in Qt's `QLockFile` format (pid, process name, host name,
machine id, boot id), so the desktop app's QLockFile and this module honour each other's locks;
a sixth line holds JSON with the user, app, time and a random token. A second opener sees the
lock and opens the database read-only with a message naming who holds it. A lock is stale (and
is taken over) when its process is gone on this host (or the host rebooted), or, from another
host, when it has not been refreshed for `STALE_AFTER` (a PC switched off at the wall overnight).
Creation uses O_EXCL, and a take-over re-reads the file to make sure only one opener won.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import clock
from .dbfile import full_message, os_reason
from .errors import DatabaseError

STALE_AFTER = dt.timedelta(hours=12)


class LockedError(DatabaseError):
    """Another live qjtasks holds the database; `holder` says who."""

    def __init__(self, message: str, holder: LockInfo):
        super().__init__(message)
        self.holder = holder


class LockUnavailableError(DatabaseError):
    """No lock file can be created (read-only folder, CD, protected share): view only."""


@dataclass(frozen=True)
class LockInfo:
    """Who holds a database's lock file: host, process, user, program and since when."""
    host: str
    pid: int
    user: str
    app: str
    at: str        # ISO time of acquisition or last refresh
    token: str
    process: str = ""
    machine: str = ""
    boot: str = ""

    def describe(self) -> str:
        when = self.at.replace("T", " ")[:16]
        return f"{self.user} 在计算机 {self.host} 上（{self.app}，进程 {self.pid}，{when} 起）"

    def text(self) -> str:
        extra = {"user": self.user, "app": self.app, "at": self.at, "token": self.token}
        return (f"{self.pid}\n{self.process}\n{self.host}\n{self.machine}\n{self.boot}\n"
                + json.dumps(extra, ensure_ascii=False) + "\n")


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _first_line(path: str) -> str:
    try:
        return Path(path).read_text(encoding="ascii").split()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


def _process_name() -> str:
    try:
        return Path(os.readlink("/proc/self/exe")).name     # what QLockFile compares on Linux
    except OSError:
        return Path(sys.executable).name


def _hostname() -> str:
    """socket.gethostname() without importing socket where uname gives the same name (POSIX:
    gethostname() is uname's nodename); a `qjtasks` run then starts 3 ms sooner."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket
    return socket.gethostname()


def _stamp() -> str:
    """A lock's time is real time, never a session's pinned day: other PCs judge a lock stale
    by comparing it with their own clocks (`clock.wall_now`, the one wall-clock read)."""
    return clock.wall_now().isoformat(timespec="seconds")


def _user() -> str:
    """`getpass.getuser()` (the login name from the environment, else the password database)
    without importing getpass and termios: every command takes the lock."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        user = os.environ.get(name)
        if user:
            return user
    import pwd
    return pwd.getpwuid(os.getuid())[0]


def _me(app: str) -> LockInfo:
    try:
        user = _user()
    except Exception:  # noqa: BLE001 - no user name on some Windows set-ups
        user = "未知用户"
    return LockInfo(_hostname(), os.getpid(), user, app,
                    _stamp(), os.urandom(8).hex(),
                    _process_name(), _first_line("/etc/machine-id"),
                    _first_line("/proc/sys/kernel/random/boot_id"))


def read(path: Path) -> LockInfo | None:
    """The lock's holder (ours or a QLockFile's), or None if there is no readable lock."""
    try:
        path = Path(path)
        lines = path.read_text(encoding="utf-8").split("\n")
        pid = int(lines[0])
        extra = json.loads(lines[5]) if len(lines) > 5 and lines[5].strip() else {}
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="seconds")
        return LockInfo(lines[2] if len(lines) > 2 else "", pid,
                        str(extra.get("user", "另一位用户")), str(extra.get("app", "qjtasks")),
                        str(extra.get("at", mtime)), str(extra.get("token", f"qt-{pid}")),
                        lines[1] if len(lines) > 1 else "", lines[3] if len(lines) > 3 else "",
                        lines[4] if len(lines) > 4 else "")
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def is_stale(holder: LockInfo, now: dt.datetime | None = None) -> bool:
    now = now or clock.wall_now()
    me = _me("")
    if holder.host == me.host or (holder.machine and holder.machine == me.machine):
        if holder.boot and me.boot and holder.boot != me.boot:
            return True             # written before this computer last started
        return not _pid_alive(holder.pid)
    try:
        at = dt.datetime.fromisoformat(holder.at)
    except ValueError:
        return True
    return now - at > STALE_AFTER


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DbLock:
    """The write lock of one database file, held by this process."""

    def __init__(self, db_path: Path, app: str = "命令行"):
        self.path = lock_path(db_path)
        self.app = app
        self.info: LockInfo | None = None

    def acquire(self, wait: float = 0.0) -> DbLock:
        """Take the lock or raise `LockedError` naming the live holder.

        With `wait`, keep trying that many seconds (a short command may finish meanwhile).
        """
        give_up = time.monotonic() + wait
        while True:
            try:
                return self._try()
            except LockedError:
                if time.monotonic() >= give_up:
                    raise
                time.sleep(0.1)

    def _try(self) -> DbLock:
        mine = _me(self.app)
        for _ in range(3):
            if self._create(mine):
                self.info = mine
                return self
            holder = read(self.path)
            if holder is not None and holder.host == mine.host and holder.pid == mine.pid:
                self.info = holder          # this process already holds it
                return self
            if holder is not None and not is_stale(holder):
                raise LockedError(_locked_message(holder), holder)
            if self._take_over(holder, mine):
                self.info = mine
                return self
        raise DatabaseError("无法获得数据库写入锁，请稍后再试")

    def _create(self, mine: LockInfo) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        except OSError as exc:
            raise _unavailable(exc, self.path) from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(mine.text())
        except OSError as exc:              # a full disk: no empty lock file is left behind
            self.path.unlink(missing_ok=True)
            raise _unavailable(exc, self.path) from None
        return True

    def _take_over(self, stale: LockInfo | None, mine: LockInfo) -> bool:
        """Replace a stale or unreadable lock; only the opener whose token sticks wins."""
        tmp = self.path.with_name(f"{self.path.name}.{mine.token}")
        try:
            tmp.write_text(mine.text(), encoding="utf-8")
        except OSError as exc:              # nor one `.lock.<token>` per attempt
            tmp.unlink(missing_ok=True)
            raise _unavailable(exc, self.path) from None
        if read(self.path) != stale:
            tmp.unlink(missing_ok=True)
            return False
        os.replace(tmp, self.path)
        now = read(self.path)
        return now is not None and now.token == mine.token

    def refresh(self) -> None:
        """Heartbeat: rewrite the time so other PCs do not think the lock is stale."""
        if self.info is None or not self.owned():
            return
        self.info = replace(self.info, at=_stamp())
        tmp = self.path.with_name(f"{self.path.name}.{self.info.token}")
        tmp.write_text(self.info.text(), encoding="utf-8")
        os.replace(tmp, self.path)

    def owned(self) -> bool:
        holder = read(self.path)
        return self.info is not None and holder is not None and holder.token == self.info.token

    def release(self) -> None:
        if self.owned():
            self.path.unlink(missing_ok=True)
        self.info = None

    def __enter__(self) -> DbLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _unavailable(exc: OSError, lock_file: Path) -> LockUnavailableError:
    reason = os_reason(exc)
    if reason == "磁盘空间不足":
        db = lock_file.with_name(lock_file.name.removesuffix(".lock"))
        return LockUnavailableError(full_message(db, outcome="现在只能查看、不能修改，数据库文件完好"))
    return LockUnavailableError(f"数据库所在文件夹不能写入（{reason}），只能查看、不能修改")


def _locked_message(holder: LockInfo) -> str:
    return (f"数据库正由 {holder.describe()} 使用。为避免互相覆盖修改，本窗口只能查看、不能修改；"
            "请等对方关闭 qjtasks 后再试。")


NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "afpfs", "ncpfs",
              "fuse.gvfsd-fuse", "davfs", "fuse.davfs2"}


def on_network_drive(db_path: Path) -> bool:
    """True for a file on a shared (network) drive, where SQLite's WAL mode is unsafe."""
    path = Path(db_path).resolve()
    if sys.platform == "win32":
        text = str(path)
        if text.startswith("\\\\"):
            return True
        import ctypes
        return ctypes.windll.kernel32.GetDriveTypeW(f"{path.drive}\\") == 4  # DRIVE_REMOTE
    return _mount_type(path, _mounts()) in NETWORK_FS


def _mounts() -> list[tuple[str, str]]:
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3:
            out.append((parts[1].replace("\\040", " "), parts[2]))
    return out


def _mount_type(path: Path, mounts: list[tuple[str, str]]) -> str:
    best, kind = "", ""
    for point, fstype in mounts:
        inside = str(path) == point or str(path).startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fstype
    return kind
