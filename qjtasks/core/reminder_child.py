"""The hourly reminder check run as a process of its own, so the window's Python never runs it.

At 100,000 items the check is a few hundred milliseconds of pure Python; on a thread of the
window it holds the GIL the UI thread needs, and scrolling or typing slows down meanwhile. The
window (`gui.daily_check`) starts this instead and waits for its answer:

    python -m qjtasks.core.reminder_child DB TODAY OUT
    qjtasks-gui --reminder-check DB TODAY OUT          (the PyInstaller build, see entry_gui.py)

It opens DB read-only, compares today's list with the reminders already shown
(`reminders.changes`) and writes to OUT only what the window needs, one JSON value a line:
{"total": n}, then ["new", key, text] and ["gone", key] (`read` reads it back). One line at a
time, because the first check of a large file has tens of thousands of new entries, and a
single `json.loads` of them would hold the window's GIL for some 60 ms. Nothing is written to
the database; the window remembers what it showed. Exit status 0 on success; `UNREADABLE` with
the Chinese message on stderr when the database cannot be read (anything else is a failure of
the child itself, and the window reads on a thread instead).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

FLAG = "--reminder-check"   # the argument the frozen desktop program dispatches on
UNREADABLE = 3              # exit status: the database cannot be read (message on stderr)


def run(db: Path, today: dt.date):
    """(notice, keys gone) for `db` on `today`, read-only."""
    from .reminders import changes
    from .store import Store
    store = Store.open(db, readonly=True)
    try:
        return changes(store, today)
    finally:
        store.close()


def write(out: Path, notice, gone) -> None:
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"total": notice.total}) + "\n")
        for key, text in notice.new:
            fh.write(json.dumps(["new", key, text], ensure_ascii=False) + "\n")
        for key in sorted(gone):
            fh.write(json.dumps(["gone", key], ensure_ascii=False) + "\n")
    os.replace(tmp, out)     # the window never reads half a file


def read(path: Path):
    """(notice, keys gone) from a file `write` made; ValueError when it is not one."""
    from .reminders import Notice
    new: list[tuple[str, str]] = []
    gone: set[str] = set()
    # split first: iterating the open file while decoding let the window wait for the GIL
    # up to 100 ms at a time (measured), this gives it back every few milliseconds
    head, *lines = path.read_text(encoding="utf-8").split("\n")
    head = json.loads(head)
    if not isinstance(head, dict) or not isinstance(head.get("total"), int):
        raise ValueError("not a reminder check")
    for line in lines:
        if not line:
            continue
        kind, key, *text = json.loads(line)
        if kind == "new":
            new.append((str(key), str(text[0])))
        else:
            gone.add(str(key))
    return Notice(head["total"], new), gone


def main(argv: list[str] | None = None) -> int:
    from .errors import QjtasksError
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("用法：reminder_child 数据库 日期 输出文件", file=sys.stderr)
        return 2
    db, today, out = Path(args[0]), dt.date.fromisoformat(args[1]), Path(args[2])
    try:
        notice, gone = run(db, today)
    except QjtasksError as exc:
        print(str(exc), file=sys.stderr)
        return UNREADABLE
    write(out, notice, gone)
    return 0


if __name__ == "__main__":
    sys.exit(main())
