"""The feedback-cycle rule against a plain reference written from the issue's words.

Issue 14, part 3: "A progress note dated on or before a period's due day (after holiday
shifting) satisfies that period; 下次反馈 is the first due day after the last satisfied period;
a note that arrives late satisfies the period it is late for." DOMAIN: a periodic cycle cuts the
time after 交办 into periods, each ending on its due day (moved to the next working day on a
holiday or weekend); the lead unit owes one report per period, co-units' notes are information;
paused (暂缓) and submitted (申请办结) items owe nothing while in that state.

The reference below is deliberately naive (a list of periods, a flag per period, chinese-calendar
asked day by day). The properties drive the real services — notes from the lead and a co-unit,
on time, late and early, backdated paper notes, pauses, extensions, completion requests and
their return, extra holidays — and then ask every reader (the item, its light, the list's views,
今日需催办, the overview counts) for the answer.
"""
import calendar as pycalendar
import datetime as dt

import chinese_calendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qjtasks.core import feedback, filters, ladder
from qjtasks.core.calendar import feedback_cutoff, light_for
from qjtasks.core.clock import Clock
from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import CycleKind, FeedbackCycle, ItemDraft, Light, Status
from qjtasks.core.services import Services
from qjtasks.core.store import Store

D = dt.date
MONTHS = {CycleKind.MONTHLY: range(1, 13), CycleKind.QUARTERLY: (3, 6, 9, 12),
          CycleKind.HALFYEARLY: (6, 12)}


# ---- the reference --------------------------------------------------------------------------

def ref_workday(day, extra_holidays=(), extra_workdays=()):
    if day in extra_workdays:
        return True
    if day in extra_holidays:
        return False
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:                 # a year it does not know: weekends alone
        return day.weekday() < 5


def ref_moved(day, holidays=(), workdays=()):
    while not ref_workday(day, holidays, workdays):
        day += dt.timedelta(days=1)
    return day


def ref_periods(kind, cycle_day, assigned, count):
    """The first `count` due days (as stated, unmoved) strictly after 交办."""
    out, year, month = [], assigned.year, assigned.month
    while len(out) < count:
        if month in MONTHS[kind]:
            last = pycalendar.monthrange(year, month)[1]
            due = D(year, month, last if cycle_day == -1 else min(cycle_day, last))
            if due > assigned:
                out.append(due)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def ref_next_due(kind, cycle_day, assigned, notes, resting=lambda day: False, holidays=(),
                 workdays=()):
    periods = ref_periods(kind, cycle_day, assigned, 80)
    ends = [ref_moved(p, holidays, workdays) for p in periods]
    done = [resting(e) for e in ends]           # nothing is owed while paused or submitted
    for note in sorted(notes):
        if all(done):
            break
        oldest = done.index(False)
        if ends[oldest] < note:                 # late: it satisfies the period it is late for
            done[oldest] = True
            continue
        # on time: the period the note falls in (on or before its due day, after the previous)
        k = next(k for k, e in enumerate(ends) if note <= e)
        if not done[k]:
            done[k] = True
    return periods[done.index(False)] if False in done else None   # paused for good


# ---- the examples of the issue and DOMAIN ---------------------------------------------------

def test_the_issues_reproduction_reported_every_month_is_green_until_december():
    notes = [D(2026, 9, 20), D(2026, 10, 20), D(2026, 11, 20)]
    assert ref_next_due(CycleKind.MONTHLY, 25, D(2026, 9, 1), notes) == D(2026, 12, 25)
    moved = lambda day: ref_moved(day)                                     # noqa: E731
    cycle = FeedbackCycle(CycleKind.MONTHLY, 25)
    assert feedback.next_due(cycle, D(2026, 9, 1), notes, moved) == D(2026, 12, 25)


def test_late_note_satisfies_the_period_it_is_late_for_and_holidays_move_due_days():
    cycle = FeedbackCycle(CycleKind.MONTHLY, 1)
    moved = lambda day: ref_moved(day)                                     # noqa: E731
    # 2026-10-01 is National Day: the period due 10-01 ends on 10-09 (the first working day)
    assert feedback.next_due(cycle, D(2026, 9, 15), [D(2026, 10, 9)], moved) == D(2026, 11, 1)
    # a note on 10-12 is late for October: it satisfies October, November is still owed
    assert feedback.next_due(cycle, D(2026, 9, 15), [D(2026, 10, 12)], moved) == D(2026, 11, 1)
    # two periods missed, one late note: the older period is satisfied, the next one is owed
    assert feedback.next_due(cycle, D(2026, 8, 15), [D(2026, 10, 12)], moved) == D(2026, 10, 1)
    # reporting twice in one period does not report in advance for the next
    assert feedback.next_due(cycle, D(2026, 9, 15), [D(2026, 9, 20), D(2026, 9, 25)],
                             moved) == D(2026, 11, 1)


def test_month_end_cycles_do_not_skip_february():
    moved = lambda day: ref_moved(day)                                     # noqa: E731
    cycle = FeedbackCycle(CycleKind.MONTHLY, -1)
    assert feedback.next_due(cycle, D(2027, 1, 31), [], moved) == D(2027, 2, 28)
    # 2027-02-28 is a Sunday: a report on Monday 03-01 is on time
    assert feedback.next_due(cycle, D(2027, 1, 31), [D(2027, 3, 1)], moved) == D(2027, 3, 31)
    cycle31 = FeedbackCycle(CycleKind.QUARTERLY, 31)
    assert feedback.next_due(cycle31, D(2026, 4, 1), [], moved) == D(2026, 6, 30)


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from([CycleKind.MONTHLY, CycleKind.QUARTERLY, CycleKind.HALFYEARLY]),
       cycle_day=st.sampled_from([-1, *range(1, 32)]),
       assigned=st.dates(D(2024, 1, 1), D(2025, 6, 30)),
       near=st.lists(st.tuples(st.integers(0, 17), st.integers(-4, 4)), max_size=12),
       anywhere=st.lists(st.integers(0, 540), max_size=3),
       holidays=st.lists(st.tuples(st.integers(0, 17), st.integers(-2, 3)), max_size=4),
       rest=st.lists(st.tuples(st.integers(0, 540), st.integers(0, 90)), max_size=2))
def test_rule_equals_the_reference(kind, cycle_day, assigned, near, anywhere, holidays, rest):
    """Notes before, on and after (moved) due days, extra holidays on and around them."""
    day = lambda n: assigned + dt.timedelta(days=n)                        # noqa: E731
    dues = ref_periods(kind, cycle_day, assigned, 18)
    around = lambda k, n: dues[k % len(dues)] + dt.timedelta(days=n)      # noqa: E731
    extra = frozenset(around(k, n) for k, n in holidays)
    spans = [(day(a), day(a + n)) for a, n in rest]
    resting = lambda d: any(a <= d < b for a, b in spans)                  # noqa: E731
    dates = [around(k, n) for k, n in near] + [day(n) for n in anywhere]
    expected = ref_next_due(kind, cycle_day, assigned, dates, resting, extra)
    got = feedback.next_due(FeedbackCycle(kind, cycle_day), assigned, dates,
                            lambda d: ref_moved(d, extra), resting)
    assert got == expected


# ---- through the services, read back by every view ------------------------------------------

def _office(assigned, kind, cycle_day, deadline):
    store = Store.memory()
    svc = Services(store, clock=Clock(assigned))
    lead = svc.units.add("重庆市綦江区财政局", "区财政局").unit_id
    co = svc.units.add("重庆市綦江区科学技术局", "区科技局").unit_id
    svc.units.add("重庆市綦江区发展和改革委员会", "区发改委", is_office=True)
    item = svc.items.add(ItemDraft("复现事项", lead_unit_id=lead, co_unit_ids=[co],
                                  assigned_on=assigned, deadline=deadline,
                                  cycle=FeedbackCycle(kind, cycle_day))).item_id
    svc.lifecycle.issue(item, assigned)
    svc.lifecycle.sign(item, lead, "张三", assigned)
    return svc, item, lead, co


ACTION = st.one_of(
    st.tuples(st.just("note"), st.booleans(), st.integers(0, 20)),     # lead?, days backdated
    st.tuples(st.just("pause")), st.tuples(st.just("resume")),
    st.tuples(st.just("submit")), st.tuples(st.just("return")),
    st.tuples(st.just("extend")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from([CycleKind.MONTHLY, CycleKind.QUARTERLY, CycleKind.HALFYEARLY]),
       cycle_day=st.sampled_from([-1, 1, 5, 25, 29, 30, 31]),
       assigned=st.dates(D(2024, 1, 1), D(2025, 3, 31)),
       steps=st.lists(st.tuples(st.integers(1, 40), ACTION), max_size=14),
       holiday=st.one_of(st.none(), st.integers(0, 300)),
       late=st.integers(0, 60))
def test_services_store_the_rule_and_every_view_reads_it(kind, cycle_day, assigned, steps,
                                                          holiday, late):
    deadline = assigned + dt.timedelta(days=700)
    svc, item, lead, co = _office(assigned, kind, cycle_day, deadline)
    extra = frozenset()
    if holiday is not None:
        extra = frozenset({assigned + dt.timedelta(days=holiday)})
        svc.settings.set("extra_holidays", [d.isoformat() for d in extra])
    today, notes, changes = assigned, [], []      # changes: (day, resting after it?)
    for gap, act in steps:
        today += dt.timedelta(days=gap)
        svc.clock = Clock(today)
        status = svc.store.item(item).status
        kind_ = act[0]
        if kind_ == "note":
            on = max(assigned, today - dt.timedelta(days=act[2]))
            svc.notes.add(item, lead if act[1] else co, "联络员", "进展", noted_on=on)
            if act[1]:
                notes.append(on)
        elif kind_ == "pause" and status == Status.IN_PROGRESS:
            svc.lifecycle.pause(item, "等待上级批复")
            changes.append((today, True))
        elif kind_ == "resume" and status == Status.PAUSED:
            svc.lifecycle.resume(item, "")
            changes.append((today, False))
        elif kind_ == "submit" and status == Status.IN_PROGRESS:
            svc.lifecycle.submit(item, lead, "已完成")
            changes.append((today, True))
        elif kind_ == "return" and status == Status.SUBMITTED:
            svc.lifecycle.review(item, accept=False, reason="材料不全")
            changes.append((today, False))
        elif kind_ == "extend" and status in (Status.IN_PROGRESS, Status.PAUSED):
            try:
                ext = svc.extensions.request(item, lead, "需要时间", deadline + dt.timedelta(days=30))
            except QjtasksError:
                continue                                   # one request is still waiting
            svc.extensions.decide(ext.extension_id, True)
            deadline += dt.timedelta(days=30)

    def resting(day):
        state = False
        for on, rests in changes:
            if on <= day:
                state = rests
        return state

    expected = ref_next_due(kind, cycle_day, assigned, notes, resting, extra)
    stored = svc.store.item(item)
    assert stored.next_feedback_due == expected

    # every reader, on a day some time after the last act
    today += dt.timedelta(days=late)
    store = svc.store
    cut = feedback_cutoff(store.calendar, today)
    owed = stored.status in (Status.AWAITING_SIGN, Status.IN_PROGRESS)
    overdue = owed and expected is not None and expected < cut
    light = light_for(stored.status, stored.current_deadline, expected, today,
                      store.cutoff(today), cut)
    [row] = store.lists.items(filters.ItemFilter(ids=[item]), today=today, limit=None)
    assert row["light"] == str(light)
    if overdue and stored.current_deadline and stored.current_deadline > store.cutoff(today):
        assert light == Light.YELLOW
    in_view = [r["id"] for r in store.lists.items(filters.ItemFilter(view="反馈超期"),
                                                  today=today, limit=None)]
    assert (item in in_view) == overdue
    work = ladder.work_out(store, today)
    assert (item in [e["item_id"] for e in work.feedback_overdue]) == (
        overdue and ladder.overdue_since(expected, store.calendar, today) > 0)
    assert sum(store.lists.light_counts(today).values()) == 1
    assert store.lists.light_counts(today)[str(light)] == 1
    store.close()


def test_a_database_from_before_the_rule_is_recomputed_once_on_opening(tmp_path):
    path = tmp_path / "old.db"
    store = Store.open(path)
    svc = Services(store, clock=Clock(D(2026, 12, 6)))
    lead = svc.units.add("重庆市綦江区财政局", "区财政局").unit_id
    item = svc.items.add(ItemDraft("复现事项", lead_unit_id=lead, assigned_on=D(2026, 9, 1),
                                  deadline=D(2027, 6, 30),
                                  cycle=FeedbackCycle(CycleKind.MONTHLY, 25))).item_id
    svc.lifecycle.issue(item, D(2026, 9, 1))
    svc.lifecycle.sign(item, lead, "张三", D(2026, 9, 2))
    for on in (D(2026, 9, 20), D(2026, 10, 20), D(2026, 11, 20)):
        svc.notes.add(item, lead, "张三", "进展", noted_on=on)
    assert store.item(item).next_feedback_due == D(2026, 12, 25)
    # as the earlier rule stored it ("the first due day after the last note")
    store.conn.execute("UPDATE items SET next_feedback_due = '2026-11-25'")
    store.conn.execute("PRAGMA user_version = 0")
    store.close()
    again = Store.open(path)
    try:
        assert again.item(item).next_feedback_due == D(2026, 12, 25)
        today = D(2026, 12, 6)
        [row] = again.lists.items(filters.ItemFilter(ids=[item]), today=today, limit=None)
        assert row["light"] == "绿"
        assert item not in [e["item_id"] for e in ladder.work_out(again, today).feedback_overdue]
    finally:
        again.close()


def test_a_rest_not_ended_owes_nothing_from_its_start_without_walking_every_period():
    """The short cut for an item paused or submitted now gives the walk's own answer."""
    from qjtasks.core.feedback import _Resting
    cycle = FeedbackCycle(CycleKind.MONTHLY, 25)
    moved = lambda day: ref_moved(day)                                     # noqa: E731
    walked = []

    def counting(day):
        walked.append(day)
        return day >= D(2026, 11, 10)
    rest = _Resting([("2026-11-10", None)])
    notes = [D(2026, 9, 20), D(2026, 10, 20)]
    assert feedback.next_due(cycle, D(2026, 9, 1), notes, moved, counting) is None
    assert len(walked) == feedback.MAX_PERIODS                # the plain walk: every period
    assert feedback.next_due(cycle, D(2026, 9, 1), notes, moved, rest) is None
    assert feedback.next_due(cycle, D(2026, 9, 1), [], moved, rest) == D(2026, 9, 25)
    assert rest.open_from == D(2026, 11, 10) and rest(D(2027, 5, 1))
    assert not rest(D(2026, 11, 9))
