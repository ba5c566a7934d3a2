"""Each kind of bad package is refused with a Chinese message and changes nothing."""
import pytest
from xnet import enrol_unit, forge, records_zip, state

from qjtasks.exchange import db, enrol, envelope, importer
from qjtasks.exchange.errors import PackageError, ReplayError, ScopeError, TrustError


@pytest.fixture
def sent(pair):
    """区科技局 signed item 2 and wrote a note; its package is ready but not imported."""
    net, tech = pair, pair.unit_id("区科技局")
    sci = net.units["区科技局"]
    sci.lifecycle.sign(2, tech, "陈七", "2026-11-26 10:00")
    sci.notes.add(2, tech, "陈七", "已发布征集通知", 30, noted_on="2026-11-28")
    return net, net.reply("区科技局")


def refused(net, path, error, words):
    before = state(net.office)
    with pytest.raises(error, match=words) as info:
        importer.import_package(net.office, path)
    assert state(net.office) == before
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))
    return info.value


def test_truncated_file(sent):
    net, path = sent
    path.write_bytes(path.read_bytes()[:-100])
    refused(net, path, PackageError, "不完整|损坏")


def test_corrupt_file_not_a_package(sent):
    net, path = sent
    path.write_bytes(b"PK\x03\x04 this is a zip, not a package" * 10)
    refused(net, path, PackageError, "不是 qjtasks 数据包")


def test_flipped_ciphertext_byte_fails_the_signature(sent):
    net, path = sent
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # inside the ciphertext
    path.write_bytes(bytes(data))
    refused(net, path, TrustError, "签名校验失败")


def test_wrong_signature_from_another_key(sent):
    net, path = sent
    env = envelope.parse(path.read_bytes())
    other = enrol.keys.KeyPair.generate().sign(env.signed)
    path.write_bytes(env.signed + len(other).to_bytes(2, "big") + other)
    refused(net, path, TrustError, "签名校验失败")


def test_missing_signature(sent):
    net, path = sent
    env = envelope.parse(path.read_bytes())
    path.write_bytes(env.signed + b"\x00\x00")
    refused(net, path, TrustError, "没有签名")


def test_package_for_another_unit(pair):
    net = pair
    enrol_unit(net, "区财政局")
    for_finance = net.send("区财政局")
    sci = net.units["区科技局"]
    before = state(sci)
    with pytest.raises(TrustError, match="是发给“区财政局”的"):
        importer.import_package(sci, for_finance)
    assert state(sci) == before


def test_package_for_another_office(sent):
    net, _ = sent
    path = forge(net, "区科技局", records_zip([]), office_id="another-office")
    refused(net, path, TrustError, "另一个督办单位")


def test_replayed_package(sent):
    net, path = sent
    importer.import_package(net.office, path)
    refused(net, path, ReplayError, "已导入过，无变化：.*已于 .* 导入")


def test_newer_schema_version(sent):
    net, _ = sent
    path = forge(net, "区科技局", records_zip([]), schema=envelope.SCHEMA_VERSION + 1)
    refused(net, path, PackageError, "请先升级 qjtasks")


def test_zip_bomb(sent):
    net, _ = sent
    bomb = records_zip([], {"files/abc/zeros.bin": b"\0" * (30 * 1024 * 1024)})
    refused(net, forge(net, "区科技局", bomb), PackageError, "压缩炸弹")


def test_oversized_package_file(sent, monkeypatch):
    net, path = sent
    monkeypatch.setattr(envelope, "MAX_PACKAGE", 1000)
    refused(net, path, PackageError, "过大")


@pytest.mark.parametrize("name", ["files/abc/../../../etc/cron.d/x", "/etc/passwd",
                                  "C:/Windows/system32/x.dll"])
def test_attachment_names_escaping_the_folder(sent, name):
    net, _ = sent
    path = forge(net, "区科技局", records_zip([], {name: b"x"}))
    refused(net, path, PackageError, "不安全")


def test_attachment_name_in_a_record(sent):
    net, _ = sent
    tech = net.unit_id("区科技局")
    note = {"ruid": "n1", "kind": "note", "seq": 1, "data": {
        "uid": "n1", "item_id": 2, "unit_id": tech, "reporter": "x", "noted_on": "2026-11-28",
        "text": "t", "percent": None, "problems": "", "next_steps": "",
        "attachments": [{"name": "../../evil.sh", "sha256": "0", "size": 1}]}}
    refused(net, forge(net, "区科技局", records_zip([note])), PackageError, "不安全")


def test_revoked_unit_key(sent):
    net, path = sent
    peer = enrol.find_peer(net.office, "区科技局")
    enrol.revoke(net.office, peer["id"], "电脑丢失")
    refused(net, path, TrustError, "吊销")


def test_unconfirmed_fingerprint(pair):
    net = pair
    peer = enrol.find_peer(net.office, "区科技局")
    net.office.store.conn.execute("UPDATE exchange_peers SET status = ? WHERE id = ?",
                            [db.PENDING, peer["id"]])
    net.units["区科技局"].lifecycle.sign(2, net.unit_id("区科技局"), "陈七", "2026-11-26")
    path = net.reply("区科技局")
    refused(net, path, TrustError, "尚未确认")


def test_wrong_fingerprint_is_not_trusted(pair):
    net = pair
    peer = enrol.find_peer(net.office, "区科技局")
    with pytest.raises(TrustError, match="指纹不一致"):
        enrol.confirm(net.office, peer["id"], "0000-1111-2222-3333-4444-5555")


# ---- scope: what a unit may not change -----------------------------------------------------
def _rec(kind, data, seq=1):
    return {"ruid": f"r{seq}", "kind": kind, "seq": seq, "data": data}


@pytest.mark.parametrize("kind, data, words", [
    ("item", {"id": 2, "current_deadline": "2028-01-01"}, "修改事项"),
    ("deadline", {"item_id": 2, "current_deadline": "2028-01-01"}, "修改办结时限"),
    ("review", {"item_id": 2, "accept": True}, "审核办结"),
    ("extension", {"uid": "e1", "item_id": 2, "unit_id": "SELF", "requested_on": "2026-12-01",
                   "reason": "r", "proposed_deadline": "2027-05-01", "decision": "批准",
                   "approved_deadline": "2027-05-01"}, "审批/审核结论"),
    ("note", {"uid": "n1", "item_id": 3, "unit_id": "SELF", "noted_on": "2026-12-01",
              "text": "另一单位的事项"}, "不由“区科技局”承办"),
    ("sign", {"item_id": 2, "unit_id": "OTHER", "signed_by": "冒名", "signed_at": "2026-12-01"},
     "其他单位名义"),
])
def test_out_of_scope_records_refuse_the_whole_package(sent, kind, data, words):
    net, _ = sent
    tech, other = net.unit_id("区科技局"), net.unit_id("区财政局")
    data = {k: {"SELF": tech, "OTHER": other}.get(v, v) if isinstance(v, str) else v
            for k, v in data.items()}
    fine = _rec("sign", {"item_id": 2, "unit_id": tech, "signed_by": "陈七",
                         "signed_at": "2026-11-26"}, seq=1)
    path = forge(net, "区科技局", records_zip([fine, _rec(kind, data, seq=2)]))
    refused(net, path, ScopeError, words)


def test_completion_by_a_co_unit_is_refused(pair):
    net = pair
    enrol_unit(net, "区财政局")            # co-unit of item 2
    net.to_unit("区财政局")
    fin = net.unit_id("区财政局")
    rec = _rec("completion", {"uid": "c1", "item_id": 2, "unit_id": fin,
                              "submitted_on": "2026-12-01", "report": "已完成"})
    refused(net, forge(net, "区财政局", records_zip([rec])), ScopeError, "牵头单位")


def test_unit_made_item_with_the_office_id_is_not_overwritten(pair):
    net = pair
    sci = net.units["区科技局"]
    from qjtasks.core.errors import ValidationError
    from qjtasks.core.models import ItemDraft
    with pytest.raises(ValidationError, match="承办单位端"):
        sci.items.add(ItemDraft(title="单位自建事项"))   # the core refuses it on a unit PC
    # Another tool could still write one into the file: the exchange must not overwrite it.
    target = net.office.store.conn.execute("SELECT max(id) + 1 FROM items").fetchone()[0]
    sci.store.conn.execute("INSERT INTO items (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                     [target, "单位自建事项", "2026-11-25T09:00:00", "2026-11-25T09:00:00"])
    local = target
    new = net.office.items.add(ItemDraft(title="新交办事项", lead_unit_name="区科技局",
                                        deadline="2027-03-01")).item_id
    assert new == local
    net.office.lifecycle.issue(new, "2026-11-25")
    before = state(sci)
    with pytest.raises(PackageError, match="不是督办方下发的"):
        importer.import_package(sci, net.send("区科技局"))
    assert state(sci) == before and sci.store.item(local).title == "单位自建事项"
