"""The write side's rows (`store.unit_rows`, `store.item_rows`): the statements the services in
core/services run, each service deciding what to write and journalling it, the store writing
it. Every method runs inside the caller's transaction."""
from __future__ import annotations

from ..models import Review, Role
from .area import Area

# the tables `exists` and `insert` may name
_TABLES = frozenset({"notes", "chases", "extensions", "completions"})


def _table(name: str) -> str:
    if name not in _TABLES:
        raise ValueError(f"not a table the services insert into: {name}")
    return name


def _newest_pct(condition: str) -> str:
    """SQL for the newest reported percent of an item's notes that meet `condition`."""
    return (f"(SELECT percent FROM notes WHERE item_id = :i AND percent IS NOT NULL "
            f"AND {condition} ORDER BY noted_on DESC, uid DESC LIMIT 1)")


class UnitRows(Area):
    """Units and stored settings."""

    def add(self, fields: dict) -> int:
        """A new unit last in the list; returns its id."""
        sort = self.conn.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM units").fetchone()[0]
        return self.conn.execute(
            "INSERT INTO units (name, short_name, contact, phone, is_office, sort) "
            "VALUES (:name, :short_name, :contact, :phone, :is_office, :sort)",
            {**fields, "sort": sort}).lastrowid

    def clash(self, name: str, short: str, exclude: int | None = None) -> str | None:
        """The short name of another unit already called `name` or `short`, if any."""
        row = self.conn.execute(
            "SELECT short_name FROM units WHERE (name IN (?, ?) OR short_name IN (?, ?)) "
            "AND id IS NOT ?", [name, short, name, short, exclude]).fetchone()
        return row[0] if row else None

    def update(self, unit_id: int, fields: dict) -> None:
        self.conn.execute("UPDATE units SET name = :name, short_name = :short_name, "
                          "contact = :contact, phone = :phone WHERE id = :id",
                          {**fields, "id": unit_id})

    def set_active(self, unit_id: int, active: bool) -> None:
        self.conn.execute("UPDATE units SET active = ? WHERE id = ?", [int(active), unit_id])

    def uses(self, unit_id: int) -> int:
        """How many assignments, notes and leads name the unit."""
        return self.conn.execute(
            "SELECT (SELECT count(*) FROM assignments WHERE unit_id = :u) + "
            "(SELECT count(*) FROM notes WHERE unit_id = :u) + "
            "(SELECT count(*) FROM items WHERE lead_unit_id = :u)", {"u": unit_id}).fetchone()[0]

    def delete(self, unit_id: int) -> None:
        self.conn.execute("DELETE FROM units WHERE id = ?", [unit_id])

    def set_setting(self, key: str, encoded: str) -> None:
        self.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                          "DO UPDATE SET value = excluded.value", [key, encoded])


class ItemRows(Area):
    """Items, their units, 签收, serial numbers, notes' roll-up, requests and decisions."""

    # ---- items ------------------------------------------------------------------------------
    def insert_item(self, row: dict) -> int:
        return self.conn.execute(f"INSERT INTO items ({', '.join(row)}) VALUES "
                                 f"({', '.join(':' + k for k in row)})", row).lastrowid

    def update_item(self, item_id: int, changed: dict, now: str, seen_version: int) -> bool:
        """Write the changed columns if the item is still at the version read; False if
        another writer changed it since."""
        sets = ", ".join(f"{k} = :{k}" for k in changed)
        cur = self.conn.execute(
            f"UPDATE items SET {sets}, updated_at = :now, version = version + 1 "
            "WHERE id = :id AND version = :_seen",
            {**changed, "now": now, "id": item_id, "_seen": seen_version})
        return cur.rowcount > 0

    def set_co_input_due(self, item_id: int, due: str | None) -> None:
        self.conn.execute("UPDATE assignments SET input_due = ? WHERE item_id = ? AND role = ?",
                          [due, item_id, str(Role.CO)])

    def clear_sample(self, item_id: int) -> None:
        """The supervisor has decided the division of work: no longer the example split."""
        self.conn.execute("UPDATE items SET is_sample = 0 WHERE id = ?", [item_id])

    def set_units(self, item_id: int, wanted: dict, lead: int | None,
                  co_input_due: str | None) -> None:
        """The item's units as `wanted` (unit → role), keeping the 签收 of those that stay."""
        self.conn.execute(f"DELETE FROM assignments WHERE item_id = ? AND unit_id NOT IN "
                          f"({','.join('?' * len(wanted)) or 'NULL'})", [item_id, *wanted])
        for unit_id, role in wanted.items():
            self.conn.execute(
                "INSERT INTO assignments (item_id, unit_id, role, input_due) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (item_id, unit_id) DO UPDATE SET role = excluded.role, "
                "input_due = excluded.input_due",
                [item_id, unit_id, str(role), co_input_due if role == Role.CO else None])
        self.conn.execute("UPDATE items SET lead_unit_id = ? WHERE id = ?", [lead, item_id])

    def set_next_feedback_due(self, item_id: int, due: str | None) -> None:
        self.conn.execute("UPDATE items SET next_feedback_due = ? WHERE id = ?", [due, item_id])

    def count_chase(self, item_id: int) -> None:
        self.conn.execute("UPDATE items SET chase_count = chase_count + 1 WHERE id = ?",
                          [item_id])

    def lead_of(self, item_id: int) -> int | None:
        return self.conn.execute("SELECT lead_unit_id FROM items WHERE id = ?",
                                 [item_id]).fetchone()[0]

    def next_serial(self, prefix: str, year: int) -> int:
        """The next number of the year for `prefix` (督办编号, 催办 numbers), never reused."""
        self.conn.execute("INSERT INTO serials (prefix, year, last_no) VALUES (?, ?, 0) "
                          "ON CONFLICT DO NOTHING", [prefix, year])
        self.conn.execute("UPDATE serials SET last_no = last_no + 1 WHERE prefix = ? AND year = ?",
                          [prefix, year])
        return self.conn.execute("SELECT last_no FROM serials WHERE prefix = ? AND year = ?",
                                 [prefix, year]).fetchone()[0]

    # ---- units' acts ------------------------------------------------------------------------
    def assignment(self, item_id: int, unit_id: int) -> tuple | None:
        """(id, role, signed_at) of the unit on the item."""
        return self.conn.execute("SELECT id, role, signed_at FROM assignments "
                                 "WHERE item_id = ? AND unit_id = ?", [item_id, unit_id]).fetchone()

    def set_sign(self, assignment_id: int, signed_by: str, signed_at: str, origin: str) -> None:
        self.conn.execute("UPDATE assignments SET signed_by = ?, signed_at = ?, sign_origin = ? "
                          "WHERE id = ?", [signed_by, signed_at, origin, assignment_id])

    def add_sign_evidence(self, assignment_id: int, kept: tuple, at: str) -> None:
        """The kept receipt (file name, stored path, sha256, size) of a 签收."""
        self.conn.execute("INSERT INTO sign_evidence (assignment_id, filename, stored_path, "
                          "sha256, size, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                          [assignment_id, *kept, at])

    def exists(self, table: str, uid: str) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {_table(table)} WHERE uid = ?",
                                 [uid]).fetchone() is not None

    def insert(self, table: str, fields: dict) -> int:
        return self.conn.execute(f"INSERT INTO {_table(table)} ({', '.join(fields)}) VALUES "
                                 f"({', '.join(':' + k for k in fields)})", fields).lastrowid

    def add_attachment(self, note_id: int, name: str, stored: str, sha: str, size: int) -> None:
        self.conn.execute("INSERT INTO attachments (note_id, filename, stored_path, sha256, "
                          "size) VALUES (?, ?, ?, ?, ?)", [note_id, name, stored, sha, size])

    def roll_up_note(self, item_id: int, unit_id: int | None, noted_on: str) -> None:
        """A new note's date and the newest percent into its assignment and item (the item's
        percent from the lead's and the office's own notes)."""
        lead = self.lead_of(item_id)
        if unit_id is not None:
            self.conn.execute(
                "UPDATE assignments SET last_feedback_on = MAX(COALESCE(last_feedback_on, ''), "
                f":on), percent = COALESCE({_newest_pct('unit_id = :u')}, percent) "
                "WHERE item_id = :i AND unit_id = :u",
                {"on": noted_on, "i": item_id, "u": unit_id})
        self.conn.execute(
            "UPDATE items SET last_feedback_on = MAX(COALESCE(last_feedback_on, ''), :on), "
            f"percent = COALESCE({_newest_pct('(unit_id IS NULL OR unit_id IS :lead)')}, "
            "percent) WHERE id = :i", {"on": noted_on, "i": item_id, "lead": lead})

    # ---- decisions --------------------------------------------------------------------------
    def extension(self, extension_id: int) -> tuple | None:
        """(item id, decision, proposed deadline) of the request."""
        return self.conn.execute("SELECT item_id, decision, proposed_deadline FROM extensions "
                                 "WHERE id = ?", [extension_id]).fetchone()

    def decide_extension(self, extension_id: int, decision: str, on: str, by: str, reason: str,
                         approved: str | None) -> None:
        self.conn.execute("UPDATE extensions SET decision = ?, decided_on = ?, decided_by = ?, "
                          "decision_reason = ?, approved_deadline = ? WHERE id = ?",
                          [decision, on, by, reason, approved, extension_id])

    def decide_completions(self, item_id: int, decision: str, on: str, by: str,
                           reason: str) -> None:
        """The item's completion reports awaiting review get the decision."""
        self.conn.execute("UPDATE completions SET decision = ?, decided_on = ?, decided_by = ?, "
                          f"reason = ? WHERE item_id = ? AND decision = '{Review.PENDING}'",
                          [decision, on, by, reason, item_id])
