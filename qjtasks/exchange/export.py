"""Export: everything the peer has not acknowledged yet, in one signed, encrypted package.

Each export compares the current records with the outbox (uid → sequence, content hash); new
or changed records get the next record sequence. The package then carries every record whose
sequence is above what the peer last acknowledged, so a lost package is repaired by the next
one. The file is written atomically; counters move only after it is on disk.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path

from qjtasks.core import clock

from . import db, enrol, envelope, payload, records
from .errors import TrustError
from .keys import unb64


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    sequence: int
    records: int
    recipient: str


def trusted_peer(peer: dict) -> dict:
    if peer["status"] == db.REVOKED:
        raise TrustError(f"“{peer['name']}”的密钥已被吊销，不能再向其发送数据包；请重新注册")
    if peer["status"] != db.TRUSTED:
        raise TrustError(f"尚未确认“{peer['name']}”的密钥指纹，请先电话核对指纹并确认")
    return peer


def current_peer(services, unit: str | None) -> dict:
    """The peer to export to: the office (unit side) or the given unit's trusted key."""
    me = services.store.exchange.me()
    if me is None:
        raise TrustError("本机尚未注册数据交换（督办方请先制作注册文件，承办单位请先接受注册文件）")
    if me["role"] == "unit":
        office = [p for p in services.store.exchange.peers()
                  if p["role"] == "office" and p["status"] != db.REVOKED]
        if not office:
            raise TrustError("本机没有有效的督办方密钥，请重新注册")
        return trusted_peer(office[-1])
    if not unit:
        raise TrustError("请指定要发送给哪个承办单位（--unit）")
    target = services.store.unit_by_name(unit)
    found = [p for p in services.store.exchange.peers_for_unit(target.id, "unit")
             if p["status"] == db.TRUSTED]
    if not found:
        raise TrustError(f"“{target.short_name}”尚未完成注册或密钥未确认，不能导出数据包")
    return found[0]


def _collect(store, me: dict, peer: dict) -> list[records.Record]:
    if me["role"] == "office":
        return records.office_records(store, peer["unit_id"], peer["id"])
    return records.unit_records(store, me["unit_id"])


def _sync_outbox(store, peer: dict, recs: list[records.Record]) -> tuple[int, list[dict]]:
    """Give new or changed records the next sequence numbers; returns the new out_seq and
    the records to send: every one whose sequence is above what the peer acknowledged, in
    order, each with its outbox text (records no longer current are read back from it).

    Sequences start from the clock in milliseconds when that is ahead of the counter, so a
    database restored from an older backup still issues numbers above everything it sent
    before (the peer ignores a record whose sequence is not newer than the one it has).
    """
    known = store.exchange.outbox(peer["id"])
    seq = max(peer["out_seq"], clock.wall_millis())
    rows = []
    for rec in recs:
        old = known.get(rec.ruid)
        if old is None or old[1] != rec.digest:
            seq += 1
            rows.append((rec.ruid, rec.kind, seq, rec.digest, rec.text))
            known[rec.ruid] = (seq, rec.digest, rec.kind)
    store.exchange.put_outbox_many(peer["id"], rows)
    acked = peer["acked_by_peer"]
    in_hand = {rec.ruid: rec for rec in recs}
    due = sorted((s, ruid) for ruid, (s, _, _) in known.items() if s > acked)
    gone = store.exchange.outbox_texts(peer["id"], [ruid for _, ruid in due if ruid not in in_hand])
    pending = [{"ruid": ruid, "kind": known[ruid][2], "seq": s, "hash": known[ruid][1],
                "text": in_hand[ruid].text if ruid in in_hand else gone[ruid]}
               for s, ruid in due]
    return seq, pending


def export_package(services, out: Path | str, unit: str | None = None) -> ExportResult:
    store = services.store
    me = store.exchange.me()
    peer = current_peer(services, unit)
    pair = enrol.my_keys(store)
    recs = _collect(store, me, peer)
    with services.tx():
        out_seq, pending = _sync_outbox(store, peer, recs)
        header = _header(me, peer, len(pending), services.now())
        blob = envelope.seal(header, _payload(peer, pending, recs), pair, unb64(peer["box_pub"]))
        path = _write_atomic(Path(out), blob)
        _book(services, peer, header, out_seq, len(pending), path)
    return ExportResult(path, header["package_id"], header["sequence"], len(pending),
                        peer["name"])


def _payload(peer: dict, pending: list[dict], recs: list[records.Record]) -> bytes:
    """records.json as text, each record's data spliced in as the outbox text it already has
    (the same JSON a whole-document `json.dumps` gives, without encoding every record again)."""
    files = {r.ruid: r.files for r in recs if r.files}
    enc = encode_basestring      # a JSON string, as json.dumps(ensure_ascii=False) writes it
    parts = [f'{{"ruid":{enc(r["ruid"])},"kind":{enc(r["kind"])},"seq":{int(r["seq"])},'
             f'"hash":{enc(r["hash"])},"data":{r["text"]}}}' for r in pending]
    text = f'{{"records":[{",".join(parts)}],"ack":{{"seq":{int(peer["in_seq"])}}}}}'
    return payload.build(text, [f for r in pending for f in files.get(r["ruid"], [])])


def _header(me: dict, peer: dict, count: int, created_at: str) -> dict:
    return envelope.new_header(created_at,
        sender={"install_id": me["install_id"], "name": me["name"], "unit_id": me["unit_id"],
                "role": me["role"], "fingerprint": me["fingerprint"]},
        recipient={"install_id": peer["install_id"], "name": peer["name"],
                   "unit_id": peer["unit_id"], "role": peer["role"]},
        office_id=me["office_id"], sequence=peer["next_package_seq"], records=count)


def _book(services, peer: dict, header: dict, out_seq: int, count: int, path: Path) -> None:
    rows = services.store.exchange
    rows.update_peer(peer["id"], out_seq=out_seq, next_package_seq=peer["next_package_seq"] + 1)
    rows.add_package(at=services.now(), package_id=header["package_id"], direction="out",
                     peer_id=peer["id"], sequence=header["sequence"],
                     created_at=header["created_at"], sender=header["sender"]["name"],
                     recipient=peer["name"], records=count, applied=count, file_name=path.name)
    services.log("exchange.export", "package", package_id=header["package_id"],
                 after={"recipient": peer["name"], "sequence": header["sequence"],
                        "records": count})


def _write_atomic(path: Path, blob: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:               # a full disk, Ctrl-C: no half package left behind
        tmp.unlink(missing_ok=True)
        raise
    return path
