"""PDF of the 通报 draft and of the leader's one-page periodic summary (reportlab).

Layout follows GB/T 9704 where it applies: A4, top margin 37 mm, binding margin 28 mm, text
block 156 mm wide, title 22 pt, body 16 pt (summary tables smaller so one page holds them), page
number "— 1 —" below the text block. The CJK face is embedded TrueType (AR PL UMing, or the first
installed fallback), never a missing-glyph box. All user text is XML-escaped before it reaches a
Paragraph, so `<&>` in a title prints as written.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from qjtasks.core.calendar import cn_date
from qjtasks.core.circular import Circular, cn_num
from qjtasks.core.errors import QjtasksError
from qjtasks.core.rows import d

FONT = "QjCJK"
CANDIDATES = [("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
              ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
              ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
              ("C:/Windows/Fonts/simsun.ttc", 0), ("C:/Windows/Fonts/simhei.ttf", 0)]
TOP, LEFT, WIDTH = 37 * mm, 28 * mm, 156 * mm


def register_font() -> str:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    for path, index in CANDIDATES:
        if Path(path).is_file():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=index))
            return FONT
    raise QjtasksError("未找到可嵌入的中文字体（如 AR PL UMing、宋体），无法生成 PDF")


def _styles(body: float = 16) -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle("body", fontName=font, fontSize=body, leading=body * 1.75,
                          wordWrap="CJK", firstLineIndent=2 * body)
    return {"title": ParagraphStyle("title", parent=base, fontSize=22, leading=34,
                                    alignment=TA_CENTER, firstLineIndent=0),
            "sub": ParagraphStyle("sub", parent=base, alignment=TA_CENTER, firstLineIndent=0),
            "body": base,
            "flat": ParagraphStyle("flat", parent=base, firstLineIndent=0),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
            "cell": ParagraphStyle("cell", parent=base, fontSize=11, leading=15,
                                   firstLineIndent=0)}


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 14)
    text = f"— {doc.page} —"
    y = A4[1] - TOP - 225 * mm - 7 * mm - 14
    if doc.page % 2:
        canvas.drawRightString(LEFT + WIDTH, y, text)
    else:
        canvas.drawString(LEFT, y, text)
    canvas.restoreState()


def _build(path: str | Path, story: list, title: str) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    doc = SimpleDocTemplate(str(tmp), pagesize=A4, topMargin=TOP, leftMargin=LEFT,
                            rightMargin=A4[0] - LEFT - WIDTH, bottomMargin=25 * mm,
                            title=title, author="qjtasks")
    try:
        doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise QjtasksError(f"无法写入“{path}”：{exc.strerror or exc}") from None
    return path


def _grid(rows: list[list], widths: list[float], style: ParagraphStyle) -> Table:
    cells = [[Paragraph(escape(str(v)), style) for v in r] for r in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def render_circular(c: Circular, path: str | Path) -> Path:
    """The 通报 draft: overview table by unit, then each unit's overdue items."""
    s = _styles()
    story = [Paragraph("关于督办事项逾期未办结情况的通报", s["title"]),
             Paragraph("（草稿）", s["sub"]), Spacer(1, 6 * mm)]
    if not c.units:
        story.append(Paragraph(f"截至{cn_date(c.today)}，没有超过办结时限未办结的督办事项。",
                               s["body"]))
        return _build(path, story, "通报（草稿）")
    story += [Paragraph("各有关单位：", s["flat"]),
              Paragraph(f"截至{cn_date(c.today)}，共有{c.total}项督办事项超过办结时限仍未办结，"
                        f"涉及{len(c.units)}个牵头单位。现将有关情况通报如下：", s["body"]),
              _grid(_overview(c), [56 * mm, 30 * mm, 40 * mm, 30 * mm], s["cell"]),
              Spacer(1, 4 * mm)]
    for n, group in enumerate(c.units, 1):
        story.append(Paragraph(escape(f"{cn_num(n)}、{group['unit']}（{group['count']}项）"),
                               s["body"]))
        for k, e in enumerate(group["items"], 1):
            story.append(Paragraph(escape(_line(k, e)), s["body"]))
    story += [Paragraph(f"请上述单位高度重视，加快办理进度，于{cn_date(c.reply_by)}前将办理情况"
                        "及逾期原因书面报送督办单位。", s["body"]), Spacer(1, 10 * mm),
              Paragraph(escape(c.office), s["right"]), Paragraph(cn_date(c.today), s["right"])]
    return _build(path, story, "通报（草稿）")


def _overview(c: Circular) -> list[list]:
    rows = [["牵头单位", "逾期项数", "最早办结时限", "最长逾期（工作日）"]]
    for g in c.units:
        rows.append([g["unit"], g["count"], min(e["deadline"] for e in g["items"]),
                     max(e["overdue_workdays"] for e in g["items"])])
    rows.append(["合计", c.total, "", ""])
    return rows


def _line(k: int, e: dict) -> str:
    serial = f"（{e['serial']}）" if e["serial"] else ""
    chased = f"已催办{e['chase_count']}次" if e["chase_count"] else "尚未催办"
    return (f"{k}. {e['title']}{serial}：办结时限{cn_date(d(e['deadline']))}，"
            f"已逾期{e['overdue_workdays']}个工作日，{chased}。")


def render_summary(s: dict, path: str | Path) -> Path:
    """One page for the leader: the period's figures and a per-unit table."""
    st = _styles(14)
    t = s["totals"]
    story = [Paragraph(f"督办工作{s['label']}报", st["title"]),
             Paragraph(f"{cn_date(d(s['start']))}至{cn_date(d(s['end']))}", st["sub"]),
             Spacer(1, 4 * mm),
             Paragraph(f"本{s['label']}新交办{t['new']}项，办结{t['closed']}项；目前在办{t['open']}项，"
                       f"其中逾期{t['overdue']}项，超过{s['stagnant_days']}天未反馈{t['stagnant']}项。",
                       st["body"]), Spacer(1, 3 * mm)]
    rows = [["牵头单位", "新交办", "办结", "在办", "逾期", "停滞"]]
    rows += [[r["unit"], r["new"], r["closed"], r["open"], r["overdue"], r["stagnant"]]
             for r in s["units"]]
    rows.append(["合计", t["new"], t["closed"], t["open"], t["overdue"], t["stagnant"]])
    size = 11 if len(rows) <= 24 else max(6, int(11 * 24 / len(rows)))
    cell = ParagraphStyle("c", parent=st["cell"], fontSize=size, leading=size * 1.35)
    story.append(_grid(rows, [56 * mm] + [20 * mm] * 5, cell))
    story += [Spacer(1, 4 * mm), Paragraph(
        f"注：逾期指超过办结时限仍未办结；停滞指{s['stagnant_days']}天以上未报送进展。"
        "仅统计事项数量，不对个人排名。", ParagraphStyle("n", parent=st["flat"], fontSize=10,
                                                   leading=14)),
              Paragraph(escape(f"{s['office']}　{cn_date(d(s['today']))}"), st["right"])]
    return _build(path, story, f"督办工作{s['label']}报")
