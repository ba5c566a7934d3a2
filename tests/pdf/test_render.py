"""Read printed sheets back: page size, GB/T 9704 positions, embedded fonts, text, page numbers."""
import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from pdfcheck import MM, flat, ledger_row, page_text, read
from pypdf import PdfReader

from qjtasks.pdf import render, sheets
from qjtasks.pdf.data import DossierItem, DossierReport, HistoryEntry, Ledger, Office
from qjtasks.pdf.linebreak import CANNOT_END, CANNOT_START

A4_W, A4_H = 595.3, 841.9


@pytest.fixture
def notice_pdf_fn(fontset):
    return lambda *ns: render.render([sheets.notice_sheet(n) for n in ns], fontset)


def test_notice_is_one_a4_page_with_every_field(notice, notice_pdf_fn):
    pdf = notice_pdf_fn(notice)
    with read(pdf) as doc:
        assert len(doc.pages) == 1
        assert (round(doc.pages[0].width, 1), round(doc.pages[0].height, 1)) == (A4_W, A4_H)
    text = flat(page_text(pdf))
    for want in ("督办通知单", "綦发改督〔2026〕7号", notice.title, notice.requirements,
                 "请于2026年12月25日前书面反馈", "签收回执", "沿此线剪开", "王督办",
                 "023-48600000", "2027年2月25日", "区经济信息委"):
        assert flat(want) in text, want


def test_gbt_9704_geometry_within_1mm(notice, notice_pdf_fn):
    pdf = notice_pdf_fn(notice)
    with read(pdf) as doc:
        page = doc.pages[0]
        chars = [c for c in page.chars if c["text"].strip()]
        top = min(c["top"] for c in chars)
        assert abs(top / MM - 37) <= 1, top / MM
        title = [c for c in chars if c["text"] == "督"][0]
        assert abs(title["size"] - 22) < 0.1
        body_left = min(c["x0"] for c in chars if c["text"] == "注")
        assert abs(body_left / MM - 28) <= 1
        rights = [ln["x1"] for ln in page.lines] + [r["x1"] for r in page.rects]
        assert abs(max(rights) / MM - (28 + 156)) <= 1
        lefts = [ln["x0"] for ln in page.lines] + [r["x0"] for r in page.rects]
        assert abs(min(lefts) / MM - 28) <= 1
        number = [c for c in chars if c["top"] > 262 * MM]
        assert "".join(c["text"] for c in number).replace(" ", "") == "—1—"
        assert all(abs(c["size"] - 14) < 0.1 for c in number)
        assert abs(min(c["top"] for c in number) / MM - (37 + 225 + 7)) <= 1
        right_edge = (28 + 156) * MM - 14
        assert abs(max(c["x1"] for c in number) - right_edge) <= 1 * MM


def test_even_pages_put_the_number_on_the_left(notice, notice_pdf_fn):
    long = replace(notice, requirements="绿色发展宣传。" * 400)
    pdf = notice_pdf_fn(long)
    with read(pdf) as doc:
        assert len(doc.pages) >= 2
        page = doc.pages[1]
        number = [c for c in page.chars if c["top"] > 262 * MM and c["text"].strip()]
        assert "".join(c["text"] for c in number).replace(" ", "") == "—2—"
        assert abs(min(c["x0"] for c in number) - (28 * MM + 14)) <= 1 * MM
        body = [c for c in page.chars if c["top"] < 262 * MM]
        assert abs(min(c["top"] for c in body) / MM - 37) <= 1


def test_fonts_are_embedded_subsets(notice, notice_pdf_fn):
    reader = PdfReader(io.BytesIO(notice_pdf_fn(notice)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    used = {c["fontname"] for c in read(notice_pdf_fn(notice)).pages[0].chars}
    assert all("+" in name for name in used), used  # subset fonts only (AAAAAA+UMingCN-0)
    for ref in fonts.values():
        font = ref.get_object()
        if font["/Subtype"] == "/Type1":  # reportlab's unused default Helvetica entry
            continue
        desc = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()[
            "/FontDescriptor"]
        assert "/FontFile2" in desc.get_object(), font["/BaseFont"]


def test_hostile_text_prints_literally(notice, notice_pdf_fn):
    hostile = 'A&B <b>粗体</b> "引号" \'单引\' <script>x</script> &amp; 好😀 \U0001FAE8 end'
    pdf = notice_pdf_fn(replace(notice, title=hostile, requirements=hostile))
    text = flat(page_text(pdf))
    assert flat('A&B<b>粗体</b>"引号"\'单引\'<script>x</script>&amp;') in text
    assert "[表情]" in text and "end" in text


def test_5000_character_text_flows_over_pages_without_loss(fontset, notice):
    note = "".join(f"第{i:04d}段进展情况说明，" for i in range(500))[:5000]
    item = DossierItem("綦发改督〔2026〕1号", "长文本事项", note, "区发改委", ("区财政局",),
                       "办理中", 50, dt.date(2026, 12, 31), note,
                       (HistoryEntry("2026-11-20", "进展反馈", "区发改委", "张三", note),))
    rep = DossierReport(Office(), dt.date(2026, 11, 25), "区政协三届一次会议", "024", "标题",
                        "包安洪", "綦发改函〔2022〕140号", dt.date(2022, 6, 27), "李炜", "B",
                        "", "", (item,))
    pdf = render.render([sheets.dossier_sheet(rep)], fontset)
    text = flat(page_text(pdf))
    assert len(read(pdf).pages) >= 6
    assert note.endswith("第0384段进展")
    for i in range(0, 385, 16):
        assert text.count(f"第{i:04d}段") == 2, i
    long_notice = render.render([sheets.notice_sheet(replace(notice, requirements=note))],
                                fontset)
    with read(long_notice) as doc:
        assert len(doc.pages) >= 3
        for p in doc.pages:
            assert max(c["bottom"] for c in p.chars) < A4_H
    ntext = flat(page_text(long_notice))
    assert all(f"第{i:04d}段" in ntext for i in range(0, 385, 11))
    assert "（续）" in ntext


def test_kinsoku_on_extracted_lines(fontset):
    para = ("推进绿色发展，要坚持“生态优先、绿色发展”。加强宣传（含新媒体）！"
            "开展“光盘行动”；落实《反食品浪费法》，狠抓落实？" * 30)
    rep = DossierReport(Office(), dt.date(2026, 11, 25), "会", "1", "题", "人", "文号", None,
                        "", "", "", para, ())
    pdf = render.render([sheets.dossier_sheet(rep)], fontset)
    with read(pdf) as doc:
        lines = [ln for p in doc.pages for ln in (p.extract_text() or "").split("\n")]
    lines = [ln.strip() for ln in lines if ln.strip() and not re.fullmatch(r"— \d+ —", ln)]
    assert len(lines) > 40
    assert not [ln for ln in lines if ln[0] in CANNOT_START]
    assert not [ln for ln in lines if ln[-1] in CANNOT_END]


def test_ledger_is_landscape_with_header_on_every_page(fontset):
    rows = tuple(ledger_row(i, ["红", "黄", "绿", "完成"][i % 4]) for i in range(1, 61))
    pdf = render.render([sheets.ledger_sheet(Ledger(Office(), dt.date(2026, 11, 25), rows))],
                        fontset)
    with read(pdf) as doc:
        n = len(doc.pages)
        assert n >= 3
        for k, page in enumerate(doc.pages, 1):
            assert page.width > page.height
            text = flat(page.extract_text())
            assert "序号督办编号事项来源牵头单位配合单位交办日期" in text
            assert f"第{k}页共{n}页" in text
        assert "●红" in flat("".join(p.extract_text() for p in doc.pages[:2]))
    text = flat(page_text(pdf))
    assert all(f"事项{i}" in text for i in range(1, 61))


def test_batch_of_notices_numbers_each_sheet_from_one(notice, notice_pdf_fn):
    pdf = notice_pdf_fn(notice, replace(notice, unit="区经济信息委"))
    with read(pdf) as doc:
        assert len(doc.pages) == 2
        for page in doc.pages:
            number = [c["text"] for c in page.chars if c["top"] > 262 * MM]
            assert "".join(number).replace(" ", "") == "—1—"


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_pages_render_to_png(tmp_path, notice, chase, notice_pdf_fn, fontset):
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(notice_pdf_fn(notice))
    render.render_to(tmp_path / "c.pdf", [sheets.chase_sheet(chase)], fontset)
    for name in ("n", "c"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, capture_output=True, timeout=60)
    pngs = sorted(tmp_path.glob("*.png"))
    assert len(pngs) == 3
    from PySide6.QtGui import QImage
    img = QImage(str(pngs[-1]))
    assert abs(img.width() - 661) <= 2 and abs(img.height() - 935) <= 2  # A4 at 80 dpi
    dark = sum(1 for y in range(0, img.height(), 4) for x in range(0, img.width(), 4)
               if img.pixelColor(x, y).lightness() < 128)
    assert dark > 200, "the page has ink on it"
