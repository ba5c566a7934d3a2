"""The `.qjpkg` file: readable header, encrypted payload, Ed25519 signature.

Layout (all lengths big-endian)::

    MAGIC (8 bytes) | u32 header length | header JSON (UTF-8)
                    | u64 ciphertext length | ciphertext | u16 signature length | signature

The header (format, schema, package id, sender, recipient, office, sequence, created_at and the
sender's ephemeral X25519 key) can be read without any key. The payload is encrypted to the
recipient: ephemeral-static X25519, HKDF-SHA256, AES-256-GCM with the header bytes as associated
data. The signature covers every byte before it, so neither header nor ciphertext can change.
"""
from __future__ import annotations

import json
import os
import struct
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .errors import PackageError, TrustError
from .keys import KeyPair, b64, unb64, verify_signature

MAGIC = b"QJPKG\x00\x01\n"
FORMAT = "qjpkg"
SCHEMA_VERSION = 1
CIPHER = "X25519-HKDF-SHA256-AES-256-GCM"
MAX_HEADER = 64 * 1024
MAX_PACKAGE = 512 * 1024 * 1024
CORRUPT = "数据包文件不完整或已损坏（{0}），请让对方重新导出后再导入；未作任何改动"


@dataclass(frozen=True)
class Envelope:
    header: dict
    header_bytes: bytes
    ciphertext: bytes
    signature: bytes
    signed: bytes  # every byte the signature covers

    @property
    def package_id(self) -> str:
        return str(self.header.get("package_id", ""))


def _derive(shared: bytes, epk: bytes, recipient_box: bytes) -> bytes:
    info = b"qjpkg-v1|" + epk + recipient_box
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal(header: dict, payload: bytes, sender: KeyPair, recipient_box_pub: bytes) -> bytes:
    """Encrypt `payload` to the recipient and sign; `header` gets crypto fields added."""
    eph = X25519PrivateKey.generate()
    epk = eph.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    key = _derive(eph.exchange(X25519PublicKey.from_public_bytes(recipient_box_pub)), epk,
                  recipient_box_pub)
    nonce = os.urandom(12)
    full = {"format": FORMAT, "schema": SCHEMA_VERSION, **header,
            "crypto": {"alg": CIPHER, "epk": b64(epk), "nonce": b64(nonce)}}
    hbytes = json.dumps(full, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ciphertext = AESGCM(key).encrypt(nonce, payload, hbytes)
    body = MAGIC + struct.pack(">I", len(hbytes)) + hbytes
    body += struct.pack(">Q", len(ciphertext)) + ciphertext
    signature = sender.sign(body)
    return body + struct.pack(">H", len(signature)) + signature


def new_header(created_at: str, **fields) -> dict:
    """`created_at`: the exporting session's clock (`Services.now()`)."""
    return {"package_id": str(uuid.uuid4()), "created_at": created_at, **fields}


def _take(data: bytes, pos: int, size: int, what: str) -> tuple[bytes, int]:
    if size < 0 or pos + size > len(data):
        raise PackageError(CORRUPT.format(f"{what}不完整"))
    return data[pos:pos + size], pos + size


def parse(data: bytes) -> Envelope:
    """Split a package into its parts; checks structure only (no key needed)."""
    if len(data) > MAX_PACKAGE:
        raise PackageError(f"数据包过大（{len(data) // 1048576} MB，上限 "
                           f"{MAX_PACKAGE // 1048576} MB），已拒绝；未作任何改动")
    if not data.startswith(MAGIC[:6]) and not MAGIC.startswith(data[:8]):
        raise PackageError(CORRUPT.format("不是 qjtasks 数据包"))
    if len(data) < len(MAGIC) + 4:
        raise PackageError(CORRUPT.format(f"文件被截断，只有 {len(data)} 字节"))
    if data[:8] != MAGIC:
        raise PackageError("数据包文件格式版本较新，本程序无法读取，请升级 qjtasks；未作任何改动")
    raw, pos = _take(data, 8, 4, "文件头")
    (hlen,) = struct.unpack(">I", raw)
    if hlen > MAX_HEADER:
        raise PackageError(CORRUPT.format("文件头长度异常"))
    hbytes, pos = _take(data, pos, hlen, "文件头")
    raw, pos = _take(data, pos, 8, "数据长度")
    ciphertext, pos = _take(data, pos, struct.unpack(">Q", raw)[0], "加密数据")
    signed = data[:pos]
    raw, pos = _take(data, pos, 2, "签名")
    signature, pos = _take(data, pos, struct.unpack(">H", raw)[0], "签名")
    if pos != len(data):
        raise PackageError(CORRUPT.format("文件末尾有多余数据"))
    return Envelope(_header(hbytes), hbytes, ciphertext, signature, signed)


HEADER_NAMES = {"package_id": "数据包编号", "sender": "发送方", "recipient": "接收方",
                "office_id": "督办单位", "sequence": "序号", "created_at": "制作时间",
                "schema": "格式版本", "crypto": "加密方式"}


def _header(hbytes: bytes) -> dict:
    try:
        header = json.loads(hbytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError(CORRUPT.format("文件头无法解析")) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise PackageError(CORRUPT.format("文件头格式不符"))
    for key in ("package_id", "sender", "recipient", "office_id", "sequence", "created_at",
                "schema", "crypto"):
        if key not in header:
            raise PackageError(CORRUPT.format(f"文件头缺少“{HEADER_NAMES[key]}”"))
    return header


def check_schema(header: dict) -> None:
    version = header.get("schema")
    if not isinstance(version, int) or version < 1:
        raise PackageError(CORRUPT.format("格式版本无效"))
    if version > SCHEMA_VERSION:
        raise PackageError(f"数据包格式版本为 {version}，本程序只支持到 {SCHEMA_VERSION}；"
                           "请先升级 qjtasks 再导入；未作任何改动")


def check_signature(env: Envelope, sender_sign_pub: bytes) -> None:
    if not env.signature:
        raise TrustError("数据包没有签名，无法确认来源，已拒绝；未作任何改动")
    if not verify_signature(sender_sign_pub, env.signature, env.signed):
        raise TrustError("数据包签名校验失败：文件被改动过，或不是由登记的发送方签发；"
                         "已拒绝，未作任何改动")


def open_payload(env: Envelope, recipient: KeyPair) -> bytes:
    crypto = env.header.get("crypto") or {}
    if crypto.get("alg") != CIPHER:
        raise PackageError(f"不支持的加密方式“{crypto.get('alg')}”；未作任何改动")
    epk = unb64(crypto.get("epk", ""), "加密参数")
    nonce = unb64(crypto.get("nonce", ""), "加密参数")
    box_pub = recipient.public.box_pub
    try:
        shared = recipient.box_priv.exchange(X25519PublicKey.from_public_bytes(epk))
        key = _derive(shared, epk, box_pub)
        return AESGCM(key).decrypt(nonce, env.ciphertext, env.header_bytes)
    except (InvalidTag, ValueError):
        raise PackageError("数据包无法解密：不是发给本机的，或内容已损坏；未作任何改动") from None
