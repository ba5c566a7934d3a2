"""What the front ends read about the exchange: this installation, its peers, packages and
conflicts. They pass the store; the SQL and the connection stay in `exchange.db`."""
from __future__ import annotations

from . import db


def me(store) -> dict | None:
    """This installation (role, unit, install id, fingerprint), or None before enrolment."""
    return db.me(store.conn)


def peers(store) -> list[dict]:
    return db.peers(store.conn)


def peer(store, peer_id: int) -> dict | None:
    return db.peer(store.conn, peer_id)


def packages(store, direction: str | None = None) -> list[dict]:
    return db.packages(store.conn, direction)


def conflicts(store, open_only: bool = False) -> list[dict]:
    return db.conflicts(store.conn, open_only=open_only)
