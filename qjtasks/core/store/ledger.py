"""The ledger import's and export's rows (`store.ledger`); the column set, the matching rule and
the one-transaction import live in core/ledger.py."""
from __future__ import annotations

from .area import Area


class LedgerRows(Area):
    def find(self, serial: str, title: str, lead_unit_id: int | None) -> int | None:
        """The item a ledger row describes: by 督办编号, or by 事项 and 牵头单位 when the row
        has none (an item with a serial is matched by serial only)."""
        if serial:
            hit = self.conn.execute("SELECT id FROM items WHERE serial = ?", [serial]).fetchone()
            if hit:
                return hit[0]
        hit = self.conn.execute("SELECT id FROM items WHERE title = ? AND lead_unit_id IS ? "
                                "AND (serial IS NULL OR ? = '') ORDER BY id LIMIT 1",
                                [title, lead_unit_id, serial]).fetchone()
        return hit[0] if hit else None

    def set_imported(self, item_id: int, serial: str | None, status: str, percent: int,
                     original_deadline: str | None) -> None:
        """The columns a ledger row brings beyond a new item's (caller's transaction)."""
        self.conn.execute("UPDATE items SET serial = ?, status = ?, percent = ?, "
                          "original_deadline = ? WHERE id = ?",
                          [serial, status, percent, original_deadline, item_id])

    def reserve_serial(self, prefix: str, year: int, number: int) -> None:
        """Move the serial counter of (prefix, year) past `number` (caller's transaction)."""
        self.conn.execute("INSERT INTO serials (prefix, year, last_no) VALUES (?, ?, ?) "
                          "ON CONFLICT (prefix, year) DO UPDATE SET "
                          "last_no = MAX(last_no, excluded.last_no)", [prefix, year, number])

    def sources(self, ids: list[int]) -> dict[int, tuple]:
        """(session, proposal number, reply doc number) of the items made from a reply."""
        out = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for item_id, session, number, doc in self.conn.execute(
                    f"""SELECT i.id, p.session, p.number, r.doc_number FROM items i
                    JOIN replies r ON r.id = i.reply_id
                    LEFT JOIN proposals p ON p.id = r.proposal_id
                    WHERE i.id IN ({marks})""", chunk):
                out[item_id] = (session, number, doc)
        return out

    def latest_notes(self, ids: list[int]) -> dict[int, str]:
        """The text of each item's latest note (by date, then id)."""
        out = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(
                f"""SELECT n.item_id, n.text FROM notes n WHERE n.id IN (
                    SELECT (SELECT id FROM notes m WHERE m.item_id = x.item_id
                            ORDER BY noted_on DESC, id DESC LIMIT 1)
                    FROM (SELECT DISTINCT item_id FROM notes WHERE item_id IN ({marks})) x)""",
                chunk))
        return out


def _chunks(seq: list, size: int = 900):
    for start in range(0, len(seq), size):
        yield seq[start:start + size]
