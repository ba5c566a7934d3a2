"""The text inside a sheet's QR code, and its check value from the office's key.

A code reads `QJ1|<office>|<item id>|<unit id>|<督办编号>|<sheet>|<check>`: `office` is the first
eight hex digits of the office key's fingerprint (the same fingerprint the receipt prints in
full), `sheet` says which paper it is (`R` the tear-off 签收回执, `N` the unit's copy of the
notice, `C3-1` the 催办通知单 No. 3, copy 1) and `check` is an HMAC-SHA256 of everything before
it, keyed with a secret derived from the office's private signing key, cut to 10 base32
characters. Only the office that printed the sheet can make or check a code; a mistyped or
edited code, or one made without the key, fails the check. The 督办编号 may contain `|`: fields
are taken from both ends.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from qjtasks.exchange import keys

PREFIX = "QJ1"
SEP = "|"
KEY_DOMAIN = b"qjtasks-paper-code-v1"
CHECK_CHARS = 10
RECEIPT, NOTICE = "R", "N"


@dataclass(frozen=True)
class SheetCode:
    """The fields of a sheet's QR code (see the module docstring)."""
    office: str
    item_id: int
    unit_id: int
    serial: str
    sheet: str
    check: str = ""

    def body(self) -> str:
        return SEP.join((PREFIX, self.office, str(self.item_id), str(self.unit_id), self.serial,
                         self.sheet))

    def text(self) -> str:
        return self.body() + SEP + self.check

    @property
    def is_receipt(self) -> bool:
        return self.sheet == RECEIPT


def parse(text: str) -> SheetCode | None:
    """The fields of a qjtasks code, or None for any other text (another QR code, noise)."""
    parts = str(text).strip().split(SEP)
    if len(parts) < 7 or parts[0] != PREFIX:
        return None
    head, tail = parts[:4], parts[-2:]
    try:
        item_id, unit_id = int(head[2]), int(head[3])
    except ValueError:
        return None
    return SheetCode(head[1], item_id, unit_id, SEP.join(parts[4:-2]), tail[0], tail[1])


def office_tag(fingerprint: str) -> str:
    return fingerprint.replace("-", "")[:8].upper()


class Signer:
    """Makes and checks codes with one installation's key pair."""

    def __init__(self, pair: keys.KeyPair):
        self.fingerprint = pair.public.fingerprint
        self.office = office_tag(self.fingerprint)
        self._key = hashlib.sha256(KEY_DOMAIN + pair.sign_priv.private_bytes_raw()).digest()

    def _check(self, body: str) -> str:
        mac = hmac.new(self._key, body.encode("utf-8"), hashlib.sha256).digest()
        return base64.b32encode(mac).decode("ascii")[:CHECK_CHARS]

    def code(self, item_id: int, unit_id: int, serial: str, sheet: str) -> str:
        c = SheetCode(self.office, item_id, unit_id, serial, sheet)
        return SheetCode(**{**c.__dict__, "check": self._check(c.body())}).text()

    def is_ours(self, code: SheetCode) -> bool:
        return code.office == self.office

    def verify(self, code: SheetCode) -> bool:
        return hmac.compare_digest(self._check(code.body()), code.check)


def signer_for(store) -> Signer | None:
    """The Signer of the installation that owns `store` (key file beside the database).

    The key file is made on first use, exactly as enrolment would make it (enrolment later
    reuses it), so codes printed before enrolment stay valid. An in-memory database has no
    key file: its sheets carry no code.
    """
    if str(store.path) == ":memory:":
        return None
    path = keys.key_path(store.path)
    if not path.exists():
        keys.save(keys.KeyPair.generate(), path)
    return Signer(keys.load(path))
