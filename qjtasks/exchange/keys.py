"""Installation keys: Ed25519 for signing, X25519 for encryption, and their short fingerprint.

Choice of storage (documented for reviewers): private keys live in a key file BESIDE the
database (`qjtasks.db` → `qjtasks.qjkeys`, mode 0600), never in the database. The SQLite file is
meant to be opened with any tool, copied for backups and sent along for support; a key inside
it would travel with every copy. Only public keys and fingerprints are stored in the database.
Losing the key file means the office makes a new enrolment file; the old key is then revoked.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from .errors import PackageError, TrustError

KEY_FILE_FORMAT = "qjtasks-keys"
FINGERPRINT_DOMAIN = b"qjtasks-key-v1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str = "密钥") -> bytes:
    try:
        return base64.b64decode(str(text).encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise PackageError(f"{what}格式错误，文件可能已损坏") from None


def fingerprint(sign_pub: bytes, box_pub: bytes) -> str:
    """Six groups of four hex digits of SHA-256 over both public keys, e.g. 3F2A-91C0-…"""
    digest = hashlib.sha256(FINGERPRINT_DOMAIN + sign_pub + box_pub).hexdigest().upper()
    return "-".join(digest[i:i + 4] for i in range(0, 24, 4))


def normalise_fingerprint(text: str) -> str:
    """What a clerk types (spaces, lower case, no dashes) to the canonical form."""
    raw = "".join(ch for ch in str(text).upper() if ch in "0123456789ABCDEF")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class PublicKeys:
    sign_pub: bytes
    box_pub: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub, self.box_pub)

    def as_json(self) -> dict:
        return {"sign_pub": b64(self.sign_pub), "box_pub": b64(self.box_pub),
                "fingerprint": self.fingerprint}

    @classmethod
    def from_json(cls, data: dict) -> PublicKeys:
        keys = cls(unb64(data.get("sign_pub", ""), "签名公钥"),
                   unb64(data.get("box_pub", ""), "加密公钥"))
        if len(keys.sign_pub) != 32 or len(keys.box_pub) != 32:
            raise PackageError("公钥长度不正确，文件可能已损坏")
        return keys


@dataclass(frozen=True)
class KeyPair:
    sign_priv: Ed25519PrivateKey
    box_priv: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(self.sign_priv.public_key().public_bytes_raw(),
                          self.box_priv.public_key().public_bytes_raw())

    def sign(self, data: bytes) -> bytes:
        return self.sign_priv.sign(data)


def verify_signature(sign_pub: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    try:
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def key_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + ".qjkeys")


def save(keys: KeyPair, path: Path) -> None:
    """Write the key file with owner-only permissions; never overwrite an existing one."""
    data = {"format": KEY_FILE_FORMAT, "version": 1,
            "sign": b64(keys.sign_priv.private_bytes_raw()),
            "box": b64(keys.box_priv.private_bytes_raw())}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


def load(path: Path) -> KeyPair:
    if not path.is_file():
        raise TrustError(f"本机密钥文件“{path}”不存在；请勿移动或删除该文件，"
                         "如已丢失请让督办方重新制作注册文件")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != KEY_FILE_FORMAT:
            raise ValueError
        return KeyPair(Ed25519PrivateKey.from_private_bytes(unb64(data["sign"])),
                       X25519PrivateKey.from_private_bytes(unb64(data["box"])))
    except (ValueError, KeyError, TypeError, PackageError):
        raise TrustError(f"本机密钥文件“{path}”已损坏，无法使用") from None
