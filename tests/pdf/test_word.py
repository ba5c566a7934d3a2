"""Word copies of every sheet, read back with python-docx: same words, GB/T 9704 page, fonts,
page numbers, QR codes that still decode."""
import dataclasses
import datetime as dt

import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from PIL import Image
from wordcheck import east_asian_fonts, fields, images, lines, open_docx, sizes, squeezed

from qjtasks.core import circular
from qjtasks.core.models import ItemEdit
from qjtasks.exchange import keys
from qjtasks.paper import codes
from qjtasks.pdf import adapters, jobs, output, sheets, word
from qjtasks.pdf.circular import circular_sheet, summary_sheet
from qjtasks.pdf.output import output_format

D = dt.date
TODAY = D(2026, 11, 25)
SIGNER = codes.Signer(keys.KeyPair.generate())


@pytest.fixture
def running(seeded):
    for item_id, deadline in ((1, "2026-11-10"), (2, "2026-11-16"), (10, "2026-11-20")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2026, 9, 1))
    seeded.items.edit(10, ItemEdit(title="<b>绿色工厂</b> & 培育库"))
    seeded.chases.add(1, None, method="书面", chased_on=TODAY, rung="催办通知单")
    return seeded


def mm(*lengths) -> tuple:
    """Lengths in whole millimetres (Word stores twips: 210 mm comes back as 210.01)."""
    return tuple(round(x / Mm(1), 1) for x in lengths)


def all_sheets(services):
    store = services.store
    return {
        "督办通知单": jobs.notices_for_item(store, 10, TODAY).sheets,
        "催办通知单": [sheets.chase_sheet(adapters.chase_from_store(store, 1, None, TODAY))],
        "通报": [circular_sheet(circular.overdue_by_unit(store, TODAY))],
        "周报": [summary_sheet(circular.period_summary(store, TODAY, "week"))],
        "月报": [summary_sheet(circular.period_summary(store, TODAY, "month"))],
        "汇总表": jobs.ledger_for_ids(store, None, TODAY).sheets,
        "单位办理情况表": jobs.unit_report(store, TODAY).sheets,
        "提案办理情况报告": jobs.dossier_report(store, 1, TODAY).sheets,
    }


def test_every_sheet_says_in_word_what_it_says_in_the_pdf(running):
    for name, built in all_sheets(running).items():
        doc = open_docx(word.render(built))
        text = squeezed(doc)
        for sheet in built:
            for line in sheet.text().split("\n"):
                assert "".join(line.split()) in text, (name, line)
        assert len(doc.sections) == len(built), name


def test_page_fonts_and_numbers_follow_gbt_9704(running):
    built = jobs.notices_for_item(running.store, 1, TODAY).sheets
    doc = open_docx(word.render(built))
    assert len(doc.sections) == 3            # one section per unit's notice
    for section in doc.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert mm(section.page_width, section.page_height) == (210, 297)
        assert mm(section.top_margin, section.bottom_margin) == (37, 35)
        assert mm(section.left_margin, section.right_margin) == (28, 26)
        assert section._sectPr.find("{*}pgNumType").get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"
        odd, even = section.footer, section.even_page_footer
        assert odd.paragraphs[0].text == "— 1 —" and fields(odd) == ["PAGE"]
        assert odd.paragraphs[0].alignment == 2 and even.paragraphs[0].alignment == 0  # R / L
        assert odd.paragraphs[0].paragraph_format.right_indent == Pt(14)
        assert {r.font.size for r in odd.paragraphs[0].runs} == {Pt(14)}
    assert doc.settings.odd_and_even_pages_header_footer
    assert east_asian_fonts(doc, "督 办 通 知 单") == {"方正小标宋简体"}
    assert sizes(doc, "督 办 通 知 单") == {22}
    assert east_asian_fonts(doc, "重庆市綦江区发展和改革委员会") == {"仿宋_GB2312"}
    assert sizes(doc, "重庆市綦江区发展和改革委员会") == {16, 12}   # 三号 head, 小四 落款
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    c = circular_sheet(circular.overdue_by_unit(running.store, TODAY))
    assert "<b>绿色工厂</b> & 培育库" in "".join(lines(open_docx(word.render([c]))))  # literal


def test_ledger_is_landscape_with_repeated_header_and_page_of_total(running):
    doc = open_docx(word.render(jobs.ledger_for_ids(running.store, None, TODAY).sheets))
    [section] = doc.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert mm(section.page_width, section.page_height) == (297, 210)
    assert fields(section.footer) == ["PAGE", "SECTIONPAGES"]
    assert section.footer.paragraphs[0].text == "第1页 共1页"
    table = doc.tables[0]
    header = table.rows[0]
    assert header._tr.trPr.find("{*}tblHeader") is not None
    assert [c.text for c in header.cells] == [h for h, _ in sheets.LEDGER_COLS]
    assert round(sum(c.width for c in header.cells) / Mm(1)) == 267
    assert "●红" in [c.text for c in table.rows[1].cells]


def test_notice_grid_spans_and_receipt_code_beside_its_rows(notice):
    coded = dataclasses.replace(
        notice, notice_code=SIGNER.code(7, 2, notice.serial, "N"),
        receipt_code=SIGNER.code(7, 2, notice.serial, "R"), office_fingerprint=SIGNER.fingerprint)
    doc = open_docx(word.render([sheets.notice_sheet(coded)]))
    form = doc.tables[0]
    assert len(form.columns) == 4       # label | value | label | value; pairs span three
    row = form.rows[0]
    assert row.cells[1]._tc is row.cells[3]._tc and row.cells[0].text == "督办事项"
    assert [c.text for c in form.rows[5].cells] == ["交办日期", "2026年11月25日", "办结时限",
                                                    "2027年2月25日"]
    import zxingcpp
    found = []
    for blob in images(doc):
        import io
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(blob)))]
    assert found == [coded.notice_code, coded.receipt_code]
    anchor = doc.element.body.find(".//{*}anchor")     # the notice code floats in the margin
    assert anchor is not None and anchor.find("{*}positionV").get("relativeFrom") == "page"
    receipt = doc.tables[-1]           # the code's table: rows left, code right
    assert "签收时间" in receipt.rows[0].cells[0].tables[0].rows[2].cells[1].text
    assert receipt.rows[0].cells[1]._tc.find(".//{*}blip") is not None
    assert SIGNER.fingerprint in squeezed(doc)


def test_chase_copies_start_on_their_own_page(chase):
    doc = open_docx(word.render([sheets.chase_sheet(chase)]))
    breaks = [p for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == 1
    texts = [p.text for p in doc.paragraphs]
    assert sizes(doc, "你单位承办的") == {16} and east_asian_fonts(doc, "你单位承办的") == {
        "仿宋_GB2312"}
    body = next(p for p in doc.paragraphs if p.text.startswith("你单位承办的"))
    assert body.paragraph_format.first_line_indent == Pt(32)     # two characters
    assert body.paragraph_format.line_spacing == Pt(28)
    assert texts.index("第二联\u3000存档联") > texts.index("第一联\u3000单位留存联")


def test_format_from_option_or_name():
    assert output_format("a.docx") == "docx" and output_format("a.PDF") == "pdf"
    assert output_format("a") == "pdf" and output_format("a", "docx") == "docx"
    with pytest.raises(Exception, match="扩展名是 .pdf，与格式 docx 不符"):
        output_format("a.pdf", "docx")


def test_write_is_atomic_and_says_nothing_about_fonts_for_word(notice, tmp_path):
    path, size, notes = output.write(tmp_path / "n.docx", [sheets.notice_sheet(notice)])
    assert path.exists() and size == path.stat().st_size and notes == []
    assert not list(tmp_path.glob("*.part"))
    assert "进一步加大绿色发展宣传学习" in squeezed(open_docx(path))
