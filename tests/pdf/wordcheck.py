"""Reading a .docx back with python-docx: all text (body and nested tables), fonts, fields."""
import io

from docx import Document
from docx.oxml.ns import qn


def open_docx(data_or_path):
    if isinstance(data_or_path, bytes | bytearray):
        return Document(io.BytesIO(data_or_path))
    return Document(str(data_or_path))


def para_text(p) -> str:
    """A w:p's visible text: its w:t runs and tabs, not field codes."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab")):
        if el.tag == qn("w:tab"):
            if el.getparent().tag == qn("w:r"):
                out.append("\t")
        else:
            out.append(el.text or "")
    return "".join(out)


def lines(doc) -> list[str]:
    """Every paragraph's text in document order, those inside tables (nested too) included."""
    return [para_text(p) for p in doc.element.body.iter(qn("w:p"))]


def squeezed(doc) -> str:
    return "".join("".join(lines(doc)).split())


def fields(part) -> list[str]:
    return [el.text.strip() for el in part._element.iter(qn("w:instrText"))]


def east_asian_fonts(doc, needle: str) -> set[str]:
    """The w:eastAsia fonts of the runs whose text contains `needle`."""
    found = set()
    for r in doc.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if needle in text:
            fonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts"))
            found.add(fonts.get(qn("w:eastAsia")) if fonts is not None else None)
    return found


def sizes(doc, needle: str) -> set[float]:
    found = set()
    for r in doc.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if needle in text:
            sz = r.find(qn("w:rPr") + "/" + qn("w:sz"))
            found.add(int(sz.get(qn("w:val"))) / 2 if sz is not None else None)
    return found


def images(doc) -> list[bytes]:
    """The pictures in document order (blips resolved through the part's relationships)."""
    part = doc.part
    out = []
    for blip in doc.element.body.iter(qn("a:blip")):
        out.append(part.related_parts[blip.get(qn("r:embed"))].blob)
    return out
