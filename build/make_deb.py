"""Make a .deb from the PyInstaller one-folder build (Debian, 统信 UOS, 麒麟 Kylin), with dpkg-deb.

    python build/make_deb.py [--out DIR] [--dist dist/qjtasks] [--build] [--fast]

The package installs the program under /opt/qjtasks; `qjtasks` and `qjtasks-gui` on PATH
(/usr/bin links); a menu entry; icons in the hicolor sizes; MIME types for .qjpkg and .qjenrol
(double-clicking one opens the import preview: `qjtasks-gui FILE`); the fonts it ships; and a
copyright file with the licences of what it bundles, read from the installed distributions.
Nothing is downloaded. Installing, upgrading and removing never touch the users' data
(~/.local/share/qjtasks): the maintainer scripts only refresh the desktop, MIME and icon caches.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "qjtasks"
ICON_SIZES = (48, 64, 128, 256)
MIME_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-qjpkg">
    <comment>qjtasks data package</comment>
    <comment xml:lang="zh_CN">qjtasks 督办数据包</comment>
    <glob pattern="*.qjpkg"/>
    <icon name="qjtasks"/>
  </mime-type>
  <mime-type type="application/x-qjenrol">
    <comment>qjtasks enrolment file</comment>
    <comment xml:lang="zh_CN">qjtasks 单位注册文件</comment>
    <glob pattern="*.qjenrol"/>
    <icon name="qjtasks"/>
  </mime-type>
</mime-info>
"""
CACHES = """#!/bin/sh
# Refresh the menu, MIME and icon caches; the users' data folders are never touched.
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v update-mime-database >/dev/null 2>&1 && update-mime-database /usr/share/mime || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
exit 0
"""
# Shared libraries the bundled Qt loads from the system (present on every desktop install).
DEPENDS = "libc6, libfontconfig1, libfreetype6, libgl1, libegl1, libxkbcommon0, libdbus-1-3"
# What the one-folder bundles beyond the standard library, for the copyright file.
BUNDLED = ("PySide6", "shiboken6", "reportlab", "pillow", "cryptography", "cffi", "openpyxl",
           "et-xmlfile", "python-docx", "lxml", "sqlite-utils", "python-dateutil", "six",
           "chinese-calendar", "platformdirs", "zxing-cpp", "pypdfium2", "rapidocr-onnxruntime",
           "onnxruntime", "numpy", "opencv-python", "PyYAML", "shapely", "pyclipper")
FONT_LICENCES = {"wqy-microhei.ttc": "文泉驿微米黑 WenQuanYi Micro Hei: Apache-2.0 or GPL-3.0 with "
                                     "font embedding exception"}


def version() -> str:
    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:
        from qjtasks import __version__
        return __version__


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def licences() -> str:
    lines = []
    for dist in BUNDLED:
        try:
            meta = metadata.metadata(dist)
        except metadata.PackageNotFoundError:
            continue
        licence = (meta.get("License-Expression") or meta.get("License") or "").strip()
        if not licence or len(licence) > 80:      # a whole licence text in the field
            classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                           if c.startswith("License ::")]
            licence = "; ".join(classifiers) or (licence.splitlines()[0] if licence else "见其项目")
        lines.append(f"Files: opt/qjtasks/_internal/ ({meta['Name']} {meta['Version']})\n"
                     f"License: {licence}\n")
    return "\n".join(lines)


def copyright_text(fonts: list[str]) -> str:
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    head = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
            f"Upstream-Name: {NAME}\n\n"
            "Files: *\nCopyright: qjtasks 开发组\nLicense: 见源代码仓库\n\n"
            f"Files: opt/qjtasks/_internal/ (Python {py} runtime)\n"
            "License: PSF-2.0\n\n"
            "Files: opt/qjtasks/_internal/PySide6/Qt/\n"
            "License: LGPL-3.0-only (Qt for Python and the Qt libraries, dynamically linked)\n\n")
    font_lines = "".join(f"Files: opt/qjtasks/_internal/resources/fonts/{f}\nLicense: "
                         f"{FONT_LICENCES.get(f, '见字体文件自带的许可')}\n\n" for f in fonts)
    return head + font_lines + licences()


def desktop_entry() -> str:
    text = (ROOT / "build" / "qjtasks.desktop").read_text(encoding="utf-8")
    if "MimeType=" not in text:
        text = text.rstrip("\n") + "\nMimeType=application/x-qjpkg;application/x-qjenrol;\n"
    return text


def icons(stage: Path) -> None:
    from PIL import Image
    source = ROOT / "resources" / "icons" / "qjtasks.png"
    with Image.open(source) as img:
        for size in ICON_SIZES:
            target = stage / f"usr/share/icons/hicolor/{size}x{size}/apps/qjtasks.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            img.convert("RGBA").resize((size, size), Image.LANCZOS).save(target)
    svg = ROOT / "resources" / "icons" / "qjtasks.svg"
    if svg.exists():
        target = stage / "usr/share/icons/hicolor/scalable/apps/qjtasks.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(svg, target)


def control(size_kib: int) -> str:
    return (f"Package: {NAME}\nVersion: {version()}\nSection: misc\nPriority: optional\n"
            f"Architecture: {architecture()}\nDepends: {DEPENDS}\nInstalled-Size: {size_kib}\n"
            "Maintainer: qjtasks 开发组 <qjtasks@localhost>\n"
            "Description: 督办事项管理 qjtasks\n"
            " 把复函、会议纪要中的承诺变成督办事项：交办、签收、反馈、催办、延期、办结审核，\n"
            " 打印督办通知单与汇总表，与承办单位离线交换签名数据包。数据保存在本机。\n")


def stage_package(dist: Path, stage: Path) -> None:
    opt = stage / "opt" / NAME
    shutil.copytree(dist, opt, symlinks=True)
    bindir = stage / "usr" / "bin"
    bindir.mkdir(parents=True)
    for program in ("qjtasks", "qjtasks-gui"):
        if (opt / program).exists():
            (bindir / program).symlink_to(f"/opt/{NAME}/{program}")
    apps = stage / "usr/share/applications"
    apps.mkdir(parents=True)
    (apps / "qjtasks.desktop").write_text(desktop_entry(), encoding="utf-8")
    mime = stage / "usr/share/mime/packages"
    mime.mkdir(parents=True)
    (mime / "qjtasks.xml").write_text(MIME_XML, encoding="utf-8")
    icons(stage)
    fonts_dir = opt / "_internal" / "resources" / "fonts"
    fonts = sorted(p.name for p in fonts_dir.glob("*")) if fonts_dir.is_dir() else []
    doc = stage / f"usr/share/doc/{NAME}"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(fonts), encoding="utf-8")
    debian = stage / "DEBIAN"
    debian.mkdir()
    size = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink())
    (debian / "control").write_text(control(size // 1024 + 1), encoding="utf-8")
    for script in ("postinst", "postrm"):
        (debian / script).write_text(CACHES, encoding="utf-8")
        (debian / script).chmod(0o755)


def build_deb(dist: Path, out: Path, fast: bool = False) -> Path:
    if not (dist / "qjtasks").exists():
        raise SystemExit(f"没有找到打包好的程序文件夹“{dist}”：请先运行 build/build.sh，或加 --build")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{NAME}_{version()}_{architecture()}.deb"
    with tempfile.TemporaryDirectory(prefix="qjtasks-deb-") as tmp:
        stage = Path(tmp) / "root"
        stage_package(dist, stage)
        # xz reads on every dpkg (統信/麒麟 ship older ones without zstd); --fast: gzip -1
        squeeze = ["-Zgzip", "-z1"] if fast else ["-Zxz", "-z6"]
        subprocess.run(["dpkg-deb", "--root-owner-group", *squeeze, "--build", str(stage),
                        str(target)], check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="从 PyInstaller 打包结果制作 .deb 安装包")
    ap.add_argument("--out", default=str(ROOT / "dist"), metavar="文件夹", help="写出 .deb 的文件夹")
    ap.add_argument("--dist", default=str(ROOT / "dist" / NAME), metavar="文件夹",
                    help="PyInstaller 打包好的程序文件夹（默认 dist/qjtasks）")
    ap.add_argument("--build", action="store_true", help="先运行 build/build.sh 打包")
    ap.add_argument("--fast", action="store_true", help="快速压缩（gzip，文件较大；用于测试）")
    args = ap.parse_args(argv)
    if args.build:
        subprocess.run(["sh", str(ROOT / "build" / "build.sh"), sys.executable], check=True)
    deb = build_deb(Path(args.dist), Path(args.out), fast=args.fast)
    print(f"已生成 {deb}（{deb.stat().st_size / 1048576:.0f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
