"""Scanned paper → decoded pages: PDFs from an office scanner and JPG/PNG/TIFF photos.

No database here, so the window can run it in a worker thread. A PDF page is rendered with
pdfium (pypdfium2) at `DPI`, which reads any scanner's PDF whatever image filters it used; an
image file is taken as it is (EXIF rotation applied; every frame of a TIFF). Each page's QR
codes are read with zxing-cpp, which finds slightly rotated, skewed and noisy codes by itself.
The page is kept as a grey JPEG, the evidence stored with the 签收.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qjtasks.core.errors import ValidationError

DPI = 200
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
EVIDENCE_LONG_SIDE = 1800   # px: enough to read a signature, a few hundred KB as JPEG


@dataclass(frozen=True)
class Page:
    file: str            # the scanned file's name
    number: int          # 1-based page number within that file
    texts: tuple[str, ...] = ()
    image: bytes = b""   # grey JPEG of the page (evidence)
    error: str = ""      # why the page (or the file) could not be read

    @property
    def label(self) -> str:
        return f"{self.file} 第{self.number}页"


def _check(paths: list[Path]) -> None:
    if not paths:
        raise ValidationError("请选择扫描件（PDF、JPG 或 PNG 文件）")
    for p in paths:
        if not p.is_file():
            raise ValidationError(f"扫描件“{p}”不存在或不是文件")
        if p.suffix.lower() not in IMAGE_SUFFIXES | {".pdf"}:
            raise ValidationError(f"“{p.name}”不是 PDF 或图片文件（支持 PDF、JPG、PNG、TIFF）")


def count_pages(paths: list[Path]) -> int:
    """Pages in all files (a file that cannot be opened counts as one unreadable page)."""
    paths = [Path(p) for p in paths]
    _check(paths)
    return sum(_page_count(p) for p in paths)


def _page_count(path: Path) -> int:
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2 as pdfium
            doc = pdfium.PdfDocument(str(path))
            try:
                return max(len(doc), 1)
            finally:
                doc.close()
        from PIL import Image
        with Image.open(path) as im:
            return max(getattr(im, "n_frames", 1), 1)
    except Exception:  # noqa: BLE001 - any unreadable file is one unreadable page
        return 1


def read_pages(paths: list[Path], progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> Iterator[Page]:
    """Decode every page of every file in order; `progress(done, total)` after each page.

    Stops early (without error) once `cancelled()` is true.
    """
    paths = [Path(p) for p in paths]
    total, done = count_pages(paths), 0
    for path in paths:
        for page in _pages_of(path):
            if cancelled is not None and cancelled():
                return
            yield page
            done += 1
            if progress is not None:
                progress(done, total)


# A code that resampling happens to blur at one scale reads at another: a page without a
# receipt code is tried again at these scales (PDF pages re-rendered, photos resized).
RETRY_DPI = (150, 300)


def _pages_of(path: Path) -> Iterator[Page]:
    number = 0
    try:
        views = _pdf_views(path) if path.suffix.lower() == ".pdf" else _file_views(path)
        for number, view in enumerate(views, 1):
            yield decode(view, path.name, number)
    except Exception:  # noqa: BLE001 - a damaged file is reported, the others still run
        yield Page(path.name, number + 1, error="文件无法打开或已损坏")


def _pdf_views(path: Path):
    """Per page, a function dpi → grey PIL image."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            yield lambda dpi, page=page: page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()


def _file_views(path: Path):
    from PIL import Image, ImageOps, ImageSequence
    with Image.open(path) as im:
        for frame in ImageSequence.Iterator(im):
            base = ImageOps.exif_transpose(frame.convert("L"))
            yield lambda dpi, base=base: base if dpi == DPI else base.resize(
                (round(base.width * dpi / DPI), round(base.height * dpi / DPI)))


def _read(image) -> list[str]:
    import zxingcpp
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in found if r.text]


def decode(view, file: str = "", number: int = 1) -> Page:
    """The QR texts on one page (`view(dpi)` → PIL image, or a PIL image), with its evidence."""
    from . import codes
    if not callable(view):
        view = (lambda image: lambda dpi: image)(view)
    grey = view(DPI).convert("L")
    texts = _read(grey)
    for dpi in RETRY_DPI:
        if any((c := codes.parse(t)) is not None and c.is_receipt for t in texts):
            break
        texts += _read(view(dpi).convert("L"))
    return Page(file, number, tuple(dict.fromkeys(texts)), _evidence(grey))


def _evidence(grey) -> bytes:
    im = grey
    if max(im.size) > EVIDENCE_LONG_SIDE:
        im = im.copy()
        im.thumbnail((EVIDENCE_LONG_SIDE, EVIDENCE_LONG_SIDE))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=70, optimize=True)
    return buf.getvalue()
