"""The standalone build (build/build.sh, PyInstaller) starts, opens the default database,
lists the seeded items and prints a sheet (PDF with Chinese text, from the bundled code and
fonts); the desktop program starts offscreen without crashing.

Slow and skipped when PyInstaller is not installed; builds dist/qjtasks/ if it is missing.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "qjtasks"
EXE = DIST / ("qjtasks.exe" if sys.platform == "win32" else "qjtasks")


@pytest.fixture(scope="module")
def built():
    pytest.importorskip("PyInstaller")
    if not EXE.exists():
        subprocess.run(["sh", str(ROOT / "build" / "build.sh"), sys.executable], check=True,
                       capture_output=True, timeout=900)
    return EXE


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QJTASKS_DB")}
    return {**env, "QJTASKS_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}


def test_built_cli_opens_default_database_and_lists(built, tmp_path):
    from qjtasks import __version__
    env = _env(tmp_path)
    out = subprocess.run([str(built), "--version"], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == f"qjtasks {__version__}"
    start = time.perf_counter()
    out = subprocess.run([str(built), "list"], capture_output=True, text=True, env=env,
                         timeout=60)
    elapsed = time.perf_counter() - start
    assert out.returncode == 0, out.stderr
    assert "共 17 项" in out.stdout and "进一步加大绿色发展宣传学习" in out.stdout
    assert (tmp_path / "data" / "qjtasks.db").exists()
    print(f"\n打包程序 list（首次，含建库）：{elapsed:.2f} 秒")


def test_built_cli_prints_a_sheet(built, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    env = _env(tmp_path)
    sheet = tmp_path / "汇总表.pdf"
    out = subprocess.run([str(built), "print", "ledger", "-o", str(sheet)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(sheet).pages)
    assert "督办事项汇总表" in text and "共17项" in text and "进一步加大绿色发展" in text


def test_built_gui_starts_offscreen(built, tmp_path):
    gui = DIST / ("qjtasks-gui.exe" if sys.platform == "win32" else "qjtasks-gui")
    if not gui.exists():
        pytest.skip("desktop app not in this build (qjtasks/gui not on main yet)")
    env = _env(tmp_path)
    proc = subprocess.Popen([str(gui)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        db = tmp_path / "data" / "qjtasks.db"
        deadline = time.time() + 30
        while time.time() < deadline and not db.exists() and proc.poll() is None:
            time.sleep(0.2)
        time.sleep(2)
        assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
        assert db.exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
