"""What differs on Windows, tested here with the platform monkeypatched (issue 21): the 公文
fonts from the Windows fonts folder, the data folder under %LOCALAPPDATA%, whether a lock's
owner still runs (kernel32), a network drive (UNC path or DRIVE_REMOTE), and the frozen
program's reminder child (its own executable with the child flag, no console window)."""
import shutil
import sys
from pathlib import Path

import pytest

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


@pytest.mark.skipif(not UMING.exists(), reason="需要一个 TrueType 中文字体来扮演 Windows 字体")
def test_official_faces_come_from_the_windows_fonts_folder(tmp_path, monkeypatch):
    windows = tmp_path / "Windows"
    (windows / "Fonts").mkdir(parents=True)
    for name in ("simfang.ttf", "simhei.ttf", "simsun.ttc"):      # as a Windows PC has them
        shutil.copy(UMING, windows / "Fonts" / name)
    monkeypatch.setenv("WINDIR", str(windows))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    from qjtasks.pdf import fonts
    dirs = fonts.windows_font_dirs()
    assert dirs == [windows / "Fonts", tmp_path / "AppData/Local/Microsoft/Windows/Fonts"]
    chosen = fonts.resolve({}, dirs)
    assert chosen.roles["body"].label == "仿宋"
    assert chosen.roles["body"].path.parent == windows / "Fonts"
    assert chosen.roles["heading"].label == "黑体"
    assert chosen.roles["title"].label == "宋体"       # no 方正小标宋: the next best, said so
    assert any("方正小标宋" in m for m in chosen.messages)


def test_data_folder_is_under_localappdata(tmp_path, monkeypatch):
    import platformdirs
    from platformdirs.windows import Windows

    from qjtasks import paths
    monkeypatch.delenv("QJTASKS_DATA_DIR", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    from platformdirs import windows
    # no Windows API here: the folder comes from the environment, as on a PC without it
    monkeypatch.setattr(windows, "_RESOLVE_WIN_FOLDER", windows.get_win_folder_from_env_vars,
                        raising=False)
    monkeypatch.setattr(windows, "get_win_folder", windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(platformdirs, "user_data_dir",
                        lambda *a, **k: Windows(*a, **k).user_data_dir)
    assert paths.data_dir() == tmp_path / "AppData" / "Local" / "qjtasks"
    assert paths.default_db().parent == paths.data_dir()


class _Kernel32:
    def __init__(self, alive: set[int], remote: bool = False):
        self.alive, self.remote = alive, remote

    def OpenProcess(self, _access, _inherit, pid):  # noqa: N802 - the Windows API's name
        return pid if pid in self.alive or pid == 999 else 0

    def GetExitCodeProcess(self, handle, code_ref):  # noqa: N802
        code_ref._obj.value = 259 if handle in self.alive else 0   # STILL_ACTIVE or exited

    def CloseHandle(self, _handle):  # noqa: N802
        return 1

    def GetDriveTypeW(self, _root):  # noqa: N802
        return 4 if self.remote else 3                 # DRIVE_REMOTE / DRIVE_FIXED


def _windows(monkeypatch, kernel32):
    import ctypes
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("windll", (), {"kernel32": kernel32})(),
                        raising=False)


def test_a_lock_owner_is_alive_only_while_its_process_runs(monkeypatch):
    from qjtasks.core import lock
    _windows(monkeypatch, _Kernel32(alive={4242}))
    assert lock._pid_alive(4242)
    assert not lock._pid_alive(999)          # opened, but it has exited
    assert not lock._pid_alive(31337)        # no such process


def test_network_drives_are_recognised(monkeypatch, tmp_path):
    from qjtasks.core import lock
    _windows(monkeypatch, _Kernel32(alive=set(), remote=True))
    assert lock.on_network_drive(tmp_path / "qj.db")                  # a mapped drive
    _windows(monkeypatch, _Kernel32(alive=set(), remote=False))
    assert not lock.on_network_drive(tmp_path / "qj.db")
    monkeypatch.setattr(Path, "resolve", lambda self, strict=False: Path(r"\\server\share\qj.db"))
    assert lock.on_network_drive(Path(r"\\server\share\qj.db"))       # a UNC path


def test_the_frozen_program_runs_its_own_reminder_child(monkeypatch, tmp_path):
    pytest.importorskip("PySide6")
    import datetime as dt

    from qjtasks.core import reminder_child
    from qjtasks.gui import daily_check
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\qjtasks\qjtasks-gui.exe")
    cmd = daily_check.child_command(tmp_path / "qj.db", dt.date(2026, 11, 25), tmp_path / "o")
    assert cmd[:2] == [r"C:\Program Files\qjtasks\qjtasks-gui.exe", reminder_child.FLAG]
    monkeypatch.setenv("PYTHONPATH", "D:\\elsewhere")
    assert daily_check.child_env()["PYTHONPATH"] == "D:\\elsewhere"   # the bundle needs no path
    monkeypatch.setattr(sys, "frozen", False)
    assert daily_check.child_command(tmp_path / "qj.db", dt.date(2026, 11, 25),
                                     tmp_path / "o")[1:3] == ["-m", "qjtasks.core.reminder_child"]
