"""Scanned reply letters: an image-only PDF of reply-024 (drawn here with Pillow) is recognised
offline (rapidocr-onnxruntime, the `ocr` extra) into the same 文号 and plan items as the text;
each item is traced to its page and line; a missing extra, a cancel and a blank scan are said
in Chinese."""
import io

import pytest
from scanned import font_path, letter_pages, scanned_pdf

from qjtasks.importers import parse_letter
from qjtasks.importers.readers import LetterError, NoTextLayer, load_bytes, load_letter, read_letter
from qjtasks.paper import ocr

needs_ocr = pytest.mark.skipif(not ocr.available() or font_path() is None,
                               reason="OCR extra (rapidocr-onnxruntime) or a CJK font missing")
SEED_TEXT = scanned_pdf.__globals__["SEED"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    path = scanned_pdf(tmp_path_factory.mktemp("scan") / "复函扫描件.pdf")
    seen = []
    letter = load_letter(path, progress=lambda k, n: seen.append((k, n)))
    return path, letter, seen


@needs_ocr
def test_scanned_pdf_gives_the_same_items_and_number_as_the_text(scan):
    path, letter, seen = scan
    with pytest.raises(NoTextLayer):                    # no text layer: it is a real scan
        read_letter(path)
    pages = letter.ocr.pages
    assert pages >= 3 and seen == [(k, pages) for k in range(1, pages + 1)]
    scanned, typed = parse_letter(letter.text), parse_letter(SEED_TEXT)
    assert scanned.document.doc_number == typed.document.doc_number == "綦发改函〔2022〕140号"
    assert [c.title for c in scanned.plan_items] == [c.title for c in typed.plan_items]
    assert len(scanned.plan_items) == 3
    for c in scanned.plan_items:                        # provenance: page and line
        where = letter.ocr.locate(c.text)
        assert where is not None and where.page >= 1 and where.line >= 1
        assert "".join(c.text.split())[:8] in "".join(
            ln.text for ln in letter.ocr.lines if ln.page == where.page
            and where.line <= ln.line <= where.line + 1)
    first = letter.ocr.lines[0]
    assert (first.page, first.line, first.text) == (1, 1, "綦发改函〔2022〕140号")


@needs_ocr
def test_a_photo_of_the_first_page_is_read_too():
    buf = io.BytesIO()
    letter_pages()[0].save(buf, format="PNG")
    letter = load_bytes(buf.getvalue(), "第一页.png")
    assert letter.ocr.pages == 1
    assert parse_letter(letter.text).document.doc_number == "綦发改函〔2022〕140号"


@needs_ocr
def test_cancel_between_pages_and_a_blank_scan(tmp_path):
    from PIL import Image
    path = scanned_pdf(tmp_path / "s.pdf", letter_pages()[:2])
    with pytest.raises(ocr.OcrCancelled, match="已取消文字识别"):
        load_letter(path, cancelled=lambda: True)
    blank = scanned_pdf(tmp_path / "blank.pdf", [Image.new("L", (800, 1100), 255)])
    with pytest.raises(LetterError, match="没有识别出文字"):
        load_letter(blank)


def test_without_the_extra_a_scan_is_refused_with_how_to_install(tmp_path, monkeypatch):
    from PIL import Image
    monkeypatch.setattr(ocr, "available", lambda: False)
    page = Image.new("L", (400, 500), 255)
    pdf = scanned_pdf(tmp_path / "scan.pdf", [page])
    for target in (pdf, tmp_path / "photo.jpg"):
        if target.suffix == ".jpg":
            page.save(target)
        with pytest.raises(LetterError) as err:
            load_letter(target)
        assert "扫描件或图片" in str(err.value) and 'pip install "qjtasks[ocr]"' in str(err.value)


def test_recognised_lines_are_joined_and_put_right():
    boxes = [([[300, 10], [400, 10], [400, 40], [300, 40]], "发展", 0.9),
             ([[10, 12], [290, 12], [290, 42], [10, 42]], "綦发改函【2022〕140号 推动绿色", 0.95),
             ([[10, 60], [200, 60], [200, 90], [10, 90]], "区财政局丶区科技局·经研究", 0.8)]
    lines = [(ocr.clean(t), s) for t, s in ocr._lines(boxes)]
    assert lines == [("綦发改函〔2022〕140号 推动绿色发展", 0.9), ("区财政局、区科技局。经研究", 0.8)]
    text = ocr.OcrText([ocr.OcrLine(1, 1, "一是进一步加大"), ocr.OcrLine(1, 2, "绿色发展宣传"),
                        ocr.OcrLine(2, 1, "二是强化")], pages=2)
    assert text.text == "一是进一步加大\n绿色发展宣传\n\n二是强化"
    assert text.locate("加大 绿色发展") == text.lines[0]
    assert text.locate("二是强化科研") is None and text.locate("二是强化").page == 2
