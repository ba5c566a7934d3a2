"""The daily work-out and the escalation ladder (DOMAIN.md §4), counted in working days.

`work_out(store, today)` answers "who do I chase today?": items entering yellow, items past their
deadline, feedback overdue on its cycle, 协办 input overdue to the lead unit, and extension
requests and completion reports waiting for a decision. For each late item it proposes the next
rung — 电话提醒 before the deadline, 催办通知1 the working day after it, 催办通知2 and 通报 later —
from the thresholds in settings and the chases already recorded. The decisions themselves are
pure functions of (item, chases, rules, calendar, today); `act()` records the chosen rungs for a
selection in one transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import itemgetter

from .calendar import WorkCalendar, months_after
from .dues import MemoCalendar, feedback_due, feedback_due_of, overdue_since  # noqa: F401 (re-exported)
from .errors import ValidationError
from .models import CHASED_STATUSES, Changes, Chase, ChaseMethod
from .rows import d, iso

PHONE, NOTICE1, NOTICE2, CIRCULAR = "电话提醒", "催办通知1", "催办通知2", "通报"
RUNGS = (PHONE, NOTICE1, NOTICE2, CIRCULAR)
RUNG_METHOD = {PHONE: ChaseMethod.PHONE, NOTICE1: ChaseMethod.WRITTEN,
               NOTICE2: ChaseMethod.WRITTEN, CIRCULAR: ChaseMethod.WRITTEN}


@dataclass(frozen=True)
class LadderRules:
    """Thresholds in working days; every one is a setting (settings.DEFAULTS ladder_*)."""

    phone_before: int = 3
    notice1_after: int = 1
    notice2_after: int = 5
    circular_after: int = 5
    yellow_threshold: int = 3

    @classmethod
    def from_store(cls, store) -> LadderRules:
        s = store.setting
        return cls(int(s("ladder_phone_before")), int(s("ladder_notice1_after")),
                   int(s("ladder_notice2_after")), int(s("ladder_circular_after")),
                   int(s("yellow_threshold")))


@dataclass(frozen=True)
class Step:
    """Where an item stands on the ladder and what to do next."""

    reached: str | None          # highest rung recorded for the current deadline
    next_rung: str | None        # proposed rung, None when the ladder is exhausted
    due_on: dt.date | None       # the working day the next rung falls due
    due_now: bool                # True when today >= due_on
    overdue_workdays: int        # working days past the deadline (0 if not late)
    chases: int                  # chases recorded for the current deadline


def ladder_start(deadline: dt.date, rules: LadderRules, cal: WorkCalendar) -> dt.date:
    """First day of the ladder for this deadline; chases before it belong to an older one."""
    return cal.add_workdays(deadline, -rules.phone_before)


NOTICE_ALIASES = ("催办通知单",)   # written chases recorded by `print chase --record`


def rung_reached(chases: list[Chase], since: dt.date) -> tuple[str | None, dict[str, dt.date]]:
    """The highest rung chased on or after `since`, and the first date each rung was reached.

    A notice recorded without its number (“催办通知单”) counts as the next notice not yet sent.
    """
    dates: dict[str, dt.date] = {}
    for c in sorted(chases, key=lambda c: (c.chased_on, c.id)):
        rung = c.rung
        if rung in NOTICE_ALIASES:
            rung = NOTICE1 if NOTICE1 not in dates else NOTICE2
        if rung in RUNGS and c.chased_on >= since and rung not in dates:
            dates[rung] = c.chased_on
    top = max(dates, key=RUNGS.index) if dates else None
    return top, dates


def next_step(deadline: dt.date, chases: list[Chase], rules: LadderRules, cal: WorkCalendar,
              today: dt.date) -> Step:
    """Decide the next rung for one item with a deadline (pure)."""
    start = ladder_start(deadline, rules, cal)
    reached, dates = rung_reached(chases, start)
    counted = sum(1 for c in chases if c.chased_on >= start)
    late = cal.workdays_between(deadline, today) if today > deadline else 0
    index = RUNGS.index(reached) + 1 if reached else 0
    if index == 0 and today > deadline:
        index = 1  # too late for a phone reminder: go straight to the first notice
    if index >= len(RUNGS):
        return Step(reached, None, None, False, late, counted)
    rung = RUNGS[index]
    due = _due_on(rung, deadline, dates, rules, cal)
    return Step(reached, rung, due, today >= due, late, counted)


def _due_on(rung: str, deadline: dt.date, dates: dict[str, dt.date], rules: LadderRules,
            cal: WorkCalendar) -> dt.date:
    notice1 = cal.add_workdays(deadline, rules.notice1_after)
    if rung == PHONE:
        return ladder_start(deadline, rules, cal)
    if rung == NOTICE1:
        return notice1
    # A later rung counts from the day the previous one was actually sent.
    if rung == NOTICE2:
        return cal.add_workdays(max(dates.get(NOTICE1, notice1), notice1), rules.notice2_after)
    base = dates.get(NOTICE2) or cal.add_workdays(notice1, rules.notice2_after)
    return cal.add_workdays(base, rules.circular_after)


def schedule(deadline: dt.date, chases: list[Chase], rules: LadderRules, cal: WorkCalendar
             ) -> list[dict]:
    """Every rung with its planned working day and, where reached, the day it was done (pure).

    Planned days after a rung not yet done are projected as if it were done on time.
    """
    _, dates = rung_reached(chases, ladder_start(deadline, rules, cal))
    out, done = [], dict(dates)
    for rung in RUNGS:
        planned = _due_on(rung, deadline, done, rules, cal)
        out.append({"rung": rung, "planned": planned, "done": dates.get(rung)})
        done.setdefault(rung, planned)
    return out


def item_ladder(store, item_id: int, today: dt.date) -> dict:
    """Chase count, rung reached, next rung and the full schedule of one item."""
    item = store.item(item_id)
    chases = store.chases.of(item_id)
    out = {"item_id": item_id, "chase_count": len(chases), "deadline": iso(item.current_deadline),
           "reached": "", "next_rung": "", "due_on": None, "due_now": False, "schedule": []}
    if item.current_deadline is None or item.status not in CHASED_STATUSES:
        return out
    rules, cal = LadderRules.from_store(store), store.calendar
    step = next_step(item.current_deadline, chases, rules, cal, today)
    out.update(reached=step.reached or "", next_rung=step.next_rung or "",
               due_on=iso(step.due_on), due_now=step.due_now,
               schedule=[{**s, "planned": iso(s["planned"]), "done": iso(s["done"])}
                         for s in schedule(item.current_deadline, chases, rules, cal)])
    return out


@dataclass
class WorkOut:
    """Today's list, section by section; every entry is a plain dict for tables and JSON."""

    today: dt.date
    entering_yellow: list[dict] = field(default_factory=list)
    past_deadline: list[dict] = field(default_factory=list)
    feedback_overdue: list[dict] = field(default_factory=list)
    input_overdue: list[dict] = field(default_factory=list)
    extensions_waiting: list[dict] = field(default_factory=list)
    completions_waiting: list[dict] = field(default_factory=list)
    # a ladder or feedback date fell in a year whose official holidays are unknown
    calendar_notes: list[str] = field(default_factory=list)

    SECTIONS = (("entering_yellow", "即将到期（黄灯）"), ("past_deadline", "已逾期"),
                ("feedback_overdue", "反馈超期"), ("input_overdue", "协办意见超期"),
                ("extensions_waiting", "延期申请待审批"),
                ("completions_waiting", "办结申请待审核"))

    def proposals(self) -> list[dict]:
        """Entries whose next rung is due today (the selection offered for one-step action)."""
        rows = self.entering_yellow + self.past_deadline
        return [r for r in rows if r.get("due_now") and r.get("next_rung")]

    def total(self) -> int:
        return sum(len(getattr(self, key)) for key, _ in self.SECTIONS)

    def as_dict(self) -> dict:
        return {"today": self.today.isoformat(),
                **{key: getattr(self, key) for key, _ in self.SECTIONS}}


# ---- gathering from the store ------------------------------------------------------------
#
# At 100,000 items today's list has some 45,000 entries, and the window runs it on a thread
# every hour: every microsecond per row holds the GIL the UI thread needs. So the candidate rows
# come as tuples of just the columns used (`store.workout`), a row that is dropped never becomes a dict, the
# answers that depend on a date alone (working-day counts, overdue days, the ladder of an item
# nobody chased) are computed once per date, and chases come in one query as three fields each.

class _Mark(tuple):
    """The three fields of a chase the ladder reads (`rung_reached`, `next_step`)."""

    __slots__ = ()
    id = property(lambda self: self[0])
    chased_on = property(lambda self: self[1])
    rung = property(lambda self: self[2])


class _Days:
    """Per-run memo of the answers that depend on one date only."""

    def __init__(self, cal: WorkCalendar, rules: LadderRules, today: dt.date):
        self.cal, self.rules, self.today = cal, rules, today
        self.dates: dict = {None: None, "": None}
        self.late: dict = {}
        self.steps: dict = {}

    def date(self, text) -> dt.date | None:
        day = self.dates.get(text, self)
        if day is self:
            day = self.dates[text] = d(text)
        return day

    def overdue(self, due: dt.date | None) -> int:
        late = self.late.get(due)
        if late is None:
            late = self.late[due] = overdue_since(due, self.cal, self.today)
        return late

    def step(self, deadline: dt.date, chases: list) -> tuple[Step, int]:
        """The ladder step and the working days left; memoised for items without chases
        (most of them), whose step depends on the deadline alone."""
        if chases:
            return (next_step(deadline, chases, self.rules, self.cal, self.today),
                    self.cal.workdays_between(self.today, deadline))
        hit = self.steps.get(deadline)
        if hit is None:
            hit = self.steps[deadline] = (
                next_step(deadline, [], self.rules, self.cal, self.today),
                self.cal.workdays_between(self.today, deadline))
        return hit


def work_out(store, today: dt.date) -> WorkOut:
    """Today's list from the database: candidate rows in SQL, decisions in Python."""
    rules = LadderRules.from_store(store)
    cal = MemoCalendar(store.calendar)
    horizon = max(cal.add_workdays(today, rules.yellow_threshold),
                  cal.add_workdays(today, rules.phone_before))
    days = _Days(cal, rules, today)
    chases: dict[int, list[_Mark]] = {}
    for item_id, chase_id, chased_on, rung in store.workout.candidate_chases(horizon, today):
        chases.setdefault(item_id, []).append(_Mark((chase_id, days.date(chased_on), rung)))
    out = WorkOut(today)
    yellow, late, feedback = out.entering_yellow, out.past_deadline, out.feedback_overdue
    date, overdue, step_of = days.date, days.overdue, days.step
    for (item_id, serial, title, status, lead_id, lead, chase_count, last_fb, deadline_text,
         due_text) in store.workout.candidates(horizon, today):
        deadline = date(deadline_text)
        near = deadline is not None and deadline <= horizon
        due = date(due_text)     # 下次反馈 as the feedback-cycle rule stored it (core.feedback)
        if not near and (due is None or due >= today):
            continue     # `_may_matter`: neither near its deadline nor owing feedback
        base = {"item_id": item_id, "serial": serial or "", "title": title, "status": status,
                "lead_unit_id": lead_id, "lead": lead or "", "chase_count": chase_count,
                "last_feedback_on": last_fb}
        if near:
            step, remaining = step_of(deadline, chases.get(item_id))
            (late if deadline < today else yellow).append(base | {
                "deadline": deadline.isoformat(), "remaining_workdays": remaining,
                "overdue_workdays": step.overdue_workdays, "reached": step.reached or "",
                "next_rung": step.next_rung or "", "due_on": iso(step.due_on),
                "due_now": step.due_now, "ladder_chases": step.chases})
        days_late = overdue(due)
        if days_late:
            base["feedback_due"] = due.isoformat()
            base["overdue_workdays"] = days_late
            feedback.append(base)
    out.input_overdue = input_overdue(store, cal, today, days)
    out.extensions_waiting = _waiting(store, "extension")
    out.completions_waiting = _waiting(store, "completion")
    out.calendar_notes = cal.cal.used_unknown_years()
    return out


def chases_of(store, item_ids: list[int]) -> dict[int, list[Chase]]:
    return store.chases.of_items(item_ids)


def input_overdue(store, cal: WorkCalendar, today: dt.date, days: _Days | None = None
                  ) -> list[dict]:
    """Co-units that have sent nothing to the lead unit by their input date.

    Assignments made before the item had a date carry no input date; it is derived here the
    way the services derive it (setting `co_input_months` after assignment, capped at the
    deadline).
    """
    rows = store.workout.co_inputs_owed(today)
    months = int(store.setting("co_input_months"))
    days = days or _Days(cal, LadderRules(), today)
    derived: dict = {}
    out = []
    for item_id, unit_id, input_due, unit, title, serial, assigned_on, deadline, lead in rows:
        due = days.date(input_due)
        if due is None:
            key = (assigned_on, deadline)
            due = derived.get(key)
            if due is None:
                due = derived[key] = _derived_input_due(
                    {"assigned_on": assigned_on, "current_deadline": deadline}, months)
        late = days.overdue(due)
        if late:
            out.append({"item_id": item_id, "serial": serial or "", "title": title,
                        "unit_id": unit_id, "unit": unit, "lead": lead or "",
                        "input_due": due.isoformat(), "overdue_workdays": late})
    out.sort(key=itemgetter("input_due", "item_id"))
    return out


def _derived_input_due(row: dict, months: int) -> dt.date:
    due = months_after(d(row["assigned_on"]), months)
    deadline = d(row["current_deadline"])
    return min(due, deadline) if deadline else due


def _waiting(store, kind: str) -> list[dict]:
    return store.workout.waiting(kind)


# ---- acting on a selection ---------------------------------------------------------------

def check_selection(selection: list[tuple[int, str]]) -> None:
    """Refuse an empty selection or an unknown rung (before anything is written)."""
    if not selection:
        raise ValidationError("请先选择要催办的事项")
    for _, rung in selection:
        if rung not in RUNGS:
            raise ValidationError(f"催办层级“{rung}”无效，可选：{'、'.join(RUNGS)}")


def act(services, selection: list[tuple[int, str]], *, chased_on: dt.date,
        person_reached: str = "", answer: str = "") -> Changes:
    """Record one chase per (item_id, rung) in one transaction, addressed to the lead unit.

    Written notices get the next 催办 serial number (setting `chase_prefix`).
    """
    check_selection(selection)
    ids = []
    with services.tx():
        for item_id, rung in selection:
            lead = services.store.item(item_id).lead_unit_id
            services.chases.add(item_id, lead, RUNG_METHOD[rung], chased_on, person_reached,
                                answer, rung=rung)   # a written one gets its serial there
            ids.append(item_id)
    return Changes("item.chase", item_ids=frozenset(ids),
                   message=f"已登记 {len(ids)} 项催办")


def notice_serial(store, item_id: int, unit_id: int | None = None) -> str | None:
    """The serial of the latest written chase of an item (to that unit, or to the item as a
    whole), for printing or reprinting its 催办通知单; None before one is recorded."""
    return store.chases.notice_serial(item_id, unit_id)


def proposals_for(store, item_ids: list[int], today: dt.date) -> list[tuple[int, str]]:
    """The proposed rung for each given item (for `ladder act` without an explicit rung)."""
    rules, cal = LadderRules.from_store(store), store.calendar
    chases = chases_of(store, item_ids)
    out = []
    for item_id in item_ids:
        deadline = store.item(item_id).current_deadline
        if deadline is None:
            raise ValidationError(f"事项 {item_id} 没有办结时限，无法确定催办层级")
        step = next_step(deadline, chases[item_id], rules, cal, today)
        if step.next_rung is None:
            raise ValidationError(f"事项 {item_id} 已通报，没有更高的催办层级")
        out.append((item_id, step.next_rung))
    return out
