"""The 通报 draft, the leader's one-page summary and batches of 催办通知单 from the ladder.

`circular_sheet` and `summary_sheet` are pure (core data → `blocks.Sheet`), laid out on the
GB/T 9704 portrait block with the shared renderer, fonts and line breaker of this package: user
text is printed literally (no markup), CJK faces are embedded, page numbers “— N —”. The summary
shrinks its table text when there are many units so it stays on one page.
"""
from __future__ import annotations

from pathlib import Path

from qjtasks.core.circular import Circular, cn_num, lateness_text
from qjtasks.core.rows import d

from . import adapters, output, sheets
from .blocks import GBT, Cell, Chart, Grid, NewPage, Row, Sheet, Text
from .sheets import cn

INDENT = 11.3   # two characters of 16 pt, mm
OVERVIEW_COLS = [("牵头单位", 56), ("逾期项数", 26), ("最早办结时限", 38), ("最长逾期（工作日）", 36)]
SUMMARY_COLS = [("牵头单位", 36), ("新交办", 14), ("办结", 14), ("逾期办结按原时限", 18),
                ("逾期办结按批准时限", 18), ("在办", 14), ("逾期按原时限", 14),
                ("逾期按批准时限", 14), ("停滞", 14)]
SUMMARY_KEYS = ("new", "closed", "closed_late_original", "closed_late_approved", "open",
                "overdue_original", "overdue", "stagnant")


def _row(values, cols, heading: bool = False) -> Row:
    return Row(tuple(Cell(str(v), w, align="left" if k == 0 and not heading else "center",
                          role="heading" if heading else "body")
                     for k, (v, (_, w)) in enumerate(zip(values, cols, strict=True))))


def _grid(rows: list, cols, size: float) -> Grid:
    return Grid((_row([h for h, _ in cols], cols, True), *(_row(r, cols) for r in rows)),
                size=size, leading=size * 1.45, header_rows=1, shade_header=True,
                before=1.5, after=2)


def circular_sheet(c: Circular) -> Sheet:
    blocks: list = [Text("关于督办事项逾期未办结情况的通报", role="title", size=22,
                         align="center", leading=34),
                    Text("（草稿）", align="center", leading=26, after=3)]
    if not c.units:
        blocks.append(Text(f"截至{cn(c.today)}，没有超过办结时限未办结的督办事项。",
                           indent=INDENT, leading=28))
        return Sheet("通报（草稿）", tuple(blocks), numbering=GBT)
    blocks += [Text("各有关单位：", leading=28),
               Text(f"截至{cn(c.today)}，共有{c.total}项督办事项超过办结时限仍未办结，涉及"
                    f"{len(c.units)}个牵头单位。现将有关情况通报如下：", indent=INDENT, leading=28),
               _grid(_overview(c), OVERVIEW_COLS, 12)]
    for n, group in enumerate(c.units, 1):
        blocks.append(Text(f"{cn_num(n)}、{group['unit']}（{group['count']}项）", role="heading",
                           indent=INDENT, leading=28))
        blocks += [Text(_line(k, e), indent=INDENT, leading=28)
                   for k, e in enumerate(group["items"], 1)]
    blocks += [Text(f"请上述单位高度重视，加快办理进度，于{cn(c.reply_by)}前将办理情况及逾期原因"
                    "书面报送督办单位。", indent=INDENT, leading=28, before=2),
               Text(c.office, align="right", leading=28, before=10),
               Text(cn(c.today), align="right", leading=28)]
    return Sheet("通报（草稿）", tuple(blocks), numbering=GBT, meta={"total": c.total})


def _overview(c: Circular) -> list[list]:
    rows = [[g["unit"], g["count"], min(e["deadline"] for e in g["items"]),
             max(e["overdue_workdays"] for e in g["items"])] for g in c.units]
    return rows + [["合计", c.total, "", ""]]


def _line(k: int, e: dict) -> str:
    serial = f"（{e['serial']}）" if e["serial"] else ""
    deadline = cn(d(e["deadline"]))
    if e.get("original_deadline"):
        deadline += f"（原定{cn(d(e['original_deadline']))}，已批准延期）"
    chased = f"已催办{e['chase_count']}次" if e["chase_count"] else "尚未催办"
    return (f"{k}. {e['title']}{serial}：办结时限{deadline}，"
            f"已逾期{e['overdue_workdays']}个工作日，{chased}。")


def summary_sheet(s: dict) -> Sheet:
    t = s["totals"]
    rows = [[r["unit"], *(r[k] for k in SUMMARY_KEYS)] for r in s["units"]]
    rows.append(["合计", *(t[k] for k in SUMMARY_KEYS)])
    size = 12.0 if len(rows) <= 20 else max(7.0, 12.0 * 20 / len(rows))
    blocks = (Text(f"督办工作{s['label']}报", role="title", size=22, align="center", leading=34),
              Text(f"{cn(d(s['start']))}至{cn(d(s['end']))}", size=14, align="center",
                   leading=24, after=2),
              Text(f"本{s['label']}新交办{t['new']}项，办结{t['closed']}项；目前在办{t['open']}项，"
                   f"其中逾期{t['overdue']}项，超过{s['stagnant_days']}天未反馈{t['stagnant']}项。",
                   size=14, indent=9.9, leading=24),
              Text(f"考核口径：{lateness_text(t)}。", size=14, indent=9.9, leading=24),
              _grid(rows, SUMMARY_COLS, size),
              Text(f"注：逾期指超过办结时限仍未办结；按原时限指对照最初确定的办结时限（考核口径，"
                   f"批准延期不改变），按批准时限指对照批准延期后的时限；逾期办结以审结的办结报告"
                   f"报送日期计。停滞指{s['stagnant_days']}天以上未报送进展。"
                   "仅统计事项件数，不对个人排名。", size=11, leading=18),
              Text(f"{s['office']}　{cn(d(s['today']))}", size=14, align="right", leading=24,
                   before=4),
              *summary_charts(s))
    return Sheet(f"督办工作{s['label']}报", blocks, numbering=GBT)


UNIT_BARS = (("按期（在办）", "on_time"), ("逾期（在办）", "overdue"), ("已办结（累计）", "closed_total"))
TREND_LINES = (("新交办", "new"), ("办结", "closed"), ("逾期", "overdue"))


def summary_charts(s: dict) -> list:
    """The second page: per-unit bars (as of today) and the 12-month trend, when there is data."""
    units = [r for r in s["units"] if any(r.get(k) for _, k in UNIT_BARS)]
    trend = s.get("trend") or []
    if not units and not trend:
        return []
    out: list = [NewPage(), Text("附图", role="heading", size=16, leading=28)]
    if units:
        out.append(Chart("bars", f"各牵头单位在办与办结情况（截至{cn(d(s['today']))}）",
                         tuple(r["unit"] for r in units),
                         tuple((name, tuple(r[k] for r in units)) for name, k in UNIT_BARS),
                         height=min(30 + 6 * len(units), 130), after=4))
    if trend:
        first, last = d(trend[0]["start"]), d(trend[-1]["start"])
        out.append(Chart("trend", f"近{len(trend)}个月走势（{first.year}年{first.month}月至"
                         f"{last.year}年{last.month}月）", tuple(e["label"] for e in trend),
                         tuple((name, tuple(e[k] for e in trend)) for name, k in TREND_LINES),
                         height=80, note="逾期为各月末（本月为截至日）超过批准办结时限仍未办结的事项数；"
                         "办结以审结日期计。"))
    return out


def chase_sheets(store, item_ids: list[int], today) -> list[Sheet]:
    """催办通知单 for items just chased in writing, numbered with the serial the chase got."""
    return [sheets.chase_sheet(adapters.chase_from_store(store, item_id, None, today))
            for item_id in item_ids]


def render_chases(store, item_ids: list[int], today, path: str | Path) -> Path:
    return _write(path, chase_sheets(store, item_ids, today), store.settings)


def _write(path: str | Path, sheet: Sheet | list[Sheet], settings: dict | None,
           fmt: str | None = None) -> Path:
    """PDF, or Word when `fmt` is docx or the name ends in .docx."""
    return output.write(path, sheet if isinstance(sheet, list) else [sheet], settings, fmt)[0]


def render_circular(c: Circular, path: str | Path, settings: dict | None = None,
                    fmt: str | None = None) -> Path:
    return _write(path, circular_sheet(c), settings, fmt)


def render_summary(s: dict, path: str | Path, settings: dict | None = None,
                   fmt: str | None = None) -> Path:
    return _write(path, summary_sheet(s), settings, fmt)

