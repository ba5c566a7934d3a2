"""QR codes on the 督办通知单 and 催办通知单: where they sit (never over text) and what they say."""
import dataclasses
import subprocess

import pytest
from pdfcheck import MM, read
from PIL import Image

from qjtasks.exchange import keys
from qjtasks.paper import codes
from qjtasks.pdf import render, sheets

SIGNER = codes.Signer(keys.KeyPair.generate())


@pytest.fixture
def coded(notice):
    return dataclasses.replace(
        notice, notice_code=SIGNER.code(7, 2, notice.serial, "N"),
        receipt_code=SIGNER.code(7, 2, notice.serial, "R"), office_fingerprint=SIGNER.fingerprint)


def png(pdf: bytes, tmp_path, dpi=150) -> list[Image.Image]:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(tmp_path / "p")],
                   check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("p-*.png"))]


def decoded(image, dpi=150):
    import zxingcpp
    out = {}
    for r in zxingcpp.read_barcodes(image):
        p = r.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        out[r.text] = tuple(v * 25.4 / dpi for v in (min(xs), min(ys), max(xs), max(ys)))
    return out


def test_notice_codes_sit_in_the_margin_and_beside_the_receipt(coded, fontset, tmp_path):
    pdf = render.render([sheets.notice_sheet(coded)], fontset)
    with read(pdf) as doc:
        assert len(doc.pages) == 1        # the receipt stays on its notice's page
        page = doc.pages[0]
        words = page.extract_words()
        text = page.extract_text()
    assert SIGNER.fingerprint in text.replace(" ", "")
    [image] = png(pdf, tmp_path)
    found = decoded(image)
    assert set(found) == {coded.notice_code, coded.receipt_code}
    x0, y0, x1, y1 = found[coded.notice_code]
    assert y1 < 37 and x1 <= 28 + 156 + 1          # in the top margin, within the block's width
    rx0, ry0, rx1, ry1 = found[coded.receipt_code]
    assert rx1 <= 28 + 156 + 1 and ry1 < 37 + 225  # inside the text block
    for box in (found[coded.notice_code], found[coded.receipt_code]):
        for w in words:                          # no printed word under a code
            wx0, wy0, wx1, wy1 = (w["x0"] / MM, w["top"] / MM, w["x1"] / MM, w["bottom"] / MM)
            assert wx1 <= box[0] or wx0 >= box[2] or wy1 <= box[1] or wy0 >= box[3], w["text"]
    receipt_words = [w for w in words if ry0 <= w["top"] / MM <= ry1]
    assert any("签收时间" in w["text"] for w in receipt_words)   # beside the signature lines


def test_unissued_notice_has_no_code(notice, fontset, tmp_path):
    sheet = sheets.notice_sheet(notice)
    assert sheet.codes() == []
    [image] = png(render.render([sheet], fontset), tmp_path, 100)
    assert decoded(image, 100) == {}


def test_chase_copies_carry_their_own_codes(chase, fontset, tmp_path):
    c = dataclasses.replace(chase, codes=(SIGNER.code(3, 9, chase.notice_serial, "C2-1"),
                                          SIGNER.code(3, 9, chase.notice_serial, "C2-2")))
    images = png(render.render([sheets.chase_sheet(c)], fontset), tmp_path)
    assert len(images) == 2
    for image, text in zip(images, c.codes, strict=True):
        found = decoded(image)
        assert list(found) == [text] and found[text][3] < 37
        assert not codes.parse(text).is_receipt
