"""What arrives by package and has no service of its own, on either side: the office's reads
and writes while it applies a unit's records (a unit's edit of a note, a 签收 taken from a
conflict, a unit's answer written into the chase record), a unit's answer to a chase, and the
unit rows a new installation copies from its invitation."""
from __future__ import annotations

from .area import Area
from .exchange import NOTE_FIELDS
from .rows import rows_in


class Arrivals(Area):
    # ---- what the office has already --------------------------------------------------------
    def known_notes(self, uids: list[str]) -> set[str]:
        """Which of these notes exist here."""
        return {u for (u,) in rows_in(self.conn, "SELECT uid FROM notes WHERE uid IN ({marks})",
                                      uids)}

    def chases_by_uid(self, uids: list[str]) -> dict[str, tuple[int, str]]:
        """uid → (id, answer) of these chases."""
        return {uid: (cid, answer) for uid, cid, answer in rows_in(
            self.conn, "SELECT uid, id, answer FROM chases WHERE uid IN ({marks})", uids)}

    def unit_item_ids(self, unit_id: int) -> set[int]:
        """The items the unit works on (lead or co-unit)."""
        return {r[0] for r in self.conn.execute(
            "SELECT item_id FROM assignments WHERE unit_id = ?", [unit_id])}

    def unit_roles(self, unit_id: int) -> dict[int, tuple[str, str]]:
        """item → (role, title) of every item the unit works on."""
        return {item_id: (role, title) for item_id, role, title in self.conn.execute(
            "SELECT a.item_id, a.role, i.title FROM assignments a JOIN items i ON "
            "i.id = a.item_id WHERE a.unit_id = ?", [unit_id])}

    def chase_targets(self, uids: list[str]) -> dict[str, list]:
        """uid → [unit, item, the item's lead unit] of these chases."""
        rows = rows_in(self.conn, "SELECT c.uid, c.unit_id, c.item_id, i.lead_unit_id FROM "
                       "chases c JOIN items i ON i.id = c.item_id WHERE c.uid IN ({marks})", uids)
        return {uid: rest for uid, *rest in rows}

    def title_serial(self, item_id: int) -> tuple[str, str | None] | None:
        return self.conn.execute("SELECT title, serial FROM items WHERE id = ?",
                                 [item_id]).fetchone()

    def item_status(self, item_id: int) -> str:
        return self.conn.execute("SELECT status FROM items WHERE id = ?",
                                 [item_id]).fetchone()[0]

    def current_deadline(self, item_id: int) -> str | None:
        return self.conn.execute("SELECT current_deadline FROM items WHERE id = ?",
                                 [item_id]).fetchone()[0]

    def extension_exists(self, uid: str) -> bool:
        return self.conn.execute("SELECT 1 FROM extensions WHERE uid = ?",
                                 [uid]).fetchone() is not None

    def sign_here(self, item_id: int, unit_id: int) -> tuple | None:
        """(assignment id, signed_by, signed_at, sign_origin); None: not the unit's item."""
        return self.conn.execute("SELECT id, signed_by, signed_at, sign_origin FROM "
                                 "assignments WHERE item_id = ? AND unit_id = ?",
                                 [item_id, unit_id]).fetchone()

    def note_row(self, uid: str) -> dict | None:
        """The note's id and record fields."""
        row = self.conn.execute(f"SELECT id, {', '.join(NOTE_FIELDS)} FROM notes WHERE uid = ?",
                                [uid]).fetchone()
        return None if row is None else dict(zip(("id", *NOTE_FIELDS), row, strict=True))

    def last_imported_answer(self, chase_id: int, origin: str) -> str | None:
        """The journal's `after` text of the chase's last answer that came by package."""
        row = self.conn.execute("SELECT after FROM journal WHERE entity = 'chase' AND "
                                "entity_id = ? AND action = 'item.chase.reply' AND origin = ? "
                                "ORDER BY id DESC LIMIT 1", [chase_id, origin]).fetchone()
        return row[0] if row else None

    def find_chase(self, key: str) -> tuple[int, str, int, int | None] | None:
        """(id, uid, item id, unit id) of the chase with this uid, record number or serial."""
        return self.conn.execute(
            "SELECT id, uid, item_id, unit_id FROM chases WHERE uid = ? OR id = ? OR serial = ?",
            [key, int(key) if key.isdigit() and len(key) < 18 else -1, key]).fetchone()

    # ---- writes -----------------------------------------------------------------------------
    def update_note(self, note_id: int, fields: dict) -> None:
        """A note's text fields as the unit (or the conflict's decision) has them."""
        self.conn.execute("UPDATE notes SET reporter = :reporter, noted_on = :noted_on, "
                          "text = :text, percent = :percent, problems = :problems, "
                          "next_steps = :next_steps WHERE id = :id", {**fields, "id": note_id})

    def set_sign(self, assignment_id: int, signed_by: str, signed_at: str, origin: str) -> None:
        self.conn.execute("UPDATE assignments SET signed_by = ?, signed_at = ?, sign_origin = ? "
                          "WHERE id = ?", [signed_by, signed_at, origin, assignment_id])

    def set_chase_answer(self, chase_id: int, answer: str) -> None:
        self.conn.execute("UPDATE chases SET answer = ? WHERE id = ?", [answer, chase_id])

    def put_chase_reply(self, chase_uid: str, answer: str, by: str, on: str) -> None:
        """This installation's answer to a chase (sent with the next package)."""
        self.conn.execute("INSERT INTO exchange_chase_replies (chase_uid, answer, replied_by, "
                          "replied_on) VALUES (?, ?, ?, ?) ON CONFLICT (chase_uid) DO UPDATE SET "
                          "answer = excluded.answer, replied_by = excluded.replied_by, "
                          "replied_on = excluded.replied_on", [chase_uid, answer, by, on])

    def copy_unit(self, unit: dict, is_office: bool) -> None:
        """A unit row as the office has it (same id), on a new unit installation."""
        self.conn.execute("INSERT INTO units (id, name, short_name, is_office, sort) VALUES "
                          "(?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                          "short_name = excluded.short_name",
                          [int(unit["id"]), str(unit["name"]), str(unit["short_name"]),
                           int(is_office), int(unit["id"])])
