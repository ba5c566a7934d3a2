"""Per-unit counts for the overview and the 单位办理情况表: counts only, no ranking of people.

On time (按期) means the item is open, has a deadline and is not past it; overdue means open
and past it; an open item without a deadline is 未定时限 (`undated`), neither. Lateness is also
counted against the original deadline (core/assess.py): `overdue_original` (open, past the
original deadline), `closed_late_original` and `closed_late_approved` (closed after the original
or the approved deadline). One grouped query (`store.reports.unit_counts`), so it stays fast
at 100,000 items.
"""
from __future__ import annotations

import datetime as dt


def unit_summary(store, today: dt.date) -> list[dict]:
    out = []
    for (uid, name, led, co, green, yellow, red, undated, closed, total, over_orig, late_orig,
         late_appr) in store.reports.unit_counts(today):
        total = total or 0
        out.append({"unit_id": uid, "unit": name, "led": led or 0, "co": co or 0,
                    "on_time": (green or 0) + (yellow or 0), "yellow": yellow or 0,
                    "overdue": red or 0, "undated": undated or 0, "closed": closed or 0,
                    "total": total, "overdue_original": over_orig or 0,
                    "closed_late_original": late_orig or 0,
                    "closed_late_approved": late_appr or 0,
                    "closure_rate": round((closed or 0) / total, 4) if total else 0.0})
    return out
