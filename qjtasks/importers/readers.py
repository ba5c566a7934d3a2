"""Read a reply letter from a file or pasted text into a string.

Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; .docx through
python-docx; PDF through pypdf when it has a text layer. A scanned PDF without one, and a photo
or scan as an image file, are read by text recognition (`qjtasks.paper.ocr`, the optional `ocr`
extra) when it is installed: `load_letter` returns the text with the recognised lines (page and
line of each), reports progress per page and can be cancelled between pages. Anything unusable
(empty, binary, corrupt, far too long for a letter, a scan without the OCR extra) raises
`LetterError` with a Chinese message the clerk can act on.
"""
from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from qjtasks.core.dbfile import os_reason
from qjtasks.core.errors import ValidationError, technical

MAX_BYTES = 30 * 1024 * 1024
MAX_CHARS = 80_000        # a long reply letter is ~10,000 characters
MAX_PAGES = 40


class LetterError(ValidationError):
    """The file or text cannot be read as a reply letter."""


class NoTextLayer(LetterError):
    """A PDF whose pages are pictures (a scan): text recognition can read it."""


@dataclass
class Letter:
    text: str
    ocr: object = None        # qjtasks.paper.ocr.OcrText when the text was recognised


def read_letter(path: str | Path) -> str:
    """The text of the letter at `path` (.txt, .docx or .pdf with a text layer; detected by
    content). A scan raises NoTextLayer: `load_letter` recognises it."""
    path = Path(path)
    return read_bytes(_file_bytes(path), path.name)


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LetterError(f"找不到文件“{path}”") from None
    except OSError as exc:
        raise LetterError(f"无法读取文件“{path.name}”：{os_reason(exc)}", detail=technical(exc)) from None


def load_letter(path: str | Path, progress=None, cancelled=None) -> Letter:
    """The letter at `path`; a scan (image-only PDF or image file) goes through OCR, with
    `progress(page, pages)` after each page and `cancelled()` polled between pages."""
    path = Path(path)
    return load_bytes(_file_bytes(path), path.name, progress, cancelled)


def load_bytes(data: bytes, name: str = "", progress=None, cancelled=None) -> Letter:
    from qjtasks.paper import ocr
    if data.strip() and len(data) <= MAX_BYTES and ocr.is_image(data, name) \
            and not data.startswith(b"%PDF-"):
        return _recognised(data, name, progress, cancelled)
    try:
        return Letter(read_bytes(data, name))
    except NoTextLayer:
        return _recognised(data, name, progress, cancelled)


def _recognised(data: bytes, name: str, progress, cancelled) -> Letter:
    """OCR of a scan, through the same checks as any other letter's text."""
    from qjtasks.paper import ocr
    if not ocr.available():
        raise LetterError(f"“{name}”是扫描件或图片，需要文字识别。" + ocr.MISSING)
    found = ocr.recognise(ocr.page_images(data, name), progress, cancelled)
    if sum("\u4e00" <= ch <= "\u9fff" for ch in found.text) < 20:
        raise LetterError(f"“{name}”中没有识别出文字（共 {found.pages} 页）：请确认扫描清晰、"
                          "方向端正（建议 200 dpi 以上），或改用 Word/文本格式的复函")
    return Letter(check_text(found.text, name), found)


def read_bytes(data: bytes, name: str = "") -> str:
    if not data.strip():
        raise LetterError(f"文件“{name}”是空的，没有可导入的内容")
    if len(data) > MAX_BYTES:
        raise LetterError(f"文件“{name}”超过 30 MB，不像是一份复函")
    lower = name.lower()
    if data[:4] == b"PK\x03\x04" and b"OFD.xml" in data[:2048] or lower.endswith(".ofd"):
        raise LetterError(f"“{name}”是 OFD 版式文件，暂不支持；请另存为 PDF（带文字层）或 Word 后再导入")
    if data.lstrip()[:5] == b"{\\rtf":
        raise LetterError(f"“{name}”是 RTF 文件，请在 Word 或 WPS 中另存为 .docx 后再导入")
    if data[:4] == b"PK\x03\x04" or lower.endswith(".docx"):
        text = read_docx(data, name)
    elif data[:5] == b"%PDF-" or lower.endswith(".pdf"):
        text = read_pdf(data, name)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or lower.endswith((".doc", ".wps")):
        raise LetterError(f"“{name}”是旧版 Word（.doc/.wps）文件，请在 Word 或 WPS 中另存为 .docx 后再导入")
    else:
        text = decode_text(data, name)
        text = html_text(text) if _looks_html(text) else text
    return check_text(text, name)


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype html" in head)


def html_text(markup: str) -> str:
    """Text of a web page or a Word document saved as .htm, one block per line."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")
            if tag in ("p", "br", "div", "tr", "li", "h1", "h2", "h3", "table"):
                self.parts.append("\n")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(markup)
    return "".join(parser.parts)


def decode_text(data: bytes, name: str = "") -> str:
    """Decode plain text: BOMs first, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:4096]:
            raise LetterError(f"“{name}”不是文本文件（含二进制数据），请选择 .txt、.docx 或 .pdf 复函")
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    raise LetterError(f"无法识别“{name}”的文字编码（已尝试 UTF-8、GB18030/GBK），或文件不是文本")


def _plausible(text: str) -> bool:
    """Mostly common CJK, ASCII and punctuation, few control characters: real text."""
    sample = text[:20000]
    good = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\r\n\t")
               or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f" or ch in "\ufeff○①②③④⑤")
    return good >= 0.97 * len(sample)


def read_docx(data: bytes, name: str = "") -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    if not data.startswith(b"PK"):          # every .docx is a zip; this is some other file
        raise LetterError(f"“{name}”不是 Word 文件（.docx）：可能是改了扩展名的其他文件"
                          "（例如文本或旧版 .doc）。请用 Word 另存为 .docx，或按原格式导入")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LetterError(f"Word 文件“{name}”已损坏或不是 .docx 格式，无法打开",
                          detail=technical(exc)) from None
    except Exception as exc:  # noqa: BLE001 - lxml and zip raise many kinds on damaged files
        raise LetterError(f"Word 文件“{name}”已损坏，无法读取", detail=technical(exc)) from None
    return "\n".join(_docx_blocks(document))


def _docx_blocks(document):
    """Paragraph and table-cell text in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .docx_numbering import Numbering
    numbering = Numbering(document)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            yield numbering.label(paragraph) + paragraph.text
        elif tag == "tbl":
            for row in Table(child, document).rows:
                yield "  ".join(dict.fromkeys(cell.text for cell in row.cells))


def read_pdf(data: bytes, name: str = "") -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    # A damaged file makes pypdf log English warnings to the terminal; the Chinese message
    # below is what the user gets.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if b"%PDF" not in data[:1024]:
        raise LetterError(f"“{name}”不是 PDF 文件：可能是改了扩展名的其他文件（例如文本或 Word 文件），"
                          "请按原格式导入")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterError(f"PDF 文件“{name}”已加密，请先解除密码保护")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise LetterError(f"PDF 文件“{name}”有 {count} 页，超出复函的正常篇幅（最多 {MAX_PAGES} 页），"
                              "请只导入复函本身")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except LetterError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LetterError(f"PDF 文件“{name}”已损坏，无法读取", detail=technical(exc)) from None
    if sum("\u4e00" <= ch <= "\u9fff" for ch in text) < 20:
        raise NoTextLayer(f"PDF 文件“{name}”没有文字层（可能是扫描件或图片），无法直接读取文字；"
                          "安装文字识别组件（pip install \"qjtasks[ocr]\"）后可直接导入扫描件，"
                          "或改用 Word/文本格式的复函")
    return text


def check_text(text: str, name: str = "") -> str:
    """Reject empty or oversized text (pasted or read)."""
    label = f"“{name}”" if name else "文本"
    if not text or not text.strip():
        raise LetterError(f"{label}是空的，没有可导入的内容")
    if len(text) > MAX_CHARS:
        raise LetterError(f"{label}有 {len(text):,} 个字符，远超一份复函的正常篇幅（上限 {MAX_CHARS:,}），"
                          "请只导入复函本身")
    return text
