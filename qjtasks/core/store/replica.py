"""A unit installation's copy of the office's items (`store.replica`): the rows that mirror
writes when a package from the office arrives. There are no services for these writes — the
office owns the items, units, dossiers, deadlines and decisions; the unit only keeps them in
step (exchange/mirror.py decides what changes and journals it)."""
from __future__ import annotations

from ..models import Review
from .area import Area
from .rows import row_dicts

IMPORTED = "导入"
# the tables the mirror writes, and the only names it may pass as `table`
_TABLES = frozenset({"items", "proposals", "replies", "chases", "extensions", "completions"})


def _table(name: str) -> str:
    if name not in _TABLES:
        raise ValueError(f"not a mirrored table: {name}")
    return name


class Replica(Area):
    # ---- reading ----------------------------------------------------------------------------
    def item_row(self, item_id: int) -> dict | None:
        rows = row_dicts(self.conn, "SELECT * FROM items WHERE id = ?", [item_id])
        return rows[0] if rows else None

    def item_title(self, item_id: int) -> str | None:
        row = self.conn.execute("SELECT title FROM items WHERE id = ?", [item_id]).fetchone()
        return row[0] if row else None

    def title_and_reason(self, item_id: int) -> tuple[str, str | None] | None:
        return self.conn.execute("SELECT title, status_reason FROM items WHERE id = ?",
                                 [item_id]).fetchone()

    def exists(self, table: str, row_id) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {_table(table)} WHERE id = ?",
                                 [row_id]).fetchone() is not None

    def unit_short_name(self, unit_id) -> str | None:
        row = self.conn.execute("SELECT short_name FROM units WHERE id = ?", [unit_id]).fetchone()
        return row[0] if row else None

    def answered_chases(self) -> set[str]:
        """The chases this installation has answered (its answers are its own)."""
        return {uid for (uid,) in self.conn.execute(
            "SELECT chase_uid FROM exchange_chase_replies")}

    def chase_id(self, uid: str) -> int | None:
        row = self.conn.execute("SELECT id FROM chases WHERE uid = ?", [uid]).fetchone()
        return row[0] if row else None

    def event_exists(self, table: str, uid: str) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {_table(table)} WHERE uid = ?",
                                 [uid]).fetchone() is not None

    def event_row(self, table: str, uid: str, cols: tuple) -> dict:
        """The row's id and `cols` (column names from the record field lists)."""
        return row_dicts(self.conn, f"SELECT id, {', '.join(cols)} FROM {_table(table)} "
                         "WHERE uid = ?", [uid])[0]

    def own_assignment(self, item_id: int, unit_id: int) -> tuple | None:
        """(role, signed_at, sign_origin) of this unit on the item."""
        return self.conn.execute("SELECT role, signed_at, sign_origin FROM assignments "
                                 "WHERE item_id = ? AND unit_id = ?", [item_id, unit_id]).fetchone()

    def pending_completions(self, item_id: int, unit_id: int) -> list[str]:
        """The uids of this unit's own completion requests still awaiting review."""
        return [uid for (uid,) in self.conn.execute(
            "SELECT uid FROM completions WHERE item_id = ? AND unit_id = ? AND decision = ? "
            "AND origin <> ?", [item_id, unit_id, str(Review.PENDING), IMPORTED])]

    # ---- writing ----------------------------------------------------------------------------
    def upsert_unit(self, u: dict) -> None:
        self.conn.execute(
            "INSERT INTO units (id, name, short_name, is_office, sort) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "short_name = excluded.short_name, is_office = excluded.is_office "
            "WHERE units.name IS NOT excluded.name OR "
            "units.short_name IS NOT excluded.short_name OR "
            "units.is_office IS NOT excluded.is_office",
            [u["id"], u["name"], u["short_name"], int(bool(u["is_office"])), u["id"]])

    def upsert(self, table: str, row: dict) -> None:
        """A proposal or reply row as the office has it (changed columns only)."""
        table = _table(table)
        cols = ", ".join(row)
        sets = ", ".join(f"{k} = excluded.{k}" for k in row if k != "id")
        differs = " OR ".join(f"{table}.{k} IS NOT excluded.{k}" for k in row if k != "id")
        self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES "
                          f"({', '.join(':' + k for k in row)}) "
                          f"ON CONFLICT (id) DO UPDATE SET {sets} WHERE {differs}", row)

    def insert(self, table: str, row: dict) -> int:
        cols = ", ".join(row)
        return self.conn.execute(f"INSERT INTO {_table(table)} ({cols}) VALUES "
                                 f"({', '.join(':' + k for k in row)})", row).lastrowid

    def update_item(self, item_id: int, changed: dict, now: str) -> None:
        sets = ", ".join(f"{k} = :{k}" for k in changed)
        self.conn.execute(f"UPDATE items SET {sets}, updated_at = :now, version = version + 1 "
                          "WHERE id = :id", {**changed, "now": now, "id": item_id})

    def update_event(self, table: str, uid: str, changed: dict) -> None:
        sets = ", ".join(f"{k} = :{k}" for k in changed)
        self.conn.execute(f"UPDATE {_table(table)} SET {sets} WHERE uid = :uid",
                          {**changed, "uid": uid})

    def drop_assignment(self, item_id: int, unit_id: int) -> int:
        """Remove the unit from the item here; returns how many rows went."""
        return self.conn.execute("DELETE FROM assignments WHERE item_id = ? AND unit_id = ?",
                                 [item_id, unit_id]).rowcount

    def set_status_reason(self, item_id: int, reason: str) -> None:
        self.conn.execute("UPDATE items SET status_reason = ?, version = version + 1 "
                          "WHERE id = ?", [reason, item_id])

    def refresh_chase_count(self, item_id: int) -> None:
        self.conn.execute("UPDATE items SET chase_count = (SELECT count(*) FROM chases WHERE "
                          "item_id = :i) WHERE id = :i AND chase_count IS NOT (SELECT count(*) "
                          "FROM chases WHERE item_id = :i)", {"i": item_id})

    def sync_assignments(self, item_id: int, rows: list[dict]) -> None:
        """The item's units as the office has them; a 签收 made here is kept."""
        keep = [r["unit_id"] for r in rows]
        self.conn.execute(f"DELETE FROM assignments WHERE item_id = ? AND unit_id NOT IN "
                          f"({','.join('?' * len(keep)) or 'NULL'})", [item_id, *keep])
        for r in rows:
            self.conn.execute(
                "INSERT INTO assignments (item_id, unit_id, role, input_due, signed_by, "
                "signed_at, sign_origin) VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? IS NULL THEN NULL "
                f"ELSE '{IMPORTED}' END) ON CONFLICT (item_id, unit_id) DO UPDATE SET "
                "role = excluded.role, input_due = excluded.input_due, "
                "signed_by = COALESCE(assignments.signed_by, excluded.signed_by), "
                "sign_origin = CASE WHEN assignments.signed_at IS NULL THEN "
                "excluded.sign_origin ELSE assignments.sign_origin END, "
                "signed_at = COALESCE(assignments.signed_at, excluded.signed_at) "
                "WHERE assignments.role IS NOT excluded.role OR "
                "assignments.input_due IS NOT excluded.input_due OR "
                "(assignments.signed_at IS NULL AND excluded.signed_at IS NOT NULL)",
                [item_id, r["unit_id"], r["role"], r["input_due"], r["signed_by"],
                 r["signed_at"], r["signed_at"]])
