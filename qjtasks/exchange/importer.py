"""Import: check a package completely, preview it, and apply it in one transaction.

Order of checks, all before any write: size and structure → schema version → recipient (this
installation, this office) → sender (enrolled, not revoked, fingerprint confirmed) → signature
→ replay → decryption → zip safety → scope of every record (office side). The preview is the
real apply run inside a transaction that is rolled back, so it shows exactly what will happen.
"""
from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qjtasks.core.dbfile import os_reason
from qjtasks.core.errors import technical
from qjtasks.core.services import Services

from . import db, enrol, envelope, payload, scope
from .apply_office import OfficeApplier
from .errors import PackageError, ReplayError, TrustError
from .keys import unb64
from .mirror import UnitApplier
from .report import ImportReport


@dataclass
class Incoming:
    path: Path
    env: envelope.Envelope
    me: dict
    peer: dict
    sha256: str
    doc: dict | None = None
    files: dict | None = None

    @property
    def header(self) -> dict:
        return self.env.header


def read_file(path: Path | str) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > envelope.MAX_PACKAGE:
            raise PackageError(f"数据包过大（{size // 1048576} MB），已拒绝；未作任何改动")
        return path.read_bytes()
    except OSError as exc:
        raise PackageError(f"无法读取数据包“{path}”：{os_reason(exc)}", detail=technical(exc)) from None


def read_header(path: Path | str) -> dict:
    """The readable header, without any key or database (for `verify` and file lists)."""
    return envelope.parse(read_file(path)).header


def check(store, path: Path | str) -> Incoming:
    """Every check up to and including decryption and zip safety; raises on the first problem."""
    data = read_file(path)
    env = envelope.parse(data)
    envelope.check_schema(env.header)
    me = store.exchange.me()
    if me is None:
        raise TrustError("本机尚未注册数据交换，不能导入数据包")
    _check_recipient(me, env.header)
    peer = _sender(store, me, env)
    seen = store.exchange.package(env.package_id)
    if seen:
        raise ReplayError(f"已导入过，无变化：该数据包（“{seen['sender']}”第 {seen['sequence']} 号，"
                          f"编号 {env.package_id[:8]}）已于 "
                          f"{seen['processed_at'].replace('T', ' ')} 导入")
    inc = Incoming(Path(path), env, me, peer, hashlib.sha256(data).hexdigest())
    body = payload.read(envelope.open_payload(env, enrol.my_keys(store)))
    inc.doc, inc.files = body.doc, body.files
    recs = scope.check_structure(inc.doc)
    if me["role"] == "office":
        scope.check_unit_records(store, peer["unit_id"], peer["name"], recs, peer["id"])
    return inc


def _check_recipient(me: dict, header: dict) -> None:
    rec = header.get("recipient") or {}
    if header.get("office_id") != me["office_id"]:
        raise TrustError(f"该数据包属于另一个督办单位（发给“{rec.get('name', '未知')}”），"
                         "不是本机的；未作任何改动")
    if rec.get("install_id") != me["install_id"]:
        raise TrustError(f"该数据包是发给“{rec.get('name', '未知')}”的，不是发给本机"
                         f"（{me['name']}）的；未作任何改动")


def _sender(store, me: dict, env: envelope.Envelope) -> dict:
    sender = env.header.get("sender") or {}
    name = sender.get("name", "未知")
    want = "unit" if me["role"] == "office" else "office"
    candidates = [p for p in store.exchange.peers_by_install(str(sender.get("install_id")))
                  if p["role"] == want and p["sign_pub"]]
    if not candidates:
        raise TrustError(f"发送方“{name}”未在本机注册，无法确认来源，已拒绝；未作任何改动")
    for peer in candidates:
        try:
            envelope.check_signature(env, unb64(peer["sign_pub"]))
        except TrustError:
            continue
        if peer["status"] == db.REVOKED:
            raise TrustError(f"“{peer['name']}”的密钥已于 {str(peer['revoked_at'])[:10]} 吊销"
                             f"（{peer['revoked_reason']}），该数据包不予导入；未作任何改动")
        if peer["status"] != db.TRUSTED:
            raise TrustError(f"尚未确认“{peer['name']}”的密钥指纹，请先电话核对指纹并确认；"
                             "未作任何改动")
        return peer
    envelope.check_signature(env, unb64(candidates[0]["sign_pub"]))  # raises the signature error
    raise TrustError("数据包签名校验失败；未作任何改动")


class _Rollback(Exception):
    pass


def preview(services: Services, path: Path | str) -> ImportReport:
    inc = check(services.store, path)
    report = _new_report(inc, dry_run=True)
    try:
        with services.tx():
            _apply(services, inc, report)
            raise _Rollback
    except _Rollback:
        pass
    return report


def import_package(services: Services, path: Path | str, *, backup: bool = True) -> ImportReport:
    """Check and apply one package in one transaction, after a safety copy of the database
    (`backup=False`: the caller took one just before, for a batch of packages)."""
    inc = check(services.store, path)
    report = _new_report(inc, dry_run=False)
    if backup:
        backup_first(services)
    with services.tx():
        _apply(services, inc, report)
    return report


def backup_first(services: Services) -> None:
    """A rotating copy in backups/ before a package changes anything (issue 9)."""
    store = services.store
    if not store.readonly and str(store.path) != ":memory:" and not store.is_empty():
        from qjtasks.core.integrity import backup_before_import
        backup_before_import(store)


def _new_report(inc: Incoming, dry_run: bool) -> ImportReport:
    h = inc.header
    return ImportReport(inc.env.package_id, h["sender"].get("name", ""),
                        h["recipient"].get("name", ""), int(h["sequence"]), h["created_at"],
                        len(inc.doc["records"]), dry_run=dry_run)


def _apply(services: Services, inc: Incoming, report: ImportReport) -> None:
    peer = inc.peer
    sender = Services(services.store, actor=f"{peer['name']}（数据包）", clock=services.clock,
                      moment=services.now())
    recs = scope.check_structure(inc.doc)
    with tempfile.TemporaryDirectory(prefix="qjpkg-") as tmp:
        if inc.me["role"] == "office":
            # 下次反馈 once per item at the end, not after each 签收, note and request
            with sender.feedback.deferred():
                top = OfficeApplier(sender, peer, inc.env.package_id, inc.files, Path(tmp),
                                    report).run(recs)
        else:
            top = UnitApplier(sender, peer, inc.env.package_id, report,
                              inc.me["unit_id"]).run(recs)
    _book(services, inc, report, top)


def _book(services: Services, inc: Incoming, report: ImportReport, top: int) -> None:
    peer, h = inc.peer, inc.header
    ack = inc.doc.get("ack") or {}
    acked = ack.get("seq") if isinstance(ack.get("seq"), int) else 0
    services.store.exchange.update_peer(peer["id"], in_seq=max(peer["in_seq"], top),
                   acked_by_peer=max(peer["acked_by_peer"], min(acked, peer["out_seq"])))
    services.store.exchange.add_package(at=services.now(), package_id=inc.env.package_id, direction="in", peer_id=peer["id"],
                   sequence=int(h["sequence"]), created_at=str(h["created_at"]),
                   sender=h["sender"].get("name", ""), recipient=h["recipient"].get("name", ""),
                   records=report.records, applied=report.applied,
                   conflicts=len(report.conflicts), sha256=inc.sha256, file_name=inc.path.name)
    services.log("exchange.import", "package", package_id=inc.env.package_id, origin="导入",
                 after={"sender": report.sender, "sequence": report.sequence,
                        "applied": report.applied, "skipped": report.skipped,
                        "conflicts": len(report.conflicts)})
