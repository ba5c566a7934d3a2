"""What the front ends read about the exchange: this installation, its peers, packages and
conflicts. They pass the store; the SQL and the connection stay in `exchange.db`."""
from __future__ import annotations


def me(store) -> dict | None:
    """This installation (role, unit, install id, fingerprint), or None before enrolment."""
    return store.exchange.me()


def peers(store) -> list[dict]:
    return store.exchange.peers()


def peer(store, peer_id: int) -> dict | None:
    return store.exchange.peer(peer_id)


def packages(store, direction: str | None = None) -> list[dict]:
    return store.exchange.packages(direction)


def conflicts(store, open_only: bool = False) -> list[dict]:
    return store.exchange.conflicts(open_only=open_only)
