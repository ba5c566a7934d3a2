"""Reading letters from files: encodings, .docx, text-layer PDF, and every kind of bad input."""
import io
import os
from pathlib import Path

import pytest

from qjtasks.core.errors import QjtasksError
from qjtasks.importers import LetterError, import_file, read_bytes, read_letter

LETTERS = Path(__file__).parent / "letters"
SEED = Path(__file__).parents[2] / "resources" / "seed" / "reply-024.txt"

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_encodings_are_detected(tmp_path, seed_text, register, encoding):
    path = tmp_path / f"letter-{encoding}.txt"
    path.write_bytes(seed_text.encode(encoding))
    result = import_file(path, register)
    assert result.document.doc_number == "綦发改函〔2022〕140号"
    assert len(result.plan_items) == 3


def test_gbk_letter_file_is_really_gbk(letter):
    raw = (LETTERS / "07_guangzhou_cg_renda_gbk.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "广州市城市管理和综合执法局" in letter("07_guangzhou_cg_renda_gbk.txt")


def _docx_bytes(paragraphs, table_row=None):
    import docx
    document = docx.Document()
    if table_row:
        table = document.add_table(rows=1, cols=len(table_row))
        for cell, text in zip(table.rows[0].cells, table_row, strict=True):
            cell.text = text
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_letter_with_header_table(tmp_path, seed_text, register):
    lines = seed_text.strip().split("\n")
    path = tmp_path / "复函.docx"
    path.write_bytes(_docx_bytes(lines[1:], table_row=[lines[0], "签发人：李炜"]))
    result = import_file(path, register)
    assert result.document.doc_number == "綦发改函〔2022〕140号"
    assert result.document.signer == "李炜"
    assert [c.text[:6] for c in result.plan_items] == ["进一步加大绿", "进一步强化科", "加速推行使用"]


def _pdf(path, lines, *, pages=None, width=28):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for para in lines:
        chunks = [para[i:i + width] for i in range(0, len(para), width)] or [""]
        for chunk in chunks:
            c.setFont("WQY", 12)
            c.drawString(60, y, chunk)
            y -= 18
            if y < 60:
                c.showPage()
                y = 800
    for _ in range(pages or 0):
        c.showPage()
    c.save()


@pytest.mark.skipif(not os.path.exists(FONT), reason="CJK font missing")
def test_pdf_with_text_layer_hard_wrapped(tmp_path, seed_text, register):
    path = tmp_path / "复函.pdf"
    _pdf(path, [x.strip() for x in seed_text.split("\n")])
    result = import_file(path, register)
    assert result.document.doc_number == "綦发改函〔2022〕140号"
    assert result.document.date.isoformat() == "2022-06-27"
    assert len(result.co_units) == 8
    assert len(result.plan_items) == 3
    assert result.plan_items[1].text.endswith("面向全区征集“产学研”合作项目。")
    assert any("车桩比" in c.text for c in result.other_commitments)


def test_image_only_pdf_is_refused_in_chinese(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)
    c.save()
    with pytest.raises(LetterError, match="没有文字层"):
        read_letter(path)


@pytest.mark.skipif(not os.path.exists(FONT), reason="CJK font missing")
def test_two_hundred_page_pdf_is_refused(tmp_path):
    path = tmp_path / "big.pdf"
    _pdf(path, ["复函"], pages=200)
    with pytest.raises(LetterError, match="200 页"):
        read_letter(path)


def test_two_hundred_pages_of_text_is_refused(tmp_path, seed_text):
    path = tmp_path / "big.txt"
    path.write_text(seed_text * 40, encoding="utf-8")
    with pytest.raises(LetterError, match="远超一份复函"):
        read_letter(path)


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "是空的"),
    ("blank.txt", b"  \n\r\n ", "是空的"),
    ("binary.bin", bytes(range(256)) * 20, "不是文本文件"),
    ("noise.txt", bytes((i * 37 + 11) % 128 + 128 for i in range(4000)), "无法识别"),
    ("broken.docx", b"PK\x03\x04" + b"not really a zip" * 50, "已损坏"),
    ("fake.docx", b"this is plain text pretending to be docx", "不是 Word 文件"),   # issue 16: not "damaged"
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .docx"),
    ("broken.pdf", b"%PDF-1.4\n" + b"garbage" * 100, "PDF"),
])
def test_bad_input_raises_a_chinese_qjtasks_error(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(QjtasksError, match=message) as info:
        read_letter(path)
    assert "Traceback" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(LetterError, match="找不到文件"):
        read_letter(tmp_path / "nope.txt")


def test_pasted_text_without_chinese_is_refused(register):
    from qjtasks.importers import parse_letter
    with pytest.raises(LetterError, match="没有中文"):
        parse_letter("hello world, this is not a letter", register)
    with pytest.raises(LetterError, match="空的"):
        parse_letter("   ", register)


def test_read_bytes_sniffs_content_not_extension(seed_text):
    assert read_bytes(seed_text.encode("gbk"), "letter.dat").startswith("\n綦发改函")
    assert SEED.exists()


def test_html_saved_letter_is_read_as_text(tmp_path, seed_text, register):
    body = "".join(f"<p>{line}</p>" for line in seed_text.split("\n"))
    path = tmp_path / "复函.htm"
    path.write_text(f"<html><head><style>p{{margin:0}}</style></head><body>{body}</body></html>",
                    encoding="gbk")
    result = import_file(path, register)
    assert result.document.doc_number == "綦发改函〔2022〕140号" and len(result.plan_items) == 3
    assert "margin" not in result.text


@pytest.mark.parametrize("name,data,message", [
    ("x.rtf", b"{\\rtf1\\ansi hello}", "RTF"),
    ("x.ofd", b"PK\x03\x04....OFD.xml....", "OFD"),
])
def test_unsupported_formats_get_a_way_forward(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LetterError, match=message):
        read_letter(path)


def _numbered_docx(seed_text):
    """reply-024 as Word would save it with automatic 一、 headings and 一是-less 1. points."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/>'
                               '</w:num>'))
    for line in seed_text.strip().split("\n"):
        line = line.strip()
        heading = len(line) < 25 and line[:1] in "一二三四五六" and line[1:2] == "、"
        para = document.add_paragraph(line[2:] if heading else line)
        if heading:
            para._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_automatic_numbering_is_rendered(tmp_path, seed_text, register):
    path = tmp_path / "auto.docx"
    path.write_bytes(_numbered_docx(seed_text))
    text = read_letter(path)
    assert "\n一、及时组织学习绿色发展相关知识" in text
    assert "\n四、下一步工作计划" in text  # Word counts only the numbered headings
    result = import_file(path, register)
    assert len(result.plan_items) == 3 and result.plan_items[0].section == "四、下一步工作计划"
