"""Chases as recorded (`store.chases`): an item's, many items' at once, and the serial of the
latest written one."""
from __future__ import annotations

from ..models import Chase
from ..rows import d
from .area import Area
from .rows import row_dicts


class Chases(Area):
    def of(self, item_id: int) -> list[Chase]:
        """An item's chases, newest first."""
        return [_chase(r) for r in row_dicts(self.conn, "SELECT * FROM chases WHERE item_id = ? "
                                             "ORDER BY chased_on DESC, id DESC", [item_id])]

    def of_items(self, item_ids: list[int]) -> dict[int, list[Chase]]:
        """The chases of each given item (every id a key), in a few queries."""
        out: dict[int, list[Chase]] = {i: [] for i in item_ids}
        for start in range(0, len(item_ids), 900):
            chunk = item_ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for r in row_dicts(self.conn, f"SELECT * FROM chases WHERE item_id IN ({marks})",
                               chunk):
                out[r["item_id"]].append(_chase(r))
        return out

    def notice_serial(self, item_id: int, unit_id: int | None = None) -> str | None:
        """The serial of the latest written chase of an item (to that unit, or to the item as
        a whole); None before one is recorded."""
        row = self.conn.execute(
            "SELECT serial FROM chases WHERE item_id = ? AND method = '书面' "
            "AND serial IS NOT NULL AND (? IS NULL OR unit_id IS NULL OR unit_id = ?) "
            "ORDER BY id DESC LIMIT 1", [item_id, unit_id, unit_id]).fetchone()
        return row[0] if row else None


def _chase(r: dict) -> Chase:
    return Chase(**{k: d(v) if k == "chased_on" else v for k, v in r.items()
                    if k in Chase.__dataclass_fields__})
