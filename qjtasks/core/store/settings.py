"""What the file remembers for the user (`store.prefs`): the stored settings, the reminder keys
already shown, and the ledger column mappings confirmed per header set."""
from __future__ import annotations

import json

from ..tx import transaction
from .area import Area


class Prefs(Area):
    def stored(self) -> dict[str, str]:
        """The settings table as stored (key → JSON text)."""
        return dict(self.conn.execute("SELECT key, value FROM settings"))

    def counts_co_notes(self) -> bool:
        """The setting `co_notes_count`, read afresh (inside the write side's transaction)."""
        return counts_co_notes(self.conn)

    # ---- reminders already shown (table reminder_seen) -------------------------------------
    def seen_keys(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT key FROM reminder_seen")}

    def remember_seen(self, new, gone, stamp: str) -> None:
        """One check's difference, in one transaction: keys shown for the first time, keys no
        longer current."""
        with transaction(self.conn):
            self.conn.executemany("DELETE FROM reminder_seen WHERE key = ?", [(k,) for k in gone])
            self.conn.executemany("INSERT OR IGNORE INTO reminder_seen (key, first_seen) "
                                  "VALUES (?, ?)", [(k, stamp) for k in new])

    # ---- ledger column mappings (table ledger_mappings) ------------------------------------
    def ledger_mapping(self, signature: str) -> dict | None:
        row = self.conn.execute("SELECT mapping FROM ledger_mappings WHERE signature = ?",
                                [signature]).fetchone()
        return json.loads(row[0]) if row else None

    def remember_ledger_mapping(self, signature: str, mapping: dict, stamp: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO ledger_mappings (signature, mapping, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, "
                "updated_at = excluded.updated_at",
                [signature, json.dumps(mapping, ensure_ascii=False), stamp])


def counts_co_notes(conn) -> bool:
    row = conn.execute("SELECT value FROM settings WHERE key = 'co_notes_count'").fetchone()
    return bool(row and json.loads(row[0]))
