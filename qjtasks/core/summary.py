"""Per-unit counts for the overview and the 单位办理情况表: counts only, no ranking of people.

On time (按期) means the item is open, has a deadline and is not past it; overdue means open
and past it; an open item without a deadline is 未定时限 (`undated`), neither. Lateness is also
counted against the original deadline (core/assess.py): `overdue_original` (open, past the
original deadline), `closed_late_original` and `closed_late_approved` (closed after the original
or the approved deadline). One grouped SQL query, so it stays fast at 100,000 items.
"""
from __future__ import annotations

import datetime as dt

from . import filters
from .assess import FINISHED_SQL, ORIGINAL_SQL, closed_late_sql, overdue_sql


def unit_summary(store, today: dt.date) -> list[dict]:
    params = store.light_params(today)
    sql = f"""SELECT u.id, u.short_name,
        SUM(a.role = '牵头') AS led, SUM(a.role = '配合') AS co,
        SUM(lt = '绿') AS green, SUM(lt = '黄' AND i.dl IS NOT NULL) AS yellow,
        SUM(lt = '红') AS red, SUM(lt <> '完成' AND i.dl IS NULL) AS undated,
        SUM(i.status = '已办结') AS closed, COUNT(a.id) AS total,
        SUM(i.over_orig) AS over_orig, SUM(i.late_orig) AS late_orig,
        SUM(i.late_appr) AS late_appr
        FROM units u
        LEFT JOIN assignments a ON a.unit_id = u.id
        LEFT JOIN (SELECT i.id, i.status, i.current_deadline AS dl,
                          ({filters.LIGHT_SQL}) AS lt,
                          {overdue_sql(ORIGINAL_SQL, ":today")} AS over_orig,
                          {closed_late_sql(ORIGINAL_SQL)} AS late_orig,
                          {closed_late_sql("i.current_deadline")} AS late_appr
                   FROM items i LEFT JOIN ({FINISHED_SQL}) f ON f.item_id = i.id) i
               ON i.id = a.item_id
        WHERE u.is_office = 0 OR a.id IS NOT NULL
        GROUP BY u.id ORDER BY u.sort, u.id"""
    out = []
    for (uid, name, led, co, green, yellow, red, undated, closed, total, over_orig, late_orig,
         late_appr) in store.conn.execute(sql, params):
        total = total or 0
        out.append({"unit_id": uid, "unit": name, "led": led or 0, "co": co or 0,
                    "on_time": (green or 0) + (yellow or 0), "yellow": yellow or 0,
                    "overdue": red or 0, "undated": undated or 0, "closed": closed or 0,
                    "total": total, "overdue_original": over_orig or 0,
                    "closed_late_original": late_orig or 0,
                    "closed_late_approved": late_appr or 0,
                    "closure_rate": round((closed or 0) / total, 4) if total else 0.0})
    return out
