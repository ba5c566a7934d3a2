"""Enrolment: the office invites a unit, the unit answers with its keys, both confirm by phone.

1. Office: `invitation(services, unit)` → a signed `.qjenrol` file with the office's public keys,
   the unit's id and name and the office id (an office identity is created on first use).
2. Unit: `accept(services, doc)` on an empty database sets role=unit, records the office's
   keys as 待确认, creates the unit's own keys and returns the answer document.
3. Office: `receive_answer(services, doc)` records the unit's keys as 待确认.
4. Both: `confirm(services, peer_id, typed)` grants trust only if the fingerprint read out over
   the phone matches. `revoke` withdraws trust; packages signed with a revoked key are refused.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from qjtasks.core.errors import ValidationError

from . import db, keys
from .errors import PackageError, TrustError

ENROL_FORMAT = "qjtasks-enrol"


def key_file(store) -> Path:
    if str(store.path) == ":memory:":
        raise TrustError("内存数据库没有密钥文件，不能用于数据交换")
    return keys.key_path(store.path)


def my_keys(store) -> keys.KeyPair:
    return keys.load(key_file(store))


def _new_keys(store) -> keys.KeyPair:
    path = key_file(store)
    if path.exists():  # the database was recreated next to an existing key file: reuse it
        return keys.load(path)
    pair = keys.KeyPair.generate()
    keys.save(pair, path)
    return pair


def office_identity(services) -> dict:
    """The office's identity, created on first use (needs the office in the unit register)."""
    store = services.store
    found = store.exchange.me()
    if found:
        if found["role"] != "office":
            raise TrustError("本机是承办单位端，不能制作注册文件")
        return found
    office = store.office_unit()
    if office is None:
        raise ValidationError("单位名录中没有督办单位，请先登记督办单位")
    pub = _new_keys(store).public
    install = str(uuid.uuid4())
    with services.tx():
        store.exchange.set_me(at=services.now(), install_id=install, role="office", office_id=install,
                  unit_id=office.id, name=office.short_name, sign_pub=keys.b64(pub.sign_pub),
                  box_pub=keys.b64(pub.box_pub), fingerprint=pub.fingerprint)
    return store.exchange.me()


def _signed(doc: dict, pair: keys.KeyPair) -> dict:
    body = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return {**doc, "signature": keys.b64(pair.sign(body))}


def _check_doc(doc: dict, kind: str) -> keys.PublicKeys:
    if not isinstance(doc, dict) or doc.get("format") != ENROL_FORMAT:
        raise PackageError("不是 qjtasks 注册文件，或文件已损坏")
    if doc.get("kind") != kind:
        want = {"invitation": "督办方制作的注册文件", "answer": "承办单位的注册回执"}[kind]
        raise PackageError(f"文件类型不对：这里需要{want}")
    body = {k: v for k, v in doc.items() if k != "signature"}
    pub = keys.PublicKeys.from_json(doc.get("keys") or {})
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if not keys.verify_signature(pub.sign_pub, keys.unb64(doc.get("signature", ""), "签名"),
                                 raw):
        raise TrustError("注册文件签名校验失败，文件被改动过；请让对方重新制作")
    return pub


def read_doc(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError(f"注册文件“{path}”无法读取或已损坏") from None


def invitation(services, unit_name: str) -> dict:
    store = services.store
    me = office_identity(services)
    unit = store.unit_by_name(unit_name)
    if unit.is_office:
        raise ValidationError("不能为督办单位本身制作注册文件")
    office = store.unit(me["unit_id"])
    doc = {"format": ENROL_FORMAT, "version": 1, "kind": "invitation",
           "office_id": me["office_id"], "install_id": me["install_id"],
           "office": {"id": office.id, "name": office.name, "short_name": office.short_name},
           "unit": {"id": unit.id, "name": unit.name, "short_name": unit.short_name},
           "keys": {"sign_pub": me["sign_pub"], "box_pub": me["box_pub"]},
           "created_at": db.now(services)}
    with services.tx():
        services.log(action="exchange.enrol.create",
                     entity="unit", entity_id=unit.id, after={"unit": unit.short_name})
    return _signed(doc, my_keys(store))


def accept(services, doc: dict) -> dict:
    """Set up a fresh unit database from an invitation; returns the answer document."""
    store = services.store
    office_pub = _check_doc(doc, "invitation")
    if store.exchange.me() or not store.is_empty():
        raise ValidationError("只能在新建的空数据库上接受注册文件（本数据库已有数据或已注册）")
    office, unit = doc["office"], doc["unit"]
    pub = _new_keys(store).public
    install = str(uuid.uuid4())
    with services.tx():
        store.arrivals.copy_unit(office, True)
        store.arrivals.copy_unit(unit, False)
        store.exchange.set_me(at=services.now(), install_id=install, role="unit", office_id=doc["office_id"],
                  unit_id=unit["id"], name=unit["short_name"], sign_pub=keys.b64(pub.sign_pub),
                  box_pub=keys.b64(pub.box_pub), fingerprint=pub.fingerprint)
        _add_office_peer(services, doc, office_pub)
    answer = {"format": ENROL_FORMAT, "version": 1, "kind": "answer",
              "office_id": doc["office_id"], "install_id": install, "unit": unit,
              "keys": {"sign_pub": keys.b64(pub.sign_pub), "box_pub": keys.b64(pub.box_pub)},
              "created_at": db.now(services)}
    return _signed(answer, my_keys(store))


def _add_office_peer(services, doc: dict, office_pub: keys.PublicKeys) -> None:
    office = doc["office"]
    services.store.exchange.add_peer(at=services.now(), install_id=doc["install_id"], role="office", unit_id=office["id"],
                name=office["short_name"], sign_pub=keys.b64(office_pub.sign_pub),
                box_pub=keys.b64(office_pub.box_pub), fingerprint=office_pub.fingerprint,
                status=db.PENDING)
    services.settings.set("role", "unit")
    services.log(action="exchange.enrol.accept", entity="peer",
                 after={"office": office["short_name"], "fingerprint": office_pub.fingerprint})


def receive_answer(services, doc: dict) -> dict:
    """Office side: record the unit's keys (待确认) from its answer; returns the peer row."""
    store = services.store
    me = office_identity(services)
    pub = _check_doc(doc, "answer")
    if doc.get("office_id") != me["office_id"]:
        raise TrustError("该注册回执不是对本督办单位注册文件的答复")
    unit = store.unit(int(doc["unit"]["id"]))
    existing = [p for p in store.exchange.peers_by_install(str(doc["install_id"]))
                if p["fingerprint"] == pub.fingerprint]
    if existing:
        return existing[0]
    with services.tx():
        peer_id = store.exchange.add_peer(at=services.now(), install_id=str(doc["install_id"]), role="unit",
                              unit_id=unit.id, name=unit.short_name,
                              sign_pub=keys.b64(pub.sign_pub), box_pub=keys.b64(pub.box_pub),
                              fingerprint=pub.fingerprint, status=db.PENDING)
        services.log(action="exchange.enrol.answer",
                     entity="peer", entity_id=peer_id,
                     after={"unit": unit.short_name, "fingerprint": pub.fingerprint})
    return store.exchange.peer(peer_id)


def confirm(services, peer_id: int, typed_fingerprint: str) -> dict:
    """Grant trust if the fingerprint read out by phone matches; older keys of the same
    unit are revoked at the same time (a unit has one trusted key)."""
    peer = services.store.exchange.peer(peer_id)
    if peer is None:
        raise ValidationError(f"没有编号为 {peer_id} 的注册记录")
    if peer["status"] == db.REVOKED:
        raise TrustError(f"“{peer['name']}”的这把密钥已被吊销，不能再确认；请重新注册")
    if keys.normalise_fingerprint(typed_fingerprint) != peer["fingerprint"]:
        raise TrustError(f"指纹不一致：登记的是 {peer['fingerprint']}，输入的是 "
                         f"{keys.normalise_fingerprint(typed_fingerprint) or '（空）'}。"
                         "请勿信任该密钥，并与对方电话核实")
    with services.tx():
        for old in services.store.exchange.peers_for_unit(peer["unit_id"], peer["role"]):
            if old["id"] != peer_id and old["status"] != db.REVOKED:
                services.store.exchange.update_peer(old["id"], status=db.REVOKED, revoked_at=db.now(services),
                               revoked_reason="已由新密钥替换")
        services.store.exchange.update_peer(peer_id, status=db.TRUSTED, confirmed_at=db.now(services),
                       confirmed_by=services.actor)
        services.log(action="exchange.enrol.confirm",
                     entity="peer", entity_id=peer_id, after={"fingerprint": peer["fingerprint"]})
    return services.store.exchange.peer(peer_id)


def revoke(services, peer_id: int, reason: str) -> dict:
    peer = services.store.exchange.peer(peer_id)
    if peer is None:
        raise ValidationError(f"没有编号为 {peer_id} 的注册记录")
    reason = (reason or "").strip() or "督办员吊销"
    with services.tx():
        services.store.exchange.update_peer(peer_id, status=db.REVOKED, revoked_at=db.now(services),
                       revoked_reason=reason)
        services.log(action="exchange.enrol.revoke",
                     entity="peer", entity_id=peer_id,
                     after={"name": peer["name"], "reason": reason})
    return services.store.exchange.peer(peer_id)


def find_peer(services, name_or_id: str) -> dict:
    """A peer by its number, or the newest key of a unit given by name."""
    text = str(name_or_id).strip()
    if text.isdigit() and services.store.exchange.peer(int(text)):
        return services.store.exchange.peer(int(text))
    for p in services.store.exchange.peers()[::-1]:
        if p["name"] == text:
            return p
    unit = services.store.unit_by_name(text)
    found = [p for p in services.store.exchange.peers() if p["unit_id"] == unit.id]
    if not found:
        raise ValidationError(f"“{unit.short_name}”还没有注册记录")
    return max(found, key=lambda p: p["id"])
