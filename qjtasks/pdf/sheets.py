"""Sheets as data: NoticeData, ChaseData, Ledger … → `blocks.Sheet` (pure, no reportlab).

Wording and rows follow DOMAIN.md §5 and the office's paper forms: 督办通知单 with its tear-off
签收回执, 催办通知单 in two copies (单位留存联, 存档联), the landscape 督办事项汇总表, the
单位办理情况表 (counts only, no ranking of people) and the 提案办理情况报告 for one dossier.
Portrait sheets measure 156 mm across (GB/T 9704 text block); the ledger 267 mm.
"""
from __future__ import annotations

import datetime as dt
import re

from .blocks import (
    GBT,
    OF_TOTAL,
    Beside,
    Cell,
    CutLine,
    Gap,
    Grid,
    Keep,
    MarginCode,
    NewPage,
    Row,
    Sheet,
    Text,
)
from .data import ChaseData, DossierReport, Ledger, NoticeData, UnitReport

W = 156.0        # portrait text block width, mm
LABEL = 32.0     # label column of the notice forms
LIGHT_MARKS = {"红": "●红", "黄": "◆黄", "绿": "○绿", "未定时限": "—未定时限", "完成": "√完成"}


def cn(day: dt.date | None, blank: str = "    年  月  日") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else blank


def cn_cell(day: dt.date | None) -> str:
    """A date in Chinese for a narrow ledger cell: the year on a line of its own."""
    return f"{day.year}年\n{day.month}月{day.day}日" if day else ""


def md(day: dt.date | None) -> str:
    return f"{day.month}月{day.day}日" if day else "×月×日"


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def quoted(text: str) -> str:
    """“text”, with quotes inside it turned into the nested ‘’ (GB/T 15834)."""
    inner = re.sub(r'"([^"]*)"', "‘\\1’", text.replace("“", "‘").replace("”", "’"))
    return f"“{inner}”"


def _pair(label: str, value: str, *, min_height: float = 0, continued: str = "") -> Row:
    return Row((Cell(label, LABEL, align="center"), Cell(value, W - LABEL)),
               min_height=min_height, continued=continued)


def _quad(l1: str, v1: str, l2: str, v2: str) -> Row:
    half = (W - 2 * LABEL) / 2
    return Row((Cell(l1, LABEL, align="center"), Cell(v1, half),
                Cell(l2, LABEL, align="center"), Cell(v2, half)))


def _head(office: str, title: str, serial: str, tight: bool = False) -> list:
    line, title_line = (22, 31) if tight else (24, 34)
    return [Text(office, size=16, align="center", leading=line),
            Text(title, role="title", size=22, align="center", leading=title_line, after=1),
            Text(serial, size=16, align="right", leading=line)]


def notice_sheet(n: NoticeData) -> Sheet:
    role = "牵头单位" if n.role == "牵头" else "配合单位"
    sample = "（示例分工，以实际交办为准）" if n.is_sample else ""
    deadline = cn(n.deadline)
    if n.original_deadline and n.original_deadline != n.deadline:
        deadline += f"（原{cn(n.original_deadline)}）"
    blocks = [MarginCode(n.notice_code),
              *_head(n.office.name, "督 办 通 知 单", n.serial or "（未交办，无编号）", True),
              Text(f"{n.unit}（{role}）：现将下列事项交你单位办理，请抓紧落实并按时反馈。",
                   size=14, leading=20, after=1.5),
              Grid((_pair("督办事项", n.title),
                    _pair("来　　源", n.source),
                    _pair("督办内容", n.requirements or n.title, continued="（续）"),
                    _pair("牵头单位", n.lead_unit + sample),
                    _pair("配合单位", "、".join(n.co_units) or "无"),
                    _quad("交办日期", cn(n.assigned_on), "办结时限", deadline),
                    _pair("反馈要求", f"{n.cycle}；办结后及时报送办结报告" if n.cycle
                          else "办结后及时报送办结报告"),
                    _quad("督办联系人", n.office.contact, "联系电话", n.office.phone),
                    Row((Cell("办理情况", LABEL, align="center"),
                         Cell("", W - LABEL, ruled=3, footer="承办单位负责人（签字）：　　　　　"
                              "（盖章）\n年　　月　　日")))), size=12, leading=16.5, pad=1.0),
              _notice_foot(n),
              Keep((CutLine(before=1.5, after=1),
                    Text("签 收 回 执", role="title", size=16, align="center", leading=20),
                    Beside(Grid(_receipt_rows(n), size=12, leading=16, pad=0.5, border=False),
                           n.receipt_code, RECEIPT_CODE)))]
    return Sheet(f"督办通知单 {n.serial} {n.unit}", tuple(blocks), numbering=GBT,
                 meta={"serial": n.serial, "unit": n.unit})


def _notice_foot(n: NoticeData) -> Grid:
    """注 (reply-by date) at the left, the issuing office and date (落款) at the right."""
    note = f"注：请于{cn(n.feedback_by, '×月×日')}前书面反馈办理情况。"
    sign_off = f"{n.office.name}\n{cn(n.assigned_on)}"
    return Grid((Row((Cell(note, 93), Cell(sign_off, W - 93, align="right")), rule_above=False),),
                size=12, leading=17, pad=0.5, border=False, before=1.5)


RECEIPT_CODE = 22.0   # mm, the receipt's QR code beside its rows


def _receipt_rows(n: NoticeData) -> tuple[Row, ...]:
    """Four lines beside the receipt's code (one more than the code's height needs)."""
    width = W - (RECEIPT_CODE + 2 if n.receipt_code else 0)
    half, left = width / 2, 50.0
    rows = [Row((Cell(f"督办编号：{n.serial}", half), Cell(f"签收单位：{n.unit}", width - half)),
                rule_above=False),
            Row((Cell(f"事　　项：{n.title}", width),), rule_above=False),
            Row((Cell("签 收 人：＿＿＿＿＿", left),
                 Cell("签收时间：＿＿年＿＿月＿＿日＿＿时", width - left)), rule_above=False)]
    if n.office_fingerprint:
        rows.append(Row((Cell(f"督办单位指纹：{n.office_fingerprint}（可电话核对）", width),),
                        rule_above=False))
    return tuple(rows)


def chase_sheet(c: ChaseData) -> Sheet:
    blocks: list = []
    for k, copy in enumerate(("第一联　单位留存联", "第二联　存档联")):
        if k:
            blocks.append(NewPage())
        code = c.codes[k] if k < len(c.codes) else ""
        blocks += [MarginCode(code),
                   Text(copy, size=12, align="right", leading=18),
                   *_head(c.office.name, "催 办 通 知 单", c.serial),
                   Text(f"{c.unit}：", leading=26),
                   Text(_chase_body(c), indent=11.3, leading=28, after=1.5),
                   Grid(_chase_rows(c), size=14, leading=22),
                   *([Text(f"抄送：{c.copy_to}", size=14, leading=22, before=2)]
                     if c.copy_to else []),
                   Text(c.office.name, align="right", leading=26, before=8),
                   Text(cn(c.issued_on), align="right", leading=26)]
    return Sheet(f"催办通知单 {c.serial} {c.unit}", tuple(blocks), numbering=GBT,
                 meta={"serial": c.serial, "unit": c.unit, "number": c.number})


def _chase_body(c: ChaseData) -> str:
    late = (f"已逾期{c.days_overdue}个工作日" if c.days_overdue > 0
            else "尚未按要求反馈办理情况")
    return (f"你单位承办的{quoted(c.title)}（{c.notice_serial}），办结时限为{cn(c.current_deadline)}，"
            f"截至{cn(c.issued_on)}{late}。现进行第{c.number}次催办，请高度重视，抓紧办理，"
            f"并于{cn(c.reply_by)}前书面回复办理情况及未按期办结的原因。")


def _chase_rows(c: ChaseData) -> tuple[Row, ...]:
    original = cn(c.original_deadline)
    if c.current_deadline and c.current_deadline != c.original_deadline:
        original += f"（已延期至{cn(c.current_deadline)}）"
    last = (f"{cn(c.last_feedback_on)}：{c.last_feedback}" if c.last_feedback_on
            else "交办以来未收到反馈")
    return (_pair("督办编号", c.notice_serial), _pair("督办事项", c.title),
            _quad("原办结时限", original, "逾期天数", f"{max(c.days_overdue, 0)}个工作日"),
            _quad("催办次数", f"第{c.number}次", "回复期限", cn(c.reply_by)),
            _pair("最近反馈", last, continued="（续）"))


LEDGER_COLS = [("序号", 9), ("督办编号", 22), ("事项", 28), ("来源", 20), ("牵头单位", 18),
               ("配合单位", 20), ("交办日期", 18), ("办结时限（原/延）", 22), ("最近反馈", 18),
               ("未更新天数", 10), ("进展摘要", 30), ("%", 8), ("灯色", 12), ("催办次数", 9),
               ("状态", 12), ("备注", 11)]
LEDGER_SUMMARY_CHARS = 60


def ledger_sheet(lg: Ledger) -> Sheet:
    header = Row(tuple(Cell(h, w, align="center", role="heading") for h, w in LEDGER_COLS))
    rows = [header] + [_ledger_row(r) for r in lg.rows]
    if not lg.rows:
        rows.append(Row((Cell("（无符合条件的事项）", sum(w for _, w in LEDGER_COLS),
                              align="center"),)))
    blocks = (Text("督办事项汇总表", role="title", size=22, align="center", leading=30),
              Text(f"{lg.office.name}　　范围：{lg.scope}　　共{len(lg.rows)}项　　"
                   f"截至{cn(lg.today)}", size=11, align="center", leading=18, after=2),
              Grid(tuple(rows), size=9, leading=12.5, header_rows=1, pad=1.0,
                   shade_header=True),
              Text("灯色：●红 已逾期；◆黄 临近期限或反馈超期；○绿 正常；√完成 已办结或撤销。"
                   "未更新天数为自然日。", size=9, leading=14, before=1.5))
    return Sheet("督办事项汇总表", blocks, landscape=True, numbering=OF_TOTAL,
                 meta={"rows": len(lg.rows)})


def _ledger_row(r) -> Row:
    summary = r.summary if len(r.summary) <= LEDGER_SUMMARY_CHARS else (
        r.summary[:LEDGER_SUMMARY_CHARS] + "…")
    deadline = cn_cell(r.original_deadline)
    if r.current_deadline and r.current_deadline != r.original_deadline:
        deadline += f"/\n{cn_cell(r.current_deadline)}"
    values = [str(r.no), r.serial or "（未交办）", r.title, r.source, r.lead_unit, r.co_units,
              cn_cell(r.assigned_on), deadline, cn_cell(r.last_feedback_on),
              "" if r.stale_days is None else str(r.stale_days), summary, f"{r.percent}",
              LIGHT_MARKS.get(r.light, r.light), str(r.chases), r.status, r.remark]
    aligns = {0, 1, 6, 7, 8, 9, 11, 12, 13, 14}
    return Row(tuple(Cell(v, w, align="center" if i in aligns else "left")
                     for i, (v, (_, w)) in enumerate(zip(values, LEDGER_COLS, strict=True))))


UNIT_COLS = [("序号", 10), ("单位", 32), ("牵头", 12), ("配合", 12), ("按期", 12), ("逾期", 12),
             ("已办结", 14), ("逾期办结按原时限", 18), ("逾期办结按批准时限", 18), ("办结率", 16)]


def unit_report_sheet(rep: UnitReport) -> Sheet:
    rows = [Row(tuple(Cell(h, w, align="center", role="heading") for h, w in UNIT_COLS))]
    for i, r in enumerate(rep.rows, 1):
        vals = [str(i), r.unit, str(r.led), str(r.co), str(r.on_time), str(r.overdue),
                str(r.closed), str(r.late_original), str(r.late_approved),
                f"{r.closure_rate * 100:.1f}%"]
        rows.append(Row(tuple(Cell(v, w, align="left" if k == 1 else "center")
                              for k, (v, (_, w)) in enumerate(zip(vals, UNIT_COLS, strict=True)))))
    total = [sum(getattr(r, f) for r in rep.rows) for f in (
        "led", "co", "on_time", "overdue", "closed", "late_original", "late_approved", "total")]
    rate = f"{total[4] / total[7] * 100:.1f}%" if total[7] else "—"
    rows.append(Row(tuple(Cell(v, w, align="center") for v, (_, w) in zip(
        ["", "合计", *map(str, total[:7]), rate], UNIT_COLS, strict=True))))
    blocks = (Text("单位办理情况表", role="title", size=22, align="center", leading=34),
              Text(f"截至{cn(rep.today)}", size=14, align="center", leading=24, after=2),
              Grid(tuple(rows), size=12, leading=18, header_rows=1, shade_header=True),
              Text("说明：按承办单位统计督办事项件数（牵头、配合分别计数），按期指未超过办结时限，"
                   "办结率＝已办结件数÷承办件数。逾期办结按原时限对照最初确定的办结时限（考核口径，批准延期不改变），"
                   "按批准时限对照批准延期后的时限，以审结的办结报告报送日期计。仅统计件数，不对个人排名。", size=12, leading=20,
                   before=2))
    return Sheet("单位办理情况表", blocks, numbering=GBT)


def dossier_sheet(d: DossierReport) -> Sheet:
    b: list = [Text("提案办理情况报告", role="title", size=22, align="center", leading=34),
               Text(f"{d.session}第{d.number}号提案", size=16, align="center", leading=26,
                    after=3),
               Text("一、提案基本情况", role="heading", leading=28),
               Text(f"提案《{d.title}》，提案人{d.proposer}。", indent=11.3, leading=28),
               Text("二、答复情况", role="heading", leading=28),
               Text(f"{d.office.name}以{d.reply_doc}于{cn(d.reply_date, '日期不详')}答复，"
                    f"签发人{d.reply_signer or '—'}，答复类别为{d.answer_class or '—'}类。"
                    f"{d.ratings}", indent=11.3, leading=28)]
    if d.reply_summary:
        b.append(Text(d.reply_summary, indent=11.3, leading=28))
    b.append(Text(f"三、督办事项办理情况（共{len(d.items)}项）", role="heading", leading=28))
    for k, it in enumerate(d.items, 1):
        b += _dossier_item(k, it)
    b.append(Text(f"{d.office.name}　{cn(d.today)}", align="right", leading=28, before=6))
    return Sheet(f"提案办理情况报告 第{d.number}号", tuple(b), numbering=GBT)


def _dossier_item(k: int, it) -> list:
    from qjtasks.core.circular import cn_num  # (circular brings dateutil: not for a notice)
    owners = f"牵头单位：{it.lead_unit or '未指定'}；配合单位：{'、'.join(it.co_units) or '无'}。"
    out = [Text(f"（{cn_num(k)}）{it.title}", role="heading", size=16, leading=28, before=1),
           Text(f"督办编号：{it.serial or '未交办'}。{owners}状态：{it.status}，进度{it.percent}%，"
                f"办结时限{cn(it.deadline, '未定')}。", indent=11.3, leading=28),
           Text(f"最新进展：{it.latest or '尚无反馈'}", indent=11.3, leading=28)]
    if it.history:
        out.append(Text("办理过程：", leading=28))
        for h in it.history:
            who = "，".join(x for x in (h.unit, h.who) if x)
            out.append(Text(f"{h.date}　{h.kind}{'（' + who + '）' if who else ''}：{h.text}",
                            size=14, leading=22, indent=0))
    return out


def notices_for(items: list[NoticeData]) -> list[Sheet]:
    return [notice_sheet(n) for n in items]


__all__ = ["notice_sheet", "chase_sheet", "ledger_sheet", "unit_report_sheet", "dossier_sheet",
           "notices_for", "Gap"]
