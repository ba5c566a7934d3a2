"""Explicit transactions on a connection in autocommit mode.

The store opens SQLite with `isolation_level=None` so that nothing commits behind our back; a
service call wraps its writes (journal row included) in `transaction()`. Nested use becomes a
savepoint, so a service may call another without splitting the unit of change.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

# Every savepoint has the same name: SQLite's ROLLBACK TO and RELEASE act on the most recent
# savepoint of that name, which is exactly the nesting here, and three fixed statements stay in
# the connection's statement cache (a numbered name compiled three new statements per call).
_SAVEPOINT, _ROLLBACK_TO, _RELEASE = "SAVEPOINT qj", "ROLLBACK TO qj", "RELEASE qj"


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    if conn.in_transaction:
        conn.execute(_SAVEPOINT)
        try:
            yield conn
        except BaseException:
            conn.execute(_ROLLBACK_TO)
            conn.execute(_RELEASE)
            raise
        conn.execute(_RELEASE)
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
