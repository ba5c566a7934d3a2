"""The candidate rows of today's work-out (`store.workout`; the decisions are core/ladder.py's).

At 100,000 items today's list has some 45,000 entries and the window runs it every hour, so the
rows come as tuples of just the columns used, filtered in SQL to the items that may matter:
chased (待签收, 办理中) and near their deadline (`horizon`) or owing feedback before today.
"""
from __future__ import annotations

import datetime as dt

from ..models import CHASED_STATUSES, Decision, Review, Role
from .area import Area
from .rows import row_dicts, sql_in

_MAY_MATTER = (f"i.status IN {sql_in(CHASED_STATUSES)} AND (i.current_deadline <= :horizon "
               "OR i.next_feedback_due < :today)")

_CANDIDATES = f"""SELECT i.id, i.serial, i.title, i.status, i.lead_unit_id,
        u.short_name AS lead_name, i.chase_count, i.last_feedback_on, i.current_deadline,
        i.next_feedback_due FROM items i
    LEFT JOIN units u ON u.id = i.lead_unit_id
    WHERE {_MAY_MATTER}
    ORDER BY i.current_deadline IS NULL, i.current_deadline, i.id"""

_CANDIDATE_CHASES = f"""SELECT c.item_id, c.id, c.chased_on, c.rung FROM chases c
    WHERE c.item_id IN (SELECT i.id FROM items i WHERE {_MAY_MATTER})"""

_CO_INPUTS = f"""SELECT a.item_id, a.unit_id, a.input_due, u.short_name AS unit,
    i.title, i.serial, i.assigned_on, i.current_deadline, lu.short_name AS lead
    FROM assignments a JOIN items i ON i.id = a.item_id JOIN units u ON u.id = a.unit_id
    LEFT JOIN units lu ON lu.id = i.lead_unit_id
    WHERE a.role = '{Role.CO}' AND a.last_feedback_on IS NULL
      AND i.status IN {sql_in(CHASED_STATUSES)}
      AND (a.input_due < :today OR (a.input_due IS NULL AND i.assigned_on < :today))
    ORDER BY a.input_due, a.item_id"""

# request kind → (table, date column, the decision that means waiting)
_REQUESTS = {"extension": ("extensions", "requested_on", Decision.PENDING),
             "completion": ("completions", "submitted_on", Review.PENDING)}


class WorkRows(Area):
    def candidates(self, horizon: dt.date, today: dt.date):
        """(id, serial, title, status, lead_unit_id, lead name, chase_count, last_feedback_on,
        current_deadline, next_feedback_due) of the items that may matter, by deadline."""
        return self.conn.execute(_CANDIDATES, _params(horizon, today))

    def candidate_chases(self, horizon: dt.date, today: dt.date):
        """(item_id, chase id, chased_on, rung) of every chase of those items."""
        return self.conn.execute(_CANDIDATE_CHASES, _params(horizon, today))

    def co_inputs_owed(self, today: dt.date):
        """(item_id, unit_id, input_due, unit, title, serial, assigned_on, current_deadline,
        lead) of the co-units of chased items that have sent nothing and whose input date (or,
        without one, the item's 交办) is before today."""
        return self.conn.execute(_CO_INPUTS, {"today": today.isoformat()})

    def waiting(self, kind: str) -> list[dict]:
        """Requests (`extension` or `completion`) waiting for a decision, oldest first: id,
        item_id, on_date, title, serial, unit."""
        table, date_col, pending = _REQUESTS[kind]
        return row_dicts(self.conn, f"""SELECT e.id, e.item_id, e.{date_col} AS on_date,
            i.title, i.serial, u.short_name AS unit FROM {table} e
            JOIN items i ON i.id = e.item_id LEFT JOIN units u ON u.id = e.unit_id
            WHERE e.decision = ? ORDER BY e.{date_col}, e.id""", [pending])


def _params(horizon: dt.date, today: dt.date) -> dict:
    return {"horizon": horizon.isoformat(), "today": today.isoformat()}
