"""The grouped queries behind the overview, the 单位办理情况表, the week/month summaries, the
trend and the 通报 (`store.reports`), and the SQL form of the assessment rule of core/assess.py.

Each query is one grouped pass so that it stays fast at 100,000 items; the domain modules
(core/summary.py, core/circular.py) turn the counts into their rows and texts.
"""
from __future__ import annotations

import datetime as dt

from ..models import ASSESSED_OPEN, Review, Role, Status
from .area import Area
from .rows import row_dicts, sql_in
from .search import LIGHT_SQL

# ---- the assessment rule in SQL (core/assess.py says it in Python: `judge`) ---------------

# The day each item was finished: its latest accepted completion report's submission day.
# Join it as `LEFT JOIN (FINISHED_SQL) f ON f.item_id = i.id` and read `f.fin`.
FINISHED_SQL = ("SELECT item_id, MAX(submitted_on) AS fin FROM completions "
                f"WHERE decision = '{Review.ACCEPTED}' GROUP BY item_id")
ORIGINAL_SQL = "COALESCE(i.original_deadline, i.current_deadline)"
OPEN_SQL = f"i.status IN {sql_in(ASSESSED_OPEN)}"


def overdue_sql(deadline: str, as_of: str) -> str:
    """Open and past `deadline` on `as_of` (SQL expressions)."""
    return f"({OPEN_SQL} AND {deadline} IS NOT NULL AND {deadline} < {as_of})"


def closed_late_sql(deadline: str, finished: str = "f.fin",
                    closed: str | None = f"i.status = '{Status.CLOSED}'") -> str:
    """Closed (`closed`; None: the caller says so), finished on a known day after `deadline`
    (`finished`: FINISHED_SQL's column)."""
    cond = f"{closed} AND " if closed else ""
    return (f"({cond}{finished} IS NOT NULL AND {deadline} IS NOT NULL "
            f"AND {finished} > {deadline})")


_UNIT_COUNTS = f"""SELECT u.id, u.short_name,
    SUM(a.role = '{Role.LEAD}') AS led, SUM(a.role = '{Role.CO}') AS co,
    SUM(lt = '绿') AS green, SUM(lt = '黄' AND i.dl IS NOT NULL) AS yellow,
    SUM(lt = '红') AS red, SUM(lt <> '完成' AND i.dl IS NULL) AS undated,
    SUM(i.status = '{Status.CLOSED}') AS closed, COUNT(a.id) AS total,
    SUM(i.over_orig) AS over_orig, SUM(i.late_orig) AS late_orig,
    SUM(i.late_appr) AS late_appr
    FROM units u
    LEFT JOIN assignments a ON a.unit_id = u.id
    LEFT JOIN (SELECT i.id, i.status, i.current_deadline AS dl,
                      ({LIGHT_SQL}) AS lt,
                      {overdue_sql(ORIGINAL_SQL, ":today")} AS over_orig,
                      {closed_late_sql(ORIGINAL_SQL)} AS late_orig,
                      {closed_late_sql("i.current_deadline")} AS late_appr
               FROM items i LEFT JOIN ({FINISHED_SQL}) f ON f.item_id = i.id) i
           ON i.id = a.item_id
    WHERE u.is_office = 0 OR a.id IS NOT NULL
    GROUP BY u.id ORDER BY u.sort, u.id"""

_CLOSED_IN = (f"i.id IN (SELECT item_id FROM completions WHERE decision = '{Review.ACCEPTED}' "
              "AND decided_on BETWEEN :start AND :end)")
_PERIOD_COUNTS = f"""SELECT u.id AS unit_id, u.short_name AS unit,
    SUM(i.assigned_on BETWEEN :start AND :end AND i.status <> '{Status.DRAFT}') AS new,
    SUM({_CLOSED_IN}) AS closed,
    SUM({_CLOSED_IN} AND {closed_late_sql(ORIGINAL_SQL, closed=None)})
        AS closed_late_original,
    SUM({_CLOSED_IN} AND {closed_late_sql("i.current_deadline", closed=None)})
        AS closed_late_approved,
    SUM({overdue_sql("i.current_deadline", ":today")}) AS overdue,
    SUM({overdue_sql(ORIGINAL_SQL, ":today")}) AS overdue_original,
    SUM({OPEN_SQL} AND COALESCE(i.last_feedback_on, i.assigned_on) <= :stale) AS stagnant,
    SUM({OPEN_SQL}) AS open, COUNT(i.id) AS total,
    SUM({OPEN_SQL} AND i.current_deadline IS NOT NULL AND i.current_deadline >= :today)
        AS on_time,
    SUM(i.status = '{Status.CLOSED}') AS closed_total
    FROM units u JOIN items i ON i.lead_unit_id = u.id
    LEFT JOIN ({FINISHED_SQL}) f ON f.item_id = i.id
    GROUP BY u.id ORDER BY u.sort, u.id"""

_TREND_OVERDUE = f"""SELECT i.current_deadline, i.assigned_on, d.day
    FROM items i LEFT JOIN (SELECT item_id, MAX(decided_on) AS day FROM completions
                            WHERE decision = '{Review.ACCEPTED}' GROUP BY item_id) d
         ON d.item_id = i.id
    WHERE i.current_deadline IS NOT NULL AND i.current_deadline < :last
      AND (i.assigned_on IS NULL OR i.assigned_on <= :last)
      AND ({OPEN_SQL} AND (d.day IS NULL OR d.day > :first)
           OR i.status = '{Status.CLOSED}' AND d.day > :first)"""


class Reports(Area):
    def unit_counts(self, today: dt.date) -> list[tuple]:
        """Per unit (not the office unless it holds assignments), in register order: id, short
        name, led, co, green, yellow, red, undated, closed, total, overdue against the original
        deadline, closed late against the original and against the approved one."""
        return self.conn.execute(_UNIT_COUNTS, self.store.light_params(today)).fetchall()

    def period_counts(self, start: dt.date, end: dt.date, today: dt.date,
                      stale_before: dt.date) -> list[dict]:
        """Per lead unit: new and closed inside [start, end], open, overdue (both ways),
        stagnant (no feedback since `stale_before`) as of today; None where a unit has none."""
        return row_dicts(self.conn, _PERIOD_COUNTS, {
            "start": start.isoformat(), "end": end.isoformat(), "today": today.isoformat(),
            "stale": stale_before.isoformat()})

    def issued_by_month(self, first: str, last: str) -> list[tuple[str, int]]:
        """(YYYY-MM, items issued) by the month they were assigned, between two ISO days."""
        return self.conn.execute(
            "SELECT substr(assigned_on, 1, 7), COUNT(*) FROM items "
            f"WHERE status <> '{Status.DRAFT}' "
            "AND assigned_on BETWEEN ? AND ? GROUP BY 1", (first, last)).fetchall()

    def closed_by_month(self, first: str, last: str) -> list[tuple[str, int]]:
        """(YYYY-MM, items whose closing was accepted, 审结, that month)."""
        return self.conn.execute(
            "SELECT substr(decided_on, 1, 7), COUNT(DISTINCT item_id) FROM completions "
            f"WHERE decision = '{Review.ACCEPTED}' AND decided_on BETWEEN ? AND ? GROUP BY 1",
            (first, last)).fetchall()

    def maybe_overdue(self, first: str, last: str):
        """(deadline, assigned_on, accepted closing day) of the items that may have been past
        their deadline and not closed at some day between `first` and `last`: open now, or
        closed after `first`."""
        return self.conn.execute(_TREND_OVERDUE, {"first": first, "last": last})

    def extended_originals(self) -> dict[int, str]:
        """Original deadline of the items whose deadline was moved by an approved extension."""
        return dict(self.conn.execute(
            "SELECT id, original_deadline FROM items WHERE original_deadline <> current_deadline"))
