"""Write a realistic synthetic qjtasks database for benchmarks (not a test, run by hand).

    python bench/generate.py --items 100000 --notes 1000000 -o /tmp/qj-100k.db

The schema comes from `Store.open` (the app's own migrations), so the app opens the file like any
other. Rows are then bulk-inserted with `executemany` in one transaction. The FTS content tables
(trigram FTS and the bigram side index) are kept in step either by the insert triggers
(`--fts triggers`) or by dropping the insert triggers, loading, running FTS5 'rebuild' and the
app's `bigrams.rebuild`, and recreating the triggers from their saved SQL (`--fts rebuild`, the
default: measured faster, see bench/README.md). No ANALYZE is run: a user's
file has none either.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import phrases as P  # noqa: E402
import synth  # noqa: E402

from qjtasks.core.seed import BUREAUS, OFFICE  # noqa: E402
from qjtasks.core.store import (
    Store,  # noqa: E402
    bigrams,  # noqa: E402
)

TODAY = dt.date(2026, 11, 25)
FTS_TABLES = ("items", "notes")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="生成性能测试用的模拟数据库")
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--notes", type=int, default=100_000)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--today", default=TODAY.isoformat())
    ap.add_argument("--fts", choices=("rebuild", "triggers"), default="rebuild")
    ap.add_argument("--batch", type=int, default=2000, help="items per executemany batch")
    return ap.parse_args(argv)


def fresh_schema(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    Store.open(path).close()


def strip_to_bare(path: Path) -> None:
    """The raw floor: the same tables and constraints, without indexes, search tables or
    triggers."""
    conn = sqlite3.connect(path, isolation_level=None)
    objects = conn.execute("SELECT type, name FROM sqlite_master WHERE sql IS NOT NULL AND "
                           "(type IN ('index', 'trigger') OR name LIKE '%_fts' OR name IN "
                           "('search_bigrams', 'bigram_pending'))").fetchall()
    for kind, name in objects:
        if kind != "table":
            conn.execute(f"DROP {kind} IF EXISTS {name}")
    for kind, name in objects:
        if kind == "table":
            conn.execute(f"DROP TABLE {name}")
    conn.close()


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = MEMORY", "synchronous = OFF", "cache_size = -800000", "temp_store = MEMORY",
                   "foreign_keys = OFF"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def insert(conn: sqlite3.Connection, table: str, cols: tuple, rows: list) -> None:
    if rows:
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        conn.executemany(sql, rows)


def load_units(conn: sqlite3.Connection) -> int:
    units = [OFFICE, *BUREAUS, *P.EXTRA_UNITS]
    rows = [(n, name, short, int(n == 1), n) for n, (name, short) in enumerate(units, 1)]
    insert(conn, "units", ("id", "name", "short_name", "is_office", "sort"), rows)
    return len(units)


def load_dossiers(conn: sqlite3.Connection, rng: random.Random, count: int) -> None:
    props, replies = [], []
    for n in range(1, count + 1):
        year = 2022 + n % 5
        title = "关于" + synth.phrase_title(rng) + "的建议"
        body = "".join(synth.requirements(rng, synth.phrase_title(rng)) for _ in range(8))
        props.append((n, f"区政协三届{1 + n % 5}次会议", f"{n % 400:03d}", title,
                      synth.person(rng), f"{year}-01-{10 + n % 15}"))
        replies.append((n, n, f"綦发改函〔{year}〕{n}号", OFFICE[0], f"{year}-06-{10 + n % 18}",
                        synth.person(rng), rng.choice("ABC"), body))
    insert(conn, "proposals", ("id", "session", "number", "title", "proposer", "filed_on"),
           props)
    insert(conn, "replies", ("id", "proposal_id", "doc_number", "issuer", "date", "signer",
                             "answer_class", "full_text"), replies)


def load_items(conn, rng, plans, today, batch_size) -> None:
    maker = synth.RowMaker(rng, today)
    notes: list[tuple] = []
    for start in range(0, len(plans), batch_size):
        b = maker.batch(plans[start:start + batch_size])
        insert(conn, "items", synth.ITEM_COLS, b.items)
        insert(conn, "assignments", synth.ASSIGN_COLS, b.assignments)
        notes += b.notes
        insert(conn, "chases", synth.CHASE_COLS, b.chases)
        insert(conn, "extensions", synth.EXT_COLS, b.extensions)
        insert(conn, "completions", synth.DONE_COLS, b.completions)
    notes.sort(key=lambda r: (r[0], r[6]))     # by date entered: ids follow time
    for start in range(0, len(notes), 50_000):
        insert(conn, "notes", synth.NOTE_COLS,
               [(start + n, *r) for n, r in enumerate(notes[start:start + 50_000], 1)])


INSERT_TRIGGERS = ("items_ai", "notes_ai", "items_bg_ai", "notes_bg_ai")


def drop_insert_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the triggers that index each inserted row; returns their SQL to recreate them."""
    saved = []
    for name in INSERT_TRIGGERS:
        saved.append(conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name = ?", [name]).fetchone()[0])
        conn.execute(f"DROP TRIGGER {name}")
    return saved


def rebuild_search(conn: sqlite3.Connection, saved: list[str]) -> None:
    """Fill the trigram FTS tables and the app's bigram index, then restore the triggers."""
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    bigrams.rebuild(conn)
    for sql in saved:
        conn.execute(sql)


def generate(path: Path, n_items: int, n_notes: int, seed: int, today: dt.date,
             fts: str = "rebuild", batch: int = 2000, bare: bool = False) -> dict:
    """Write the database; returns timings in seconds (plan, load, fts, total).

    `bare` writes the same rows into the same tables stripped of indexes, FTS and triggers:
    the floor that the benchmark sets beside the app's bulk load.
    """
    t = {"start": time.perf_counter()}
    fresh_schema(path)
    if bare:
        strip_to_bare(path)
        fts = "none"
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("BEGIN")
    saved = drop_insert_triggers(conn) if fts == "rebuild" else []
    n_units = load_units(conn)
    n_replies = max(1, n_items // 25)
    load_dossiers(conn, rng, n_replies)
    plans = synth.plan_items(rng, n_items, today, n_units, n_replies)
    synth.spread_notes(rng, plans, n_notes)
    t["plan"] = time.perf_counter()
    load_items(conn, rng, plans, today, batch)
    insert(conn, "serials", ("prefix", "year", "last_no"),
           [("綦发改督", y, n) for y, n in sorted(synth.serial_counters(plans).items())])
    t["load"] = time.perf_counter()
    if fts == "rebuild":
        rebuild_search(conn, saved)
    conn.execute("COMMIT")
    t["fts"] = time.perf_counter()
    conn.execute("PRAGMA journal_mode = WAL")   # back to what Store.open set up
    conn.close()
    t["end"] = time.perf_counter()
    return {"plan": t["plan"] - t["start"], "load": t["load"] - t["plan"],
            "fts": t["fts"] - t["load"], "total": t["end"] - t["start"]}


def main(argv=None) -> int:
    args = parse_args(argv)
    path = Path(args.output)
    times = generate(path, args.items, args.notes, args.seed,
                     dt.date.fromisoformat(args.today), args.fts, args.batch)
    size = path.stat().st_size / 2**20
    print(f"已生成 {path}：{args.items} 项事项、{args.notes} 条反馈，{size:.1f} MiB；"
          + "，".join(f"{k} {v:.1f} 秒" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
