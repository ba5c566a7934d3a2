"""Enrolment edge cases, re-enrolment after a lost PC, and the watched folder."""
import json
import shutil

import pytest
from xnet import enrol_unit, open_services

from qjtasks.core.errors import ValidationError
from qjtasks.exchange import db, enrol, importer
from qjtasks.exchange.errors import PackageError, TrustError
from qjtasks.exchange.folder import scan


def test_tampered_invitation_is_refused(net, tmp_path):
    doc = enrol.invitation(net.office, "区财政局")
    doc["unit"]["id"] = 1                      # try to become the office
    unit = open_services(tmp_path / "u.db", "x")
    with pytest.raises(TrustError, match="签名校验失败"):
        enrol.accept(unit, doc)
    assert unit.store.exchange.me() is None and unit.store.is_empty()


def test_invitation_only_on_an_empty_database(net):
    doc = enrol.invitation(net.office, "区财政局")
    with pytest.raises(ValidationError, match="空数据库"):
        enrol.accept(net.office, doc)
    with pytest.raises(PackageError, match="文件类型不对"):
        enrol.receive_answer(net.office, doc)


def test_private_keys_are_beside_the_database_not_in_it(pair):
    office_db = pair.office.store.path
    assert office_db.with_name("office.qjkeys").exists()
    raw = office_db.read_bytes()
    key = json.loads(office_db.with_name("office.qjkeys").read_text())["sign"]
    assert key.encode() not in raw


def test_re_enrolment_replaces_and_revokes_the_old_key(pair):
    net, tech = pair, pair.unit_id("区科技局")
    old = net.units.pop("区科技局")
    old.lifecycle.sign(2, tech, "陈七", "2026-11-26")
    stale = _export(old, net.path("old-pc"))
    new = enrol_unit(net, "区科技局", "new-pc")   # new PC, new database, new keys
    states = [p["status"] for p in net.office.store.exchange.peers() if p["unit_id"] == tech]
    assert states == [db.REVOKED, db.TRUSTED]
    with pytest.raises(TrustError, match="吊销"):
        importer.import_package(net.office, stale)
    net.to_unit("区科技局")
    new.lifecycle.sign(2, tech, "陈七", "2026-11-27")
    assert net.to_office("区科技局").applied == 1


def _export(svc, path):
    from qjtasks.exchange import export
    return export.export_package(svc, path).path


def test_watched_folder_imports_only_what_is_addressed_here(pair, tmp_path):
    net, tech = pair, pair.unit_id("区科技局")
    enrol_unit(net, "区财政局")
    shared = tmp_path / "共享"
    shared.mkdir()
    net.units["区科技局"].lifecycle.sign(2, tech, "陈七", "2026-11-26")
    first = net.reply("区科技局")
    net.units["区科技局"].notes.add(2, tech, "陈七", "进展", 10, noted_on="2026-11-27")
    second = net.reply("区科技局")
    for p in (second, first, net.send("区财政局")):   # one for 区财政局, not for the office
        shutil.copy(p, shared / p.name)
    (shared / "坏文件.qjpkg").write_bytes(b"QJPKG\x00\x01\nbroken")
    from qjtasks.core import backup
    before = len(backup.list_backups(net.office.store.path))
    results = scan(net.office, shared)
    by_status = sorted((r.status, r.path.name) for r in results)
    assert [s for s, _ in by_status] == ["已导入", "已导入", "拒收"]
    # one safety copy before the batch, not one per package
    assert len(backup.list_backups(net.office.store.path)) == before + 1
    assert net.office.store.exchange.packages("in")[0]["sequence"] == 1    # taken in order
    again = scan(net.office, shared)
    assert sorted(r.status for r in again) == ["已跳过", "已跳过", "拒收"]
