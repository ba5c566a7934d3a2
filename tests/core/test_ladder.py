"""The ladder on fixed dates around holidays and make-up workdays, cycles, and one-step action."""
import datetime as dt

import pytest

from qjtasks.core import ladder
from qjtasks.core.calendar import WorkCalendar
from qjtasks.core.errors import ValidationError
from qjtasks.core.ladder import CIRCULAR, NOTICE1, NOTICE2, PHONE, LadderRules, next_step
from qjtasks.core.models import Chase, ItemEdit

D = dt.date
CAL = WorkCalendar()
RULES = LadderRules()
NATIONAL_DAY = D(2022, 9, 30)   # Friday before the 2022 National Day holiday (Oct 1–7)


def chase(on, rung, n=1):
    return Chase(n, f"u{n}", 1, None, on, "书面", "", "", "", rung, n, "录入")


def test_deadline_before_national_day_is_chased_on_the_make_up_workday():
    # 2022-10-08 (Saturday) was a make-up workday: the first working day after the deadline.
    step = next_step(NATIONAL_DAY, [], RULES, CAL, D(2022, 10, 1))
    assert step.next_rung == NOTICE1 and step.due_on == D(2022, 10, 8) and not step.due_now
    assert step.overdue_workdays == 0          # holidays are not working days
    step = next_step(NATIONAL_DAY, [], RULES, CAL, D(2022, 10, 8))
    assert step.due_now and step.overdue_workdays == 1


def test_phone_reminder_falls_working_days_before_the_deadline():
    # Three working days before 2022-09-30 is 2022-09-27 (Tue).
    step = next_step(NATIONAL_DAY, [], RULES, CAL, D(2022, 9, 26))
    assert step.next_rung == PHONE and step.due_on == D(2022, 9, 27) and not step.due_now
    assert next_step(NATIONAL_DAY, [], RULES, CAL, D(2022, 9, 27)).due_now


def test_ladder_progression_counts_from_the_actual_chase_dates():
    chases = [chase(D(2022, 9, 27), PHONE, 1)]
    step = next_step(NATIONAL_DAY, chases, RULES, CAL, D(2022, 10, 8))
    assert step.reached == PHONE and step.next_rung == NOTICE1 and step.due_now
    # Notice 1 sent late, on Tue 2022-10-11: notice 2 is five working days after that.
    chases.append(chase(D(2022, 10, 11), NOTICE1, 2))
    step = next_step(NATIONAL_DAY, chases, RULES, CAL, D(2022, 10, 17))
    assert step.next_rung == NOTICE2 and step.due_on == D(2022, 10, 18) and not step.due_now
    chases.append(chase(D(2022, 10, 18), NOTICE2, 3))
    step = next_step(NATIONAL_DAY, chases, RULES, CAL, D(2022, 10, 25))
    assert step.next_rung == CIRCULAR and step.due_on == D(2022, 10, 25) and step.due_now
    chases.append(chase(D(2022, 10, 25), CIRCULAR, 4))
    step = next_step(NATIONAL_DAY, chases, RULES, CAL, D(2022, 12, 1))
    assert step.reached == CIRCULAR and step.next_rung is None and step.chases == 4


def test_late_item_without_phone_goes_straight_to_notice_and_thresholds_apply():
    step = next_step(D(2026, 11, 20), [], RULES, CAL, D(2026, 11, 25))
    assert step.next_rung == NOTICE1 and step.due_on == D(2026, 11, 23)
    slow = LadderRules(notice1_after=3)
    assert next_step(D(2026, 11, 20), [], slow, CAL, D(2026, 11, 24)).due_on == D(2026, 11, 25)


def test_chases_for_an_older_deadline_do_not_count_after_an_extension():
    old = [chase(D(2026, 3, 3), NOTICE2, 1)]
    step = next_step(D(2026, 12, 31), old, RULES, CAL, D(2026, 12, 29))
    assert step.reached is None and step.next_rung == PHONE and step.chases == 0


def test_extra_holidays_from_settings_move_the_ladder():
    cal = WorkCalendar(extra_holidays=[D(2026, 11, 23)])
    assert next_step(D(2026, 11, 20), [], RULES, cal, D(2026, 11, 25)).due_on == D(2026, 11, 24)


def test_month_end_cycle_overdue_does_not_skip_february():
    row = {"cycle_kind": "每月", "cycle_day": 31, "cycle_due": None,
           "assigned_on": "2027-01-31", "last_feedback_on": None}
    assert ladder.feedback_due(row) == D(2027, 2, 28)
    # Feb 28 2027 is a Sunday: owed on Monday Mar 1, overdue from Mar 2.
    assert ladder.overdue_since(D(2027, 2, 28), CAL, D(2027, 3, 1)) == 0
    assert ladder.overdue_since(D(2027, 2, 28), CAL, D(2027, 3, 2)) == 1
    row["last_feedback_on"] = "2027-02-28"
    assert ladder.feedback_due(row) == D(2027, 3, 31)


@pytest.fixture
def running(seeded):
    """Items 1 and 2 issued and signed, with deadlines around the 2022 National Day holiday."""
    for item_id, deadline in ((1, "2022-09-30"), (2, "2022-10-11")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2022-07-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2022, 7, 1))
        lead = seeded.store.item(item_id).lead_unit_id
        seeded.lifecycle.sign(item_id, lead, "王五", "2022-07-02 09:00")
    return seeded


def test_work_out_sections_on_fixed_dates(running):
    out = ladder.work_out(running.store, D(2022, 10, 8))
    late = {e["item_id"]: e for e in out.past_deadline}
    assert set(late) == {1} and late[1]["next_rung"] == NOTICE1 and late[1]["due_now"]
    assert [e["item_id"] for e in out.entering_yellow] == [2]
    assert out.entering_yellow[0]["next_rung"] == PHONE
    # Monthly cycle on the 25th since 2022-07-01, no feedback: overdue since July.
    assert {e["item_id"] for e in out.feedback_overdue} == {1, 2}
    # 协办 input is due two months after assignment: 2022-09-01.
    units = {(e["item_id"], e["unit"]) for e in out.input_overdue}
    assert (1, "区生态环境局") in units and (2, "区财政局") in units
    assert {(p["item_id"], p["next_rung"]) for p in out.proposals()} == {(1, NOTICE1), (2, PHONE)}


def test_waiting_decisions_are_listed(running):
    running.extensions.request(2, None, "资金未到位", "2022-12-30", requested_on="2022-10-09")
    out = ladder.work_out(running.store, D(2022, 10, 10))
    assert [e["item_id"] for e in out.extensions_waiting] == [2]
    assert out.completions_waiting == []


def test_act_records_a_selection_in_one_step_and_moves_the_rung(running):
    store = running.store
    ch = ladder.act(running, [(1, NOTICE1), (2, PHONE)], chased_on=D(2022, 10, 8))
    assert ch.item_ids == {1, 2}
    (c1,) = store.chases.of(1)
    assert c1.rung == NOTICE1 and c1.method == "书面" and c1.unit_id == store.item(1).lead_unit_id
    serial = store.conn.execute("SELECT serial FROM chases WHERE id = ?", [c1.id]).fetchone()[0]
    assert serial == "綦发改催〔2022〕1号"
    assert store.chases.of(2)[0].method == "电话"
    out = ladder.work_out(store, D(2022, 10, 14))
    assert out.past_deadline[0]["reached"] == NOTICE1
    # 2022-10-09 (Sunday) was a make-up workday too: notice 2 falls on Thu 10-13.
    assert out.past_deadline[0]["due_on"] == "2022-10-13"
    assert ladder.proposals_for(store, [1], D(2022, 10, 13)) == [(1, NOTICE2)]


def test_act_is_all_or_nothing(running):
    before = running.store.conn.execute("SELECT count(*) FROM chases").fetchone()[0]
    with pytest.raises(Exception, match="无需催办"):
        ladder.act(running, [(1, NOTICE1), (3, NOTICE1)], chased_on=D(2022, 10, 8))
    assert running.store.conn.execute("SELECT count(*) FROM chases").fetchone()[0] == before
    with pytest.raises(ValidationError, match="层级"):
        ladder.act(running, [(1, "打电话")], chased_on=D(2022, 10, 8))


def test_schedule_projects_later_rungs_from_what_was_done():
    plan = ladder.schedule(NATIONAL_DAY, [chase(D(2022, 10, 11), NOTICE1)], RULES, CAL)
    assert [(p["rung"], p["planned"], p["done"]) for p in plan] == [
        (PHONE, D(2022, 9, 27), None), (NOTICE1, D(2022, 10, 8), D(2022, 10, 11)),
        (NOTICE2, D(2022, 10, 18), None), (CIRCULAR, D(2022, 10, 25), None)]


def test_item_ladder_for_detail_panes(running):
    ladder.act(running, [(1, NOTICE1)], chased_on=D(2022, 10, 8))
    info = ladder.item_ladder(running.store, 1, D(2022, 10, 13))
    assert info["chase_count"] == 1 and info["reached"] == NOTICE1
    assert info["next_rung"] == NOTICE2 and info["due_now"]
    assert info["schedule"][1]["done"] == "2022-10-08"
    assert ladder.item_ladder(running.store, 3, D(2022, 10, 13))["schedule"] == []


def test_quarter_end_cycle_overdue_in_the_daily_list(seeded):
    seeded.items.edit(2, ItemEdit(assigned_on="2026-01-15", deadline="2026-12-31",
                                    cycle_kind="每季度", cycle_day=-1))
    seeded.lifecycle.issue(2, D(2026, 1, 15))
    seeded.lifecycle.sign(2, seeded.store.item(2).lead_unit_id, "陈七", "2026-01-16 09:00")
    assert [e["item_id"] for e in ladder.work_out(seeded.store, D(2026, 3, 31)).feedback_overdue
            ] == []
    (entry,) = ladder.work_out(seeded.store, D(2026, 4, 1)).feedback_overdue
    assert entry["feedback_due"] == "2026-03-31" and entry["overdue_workdays"] == 1
    seeded.notes.add(2, None, "陈七", "一季度进展", noted_on="2026-04-02")
    assert ladder.work_out(seeded.store, D(2026, 6, 30)).feedback_overdue == []
    (entry,) = ladder.work_out(seeded.store, D(2026, 7, 1)).feedback_overdue
    assert entry["feedback_due"] == "2026-06-30"


def test_unnumbered_written_notices_count_as_the_next_notice():
    chases = [chase(D(2022, 10, 8), "催办通知单", 1), chase(D(2022, 10, 14), "催办通知单", 2)]
    step = next_step(NATIONAL_DAY, chases, RULES, CAL, D(2022, 10, 20))
    assert step.reached == NOTICE2 and step.next_rung == CIRCULAR
    assert step.due_on == D(2022, 10, 21)


def _input_due(store, item_id):
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT u.short_name, a.input_due FROM assignments a JOIN units u ON u.id = a.unit_id "
        "WHERE a.item_id = ? AND a.role = '配合'", [item_id])}


def test_co_input_due_follows_later_changes_of_assignment_date_and_deadline(running):
    """Two months after assignment, never after the deadline, whenever either changes."""
    assert set(_input_due(running.store, 1).values()) == {"2022-09-01"}
    running.items.edit(1, ItemEdit(assigned_on="2022-07-20"))
    assert set(_input_due(running.store, 1).values()) == {"2022-09-20"}
    running.items.edit(1, ItemEdit(deadline="2022-09-10"))
    assert set(_input_due(running.store, 1).values()) == {"2022-09-10"}
    out = ladder.work_out(running.store, D(2022, 9, 15))
    assert {e["input_due"] for e in out.input_overdue if e["item_id"] == 1} == {"2022-09-10"}
    running.items.edit(1, ItemEdit(deadline="2022-12-30"))
    assert set(_input_due(running.store, 1).values()) == {"2022-09-20"}


def test_feedback_overdue_list_and_views_agree_across_a_holiday(seeded):
    # Monthly feedback on the 1st: due 2025-10-01, inside the 2025 National Day holiday
    # (1–8 October), so it is owed on Thursday 9 October and late from Friday 10 October.
    from qjtasks.core.filters import ItemFilter
    store = seeded.store
    for item_id in (1, 2):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2025-09-15", deadline="2026-06-30",
                                                cycle_kind="每月", cycle_day=1))
        seeded.lifecycle.issue(item_id, D(2025, 9, 15))
    seeded.lifecycle.sign(2, store.item(2).lead_unit_id, "陈七", "2025-09-16 09:00")
    seeded.lifecycle.pause(2, "等待上级政策")                      # paused: owes no feedback
    assert store.item_row(1)["next_feedback_due"] == "2025-10-01"
    seen = {}
    day = D(2025, 9, 28)
    while day <= D(2025, 10, 14):
        listed = {e["item_id"] for e in ladder.work_out(store, day).feedback_overdue}
        view = {r["id"] for r in store.lists.items(ItemFilter(view="反馈超期"), today=day,
                                                  limit=None)}
        chase = {r["id"] for r in store.lists.items(ItemFilter(view="今日需催办"), today=day,
                                                   limit=None)}
        yellow = {r["id"] for r in store.lists.items(ItemFilter(lights=["黄"]), today=day,
                                                    limit=None)}
        assert listed == view, day
        assert view <= chase and yellow == view, day      # deadline far: yellow = feedback
        assert store.lists.light_counts(day)["黄"] == len(yellow)
        seen[day] = 1 in view
        day += dt.timedelta(days=1)
    assert not seen[D(2025, 10, 9)] and seen[D(2025, 10, 10)]
    assert not seen[D(2025, 10, 1)] and not seen[D(2025, 10, 8)]
    assert seen[D(2025, 10, 12)]        # a Sunday after the first late working day
