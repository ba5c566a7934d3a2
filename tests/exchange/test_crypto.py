"""Keys, fingerprints, the envelope and the payload zip, without any database."""
import io
import json
import struct
import zipfile

import pytest

from qjtasks.exchange import envelope, keys, payload
from qjtasks.exchange.errors import PackageError, TrustError

AT = "2026-11-26T10:00:00"     # the exporting session's clock


@pytest.fixture(scope="module")
def pair():
    return keys.KeyPair.generate(), keys.KeyPair.generate()


def test_fingerprint_is_six_groups_and_stable(pair):
    a, b = pair
    fp = a.public.fingerprint
    assert len(fp.split("-")) == 6 and all(len(g) == 4 for g in fp.split("-"))
    assert fp == keys.fingerprint(a.public.sign_pub, a.public.box_pub)
    assert fp != b.public.fingerprint
    assert keys.normalise_fingerprint(fp.lower().replace("-", " ")) == fp


def test_key_file_round_trip_and_permissions(tmp_path, pair):
    path = keys.key_path(tmp_path / "office.db")
    assert path.name == "office.qjkeys"
    keys.save(pair[0], path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert keys.load(path).public == pair[0].public
    with pytest.raises(FileExistsError):
        keys.save(pair[1], path)
    path.write_text("{}")
    with pytest.raises(TrustError, match="损坏"):
        keys.load(path)


def test_seal_parse_verify_open(pair):
    sender, recipient = pair
    blob = envelope.seal(envelope.new_header(AT, sender={"name": "区发改委"}, recipient={},
                                             office_id="o", sequence=1),
                         b"secret payload", sender, recipient.public.box_pub)
    env = envelope.parse(blob)
    assert env.header["sender"]["name"] == "区发改委" and env.header["schema"] == 1
    assert b"secret payload" not in blob
    envelope.check_signature(env, sender.public.sign_pub)
    with pytest.raises(TrustError, match="签名"):
        envelope.check_signature(env, recipient.public.sign_pub)
    assert envelope.open_payload(env, recipient) == b"secret payload"
    with pytest.raises(PackageError, match="解密"):
        envelope.open_payload(env, sender)


def test_header_tampering_breaks_signature(pair):
    sender, recipient = pair
    blob = envelope.seal(envelope.new_header(AT, sender={}, recipient={}, office_id="o",
                                             sequence=1), b"x", sender, recipient.public.box_pub)
    tampered = blob.replace(b'"sequence": 1', b'"sequence": 9')
    assert tampered != blob
    with pytest.raises(TrustError):
        envelope.check_signature(envelope.parse(tampered), sender.public.sign_pub)


@pytest.mark.parametrize("cut", [3, 10, 40, -70, -1])
def test_truncated_envelope_is_refused(pair, cut):
    sender, recipient = pair
    blob = envelope.seal(envelope.new_header(AT, sender={}, recipient={}, office_id="o",
                                             sequence=1), b"x" * 100, sender,
                         recipient.public.box_pub)
    with pytest.raises(PackageError, match="不完整|损坏"):
        envelope.parse(blob[:cut])


def test_payload_round_trip(tmp_path):
    src = tmp_path / "照片.jpg"
    src.write_bytes(b"\xff\xd8" + b"a" * 1000)
    data = payload.build({"records": [{"kind": "note"}]},
                         [(payload.attachment_arcname("abc123", "照片.jpg"), src)])
    got = payload.read(data)
    assert got.doc["records"] == [{"kind": "note"}]
    assert got.files["files/abc123/照片.jpg"] == src.read_bytes()


@pytest.mark.parametrize("name", ["../evil.txt", "files/abc/../../x", "/etc/passwd",
                                  "C:/Windows/x.dll", "files/abc/..", "files\\abc\\x",
                                  "files/abc/a\x01b"])
def test_unsafe_names_are_refused(name):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("records.json", json.dumps({"records": []}))
        zf.writestr(name, b"x")
    with pytest.raises(PackageError, match="不安全|不认识"):
        payload.read(buf.getvalue())


def test_zip_bomb_by_ratio_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("records.json", json.dumps({"records": []}))
        zf.writestr("files/abc/zeros.bin", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(PackageError, match="压缩炸弹"):
        payload.read(buf.getvalue())


def test_oversized_file_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("records.json", json.dumps({"records": []}))
        zf.writestr("files/abc/big.bin", b"x" * 3000)
    with pytest.raises(PackageError, match="超过上限"):
        payload.read(buf.getvalue(), payload.Limits(max_file=2000))


def test_lying_declared_size_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("records.json", json.dumps({"records": []}))
        zf.writestr("files/abc/x.bin", b"y" * 500)
    data = bytearray(buf.getvalue())
    # shrink the declared size in the central directory so the real data is larger
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 100)
    with pytest.raises(PackageError, match="不符|损坏"):
        payload.read(bytes(data))
