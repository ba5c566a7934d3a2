"""The .deb (build/make_deb.py) from the PyInstaller one-folder: what it holds, and the CLI and
the window started from the unpacked (or, as root with QJTASKS_PACKAGING_INSTALL=1, installed)
paths. Slow (PyInstaller, about two minutes): runs when QJTASKS_PACKAGING_TESTS=1, as .ci/run sets."""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.skipif(os.environ.get("QJTASKS_PACKAGING_TESTS") != "1",
                                reason="打包测试较慢：设置 QJTASKS_PACKAGING_TESTS=1 运行")


@pytest.fixture(scope="module")
def deb(tmp_path_factory):
    pytest.importorskip("PyInstaller")
    if not shutil.which("dpkg-deb"):
        pytest.skip("需要 dpkg-deb")
    dist = ROOT / "dist" / "qjtasks"
    if not (dist / "qjtasks-gui").exists():
        subprocess.run(["sh", str(ROOT / "build" / "build.sh"), sys.executable], check=True)
    out = tmp_path_factory.mktemp("deb")
    subprocess.run([sys.executable, str(ROOT / "build" / "make_deb.py"), "--out", str(out),
                    "--fast"], check=True)
    (path,) = out.glob("qjtasks_*.deb")
    return path


@pytest.fixture(scope="module")
def unpacked(deb, tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def _env(tmp_path):
    return {**os.environ, "QJTASKS_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path),
            "QT_QPA_PLATFORM": "offscreen"}


def test_the_package_holds_program_menu_icons_mime_and_licences(deb, unpacked):
    field = lambda name: subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True,  # noqa: E731
                                        text=True, check=True).stdout.strip()
    assert field("Package") == "qjtasks" and field("Version")
    for program in ("qjtasks", "qjtasks-gui"):
        link = unpacked / "usr/bin" / program
        assert link.is_symlink() and os.readlink(link) == f"/opt/qjtasks/{program}"
        assert (unpacked / "opt/qjtasks" / program).is_file()
    desktop = (unpacked / "usr/share/applications/qjtasks.desktop").read_text(encoding="utf-8")
    assert "Exec=/opt/qjtasks/qjtasks-gui %f" in desktop
    assert "MimeType=application/x-qjpkg;application/x-qjenrol;" in desktop
    mime = (unpacked / "usr/share/mime/packages/qjtasks.xml").read_text(encoding="utf-8")
    assert '<glob pattern="*.qjpkg"/>' in mime and '<glob pattern="*.qjenrol"/>' in mime
    for size in (48, 64, 128, 256):
        assert (unpacked / f"usr/share/icons/hicolor/{size}x{size}/apps/qjtasks.png").is_file()
    licences = (unpacked / "usr/share/doc/qjtasks/copyright").read_text(encoding="utf-8")
    assert "LGPL-3.0" in licences and "PySide6" in licences and "reportlab" in licences
    manual = list((unpacked / "opt/qjtasks").rglob("manual.html"))
    assert manual, "the 使用说明 ships inside the program folder"
    print(f"\n.deb：{deb.stat().st_size / 1048576:.0f} MB（gzip -1；发布用 xz 更小）")


def test_the_unpacked_cli_makes_a_database_and_prints_a_notice(unpacked, tmp_path):
    cli, env, db = unpacked / "opt/qjtasks/qjtasks", _env(tmp_path), tmp_path / "qj.db"
    start = time.perf_counter()
    out = subprocess.run([str(cli), "--db", str(db), "init"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    print(f"\n安装后的 CLI init：{time.perf_counter() - start:.2f} 秒")
    subprocess.run([str(cli), "--db", str(db), "edit", "1", "--deadline", "2027-03-31"],
                   env=env, check=True, capture_output=True, timeout=60)
    subprocess.run([str(cli), "--db", str(db), "issue", "1"], env=env, check=True,
                   capture_output=True, timeout=60)
    sheet = tmp_path / "通知单.pdf"
    out = subprocess.run([str(cli), "--db", str(db), "print", "notice", "1", "-o", str(sheet)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert sheet.read_bytes().startswith(b"%PDF")


def test_the_unpacked_window_starts_offscreen(unpacked, tmp_path):
    gui, env, db = unpacked / "opt/qjtasks/qjtasks-gui", _env(tmp_path), tmp_path / "窗口.db"
    subprocess.run([str(unpacked / "opt/qjtasks/qjtasks"), "--db", str(db), "init"], env=env,
                   check=True, capture_output=True, timeout=120)
    start = time.perf_counter()
    proc = subprocess.Popen([str(gui), "--db", str(db)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        lock = db.with_name(db.name + ".lock")
        deadline = time.time() + 60
        while time.time() < deadline and not lock.exists() and proc.poll() is None:
            time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read().decode(errors="replace")[-2000:]
        assert lock.exists(), "the window took the database's write lock"
        print(f"\n安装后的窗口启动（至取得写锁）：{time.perf_counter() - start:.2f} 秒")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.skipif(os.environ.get("QJTASKS_PACKAGING_INSTALL") != "1" or os.geteuid() != 0,
                    reason="安装测试需 root 且设置 QJTASKS_PACKAGING_INSTALL=1")
def test_install_run_and_remove_keep_the_users_data(deb, tmp_path):
    data = Path.home() / ".local/share/qjtasks"
    data.mkdir(parents=True, exist_ok=True)
    keep = data / "留存.txt"
    keep.write_text("用户数据", encoding="utf-8")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-q", str(deb)], env=apt, check=True,
                   capture_output=True, timeout=900)
    try:
        out = subprocess.run(["/usr/bin/qjtasks", "--db", str(tmp_path / "a.db"), "init"],
                             capture_output=True, text=True, env=_env(tmp_path), timeout=120)
        assert out.returncode == 0, out.stderr
    finally:
        subprocess.run(["apt-get", "remove", "-y", "-q", "qjtasks"], env=apt, check=True,
                       capture_output=True, timeout=600)
    assert not Path("/opt/qjtasks/qjtasks").exists()
    assert keep.read_text(encoding="utf-8") == "用户数据"
