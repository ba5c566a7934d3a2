"""Render resources/icons/qjtasks.svg to the PNG (256 px) used by the .desktop entry and Windows.

Run from the repository root: `python build/make_icon.py` (needs PySide6; offscreen is fine).
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(size: int = 256) -> Path:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / "qjtasks.svg")).render(painter)
    painter.end()
    target = ICONS / "qjtasks.png"
    image.save(str(target))
    return target


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    print(render())
