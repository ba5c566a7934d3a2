"""Find a CJK font so no Chinese text is drawn as hollow boxes, and keep body text ≥ 10 pt.

Prefers a face already installed (Microsoft YaHei, Noto Sans CJK, WenQuanYi, AR PL, SimSun …);
otherwise loads a TTF/TTC shipped in resources/fonts/ or a known system path.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from qjtasks import paths

PREFERRED = ("Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "Noto Sans SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "PingFang SC", "SimHei", "SimSun", "宋体", "AR PL UMing CN", "AR PL UKai CN")
FALLBACK_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                  "/usr/share/fonts/truetype/arphic/uming.ttc")
MIN_POINT_SIZE = 10


def find_cjk_family() -> str | None:
    installed = set(QFontDatabase.families())
    for name in PREFERRED:
        if name in installed:
            return name
    for family in sorted(installed):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
            return family
    return None


def load_bundled() -> str | None:
    folder = paths.resource("fonts")
    files = sorted(folder.glob("*.tt[fc]")) if folder.is_dir() else []
    for path in [*files, *map(Path, FALLBACK_FILES)]:
        if path.is_file():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                return families[0]
    return None


def apply_cjk_font(app: QApplication) -> str | None:
    """Set the application font to a CJK face at ≥ 10 pt; returns the family used."""
    family = find_cjk_family() or load_bundled()
    font = QFont(app.font())
    if family:
        font.setFamilies([family, *font.families()])
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    app.setFont(font)
    return family
