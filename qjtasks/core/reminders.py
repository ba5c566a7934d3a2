"""What is new since the last check, for the tray notification and the start-up check.

Today's work-out (`ladder.work_out`) is turned into stable keys — one per late item and
deadline, per rung falling due, per feedback or 协办 input owed, per request waiting — and
compared with the keys shown last time (table `reminder_seen`). Only keys not seen before make a
notification, so an hourly timer does not nag about the same item; a key that disappears and
comes back (a new deadline, a new cycle) is new again. Pure apart from `poll`, `mark_seen` and
`remember`; `changes` is the read-only half the window runs away from its UI (see
`reminder_child`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import clock
from .ladder import WorkOut, work_out


@dataclass(frozen=True)
class Notice:
    """The outcome of one check: everything needing attention, and what of it is new."""

    total: int
    new: list[tuple[str, str]] = field(default_factory=list)   # (key, Chinese line)

    @property
    def title(self) -> str:
        return f"督办提醒：{len(self.new)} 项新的待办事项"

    @property
    def message(self) -> str:
        lines = [text for _, text in self.new[:5]]
        if len(self.new) > 5:
            lines.append(f"……另有 {len(self.new) - 5} 项")
        lines.append(f"今日共 {self.total} 项需处理，请打开“今日需催办”查看")
        return "\n".join(lines)

    def should_notify(self) -> bool:
        return bool(self.new)


def _name(e: dict) -> str:
    return (e.get("serial") or f"事项{e['item_id']}") + " " + e["title"][:20]


def attention(work: WorkOut) -> dict[str, str]:
    """Stable keys for everything in today's list, each with a one-line description."""
    out: dict[str, str] = {}
    for e in work.entering_yellow:
        out[f"yellow:{e['item_id']}:{e['deadline']}"] = (
            f"即将到期（{e['deadline']}）：{_name(e)}")
    for e in work.past_deadline:
        out[f"late:{e['item_id']}:{e['deadline']}"] = (
            f"已逾期 {e['overdue_workdays']} 个工作日：{_name(e)}")
    for e in work.entering_yellow + work.past_deadline:
        if e["due_now"] and e["next_rung"]:
            out[f"rung:{e['item_id']}:{e['deadline']}:{e['next_rung']}"] = (
                f"应{e['next_rung']}：{_name(e)}")
    for e in work.feedback_overdue:
        out[f"feedback:{e['item_id']}:{e['feedback_due']}"] = (
            f"反馈超期（应于 {e['feedback_due']}）：{_name(e)}")
    for e in work.input_overdue:
        out[f"input:{e['item_id']}:{e['unit_id']}"] = (
            f"{e['unit']}协办意见超期：{_name(e)}")
    for e in work.extensions_waiting:
        out[f"extension:{e['id']}"] = f"延期申请待审批：{_name(e)}"
    for e in work.completions_waiting:
        out[f"completion:{e['id']}"] = f"办结申请待审核：{_name(e)}"
    return out


def diff(current: dict[str, str], seen: set[str]) -> list[tuple[str, str]]:
    """Entries of `current` not in `seen`, in their listed order (pure)."""
    return [(k, v) for k, v in current.items() if k not in seen]


def seen_keys(store) -> set[str]:
    return store.prefs.seen_keys()


def mark_seen(store, keys, now: dt.datetime | None = None, seen: set[str] | None = None
              ) -> None:
    """Remember exactly these keys as shown; keys no longer current are forgotten.

    Only the difference from what is stored is written, so an unchanged hourly tick is cheap.
    """
    if store.readonly:
        return
    keys = set(keys)
    seen = seen_keys(store) if seen is None else seen
    remember(store, keys - seen, seen - keys, now)


def remember(store, new, gone, now: dt.datetime | None = None) -> None:
    """Write one check's difference: keys shown for the first time, keys no longer current."""
    if store.readonly or (not new and not gone):
        return
    stamp = (now or clock.SYSTEM.now()).isoformat(timespec="seconds")
    store.prefs.remember_seen(new, gone, stamp)


def check(store, today: dt.date, work: WorkOut | None = None,
          seen: set[str] | None = None) -> tuple[Notice, dict[str, str]]:
    """Compare today's list with what was shown last; nothing is written."""
    current = attention(work or work_out(store, today))
    seen = seen_keys(store) if seen is None else seen
    return Notice(len(current), diff(current, seen)), current


def changes(store, today: dt.date, work: WorkOut | None = None,
            seen: set[str] | None = None) -> tuple[Notice, set[str]]:
    """`check`, and the keys shown before that are no longer current: together what
    `remember` writes. Read-only, so it can run anywhere (a worker, another process)."""
    seen = seen_keys(store) if seen is None else seen
    notice, current = check(store, today, work, seen)
    return notice, seen - current.keys()


def poll(store, today: dt.date, work: WorkOut | None = None) -> Notice:
    """One timer tick: check, then remember what is now shown."""
    seen = seen_keys(store)
    notice, current = check(store, today, work, seen)
    mark_seen(store, current, seen=seen)
    return notice
