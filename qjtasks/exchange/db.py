"""SQL for the exchange tables (`exchange_*`, created by core migration 0003_exchange).

Why the SQL is here and not in `qjtasks.core.store`: core may not import `qjtasks.exchange`
(import-linter contract), the core is owned by another developer, and these tables are read and
written by nothing but this package. The schema itself lives in core's migration list so that a
database has one schema version. Writes to the domain tables go through `Services` wherever a
service exists; the few that do not (mirroring the office's items into a unit database, a
unit's answer to a chase) are in `mirror.py` and `apply_office.py` and are journalled there.
"""
from __future__ import annotations

import json

from qjtasks.core.store.rows import row_dicts, rows_in

TRUSTED, PENDING, REVOKED = "已信任", "待确认", "已吊销"


def now(services) -> str:
    """The session clock's time (`Services.now()`), as every exchange row records it; the
    helpers below take it as `at`."""
    return services.now()


# one encoder, not one per call (`json.dumps` with options builds a new one each time)
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                           default=str).encode


def dumps(value) -> str:
    """The canonical JSON of a record's data: what the outbox stores and the hash is of."""
    return _ENCODE(value)


# ---- identity -------------------------------------------------------------------------------
def me(conn) -> dict | None:
    rows = row_dicts(conn, "SELECT * FROM exchange_self WHERE id = 1")
    return rows[0] if rows else None


def set_me(conn, *, at: str, **fields) -> None:
    fields = {**fields, "id": 1, "created_at": at}
    cols = ", ".join(fields)
    conn.execute(f"INSERT INTO exchange_self ({cols}) VALUES "
                 f"({', '.join(':' + k for k in fields)})", fields)


# ---- peers ----------------------------------------------------------------------------------
def peers(conn) -> list[dict]:
    return row_dicts(conn, "SELECT * FROM exchange_peers ORDER BY unit_id, id")


def peer(conn, peer_id: int) -> dict | None:
    rows = row_dicts(conn, "SELECT * FROM exchange_peers WHERE id = ?", [peer_id])
    return rows[0] if rows else None


def peers_by_install(conn, install_id: str) -> list[dict]:
    return row_dicts(conn, "SELECT * FROM exchange_peers WHERE install_id = ? ORDER BY id DESC",
                     [install_id])


def peers_for_unit(conn, unit_id: int | None, role: str) -> list[dict]:
    return row_dicts(conn, "SELECT * FROM exchange_peers WHERE unit_id IS ? AND role = ? "
                     "ORDER BY id DESC", [unit_id, role])


def add_peer(conn, *, at: str, **fields) -> int:
    fields = {**fields, "created_at": at}
    cols = ", ".join(fields)
    return conn.execute(f"INSERT INTO exchange_peers ({cols}) VALUES "
                        f"({', '.join(':' + k for k in fields)})", fields).lastrowid


def update_peer(conn, peer_id: int, **fields) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in fields)
    conn.execute(f"UPDATE exchange_peers SET {sets} WHERE id = :id", {**fields, "id": peer_id})


# ---- packages -------------------------------------------------------------------------------
def package(conn, package_id: str) -> dict | None:
    rows = row_dicts(conn, "SELECT * FROM exchange_packages WHERE package_id = ?", [package_id])
    return rows[0] if rows else None


def packages(conn, direction: str | None = None) -> list[dict]:
    sql = "SELECT p.*, e.name AS peer_name FROM exchange_packages p " \
          "JOIN exchange_peers e ON e.id = p.peer_id"
    args = []
    if direction:
        sql += " WHERE p.direction = ?"
        args.append(direction)
    return row_dicts(conn, sql + " ORDER BY p.processed_at, p.rowid", args)


def add_package(conn, *, at: str, **fields) -> None:
    fields = {**fields, "processed_at": at}
    cols = ", ".join(fields)
    conn.execute(f"INSERT INTO exchange_packages ({cols}) VALUES "
                 f"({', '.join(':' + k for k in fields)})", fields)


# ---- outbox / inbox -------------------------------------------------------------------------
def outbox(conn, peer_id: int) -> dict[str, tuple[int, str, str]]:
    """ruid → (seq, hash, kind) of every record sent to the peer."""
    return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT ruid, seq, hash, kind FROM exchange_outbox WHERE peer_id = ?", [peer_id])}


def outbox_texts(conn, peer_id: int, ruids: list[str]) -> dict[str, str]:
    """ruid → the stored data text of those records."""
    return dict(rows_in(conn, "SELECT ruid, data FROM exchange_outbox WHERE peer_id = ? AND "
                        "ruid IN ({marks})", ruids, [peer_id]))


_PUT_OUTBOX = ("INSERT INTO exchange_outbox (peer_id, ruid, kind, seq, hash, data) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (peer_id, ruid) DO UPDATE SET "
               "seq = excluded.seq, hash = excluded.hash, data = excluded.data")


def put_outbox_many(conn, peer_id: int, rows: list[tuple[str, str, int, str, str]]) -> None:
    """`put_outbox` for (ruid, kind, seq, digest, data as `dumps` text) rows, in order."""
    conn.executemany(_PUT_OUTBOX, [(peer_id, *row) for row in rows])


def inbox(conn, peer_id: int) -> dict[str, tuple[int, str]]:
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT ruid, seq, hash FROM exchange_inbox WHERE peer_id = ?", [peer_id])}


_PUT_INBOX = ("INSERT INTO exchange_inbox (peer_id, ruid, seq, hash, package_id) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (peer_id, ruid) DO UPDATE SET "
              "seq = excluded.seq, hash = excluded.hash, package_id = excluded.package_id")


def put_inbox(conn, peer_id: int, ruid: str, seq: int, digest: str, package_id: str) -> None:
    conn.execute(_PUT_INBOX, [peer_id, ruid, seq, digest, package_id])


def put_inbox_many(conn, peer_id: int, rows: list[tuple[str, int, str]], package_id: str) -> None:
    """`put_inbox` for (ruid, seq, digest) rows, in order."""
    conn.executemany(_PUT_INBOX, [(peer_id, ruid, seq, digest, package_id)
                                  for ruid, seq, digest in rows])


# ---- conflicts ------------------------------------------------------------------------------
def add_conflict(conn, *, uid: str, package_id: str, peer_id: int, item_id: int | None,
                 kind: str, description: str, at: str, local=None, incoming=None) -> bool:
    cur = conn.execute(
        "INSERT OR IGNORE INTO exchange_conflicts (uid, package_id, peer_id, item_id, kind, "
        "description, local, incoming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [uid, package_id, peer_id, item_id, kind, description,
         None if local is None else dumps(local),
         None if incoming is None else dumps(incoming), at])
    return cur.rowcount > 0


def conflicts(conn, open_only: bool = False, package_id: str | None = None) -> list[dict]:
    where, args = [], []
    if open_only:
        where.append("status = '待决定'")
    if package_id:
        where.append("package_id = ?")
        args.append(package_id)
    sql = "SELECT * FROM exchange_conflicts" + (f" WHERE {' AND '.join(where)}" if where else "")
    rows = row_dicts(conn, sql + " ORDER BY id", args)
    for r in rows:
        r["local"] = json.loads(r["local"]) if r["local"] else None
        r["incoming"] = json.loads(r["incoming"]) if r["incoming"] else None
    return rows


def decide_conflict(conn, conflict_id: int, decision: str, by: str, at: str) -> int:
    return conn.execute("UPDATE exchange_conflicts SET status = '已处理', decision = ?, "
                        "decided_by = ?, decided_at = ? WHERE id = ? AND status = '待决定'",
                        [decision, by, at, conflict_id]).rowcount


# ---- chase replies (unit side) --------------------------------------------------------------
def chase_replies(conn) -> list[dict]:
    return row_dicts(conn, "SELECT r.*, c.item_id, c.unit_id FROM exchange_chase_replies r "
                     "JOIN chases c ON c.uid = r.chase_uid ORDER BY r.replied_on, r.chase_uid")
