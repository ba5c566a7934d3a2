"""Synthetic supervision data as plain row tuples, consistent with what the services would write.

`plan_items` draws the skeleton of every item (status, dates, owners, family) in one pass; then
`item_batches` turns slices of it into rows for items, assignments, notes, chases, extensions and
completions, with the denormalised item and assignment columns (last_feedback_on, percent,
next_feedback_due, chase_count, current_deadline) computed from those rows by the services' rules.
Deterministic for a given seed.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache

import phrases as P

from qjtasks.core.calendar import next_feedback_due
from qjtasks.core.models import CycleKind, FeedbackCycle

STATUS_WEIGHTS = {"待交办": 4, "待签收": 6, "办理中": 48, "申请办结": 6, "已办结": 30, "暂缓": 3,
                  "已撤销": 3}
WITH_NOTES = ("办理中", "申请办结", "已办结", "暂缓", "已撤销")
CYCLES = [("每月", 25, 60), ("每月", -1, 10), ("每季度", 25, 15), ("每半年", 30, 5),
          ("一次性", 0, 10)]


@dataclass
class Plan:
    id: int
    status: str
    lead: int
    cos: list[int]
    assigned: dt.date
    deadline: dt.date
    end: dt.date                      # last day with activity (closing day or today)
    cycle: tuple[str, int, dt.date | None]
    category: str
    reply_id: int | None
    parent_id: int | None = None
    serial: str | None = None
    notes: int = 0
    title: str = ""
    extra: dict = field(default_factory=dict)


def phrase_title(rng: random.Random) -> str:
    return rng.choice(P.VERBS) + rng.choice(P.TOPICS) + rng.choice(P.QUALIFIERS)


def requirements(rng: random.Random, title: str) -> str:
    acts = rng.sample(P.REQ_ACTIONS, rng.randint(2, 3))
    return rng.choice(P.REQ_OPENERS) + title + "，" + "；".join(acts) + "。"


def note_text(rng: random.Random) -> str:
    parts = [rng.choice(P.NOTE_OPENERS), rng.choice(P.NOTE_SUBJECTS)]
    for _ in range(rng.randint(2, 3)):
        parts.append(rng.choice(P.NOTE_ACTIONS) + rng.choice(P.NOTE_COUNTS) + "，")
    parts.append(rng.choice(P.NOTE_RESULTS) + "。")
    return "".join(parts)


def person(rng: random.Random) -> str:
    return rng.choice(P.REPORTERS) + rng.choice(P.GIVEN)


def _status_for_age(rng: random.Random, age_days: int) -> str:
    if age_days < 30:
        return rng.choice(["待交办", "待签收", "办理中", "办理中"])
    names = list(STATUS_WEIGHTS)
    weights = [w if n not in ("待交办", "待签收") else w / 6 for n, w in STATUS_WEIGHTS.items()]
    if age_days > 500:
        weights[names.index("已办结")] *= 3
    return rng.choices(names, weights)[0]


def _cycle(rng: random.Random, assigned: dt.date, deadline: dt.date):
    kind, day, _w = rng.choices(CYCLES, [c[2] for c in CYCLES])[0]
    if kind == "一次性":
        return kind, 25, assigned + (deadline - assigned) // 2
    return kind, day, None


def plan_one(rng: random.Random, item_id: int, today: dt.date, n_units: int,
             n_replies: int) -> Plan:
    age = int(rng.triangular(0, 4 * 365, 200))
    assigned = today - dt.timedelta(days=age)
    deadline = assigned + dt.timedelta(days=rng.choice([30, 60, 90, 90, 120, 180, 270, 365]))
    status = _status_for_age(rng, age)
    end = today
    if status in ("已办结", "已撤销") and deadline < today:
        end = deadline - dt.timedelta(days=rng.randint(-20, 30))
        end = min(max(end, assigned + dt.timedelta(days=7)), today)
    elif status not in ("已办结", "已撤销") and deadline < today and rng.random() < 0.85:
        deadline = today + dt.timedelta(days=rng.randint(1, 200))   # most open items on time
    units = rng.sample(range(1, n_units + 1), rng.choice([1, 2, 2, 3, 3, 4]))
    reply = rng.randint(1, n_replies) if rng.random() < 0.85 else None
    plan = Plan(item_id, status, units[0], units[1:], assigned, deadline, end,
                _cycle(rng, assigned, deadline), rng.choice(P.CATEGORIES), reply)
    plan.title = phrase_title(rng)
    return plan


def plan_items(rng: random.Random, n_items: int, today: dt.date, n_units: int,
               n_replies: int) -> list[Plan]:
    """Skeletons for all items; about one in twelve top items is split into 2–5 sub-items."""
    plans: list[Plan] = []
    while len(plans) < n_items:
        parent = plan_one(rng, len(plans) + 1, today, n_units, n_replies)
        plans.append(parent)
        if rng.random() < 1 / 12:
            for n in range(min(rng.randint(2, 5), n_items - len(plans))):
                plans.append(_child(rng, parent, len(plans) + 1, n))
    plans = _chronological(plans)
    _give_serials(plans)
    return plans


def _chronological(plans: list[Plan]) -> list[Plan]:
    """Number items in the order they were entered (by date assigned), as a real file has."""
    plans.sort(key=lambda p: (p.assigned, p.parent_id or p.id, p.id))
    new_ids = {p.id: n for n, p in enumerate(plans, 1)}
    for p in plans:
        p.id = new_ids[p.id]
        p.parent_id = new_ids[p.parent_id] if p.parent_id else None
    return plans


def _child(rng: random.Random, parent: Plan, item_id: int, n: int) -> Plan:
    status = parent.status if rng.random() < 0.7 else rng.choice(list(WITH_NOTES[:3]))
    if parent.status in ("待交办", "待签收"):
        status = parent.status
    child = Plan(item_id, status, parent.lead, list(parent.cos), parent.assigned,
                 parent.deadline, parent.end if status in ("已办结", "已撤销") else max(
                     parent.end, parent.assigned), parent.cycle, parent.category,
                 parent.reply_id, parent.id)
    child.title = f"{parent.title}（{'一二三四五'[n]}）{rng.choice(P.TOPICS)}"
    return child


def _give_serials(plans: list[Plan]) -> None:
    """Serial numbers per year of issue, in issue order, as `issue_item` gives them."""
    issued = sorted((p for p in plans if p.status != "待交办"), key=lambda p: (p.assigned, p.id))
    counters: dict[int, int] = {}
    for p in issued:
        counters[p.assigned.year] = counters.get(p.assigned.year, 0) + 1
        p.serial = f"綦发改督〔{p.assigned.year}〕{counters[p.assigned.year]}号"


def serial_counters(plans: list[Plan]) -> dict[int, int]:
    out: dict[int, int] = {}
    for p in plans:
        if p.serial:
            out[p.assigned.year] = out.get(p.assigned.year, 0) + 1
    return out


def spread_notes(rng: random.Random, plans: list[Plan], n_notes: int) -> None:
    """Share exactly n_notes among items that take feedback, more to those handled longer."""
    eligible = [p for p in plans if p.status in WITH_NOTES]
    if not eligible:
        return
    weights = [max((p.end - p.assigned).days, 15) for p in eligible]
    for idx in rng.choices(range(len(eligible)), weights, k=n_notes):
        eligible[idx].notes += 1


@lru_cache(maxsize=65536)
def _next_due(kind: str, day: int, due: dt.date | None, assigned: dt.date,
              last: dt.date | None) -> str | None:
    got = next_feedback_due(FeedbackCycle(CycleKind(kind), day, due), assigned, last)
    return got.isoformat() if got else None


# ---- rows ----------------------------------------------------------------------------------

ITEM_COLS = ("id", "title", "requirements", "category", "status", "status_reason", "serial",
             "reply_id", "source_section", "parent_id", "assigned_on", "original_deadline",
             "current_deadline", "cycle_kind", "cycle_day", "cycle_due", "percent",
             "next_feedback_due", "last_feedback_on", "lead_unit_id", "chase_count",
             "created_at", "updated_at", "version")
ASSIGN_COLS = ("item_id", "unit_id", "role", "signed_by", "signed_at", "sign_origin", "percent",
               "last_feedback_on", "input_due")
NOTE_COLS = ("id", "noted_on", "uid", "item_id", "unit_id", "origin", "package_id",
             "created_at", "reporter", "text", "percent", "problems", "next_steps")
CHASE_COLS = ("uid", "item_id", "unit_id", "origin", "created_at", "chased_on", "method",
              "person_reached", "answer", "by_whom", "rung", "number")
EXT_COLS = ("uid", "item_id", "unit_id", "origin", "created_at", "requested_on", "reason",
            "proposed_deadline", "progress", "requested_by", "decision", "decided_on",
            "decided_by", "decision_reason", "approved_deadline")
DONE_COLS = ("uid", "item_id", "unit_id", "origin", "created_at", "submitted_on", "report",
             "submitted_by", "decision", "decided_on", "decided_by", "reason")
RUNGS = ["电话提醒", "催办通知单（一）", "催办通知单（二）", "通报"]
REASONS = {"暂缓": "因上级政策调整，暂缓办理", "已撤销": "事项已合并至其他督办事项办理"}


@dataclass
class Batch:
    items: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    chases: list = field(default_factory=list)
    extensions: list = field(default_factory=list)
    completions: list = field(default_factory=list)


def uid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def stamp(day: dt.date, rng: random.Random) -> str:
    return f"{day.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00"


def _days(rng: random.Random, start: dt.date, end: dt.date, k: int) -> list[dt.date]:
    span = max((end - start).days, 1)
    return sorted(start + dt.timedelta(days=rng.randint(1, span)) for _ in range(k))


class RowMaker:
    """Turns plans into rows. Note rows start with their date and have no id yet: the caller
    sorts all notes by date and numbers them, so that ids follow time as in a real file."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today

    def batch(self, plans: list[Plan]) -> Batch:
        out = Batch()
        for p in plans:
            self.item(p, out)
        return out

    def item(self, p: Plan, out: Batch) -> None:
        rng = self.rng
        deadline = self.extensions(p, out)
        units = self.notes(p, out)
        chases = self.chases(p, deadline, out)
        self.completions(p, out)
        self.assignments(p, units, out)
        last = max((u[0] for u in units.values()), default=None)
        lead_pct = units.get(p.lead, (None, 0))[1]
        percent = 100 if p.status == "已办结" else lead_pct
        kind, day, due = p.cycle
        out.items.append((
            p.id, p.title, requirements(rng, p.title), p.category, p.status,
            REASONS.get(p.status, ""), p.serial, p.reply_id,
            "六、下一步工作计划" if p.reply_id else "", p.parent_id, p.assigned.isoformat(),
            p.deadline.isoformat(), deadline.isoformat(), kind, day, due and due.isoformat(),
            percent, _next_due(kind, day, due, p.assigned, last),
            last and last.isoformat(), p.lead, chases,
            stamp(p.assigned - dt.timedelta(days=3), rng), stamp(p.end, rng), 1 + len(units)))

    def notes(self, p: Plan, out: Batch) -> dict[int, tuple[dt.date, int]]:
        """The item's notes, in date order; returns each unit's last date and percent."""
        rng, k = self.rng, p.notes
        latest: dict[int, tuple[dt.date, int]] = {}
        start = p.assigned + dt.timedelta(days=2)
        for j, day in enumerate(_days(rng, start, max(p.end, start), k)):
            unit = p.lead if not p.cos or rng.random() < 0.7 else rng.choice(p.cos)
            pct = min(95, 5 + 90 * (j + 1) // k) if unit == p.lead or rng.random() < 0.5 else None
            origin = rng.choices(("录入", "纸质", "导入"), (80, 15, 5))[0]
            out.notes.append((
                day.isoformat(), uid(rng), p.id, unit, origin,
                uid(rng) if origin == "导入" else None, stamp(day, rng), person(rng),
                note_text(rng), pct,
                rng.choice(P.PROBLEMS) if rng.random() < 0.5 else "",
                rng.choice(P.NEXT_STEPS) + "。" if rng.random() < 0.7 else ""))
            old = latest.get(unit, (None, 0))[1]
            latest[unit] = (day, old if pct is None else pct)
        return latest

    def extensions(self, p: Plan, out: Batch) -> dt.date:
        """Some handled items asked for more time; an approved request moves the deadline."""
        rng = self.rng
        if p.status in ("待交办", "待签收", "已撤销") or rng.random() > 0.12:
            return p.deadline
        asked = min(max(p.deadline - dt.timedelta(days=rng.randint(3, 20)),
                        p.assigned + dt.timedelta(days=1)), self.today)
        proposed = p.deadline + dt.timedelta(days=rng.choice([30, 45, 60, 90]))
        pending = p.status == "办理中" and (self.today - asked).days < 15
        decision = "待审批" if pending else rng.choices(("批准", "不批准"), (75, 25))[0]
        decided = None if pending else min(asked + dt.timedelta(days=rng.randint(1, 5)),
                                           self.today)
        out.extensions.append((
            uid(rng), p.id, p.lead, "录入", stamp(asked, rng), asked.isoformat(),
            rng.choice(P.EXTENSION_REASONS), proposed.isoformat(), note_text(rng), person(rng),
            decision, decided and decided.isoformat(), "督办员" if decided else "",
            "" if decision != "不批准" else "理由不充分，请按原时限办结",
            proposed.isoformat() if decision == "批准" else None))
        return proposed if decision == "批准" else p.deadline

    def chases(self, p: Plan, deadline: dt.date, out: Batch) -> int:
        rng = self.rng
        late = deadline < p.end
        if p.status == "待交办" or rng.random() > (0.6 if late else 0.08):
            return 0
        k = rng.randint(1, 4)
        start = min(deadline, p.end) - dt.timedelta(days=5)
        for n, day in enumerate(_days(rng, max(start, p.assigned), p.end, k), start=1):
            out.chases.append((
                uid(rng), p.id, p.lead, "录入", stamp(day, rng), day.isoformat(),
                rng.choice(("电话", "电话", "书面", "当面", "会议")), person(rng),
                rng.choice(P.CHASE_ANSWERS), "督办员", RUNGS[min(n, 4) - 1], n))
        return k

    def completions(self, p: Plan, out: Batch) -> None:
        rng = self.rng
        if p.status not in ("申请办结", "已办结"):
            return
        sent = max(p.end - dt.timedelta(days=rng.randint(0, 10)), p.assigned)
        done = p.status == "已办结"
        out.completions.append((
            uid(rng), p.id, p.lead, "录入", stamp(sent, rng), sent.isoformat(),
            rng.choice(P.COMPLETION_REPORTS), person(rng), "审结" if done else "待审核",
            p.end.isoformat() if done else None, "督办员" if done else "", ""))

    def assignments(self, p: Plan, latest: dict, out: Batch) -> None:
        rng = self.rng
        due = min(p.assigned + dt.timedelta(days=61), p.deadline).isoformat()
        for unit in [p.lead, *p.cos]:
            signed = p.status != "待交办" and (p.status != "待签收" or (
                unit != p.lead and rng.random() < 0.5))
            when = p.assigned + dt.timedelta(days=rng.randint(0, 3))
            last, pct = latest.get(unit, (None, 0))
            out.assignments.append((
                p.id, unit, "牵头" if unit == p.lead else "配合",
                person(rng) if signed else None,
                f"{min(when, self.today).isoformat()} {rng.randint(8, 17):02d}:30"
                if signed else None, rng.choice(("录入", "纸质")) if signed else None,
                pct, last and last.isoformat(), None if unit == p.lead else due))
