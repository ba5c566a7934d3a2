"""Data and draft text for the 通报 (circular) and the leader's periodic summary.

The circular lists open items past their deadline, grouped by lead unit, with counts, dates,
working days overdue and chases so far; `circular_text` turns it into plain text the supervisor
pastes into a document and edits before it goes out. The summary counts, per lead unit, the
items new, closed, overdue and stagnant in a week or a month — counts only, no ranking of
people. PDF rendering lives in `qjtasks.pdf`; everything here is data and text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .calendar import cn_date
from .errors import ValidationError
from .ladder import work_out
from .rows import d

CN_NUMS = "一二三四五六七八九十"
PERIODS = {"week": "周", "month": "月"}
SIGN_INDENT = " " * 32   # signature block towards the right, as a paste-ready draft


@dataclass
class Circular:
    """A 督办通报: the overdue items of the day, grouped by unit."""
    today: dt.date
    office: str
    units: list[dict] = field(default_factory=list)   # {unit, count, items: [...]}
    reply_by: dt.date | None = None

    @property
    def total(self) -> int:
        return sum(u["count"] for u in self.units)


def overdue_by_unit(store, today: dt.date) -> Circular:
    """Open items past their deadline, grouped by lead unit (largest group first)."""
    groups: dict[str, dict] = {}
    originals = _originals(store)
    for e in work_out(store, today).past_deadline:
        unit = e["lead"] or "（未指定牵头单位）"
        g = groups.setdefault(unit, {"unit": unit, "count": 0, "items": []})
        g["count"] += 1
        g["items"].append({**e, "original_deadline": originals.get(e["item_id"])})
    units = sorted(groups.values(), key=lambda g: (-g["count"], g["unit"]))
    reply_by = store.calendar.add_workdays(today, int(store.setting("ladder_circular_after")))
    return Circular(today, store.setting("office_name"), units, reply_by)


def _originals(store) -> dict[int, str]:
    return store.reports.extended_originals()


def cn_num(n: int) -> str:
    """一 … 十, 十一 … 十九, 二十 … 九十九 (headings and list numbers); other numbers as digits."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMS[tens - 1] + "十")
    return head + (CN_NUMS[ones - 1] if ones else "")


def circular_text(c: Circular) -> str:
    """The 通报 draft as plain text (no markup), ready to paste into a document."""
    if not c.units:
        return (f"截至{cn_date(c.today)}，没有超过办结时限未办结的督办事项，无需通报。")
    lines = ["关于督办事项逾期未办结情况的通报", "（草稿）", "", "各有关单位：",
             f"    截至{cn_date(c.today)}，共有{c.total}项督办事项超过办结时限仍未办结，"
             f"涉及{len(c.units)}个牵头单位。现将有关情况通报如下：", ""]
    for n, group in enumerate(c.units, 1):
        lines.append(f"    {cn_num(n)}、{group['unit']}（{group['count']}项）")
        for k, e in enumerate(group["items"], 1):
            lines.append("    " + _item_line(k, e))
        lines.append("")
    lines += [f"    请上述单位高度重视，加快办理进度，于{cn_date(c.reply_by)}前将办理情况及逾期原因"
              "书面报送督办单位。", "", SIGN_INDENT + c.office, SIGN_INDENT + cn_date(c.today)]
    return "\n".join(lines)


def _item_line(k: int, e: dict) -> str:
    serial = f"（{e['serial']}）" if e["serial"] else ""
    deadline = cn_date(d(e["deadline"]))
    original = d(e.get("original_deadline"))
    if original:
        deadline = f"{deadline}（原定{cn_date(original)}，已批准延期）"
    chased = f"，已催办{e['chase_count']}次" if e["chase_count"] else "，尚未催办"
    return (f"{k}. {e['title']}{serial}：办结时限{deadline}，"
            f"已逾期{e['overdue_workdays']}个工作日{chased}。")


# ---- periodic summary ---------------------------------------------------------------------

def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar week (Monday to Sunday) or month (1st to last day) that contains `day`."""
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if period == "month":
        first = day.replace(day=1)
        return first, first + relativedelta(months=1) - dt.timedelta(days=1)
    raise ValidationError(f"汇总周期“{period}”无效，可选：week（周）、month（月）")


def previous_day(period: str, today: dt.date) -> dt.date:
    """A day in the week or month before the one containing `today`."""
    start, _end = period_bounds(period, today)
    return start - dt.timedelta(days=1)


def period_summary(store, today: dt.date, period: str = "week", previous: bool = False) -> dict:
    """New, closed, overdue and stagnant items per lead unit for the leader's summary.

    The period is the calendar week or month containing today (`previous`: the one before).
    New and closed count what happened inside the period; open, overdue and stagnant are as
    of today. Lateness is counted against the original deadline and against the approved one
    (core/assess.py): `closed_late_original` / `closed_late_approved` among the items closed in
    the period, `overdue_original` / `overdue` among the open ones.
    """
    start, end = period_bounds(period, previous_day(period, today) if previous else today)
    stale_before = today - dt.timedelta(days=int(store.setting("stagnant_days")))
    rows = store.reports.period_counts(start, end, today, stale_before)
    for r in rows:
        for key in COUNTS:
            r[key] = r[key] or 0
    totals = {k: sum(r[k] for r in rows) for k in COUNTS}
    return {"period": period, "label": PERIODS[period], "start": start.isoformat(),
            "end": end.isoformat(), "today": today.isoformat(), "units": rows,
            "totals": totals, "office": store.setting("office_name"),
            "stagnant_days": int(store.setting("stagnant_days")),
            "trend": monthly_trend(store, min(end, today))}


COUNTS = ("new", "closed", "closed_late_original", "closed_late_approved", "overdue",
          "overdue_original", "stagnant", "open", "total", "on_time", "closed_total")
TREND_MONTHS = 12


def month_spans(last_day: dt.date, months: int = TREND_MONTHS) -> list[tuple[dt.date, dt.date]]:
    """The `months` calendar months up to the one containing `last_day`, oldest first; the last
    one ends at `last_day` (a month not over yet is counted up to that day)."""
    first = last_day.replace(day=1)
    spans = []
    for k in range(months - 1, -1, -1):
        start = first - relativedelta(months=k)
        end = start + relativedelta(months=1) - dt.timedelta(days=1)
        spans.append((start, min(end, last_day)))
    return spans


def monthly_trend(store, last_day: dt.date, months: int = TREND_MONTHS) -> list[dict]:
    """Per month: 新交办 (issued items assigned in it), 办结 (closings the supervisor accepted,
    审结, in it — as the summary counts them) and 逾期 (items past their approved deadline and
    not closed at the month's last day, or at `last_day` for the month still running).

    An item counts as not closed at a day until its closing was accepted; an item closed
    without an accepted report (a ledger import) has no known closing day and is left out of
    逾期, as are paused, withdrawn and draft items (their dates of change are not kept).
    """
    spans = month_spans(last_day, months)
    first, last = spans[0][0].isoformat(), spans[-1][1].isoformat()
    key = {a.strftime("%Y-%m"): k for k, (a, _b) in enumerate(spans)}
    new, closed, overdue = [0] * len(spans), [0] * len(spans), [0] * len(spans)
    # one pass each: issued items by month assigned, accepted closings by month decided, and
    # the items that may have been overdue at some month's end (counted per month below)
    for month, n in store.reports.issued_by_month(first, last):
        new[key[month]] = n
    for month, n in store.reports.closed_by_month(first, last):
        closed[key[month]] = n
    stops = [b.isoformat() for _a, b in spans]
    for deadline, assigned, done in store.reports.maybe_overdue(first, last):
        for k, stop in enumerate(stops):
            # open now, or closed later than `stop` (the WHERE keeps only those)
            if (deadline < stop and (assigned is None or assigned <= stop)
                    and (done is None or done > stop)):
                overdue[k] += 1
    return [{"month": a.strftime("%Y-%m"), "label": f"{a.month}月", "start": a.isoformat(),
             "end": b.isoformat(), "new": new[k], "closed": closed[k], "overdue": overdue[k]}
            for k, (a, b) in enumerate(spans)]


def lateness_text(t: dict) -> str:
    """Both figures, original deadline first (assessment counts against it)."""
    return (f"逾期办结按原时限{t['closed_late_original']}项、按批准时限{t['closed_late_approved']}项；"
            f"在办逾期按原时限{t['overdue_original']}项、按批准时限{t['overdue']}项")


def summary_text(s: dict) -> str:
    t = s["totals"]
    head = (f"督办工作{s['label']}报（{cn_date(d(s['start']))}至{cn_date(d(s['end']))}）\n"
            f"本{s['label']}新交办{t['new']}项，办结{t['closed']}项；目前在办{t['open']}项，"
            f"其中逾期{t['overdue']}项，超过{s['stagnant_days']}天未反馈{t['stagnant']}项。\n"
            f"考核口径：{lateness_text(t)}。")
    rows = [f"{r['unit']}：新交办{r['new']}，办结{r['closed']}"
            f"（逾期办结 原时限{r['closed_late_original']}/批准时限{r['closed_late_approved']}），"
            f"在办{r['open']}，逾期 原时限{r['overdue_original']}/批准时限{r['overdue']}，"
            f"停滞{r['stagnant']}" for r in s["units"]]
    return "\n".join([head, *rows])
