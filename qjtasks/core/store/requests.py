"""Extension requests and completion reports with their decisions (`store.requests`)."""
from __future__ import annotations

from ..models import Completion, Decision, Extension, Review
from .area import Area
from .rows import dated, row_dicts


class Requests(Area):
    def extensions(self, item_id: int | None = None, pending_only: bool = False
                   ) -> list[Extension]:
        """Extension requests (of one item, or all), newest first; `pending_only`: 待审批."""
        fields = Extension.__dataclass_fields__
        return [Extension(**dated(r, fields))
                for r in self._rows("extensions", "requested_on", item_id,
                                    f"decision = '{Decision.PENDING}'" if pending_only else None)]

    def completions(self, item_id: int | None = None, pending_only: bool = False
                    ) -> list[Completion]:
        """Completion reports (of one item, or all), newest first; `pending_only`: 待审核."""
        fields = Completion.__dataclass_fields__
        return [Completion(**dated(r, fields))
                for r in self._rows("completions", "submitted_on", item_id,
                                    f"decision = '{Review.PENDING}'" if pending_only else None)]

    def _rows(self, table: str, date_col: str, item_id, extra: str | None) -> list[dict]:
        where, args = [], []
        if item_id is not None:
            where.append("item_id = ?")
            args.append(item_id)
        if extra:
            where.append(extra)
        sql = f"SELECT * FROM {table}" + (f" WHERE {' AND '.join(where)}" if where else "")
        return row_dicts(self.conn, sql + f" ORDER BY {date_col} DESC, id DESC", args)
