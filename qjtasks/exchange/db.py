"""Words and helpers the exchange modules share; the SQL for the exchange tables is the store's
(`store.exchange`, core/store/exchange.py), like every other table's."""
from __future__ import annotations

from qjtasks.core.store.exchange import dumps

__all__ = ["PENDING", "REVOKED", "TRUSTED", "dumps", "now"]

TRUSTED, PENDING, REVOKED = "已信任", "待确认", "已吊销"


def now(services) -> str:
    """The session clock's time (`Services.now()`), as every exchange row records it."""
    return services.now()
