"""What each side sends: the current records for one peer, as (ruid, kind, data) triples.

Office → unit: one `item` snapshot per issued item the unit works on (office-owned fields,
assignments, the unit's extension requests and completions with their decisions, chases sent
to the unit), plus `units` and `dossier` records those items refer to.
Unit → office: `sign`, `note`, `extension`, `completion` and `chase_reply` records of the unit's
own work. Mirrored rows (origin 导入) are never sent back. Every record has a stable uid.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from qjtasks.core.store import exchange as exchange_store
from qjtasks.core.store.rows import row_dicts

from . import db
from .payload import attachment_arcname

IMPORTED = "导入"
# record kinds in the order they must be applied when created in the same batch
UNIT_KINDS = ("sign", "note", "chase_reply", "extension", "completion")
OFFICE_KINDS = ("units", "dossier", "item")
# fields frozen when a record is first sent (not part of its content hash)
FROZEN = {"based_on_deadline"}

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


@dataclass
class Record:
    """One record to send. `data` is None for a record whose text the store built (a unit's
    own records, see core/store/exchange.py): only its text and hash travel."""
    ruid: str
    kind: str
    data: dict | None
    files: list[tuple[str, Path]] = field(default_factory=list)  # (arcname, source)
    # computed on first use (plain attributes: functools.cached_property takes a lock per read)
    _text: str | None = field(default=None, repr=False, compare=False)
    _digest: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The record's data as stored in the outbox (`db.dumps`)."""
        if self._text is None:
            self._text = db.dumps(self.data)
        return self._text

    @property
    def digest(self) -> str:
        if self._digest is None:
            if FROZEN.isdisjoint(self.data):      # the hash is of the same text: dump once
                self._digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
            else:
                self._digest = content_hash(self.data)
        return self._digest

    @classmethod
    def of_text(cls, ruid: str, kind: str, text: str, hashed: str | None = None) -> Record:
        """A record from its data text; `hashed` is the text its hash is of, if not `text`
        (the data without its FROZEN fields)."""
        digest = hashlib.sha256((hashed or text).encode("utf-8")).hexdigest()
        return cls(ruid, kind, None, [], text, digest)


_HASH = re.compile(r"^[0-9a-f]{64}$")


def record_hash(rec: dict) -> str:
    """The content hash the sender computed (it signed the package), else computed here; only
    the sender's own idempotence depends on it."""
    sent = rec.get("hash")
    return sent if isinstance(sent, str) and _HASH.match(sent) else content_hash(rec["data"])


def content_hash(data: dict) -> str:
    return hashlib.sha256(db.dumps({k: v for k, v in data.items()
                                    if k not in FROZEN}).encode("utf-8")).hexdigest()


def _pick(row: dict, names) -> dict:
    return {k: row[k] for k in names}


# ---- office side ----------------------------------------------------------------------------
def office_records(conn, unit_id: int, peer_id: int | None = None) -> list[Record]:
    items = row_dicts(conn, """SELECT i.* FROM items i JOIN assignments a ON a.item_id = i.id
        WHERE a.unit_id = ? AND i.status <> '待交办' ORDER BY i.parent_id IS NOT NULL, i.id""",
                      [unit_id])
    ids = [i["id"] for i in items]
    units = _units_for(conn, ids)
    out = [Record("units", "units", {"units": units})]
    for reply_id in sorted({i["reply_id"] for i in items if i["reply_id"]}):
        out.append(_dossier(conn, reply_id))
    parts = _item_parts(conn, ids, unit_id)
    out += [_item_snapshot(row, unit_id, parts) for row in items]
    if peer_id is not None:
        out += removed_items(conn, peer_id, set(ids))
    return out


def removed_items(conn, peer_id: int, current: set[int]) -> list[Record]:
    """Items once sent to the peer that the unit no longer works on (reassigned, or its
    assignment removed): the unit is told, keeps the history read-only, and stops reporting."""
    out = []
    for (ruid,) in conn.execute("SELECT ruid FROM exchange_outbox WHERE peer_id = ? AND "
                                "kind = 'item' ORDER BY ruid", [peer_id]):
        item_id = int(ruid.split("-", 1)[1])
        if item_id in current:
            continue
        row = conn.execute("SELECT i.title, u.short_name FROM items i LEFT JOIN units u ON "
                           "u.id = i.lead_unit_id WHERE i.id = ?", [item_id]).fetchone()
        if row is None:
            reason = "督办方已删除该事项"
        elif row[1]:
            reason = f"督办方已将该事项调整由{row[1]}牵头承办，本单位不再承办"
        else:
            reason = "督办方已调整该事项的承办单位，本单位不再承办"
        out.append(Record(ruid, "item", {"id": item_id, "removed": True, "reason": reason}))
    return out


def _units_for(conn, item_ids: list[int]) -> list[dict]:
    marks = ",".join("?" * len(item_ids)) or "NULL"
    return row_dicts(conn, f"""SELECT id, name, short_name, is_office FROM units
        WHERE is_office = 1 OR id IN (SELECT unit_id FROM assignments WHERE item_id IN ({marks}))
        ORDER BY id""", item_ids)


def _dossier(conn, reply_id: int) -> Record:
    reply = row_dicts(conn, "SELECT id, proposal_id, doc_number, issuer, date, signer, "
                      "answer_class FROM replies WHERE id = ?", [reply_id])[0]
    proposal = row_dicts(conn, "SELECT * FROM proposals WHERE id = ?", [reply["proposal_id"]])
    return Record(f"dossier-{reply_id}", "dossier",
                  {"reply": reply, "proposal": proposal[0] if proposal else None})


def _item_parts(conn, ids: list[int], unit_id: int) -> dict[str, dict[int, list[dict]]]:
    """The rows an item snapshot carries, for all the items at once (four queries, not four
    per item), each item's rows in the order the snapshot lists them."""
    if not ids:
        return {"assignments": {}, "extensions": {}, "completions": {}, "chases": {}}
    mine = "(SELECT a.item_id FROM assignments a WHERE a.unit_id = :unit)"
    queries = {
        "assignments": "SELECT item_id AS _item, unit_id, role, signed_by, signed_at, input_due "
                       f"FROM assignments WHERE item_id IN {mine} ORDER BY item_id, unit_id",
        "extensions": f"SELECT item_id AS _item, {', '.join(EXT_FIELDS + EXT_DECISION)} FROM "
                      f"extensions WHERE item_id IN {mine} AND unit_id = :unit "
                      "ORDER BY item_id, uid",
        "completions": f"SELECT item_id AS _item, "
                       f"{', '.join(COMPLETION_FIELDS + COMPLETION_DECISION)} FROM completions "
                       f"WHERE item_id IN {mine} ORDER BY item_id, uid",
        # chases sent to the unit, and those to the item as a whole (no unit) for its lead
        "chases": f"SELECT c.item_id AS _item, c.id, {', '.join('c.' + f for f in CHASE_FIELDS)}"
                  " FROM chases c JOIN items i ON i.id = c.item_id WHERE c.item_id IN "
                  f"{mine} AND (c.unit_id IS :unit OR (c.unit_id IS NULL AND i.lead_unit_id IS "
                  ":unit)) ORDER BY c.item_id, c.uid"}
    parts: dict[str, dict[int, list[dict]]] = {}
    for name, sql in queries.items():
        grouped: dict[int, list[dict]] = {}
        for r in row_dicts(conn, sql, {"unit": unit_id}):
            grouped.setdefault(r.pop("_item"), []).append(r)
        parts[name] = grouped
    return parts


def _item_snapshot(row: dict, unit_id: int, parts: dict) -> Record:
    item_id = row["id"]
    data = _pick(row, ITEM_FIELDS)
    for name in ("assignments", "extensions", "completions", "chases"):
        data[name] = parts[name].get(item_id, [])
    return Record(f"item-{item_id}", "item", data)


# ---- unit side ------------------------------------------------------------------------------
def unit_records(conn, unit_id: int) -> list[Record]:
    """The unit's own work, each record's text built by the store in SQL (the same text
    `db.dumps` gives: tests/exchange/test_record_texts.py)."""
    of_text = Record.of_text
    return ([of_text(ruid, "sign", text) for ruid, text in exchange_store.unit_signs(
                conn, unit_id)]
            + _notes(conn, unit_id)
            + [of_text(ruid, "chase_reply", text) for ruid, text in
               exchange_store.unit_chase_replies(conn, unit_id)]
            + [of_text(uid, "extension", text, hashed) for uid, text, hashed in
               exchange_store.unit_extensions(conn, unit_id)]
            + [of_text(uid, "completion", text) for uid, text in
               exchange_store.unit_completions(conn, unit_id)])


def _notes(conn, unit_id: int) -> list[Record]:
    rows = exchange_store.unit_notes(conn, unit_id)
    with_files = {note_id for note_id, _, text in rows if text is None}
    full = {}
    if with_files:       # notes with attachments: their records name the files
        files: dict[int, list[dict]] = {}
        for f in row_dicts(conn, "SELECT a.* FROM attachments a JOIN notes n ON "
                           "n.id = a.note_id WHERE n.unit_id = ? AND n.origin <> ? "
                           "ORDER BY a.id", [unit_id, IMPORTED]):
            files.setdefault(f["note_id"], []).append(f)
        for r in row_dicts(conn, f"SELECT id, {', '.join(NOTE_FIELDS)} FROM notes WHERE "
                           "unit_id = ? AND origin <> ? AND id IN (SELECT note_id FROM "
                           "attachments) ORDER BY id", [unit_id, IMPORTED]):
            full[r["id"]] = _note_record(r, files.get(r["id"], []))
    return [full[note_id] if text is None else Record.of_text(uid, "note", text)
            for note_id, uid, text in rows]


def _note_record(row: dict, files: list[dict]) -> Record:
    data = _pick(row, NOTE_FIELDS)
    data["attachments"], pairs, seen = [], [], set()
    for f in files:
        if f["filename"] in seen:
            continue
        seen.add(f["filename"])
        data["attachments"].append({"name": f["filename"], "sha256": f["sha256"],
                                    "size": f["size"]})
        pairs.append((attachment_arcname(row["uid"], f["filename"]), Path(f["stored_path"])))
    return Record(row["uid"], "note", data, pairs)


