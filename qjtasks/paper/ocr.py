"""Text recognition (OCR) for scanned reply letters: image-only PDFs and photos, offline.

The optional extra `ocr` (`pip install "qjtasks[ocr]"`, installed by scripts/setup.sh) brings
rapidocr-onnxruntime 1.4.4, whose PP-OCR models ship inside the wheel: nothing is downloaded at
run time. Without it, `require()` raises a Chinese message saying how to install it.

A PDF page is rendered with pdfium at `DPI`; an image file is taken as it is (EXIF rotation
applied, every frame of a TIFF). The angle classifier is not run: letters are scanned upright,
and on upright text it turned whole lines over and lost them. Boxes are joined into lines by
their vertical centres and read left to right; each line keeps its page and line number, so an
item found in the text can be traced back to where it stands on paper (`OcrText.locate`). A
few confusions the models make on official letters are put right (丶 for 、, a middle dot for
the full stop between Chinese characters, a 文号's year in mismatched brackets 〔2022】).
"""
from __future__ import annotations

import importlib.util
import io
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from qjtasks.core.errors import QjtasksError, ValidationError

DPI = 200
MAX_PAGES = 40
MISSING = ("未安装文字识别组件，无法识别扫描件或图片中的文字。请安装后重试："
           "pip install \"qjtasks[ocr]\"（或运行 scripts/setup.sh）；也可改用 Word、文本或带文字层的 PDF 复函")
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")


class OcrCancelled(QjtasksError):
    """The user stopped the recognition."""


@dataclass(frozen=True)
class OcrLine:
    page: int            # 1-based
    line: int            # 1-based within its page
    text: str
    score: float = 1.0


@dataclass
class OcrText:
    lines: list[OcrLine] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    @property
    def text(self) -> str:
        """The lines in order, a blank line between pages."""
        out, page = [], None
        for ln in self.lines:
            if page is not None and ln.page != page:
                out.append("")
            out.append(ln.text)
            page = ln.page
        return "\n".join(out)

    def locate(self, snippet: str) -> OcrLine | None:
        """The line where `snippet` (whitespace ignored) starts, or None."""
        key = "".join(snippet.split())[:12]
        if not key:
            return None
        flat, owners = [], []
        for ln in self.lines:
            for ch in "".join(ln.text.split()):
                flat.append(ch)
                owners.append(ln)
        at = "".join(flat).find(key)
        return owners[at] if at >= 0 else None


def available() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def require() -> None:
    if not available():
        raise ValidationError(MISSING)


def is_image(data: bytes, name: str = "") -> bool:
    return data.startswith(IMAGE_MAGIC) or name.lower().endswith(IMAGE_SUFFIXES)


_engine = None
_engine_lock = threading.Lock()


def engine():
    """The recogniser, made once per process (loading the models takes a moment)."""
    global _engine
    require()
    with _engine_lock:
        if _engine is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR
            _engine = RapidOCR()
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        return _engine


def page_images(data: bytes, name: str = "", dpi: int = DPI) -> list:
    """The pages of a PDF (rendered at `dpi`) or an image file, as grey PIL images."""
    try:
        if data[:5] == b"%PDF-":
            import pypdfium2 as pdfium
            doc = pdfium.PdfDocument(data)
            try:
                if len(doc) > MAX_PAGES:
                    raise ValidationError(f"“{name}”有 {len(doc)} 页，超出复函的正常篇幅"
                                          f"（最多 {MAX_PAGES} 页），请只导入复函本身")
                return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in doc]
            finally:
                doc.close()
        from PIL import Image, ImageOps, ImageSequence
        with Image.open(io.BytesIO(data)) as im:
            return [ImageOps.exif_transpose(frame.convert("L")).copy()
                    for frame in ImageSequence.Iterator(im)][:MAX_PAGES]
    except QjtasksError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfium and Pillow raise many kinds on damage
        raise ValidationError(f"“{name}”已损坏或不是可识别的 PDF/图片文件（{type(exc).__name__}）") from None


def recognise(images: list, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> OcrText:
    """OCR every page; `progress(done, total)` after each page; `cancelled()` polled between
    pages (raises OcrCancelled)."""
    import numpy as np
    ocr, out, started = engine(), OcrText(pages=len(images)), time.perf_counter()
    for k, image in enumerate(images, 1):
        if cancelled is not None and cancelled():
            raise OcrCancelled("已取消文字识别")
        boxes, _ = ocr(np.asarray(image.convert("RGB")), use_cls=False)
        for n, (text, score) in enumerate(_lines(boxes or []), 1):
            out.lines.append(OcrLine(k, n, clean(text), score))
        if progress is not None:
            progress(k, len(images))
    out.seconds = time.perf_counter() - started
    return out


def _lines(boxes) -> list[tuple[str, float]]:
    """Boxes [(corners, text, score)] joined into lines top to bottom, each left to right."""
    items = []
    for corners, text, score in boxes:
        ys = [p[1] for p in corners]
        xs = [p[0] for p in corners]
        items.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), max(xs), text, score))
    items.sort(key=lambda b: (b[0], b[2]))
    lines: list[list] = []
    for box in items:
        if lines and abs(box[0] - lines[-1][0][0]) < 0.5 * max(box[1], lines[-1][0][1]):
            lines[-1].append(box)
        else:
            lines.append([box])
    out = []
    for line in lines:
        line.sort(key=lambda b: b[2])
        parts, right = [], None
        for _cy, h, x0, x1, text, _s in line:
            if right is not None and x0 - right > 2 * h:   # a wide gap: keep it visible
                parts.append("  ")
            parts.append(text)
            right = x1
        out.append(("".join(parts), min(b[5] for b in line)))
    return out


CJK = "\u4e00-\u9fff"
FIXES = [
    (re.compile("丶"), "、"),
    (re.compile(f"(?<=[{CJK}）”》])[·•](?=[{CJK}“《（]|$)"), "。"),
    (re.compile(r"[〔【\[［(（](\d{4})[〕】\]］)）](?=\s*\d+\s*号)"), "〔\\1〕"),
]


def clean(text: str) -> str:
    for pattern, repl in FIXES:
        text = pattern.sub(repl, text)
    return text
