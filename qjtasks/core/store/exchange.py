"""SQL for package exchange: the exchange tables (`exchange_*`, created by core migration
0003_exchange) through `store.exchange`, and a unit's outgoing records built as JSON text by
SQLite through `store.outgoing`.

`Outgoing`: a unit sends every record of its own work in each package's comparison (the outbox
decides what is new), so building 170,000 records as Python dicts and encoding each one was most
of an export. SQLite's `json_object` writes each record's data as the canonical text the outbox
stores and the content hash is taken of (`dumps`: keys sorted, no spaces, non-ASCII kept, the
same escapes) — tests/exchange/test_record_texts.py checks the texts are identical to encoding
the same rows in Python. A note with attachments has no text here (NULL): its record names its
files, and is built with them by `exchange.records`.
"""
from __future__ import annotations

import json

from ..models import Status
from .area import Area
from .rows import row_dicts, rows_in

IMPORTED = "导入"
# what records carry (exchange/records.py builds them; the replica writes them back)
ITEM_FIELDS = ("id", "title", "requirements", "category", "status", "status_reason", "serial",
               "reply_id", "source_section", "source_quote", "parent_id", "assigned_on",
               "original_deadline", "current_deadline", "cycle_kind", "cycle_day", "cycle_due",
               "next_feedback_due", "is_sample", "lead_unit_id")
EXT_FIELDS = ("uid", "item_id", "unit_id", "requested_on", "reason", "proposed_deadline",
              "progress", "requested_by")
EXT_DECISION = ("decision", "decided_on", "decided_by", "decision_reason", "approved_deadline")
COMPLETION_FIELDS = ("uid", "item_id", "unit_id", "submitted_on", "report", "submitted_by")
COMPLETION_DECISION = ("decision", "decided_on", "decided_by", "reason")
CHASE_FIELDS = ("uid", "item_id", "unit_id", "chased_on", "method", "person_reached", "answer",
                "by_whom", "rung", "number", "serial")
NOTE_FIELDS = ("uid", "item_id", "unit_id", "reporter", "noted_on", "text", "percent",
               "problems", "next_steps")
# one encoder, not one per call (`json.dumps` with options builds a new one each time)
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                           default=str).encode


def dumps(value) -> str:
    """The canonical JSON of a record's data: what the outbox stores and the hash is of."""
    return _ENCODE(value)


_PUT_OUTBOX = ("INSERT INTO exchange_outbox (peer_id, ruid, kind, seq, hash, data) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (peer_id, ruid) DO UPDATE SET "
               "seq = excluded.seq, hash = excluded.hash, data = excluded.data")

_PUT_INBOX = ("INSERT INTO exchange_inbox (peer_id, ruid, seq, hash, package_id) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (peer_id, ruid) DO UPDATE SET "
              "seq = excluded.seq, hash = excluded.hash, package_id = excluded.package_id")


class Exchange(Area):
    """This installation's identity, its peers, the packages seen, outbox and inbox, conflicts
    and (on a unit installation) its answers to chases."""

    # ---- identity -------------------------------------------------------------------------------
    def me(self) -> dict | None:
        rows = row_dicts(self.conn, "SELECT * FROM exchange_self WHERE id = 1")
        return rows[0] if rows else None

    def set_me(self, *, at: str, **fields) -> None:
        fields = {**fields, "id": 1, "created_at": at}
        cols = ", ".join(fields)
        self.conn.execute(f"INSERT INTO exchange_self ({cols}) VALUES "
                          f"({', '.join(':' + k for k in fields)})", fields)

    # ---- peers ----------------------------------------------------------------------------------
    def peers(self) -> list[dict]:
        return row_dicts(self.conn, "SELECT * FROM exchange_peers ORDER BY unit_id, id")

    def peer(self, peer_id: int) -> dict | None:
        rows = row_dicts(self.conn, "SELECT * FROM exchange_peers WHERE id = ?", [peer_id])
        return rows[0] if rows else None

    def peers_by_install(self, install_id: str) -> list[dict]:
        return row_dicts(self.conn, "SELECT * FROM exchange_peers WHERE install_id = ? "
                         "ORDER BY id DESC", [install_id])

    def peers_for_unit(self, unit_id: int | None, role: str) -> list[dict]:
        return row_dicts(self.conn, "SELECT * FROM exchange_peers WHERE unit_id IS ? AND role = ? "
                         "ORDER BY id DESC", [unit_id, role])

    def add_peer(self, *, at: str, **fields) -> int:
        fields = {**fields, "created_at": at}
        cols = ", ".join(fields)
        return self.conn.execute(f"INSERT INTO exchange_peers ({cols}) VALUES "
                                 f"({', '.join(':' + k for k in fields)})", fields).lastrowid

    def update_peer(self, peer_id: int, **fields) -> None:
        sets = ", ".join(f"{k} = :{k}" for k in fields)
        self.conn.execute(f"UPDATE exchange_peers SET {sets} WHERE id = :id",
                          {**fields, "id": peer_id})

    # ---- packages -------------------------------------------------------------------------------
    def package(self, package_id: str) -> dict | None:
        rows = row_dicts(self.conn, "SELECT * FROM exchange_packages WHERE package_id = ?",
                         [package_id])
        return rows[0] if rows else None

    def packages(self, direction: str | None = None) -> list[dict]:
        sql = "SELECT p.*, e.name AS peer_name FROM exchange_packages p " \
              "JOIN exchange_peers e ON e.id = p.peer_id"
        args = []
        if direction:
            sql += " WHERE p.direction = ?"
            args.append(direction)
        return row_dicts(self.conn, sql + " ORDER BY p.processed_at, p.rowid", args)

    def add_package(self, *, at: str, **fields) -> None:
        fields = {**fields, "processed_at": at}
        cols = ", ".join(fields)
        self.conn.execute(f"INSERT INTO exchange_packages ({cols}) VALUES "
                          f"({', '.join(':' + k for k in fields)})", fields)

    # ---- outbox / inbox -------------------------------------------------------------------------
    def outbox(self, peer_id: int) -> dict[str, tuple[int, str, str]]:
        """ruid → (seq, hash, kind) of every record sent to the peer."""
        return {r[0]: (r[1], r[2], r[3]) for r in self.conn.execute(
            "SELECT ruid, seq, hash, kind FROM exchange_outbox WHERE peer_id = ?", [peer_id])}

    def outbox_texts(self, peer_id: int, ruids: list[str]) -> dict[str, str]:
        """ruid → the stored data text of those records."""
        return dict(rows_in(self.conn, "SELECT ruid, data FROM exchange_outbox WHERE "
                            "peer_id = ? AND ruid IN ({marks})", ruids, [peer_id]))


    def put_outbox_many(self, peer_id: int, rows: list[tuple[str, str, int, str, str]]) -> None:
        """`put_outbox` for (ruid, kind, seq, digest, data as `dumps` text) rows, in order."""
        self.conn.executemany(_PUT_OUTBOX, [(peer_id, *row) for row in rows])

    def inbox(self, peer_id: int) -> dict[str, tuple[int, str]]:
        return {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT ruid, seq, hash FROM exchange_inbox WHERE peer_id = ?", [peer_id])}


    def put_inbox(self, peer_id: int, ruid: str, seq: int, digest: str, package_id: str) -> None:
        self.conn.execute(_PUT_INBOX, [peer_id, ruid, seq, digest, package_id])

    def put_inbox_many(self, peer_id: int, rows: list[tuple[str, int, str]],
                       package_id: str) -> None:
        """`put_inbox` for (ruid, seq, digest) rows, in order."""
        self.conn.executemany(_PUT_INBOX, [(peer_id, ruid, seq, digest, package_id)
                                      for ruid, seq, digest in rows])

    # ---- conflicts ------------------------------------------------------------------------------
    def add_conflict(self, *, uid: str, package_id: str, peer_id: int, item_id: int | None,
                     kind: str, description: str, at: str, local=None, incoming=None) -> bool:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO exchange_conflicts (uid, package_id, peer_id, item_id, kind, "
            "description, local, incoming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [uid, package_id, peer_id, item_id, kind, description,
             None if local is None else dumps(local),
             None if incoming is None else dumps(incoming), at])
        return cur.rowcount > 0

    def conflicts(self, open_only: bool = False, package_id: str | None = None) -> list[dict]:
        where, args = [], []
        if open_only:
            where.append("status = '待决定'")
        if package_id:
            where.append("package_id = ?")
            args.append(package_id)
        sql = "SELECT * FROM exchange_conflicts" + (f" WHERE {' AND '.join(where)}"
                                                    if where else "")
        rows = row_dicts(self.conn, sql + " ORDER BY id", args)
        for r in rows:
            r["local"] = json.loads(r["local"]) if r["local"] else None
            r["incoming"] = json.loads(r["incoming"]) if r["incoming"] else None
        return rows

    def decide_conflict(self, conflict_id: int, decision: str, by: str, at: str) -> int:
        return self.conn.execute("UPDATE exchange_conflicts SET status = '已处理', "
                                 "decision = ?, decided_by = ?, decided_at = ? WHERE id = ? AND "
                                 "status = '待决定'",
                            [decision, by, at, conflict_id]).rowcount

    # ---- chase replies (unit side) --------------------------------------------------------------
    def chase_replies(self) -> list[dict]:
        return row_dicts(self.conn, "SELECT r.*, c.item_id, c.unit_id FROM "
                         "exchange_chase_replies r JOIN chases c ON c.uid = r.chase_uid "
                         "ORDER BY r.replied_on, r.chase_uid")


def _json(fields: dict[str, str]) -> str:
    """`json_object` over the fields in sorted key order (as `sort_keys=True` writes them)."""
    return "json_object(" + ", ".join(f"'{k}', {fields[k]}" for k in sorted(fields)) + ")"


_SIGN = _json({"item_id": "item_id", "unit_id": "unit_id", "signed_by": "signed_by",
               "signed_at": "signed_at", "origin": "COALESCE(NULLIF(sign_origin, ''), '录入')"})
_NOTE = _json({"attachments": "json_array()", **{k: f"n.{k}" for k in (
    "uid", "item_id", "unit_id", "reporter", "noted_on", "text", "percent", "problems",
    "next_steps")}})
_REPLY = {"chase_uid": "r.chase_uid", "item_id": "c.item_id", "answer": "r.answer",
          "replied_by": "r.replied_by", "replied_on": "r.replied_on", "unit_id": ":unit"}
_EXT = {**{k: f"e.{k}" for k in ("uid", "item_id", "unit_id", "requested_on", "reason",
                                 "proposed_deadline", "progress", "requested_by")}}
_COMPLETION = _json({k: k for k in ("uid", "item_id", "unit_id", "submitted_on", "report",
                                    "submitted_by")})


class Outgoing(Area):
    """The rows the records to send are made of: the office's items for a unit (as dicts), a
    unit's own records (as (ruid, data text …), oldest first)."""

    # ---- office side ------------------------------------------------------------------------
    def office_items(self, unit_id: int) -> list[dict]:
        """The issued items the unit works on, parents first."""
        return row_dicts(self.conn, "SELECT i.* FROM items i JOIN assignments a ON "
                         f"a.item_id = i.id WHERE a.unit_id = ? AND i.status <> '{Status.DRAFT}' "
                         "ORDER BY i.parent_id IS NOT NULL, i.id", [unit_id])

    def units_for(self, item_ids: list[int]) -> list[dict]:
        """The office and every unit working on one of the items."""
        marks = ",".join("?" * len(item_ids)) or "NULL"
        return row_dicts(self.conn, "SELECT id, name, short_name, is_office FROM units WHERE "
                         "is_office = 1 OR id IN (SELECT unit_id FROM assignments WHERE "
                         f"item_id IN ({marks})) ORDER BY id", item_ids)

    def dossier(self, reply_id: int) -> tuple[dict, dict | None]:
        """A reply letter's header fields and its proposal's row."""
        reply = row_dicts(self.conn, "SELECT id, proposal_id, doc_number, issuer, date, signer, "
                          "answer_class FROM replies WHERE id = ?", [reply_id])[0]
        proposal = row_dicts(self.conn, "SELECT * FROM proposals WHERE id = ?",
                             [reply["proposal_id"]])
        return reply, proposal[0] if proposal else None

    def item_parts(self, unit_id: int) -> dict[str, dict[int, list[dict]]]:
        """The rows an item snapshot carries, for all the unit's items at once (four queries,
        not four per item), each item's rows in the order the snapshot lists them."""
        mine = "(SELECT a.item_id FROM assignments a WHERE a.unit_id = :unit)"
        queries = {
            "assignments": "SELECT item_id AS _item, unit_id, role, signed_by, signed_at, "
                           f"input_due FROM assignments WHERE item_id IN {mine} "
                           "ORDER BY item_id, unit_id",
            "extensions": f"SELECT item_id AS _item, {', '.join(EXT_FIELDS + EXT_DECISION)} "
                          f"FROM extensions WHERE item_id IN {mine} AND unit_id = :unit "
                          "ORDER BY item_id, uid",
            "completions": f"SELECT item_id AS _item, "
                           f"{', '.join(COMPLETION_FIELDS + COMPLETION_DECISION)} FROM "
                           f"completions WHERE item_id IN {mine} ORDER BY item_id, uid",
            # chases sent to the unit, and those to the item as a whole (no unit) for its lead
            "chases": f"SELECT c.item_id AS _item, c.id, "
                      f"{', '.join('c.' + f for f in CHASE_FIELDS)} FROM chases c JOIN items i "
                      f"ON i.id = c.item_id WHERE c.item_id IN {mine} AND (c.unit_id IS :unit "
                      "OR (c.unit_id IS NULL AND i.lead_unit_id IS :unit)) "
                      "ORDER BY c.item_id, c.uid"}
        parts: dict[str, dict[int, list[dict]]] = {}
        for name, sql in queries.items():
            grouped: dict[int, list[dict]] = {}
            for r in row_dicts(self.conn, sql, {"unit": unit_id}):
                grouped.setdefault(r.pop("_item"), []).append(r)
            parts[name] = grouped
        return parts

    def sent_items(self, peer_id: int) -> list[str]:
        """The ruids of every item record ever sent to the peer."""
        return [r for (r,) in self.conn.execute(
            "SELECT ruid FROM exchange_outbox WHERE peer_id = ? AND kind = 'item' ORDER BY ruid",
            [peer_id])]

    def title_and_lead(self, item_id: int) -> tuple[str, str | None] | None:
        """An item's title and its lead unit's short name (None: no such item)."""
        return self.conn.execute("SELECT i.title, u.short_name FROM items i LEFT JOIN units u "
                                 "ON u.id = i.lead_unit_id WHERE i.id = ?",
                                 [item_id]).fetchone()

    # ---- unit side --------------------------------------------------------------------------
    def notes_with_files(self, unit_id: int) -> tuple[list[dict], list[dict]]:
        """The unit's own notes that have attachments (rows), and those attachments' rows."""
        files = row_dicts(self.conn, "SELECT a.* FROM attachments a JOIN notes n ON "
                          "n.id = a.note_id WHERE n.unit_id = ? AND n.origin <> ? "
                          "ORDER BY a.id", [unit_id, IMPORTED])
        notes = row_dicts(self.conn, f"SELECT id, {', '.join(NOTE_FIELDS)} FROM notes WHERE "
                          "unit_id = ? AND origin <> ? AND id IN (SELECT note_id FROM "
                          "attachments) ORDER BY id", [unit_id, IMPORTED])
        return notes, files

    def unit_signs(self, unit_id: int) -> list[tuple[str, str]]:
        """(ruid, data text) of the unit's own 签收, oldest first."""
        return self.conn.execute(
            f"SELECT 'sign-' || item_id || '-' || unit_id, {_SIGN} FROM assignments "
            "WHERE unit_id = ? AND signed_at IS NOT NULL AND COALESCE(sign_origin, '') <> ? "
            "ORDER BY signed_at, item_id", [unit_id, IMPORTED]).fetchall()

    def unit_notes(self, unit_id: int) -> list[tuple[int, str, str | None]]:
        """(note id, uid, data text — NULL when the note has attachments) of the unit's notes."""
        return self.conn.execute(
            f"SELECT n.id, n.uid, CASE WHEN EXISTS (SELECT 1 FROM attachments a WHERE "
            f"a.note_id = n.id) THEN NULL ELSE {_NOTE} END FROM notes n WHERE n.unit_id = ? AND "
            "n.origin <> ? ORDER BY n.id", [unit_id, IMPORTED]).fetchall()

    def unit_chase_replies(self, unit_id: int) -> list[tuple[str, str]]:
        """(ruid, data text) of this installation's answers to chases. An answer names this unit
        even for a chase sent to the whole item (no unit), which went to its lead."""
        return self.conn.execute(
            f"SELECT 'reply-' || r.chase_uid, {_json(_REPLY)} FROM exchange_chase_replies r "
            "JOIN chases c ON c.uid = r.chase_uid ORDER BY r.replied_on, r.chase_uid",
            {"unit": unit_id}).fetchall()

    def unit_extensions(self, unit_id: int) -> list[tuple[str, str, str]]:
        """(uid, data text, hashed text) of the unit's extension requests: the data carries the
        deadline the request was based on, which is frozen when first sent and not hashed."""
        return self.conn.execute(
            f"SELECT e.uid, {_json({**_EXT, 'based_on_deadline': 'i.current_deadline'})}, "
            f"{_json(_EXT)} FROM extensions e JOIN items i ON i.id = e.item_id "
            "WHERE e.unit_id = ? AND e.origin <> ? ORDER BY e.id", [unit_id, IMPORTED]).fetchall()

    def unit_completions(self, unit_id: int) -> list[tuple[str, str]]:
        """(uid, data text) of the unit's completion requests."""
        return self.conn.execute(
            f"SELECT uid, {_COMPLETION} FROM completions WHERE unit_id = ? AND origin <> ? "
            "ORDER BY id", [unit_id, IMPORTED]).fetchall()
