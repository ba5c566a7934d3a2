"""A scanned reply letter made here: reply-024's text drawn on A4 pages at 200 dpi with a CJK
face from the system (Pillow), saved as an image-only PDF (Pillow writes it; ImageMagick cannot)
or as PNG files. Shared by the OCR tests and bench/bench_ocr.py."""
from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).parents[2] / "resources" / "seed" / "reply-024.txt"
FONTS = [Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
         Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
         Path("C:/Windows/Fonts/simsun.ttc")]
DPI = 200
PER_LINE = 30          # characters per line: 40 px glyphs across a 156 mm text block


def font_path() -> Path | None:
    return next((p for p in FONTS if p.exists()), None)


def letter_pages(text: str | None = None, dpi: int = DPI) -> list:
    """The letter as grey A4 page images, paragraphs wrapped at PER_LINE characters."""
    from PIL import Image, ImageDraw, ImageFont
    text = SEED.read_text(encoding="utf-8") if text is None else text
    scale = dpi / 200
    width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    font = ImageFont.truetype(str(font_path()), round(40 * scale))
    left, top, pitch = round(200 * scale), round(220 * scale), round(64 * scale)
    lines = []
    for para in text.split("\n"):
        para = para.strip()
        while len(para) > PER_LINE:
            lines.append(para[:PER_LINE])
            para = para[PER_LINE:]
        if para:
            lines.append(para)
    per_page = (height - 2 * top) // pitch
    pages = []
    for k in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for n, line in enumerate(lines[k:k + per_page]):
            draw.text((left, top + n * pitch), line, font=font, fill=0)
        pages.append(page)
    return pages


def scanned_pdf(path: Path, pages: list | None = None, dpi: int = DPI) -> Path:
    pages = pages or letter_pages(dpi=dpi)
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return path
