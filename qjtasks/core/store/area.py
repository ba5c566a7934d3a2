"""The base of the store's area objects: each reads and writes one area of the file through
the one connection its `Store` holds (issue 18: the store owns the connection)."""
from __future__ import annotations

import sqlite3

TYPE_CHECKING = False   # (not from typing: every command imports this module)

if TYPE_CHECKING:
    from . import Store


class Area:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn
