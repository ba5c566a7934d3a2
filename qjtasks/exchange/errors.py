"""Exchange errors, each a `QjtasksError` with a Chinese message; raising one means nothing
was applied (checks run before any write, and writes run in one transaction)."""
from __future__ import annotations

from qjtasks.core.errors import QjtasksError


class PackageError(QjtasksError):
    """The file is not a usable package: truncated, corrupt, oversized, unsafe names …"""


class TrustError(QjtasksError):
    """Signature, keys, enrolment or revocation problems."""


class ScopeError(QjtasksError):
    """A unit's package tries to change what the unit may not change."""


class ReplayError(QjtasksError):
    """The package was already imported."""
