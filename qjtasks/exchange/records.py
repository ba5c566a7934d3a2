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

from qjtasks.core.store.exchange import ITEM_FIELDS, NOTE_FIELDS

from . import db
from .payload import attachment_arcname

IMPORTED = "导入"
# record kinds in the order they must be applied when created in the same batch
UNIT_KINDS = ("sign", "note", "chase_reply", "extension", "completion")
OFFICE_KINDS = ("units", "dossier", "item")
# fields frozen when a record is first sent (not part of its content hash)
FROZEN = {"based_on_deadline"}

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
def office_records(store, unit_id: int, peer_id: int | None = None) -> list[Record]:
    rows = store.outgoing
    items = rows.office_items(unit_id)
    ids = [i["id"] for i in items]
    out = [Record("units", "units", {"units": rows.units_for(ids)})]
    for reply_id in sorted({i["reply_id"] for i in items if i["reply_id"]}):
        reply, proposal = rows.dossier(reply_id)
        out.append(Record(f"dossier-{reply_id}", "dossier",
                          {"reply": reply, "proposal": proposal}))
    parts = rows.item_parts(unit_id)
    out += [_item_snapshot(row, parts) for row in items]
    if peer_id is not None:
        out += removed_items(store, peer_id, set(ids))
    return out


def removed_items(store, peer_id: int, current: set[int]) -> list[Record]:
    """Items once sent to the peer that the unit no longer works on (reassigned, or its
    assignment removed): the unit is told, keeps the history read-only, and stops reporting."""
    out = []
    for ruid in store.outgoing.sent_items(peer_id):
        item_id = int(ruid.split("-", 1)[1])
        if item_id in current:
            continue
        row = store.outgoing.title_and_lead(item_id)
        if row is None:
            reason = "督办方已删除该事项"
        elif row[1]:
            reason = f"督办方已将该事项调整由{row[1]}牵头承办，本单位不再承办"
        else:
            reason = "督办方已调整该事项的承办单位，本单位不再承办"
        out.append(Record(ruid, "item", {"id": item_id, "removed": True, "reason": reason}))
    return out


def _item_snapshot(row: dict, parts: dict) -> Record:
    item_id = row["id"]
    data = _pick(row, ITEM_FIELDS)
    for name in ("assignments", "extensions", "completions", "chases"):
        data[name] = parts[name].get(item_id, [])
    return Record(f"item-{item_id}", "item", data)


# ---- unit side ------------------------------------------------------------------------------
def unit_records(store, unit_id: int) -> list[Record]:
    """The unit's own work, each record's text built by the store in SQL (the same text
    `db.dumps` gives: tests/exchange/test_record_texts.py)."""
    of_text, rows = Record.of_text, store.outgoing
    return ([of_text(ruid, "sign", text) for ruid, text in rows.unit_signs(unit_id)]
            + _notes(store, unit_id)
            + [of_text(ruid, "chase_reply", text) for ruid, text in
               rows.unit_chase_replies(unit_id)]
            + [of_text(uid, "extension", text, hashed) for uid, text, hashed in
               rows.unit_extensions(unit_id)]
            + [of_text(uid, "completion", text) for uid, text in
               rows.unit_completions(unit_id)])


def _notes(store, unit_id: int) -> list[Record]:
    rows = store.outgoing.unit_notes(unit_id)
    full = {}
    if any(text is None for _, _, text in rows):   # notes with attachments name their files
        notes, attachments = store.outgoing.notes_with_files(unit_id)
        files: dict[int, list[dict]] = {}
        for f in attachments:
            files.setdefault(f["note_id"], []).append(f)
        for r in notes:
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


