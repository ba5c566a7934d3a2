"""Installation keys: Ed25519 for signing, X25519 for encryption, and their short fingerprint.

Choice of storage (documented for reviewers): private keys live in a key file BESIDE the
database (`qjtasks.db` → `qjtasks.qjkeys`, mode 0600), never in the database. The SQLite file is
meant to be opened with any tool, copied for backups and sent along for support; a key inside
it would travel with every copy. Only public keys and fingerprints are stored in the database.
Losing the key file means the office makes a new enrolment file; the old key is then revoked.

A passphrase may protect the key file (issue 16): the two private keys are then stored as
PKCS#8 PEM encrypted with cryptography's BestAvailableEncryption (version 2 of the file). The
passphrase is asked through the source installed by the CLI or the window
(`set_passphrase_source`) and kept in memory for the rest of the process, so it is asked once
per session.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import PackageError, TrustError

TYPE_CHECKING = False   # (typing is not imported for it: every command imports this module)
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey


def _ed25519():
    """cryptography is imported when a key is made, read or checked, not with this module:
    every command installs the passphrase source here, and most never touch a key."""
    from cryptography.hazmat.primitives.asymmetric import ed25519
    return ed25519


def _x25519():
    from cryptography.hazmat.primitives.asymmetric import x25519
    return x25519


class PassphraseError(TrustError):
    """The key file has a passphrase and none (or a wrong one) was given."""


# path of a key file -> its passphrase, for this process (asked once per session)
_passphrases: dict[str, bytes] = {}
_source = None     # callable(path, retry: bool) -> str | None: asks the user


def set_passphrase_source(source) -> None:
    """How to ask for a key file's passphrase: `source(path, retry)` returns it or None."""
    global _source
    _source = source


def remember_passphrase(path: Path, passphrase: str | None) -> None:
    """Keep (or with None forget) a key file's passphrase for the rest of the session."""
    if passphrase is None:
        _passphrases.pop(str(Path(path)), None)
    else:
        _passphrases[str(Path(path))] = passphrase.encode("utf-8")


def is_protected(path: Path) -> bool:
    """The key file exists and has a passphrase."""
    try:
        return bool(json.loads(Path(path).read_text(encoding="utf-8")).get("encrypted"))
    except (OSError, ValueError, AttributeError):
        return False

KEY_FILE_FORMAT = "qjtasks-keys"
FINGERPRINT_DOMAIN = b"qjtasks-key-v1"


def b64(data: bytes) -> str:
    import base64
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str = "密钥") -> bytes:
    import base64
    try:
        return base64.b64decode(str(text).encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise PackageError(f"{what}格式错误，文件可能已损坏") from None


def fingerprint(sign_pub: bytes, box_pub: bytes) -> str:
    """Six groups of four hex digits of SHA-256 over both public keys, e.g. 3F2A-91C0-…"""
    import hashlib
    digest = hashlib.sha256(FINGERPRINT_DOMAIN + sign_pub + box_pub).hexdigest().upper()
    return "-".join(digest[i:i + 4] for i in range(0, 24, 4))


def normalise_fingerprint(text: str) -> str:
    """What a clerk types (spaces, lower case, no dashes) to the canonical form."""
    raw = "".join(ch for ch in str(text).upper() if ch in "0123456789ABCDEF")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class PublicKeys:
    """An installation's two public keys and their fingerprint."""
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
    """An installation's private signing (Ed25519) and encryption (X25519) keys."""
    sign_priv: Ed25519PrivateKey
    box_priv: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(_ed25519().Ed25519PrivateKey.generate(), _x25519().X25519PrivateKey.generate())

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(self.sign_priv.public_key().public_bytes_raw(),
                          self.box_priv.public_key().public_bytes_raw())

    def sign(self, data: bytes) -> bytes:
        return self.sign_priv.sign(data)


def verify_signature(sign_pub: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    try:
        _ed25519().Ed25519PublicKey.from_public_bytes(sign_pub).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def key_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + ".qjkeys")


def _file_data(keys: KeyPair, passphrase: str | None) -> dict:
    if not passphrase:
        return {"format": KEY_FILE_FORMAT, "version": 1,
                "sign": b64(keys.sign_priv.private_bytes_raw()),
                "box": b64(keys.box_priv.private_bytes_raw())}
    from cryptography.hazmat.primitives import serialization as ser
    enc = ser.BestAvailableEncryption(passphrase.encode("utf-8"))

    def pem(key) -> str:
        return key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, enc).decode("ascii")
    return {"format": KEY_FILE_FORMAT, "version": 2, "encrypted": True,
            "sign_pem": pem(keys.sign_priv), "box_pem": pem(keys.box_priv)}


def save(keys: KeyPair, path: Path, passphrase: str | None = None) -> None:
    """Write the key file with owner-only permissions; never overwrite an existing one."""
    data = _file_data(keys, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    if passphrase:
        remember_passphrase(path, passphrase)


def change_passphrase(path: Path, new: str | None) -> None:
    """Rewrite the key file under a new passphrase (None or empty: no passphrase).

    The current keys are read first (asking for the current passphrase if there is one); the
    new file is written beside the old one, flushed, and renamed over it in one step, mode 0600.
    """
    path = Path(path)
    pair = load(path)
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(_file_data(pair, new or None), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    remember_passphrase(path, new or None)


def load(path: Path) -> KeyPair:
    if not path.is_file():
        raise TrustError(f"本机密钥文件“{path}”不存在；请勿移动或删除该文件，"
                         "如已丢失请让督办方重新制作注册文件")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
            raise ValueError
        if data.get("encrypted"):
            return _load_protected(path, data)
        return KeyPair(_ed25519().Ed25519PrivateKey.from_private_bytes(unb64(data["sign"])),
                       _x25519().X25519PrivateKey.from_private_bytes(unb64(data["box"])))
    except (ValueError, KeyError, TypeError, PackageError, UnicodeDecodeError):
        raise TrustError(f"本机密钥文件“{path}”已损坏，无法使用") from None


def _load_protected(path: Path, data: dict) -> KeyPair:
    """Decrypt with the session's passphrase, asking the source once (and once more after a
    wrong one); a wrong passphrase and a changed file both fail to decrypt."""
    from cryptography.hazmat.primitives import serialization as ser
    sign_pem, box_pem = data["sign_pem"].encode("ascii"), data["box_pem"].encode("ascii")
    for attempt in range(3):
        passphrase = _passphrases.get(str(path))
        if passphrase is None:
            typed = _source(path, attempt > 0) if _source is not None else None
            if not typed:
                raise PassphraseError(
                    f"本机密钥文件“{path.name}”设有口令，未输入口令，无法签名或解密")
            passphrase = typed.encode("utf-8")
        try:
            sign = ser.load_pem_private_key(sign_pem, password=passphrase)
            box = ser.load_pem_private_key(box_pem, password=passphrase)
        except (ValueError, TypeError):
            _passphrases.pop(str(path), None)
            if _source is None or attempt == 2:
                break
            continue
        if not isinstance(sign, _ed25519().Ed25519PrivateKey) or \
                not isinstance(box, _x25519().X25519PrivateKey):
            raise ValueError("wrong key types")
        _passphrases[str(path)] = passphrase
        return KeyPair(sign, box)
    raise PassphraseError(f"本机密钥口令不正确，或密钥文件“{path.name}”已被改动，无法使用；"
                          "请核对口令后重试")
