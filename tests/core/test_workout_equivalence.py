"""Today's list from the fast `ladder.work_out` equals the row-by-row version it replaced.

The reference below is the work-out as it was before rows came as tuples and per-date answers
were remembered: every candidate row a dict, its feedback date recomputed without any cache,
every chase a `Chase`, one `next_step` per item. Random stores mix every status, missing and
inconsistent dates (a stored next-feedback date that disagrees with the cycle), chases of every
rung before and after the ladder starts, co-units with and without input dates, waiting
requests, and random thresholds and extra holidays; both versions must give the same list.
"""
import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qjtasks.core import ladder, reminders
from qjtasks.core.calendar import months_after
from qjtasks.core.dues import MemoCalendar, overdue_since
from qjtasks.core.ladder import CHASED_STATUSES, LadderRules, WorkOut, next_step
from qjtasks.core.models import Chase
from qjtasks.core.rows import d, iso
from qjtasks.core.store import Store
from qjtasks.core.store.rows import row_dicts

D = dt.date
STATUSES = ["待交办", "待签收", "办理中", "申请办结", "已办结", "暂缓", "已撤销"]
KINDS = ["每月", "每季度", "每半年", "一次性"]
RUNG_TEXTS = ["电话提醒", "催办通知1", "催办通知2", "通报", "催办通知单", "", "其他"]


# ---- the reference: the work-out before the fast path ------------------------------------

def ref_feedback_due(row: dict) -> dt.date | None:
    # 下次反馈 as the feedback-cycle rule stored it (core.feedback; tests/core/test_feedback.py
    # checks the rule itself against its own reference)
    return d(row["next_feedback_due"])


def ref_base(row: dict) -> dict:
    return {"item_id": row["id"], "serial": row.get("serial") or "", "title": row["title"],
            "status": row["status"], "lead_unit_id": row.get("lead_unit_id"),
            "lead": row.get("lead_name") or "", "chase_count": row.get("chase_count", 0),
            "last_feedback_on": row.get("last_feedback_on")}


def ref_classify(rows, chases, rules, cal, today) -> WorkOut:
    out = WorkOut(today)
    cutoff = cal.add_workdays(today, rules.yellow_threshold)
    for row in rows:
        if row["status"] not in CHASED_STATUSES:
            continue
        deadline = d(row["current_deadline"])
        if deadline is not None and deadline <= max(
                cutoff, cal.add_workdays(today, rules.phone_before)):
            step = next_step(deadline, chases.get(row["id"], []), rules, cal, today)
            entry = ref_base(row) | {
                "deadline": iso(deadline),
                "remaining_workdays": cal.workdays_between(today, deadline),
                "overdue_workdays": step.overdue_workdays, "reached": step.reached or "",
                "next_rung": step.next_rung or "", "due_on": iso(step.due_on),
                "due_now": step.due_now, "ladder_chases": step.chases}
            (out.past_deadline if deadline < today else out.entering_yellow).append(entry)
        due = ref_feedback_due(row)
        late = overdue_since(due, cal, today)
        if late:
            out.feedback_overdue.append(ref_base(row) | {"feedback_due": iso(due),
                                                         "overdue_workdays": late})
    return out


def ref_chases(store, item_ids) -> dict[int, list[Chase]]:
    out: dict[int, list[Chase]] = {i: [] for i in item_ids}
    for r in row_dicts(store.conn, "SELECT * FROM chases"):
        if r["item_id"] in out:
            out[r["item_id"]].append(Chase(**{k: d(v) if k == "chased_on" else v
                                              for k, v in r.items()
                                              if k in Chase.__dataclass_fields__}))
    return out


def ref_input_overdue(store, cal, today) -> list[dict]:
    rows = row_dicts(store.conn, """SELECT a.item_id, a.unit_id, a.input_due, u.short_name AS unit,
        i.title, i.serial, i.assigned_on, i.current_deadline, lu.short_name AS lead
        FROM assignments a JOIN items i ON i.id = a.item_id JOIN units u ON u.id = a.unit_id
        LEFT JOIN units lu ON lu.id = i.lead_unit_id
        WHERE a.role = '配合' AND a.last_feedback_on IS NULL AND i.status IN ('待签收', '办理中')
          AND (a.input_due < :today OR (a.input_due IS NULL AND i.assigned_on < :today))
        ORDER BY a.input_due, a.item_id""", {"today": today.isoformat()})
    months = int(store.setting("co_input_months"))
    out = []
    for r in rows:
        due = d(r["input_due"])
        if due is None:
            due = months_after(d(r["assigned_on"]), months)
            deadline = d(r["current_deadline"])
            due = min(due, deadline) if deadline else due
        late = overdue_since(due, cal, today)
        if late:
            out.append({"item_id": r["item_id"], "serial": r["serial"] or "",
                        "title": r["title"], "unit_id": r["unit_id"], "unit": r["unit"],
                        "lead": r["lead"] or "", "input_due": iso(due),
                        "overdue_workdays": late})
    out.sort(key=lambda e: (e["input_due"], e["item_id"]))
    return out


def reference_work_out(store, today: dt.date) -> WorkOut:
    rules = LadderRules.from_store(store)
    cal = MemoCalendar(store.calendar)
    horizon = max(cal.add_workdays(today, rules.yellow_threshold),
                  cal.add_workdays(today, rules.phone_before))
    rows = row_dicts(store.conn, """SELECT i.*, u.short_name AS lead_name FROM items i
        LEFT JOIN units u ON u.id = i.lead_unit_id
        WHERE i.status IN ('待签收', '办理中') AND (i.current_deadline <= :horizon
           OR i.next_feedback_due < :today)
        ORDER BY i.current_deadline IS NULL, i.current_deadline, i.id""",
                     {"horizon": horizon.isoformat(), "today": today.isoformat()})

    def may_matter(row):
        deadline = d(row["current_deadline"])
        if deadline is not None and deadline <= horizon:
            return True
        due = ref_feedback_due(row)
        return due is not None and due < today
    rows = [r for r in rows if may_matter(r)]
    out = ref_classify(rows, ref_chases(store, [r["id"] for r in rows]), rules, cal, today)
    out.input_overdue = ref_input_overdue(store, cal, today)
    for key, table, col, pending in (("extensions_waiting", "extensions", "requested_on", "待审批"),
                                     ("completions_waiting", "completions", "submitted_on",
                                      "待审核")):
        setattr(out, key, row_dicts(store.conn, f"""SELECT e.id, e.item_id, e.{col} AS on_date,
            i.title, i.serial, u.short_name AS unit FROM {table} e JOIN items i ON i.id = e.item_id
            LEFT JOIN units u ON u.id = e.unit_id WHERE e.decision = ? ORDER BY e.{col}, e.id""",
                                         [pending]))
    return out


# ---- random stores -----------------------------------------------------------------------

TODAY_RANGE = (D(2022, 9, 1), D(2023, 2, 28))    # around National Day and the Spring Festival

# Dates are offsets in days from today, so that many fall on today, on the horizon and on the
# holidays in between; None is a missing date.
day_near = st.one_of(st.integers(-8, 8), st.integers(-120, 60))
maybe_day = st.one_of(st.none(), day_near)


def on(today: dt.date, offset: int | None) -> str | None:
    return None if offset is None else (today + dt.timedelta(days=offset)).isoformat()


item_st = st.fixed_dictionaries({
    "status": st.one_of(st.sampled_from(["待签收", "办理中"]), st.sampled_from(STATUSES)),
    "serial": st.one_of(st.none(), st.integers(1, 10**6).map(lambda n: f"督〔2022〕{n}号")),
    # a few shared assignment dates, so that remembered answers are reused between items
    "assigned_on": st.one_of(maybe_day, st.sampled_from([-130, -90, -61, -45])),
    "deadline": maybe_day, "next_feedback_due": maybe_day,
    "last_feedback_on": maybe_day, "cycle_kind": st.sampled_from(KINDS),
    "cycle_day": st.sampled_from([-1, 1, 15, 25, 28, 30, 31]), "cycle_due": maybe_day,
    "lead": st.one_of(st.none(), st.integers(1, 3)), "chase_count": st.integers(0, 4),
    "chases": st.lists(st.tuples(day_near, st.sampled_from(RUNG_TEXTS)), max_size=4),
    "co": st.lists(st.tuples(st.integers(1, 3), maybe_day, maybe_day), max_size=2),
    "requests": st.lists(st.tuples(st.booleans(), st.sampled_from(["待审批", "批准", "待审核",
                                                                  "审结"]), day_near),
                         max_size=2),
})

rules_st = st.fixed_dictionaries({
    "yellow_threshold": st.integers(0, 6), "ladder_phone_before": st.integers(0, 6),
    "ladder_notice1_after": st.integers(0, 4), "ladder_notice2_after": st.integers(1, 6),
    "ladder_circular_after": st.integers(1, 6), "co_input_months": st.integers(1, 3),
    "extra_holidays": st.lists(st.integers(-30, 30), max_size=3),
    "extra_workdays": st.lists(st.integers(-30, 30), max_size=3),
})


def make_store(items: list[dict], rules: dict, today: dt.date) -> Store:
    """A store with these items; every date given as an offset from today."""
    store = Store.open(":memory:")
    rules = {**rules, **{k: [on(today, x) for x in rules[k]]
                         for k in ("extra_holidays", "extra_workdays") if k in rules}}
    conn = store.conn
    stamp = "2022-01-01 00:00"
    conn.executemany("INSERT INTO units (id, name, short_name, sort) VALUES (?, ?, ?, ?)",
                     [(n, f"单位{n}全称", f"单位{n}", n) for n in (1, 2, 3)])
    conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in rules.items()])
    uid = 0
    for n, it in enumerate(items, 1):
        conn.execute("""INSERT INTO items (id, title, status, serial, assigned_on,
            original_deadline, current_deadline, cycle_kind, cycle_day, cycle_due,
            next_feedback_due, last_feedback_on, lead_unit_id, chase_count, created_at,
            updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                     (n, f"事项{n}", it["status"], it["serial"] and f"{it['serial']}-{n}",
                      on(today, it["assigned_on"]), on(today, it["deadline"]),
                      on(today, it["deadline"]), it["cycle_kind"], it["cycle_day"],
                      on(today, it["cycle_due"]), on(today, it["next_feedback_due"]),
                      on(today, it["last_feedback_on"]), it["lead"], it["chase_count"], stamp,
                      stamp))
        for day, rung in it["chases"]:
            uid += 1
            conn.execute("""INSERT INTO chases (uid, item_id, created_at, chased_on, method,
                rung) VALUES (?, ?, ?, ?, '书面', ?)""", (f"c{uid}", n, stamp, on(today, day),
                                                         rung))
        if it["lead"]:
            conn.execute("INSERT INTO assignments (item_id, unit_id, role) VALUES (?, ?, '牵头')",
                         (n, it["lead"]))
        for unit, input_due, fed in it["co"]:
            if unit != it["lead"]:
                conn.execute("""INSERT OR IGNORE INTO assignments (item_id, unit_id, role,
                    input_due, last_feedback_on) VALUES (?, ?, '配合', ?, ?)""",
                             (n, unit, on(today, input_due), on(today, fed)))
        for is_extension, decision, day in it["requests"]:
            uid += 1
            if is_extension:
                conn.execute("""INSERT INTO extensions (uid, item_id, unit_id, created_at,
                    requested_on, reason, proposed_deadline, decision)
                    VALUES (?, ?, ?, ?, ?, '理由', '2023-12-31', ?)""",
                             (f"e{uid}", n, it["lead"], stamp, on(today, day), decision))
            else:
                conn.execute("""INSERT INTO completions (uid, item_id, unit_id, created_at,
                    submitted_on, report, decision) VALUES (?, ?, ?, ?, ?, '报告', ?)""",
                             (f"p{uid}", n, it["lead"], stamp, on(today, day), decision))
    conn.commit()
    store.invalidate()
    return store


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(item_st, min_size=1, max_size=30), rules_st, st.dates(*TODAY_RANGE))
def test_fast_work_out_equals_the_reference(items, rules, today):
    store = make_store(items, rules, today)
    try:
        fast = ladder.work_out(store, today)
        slow = reference_work_out(store, today)
        assert fast.as_dict() == slow.as_dict()
        # key order too: the JSON of `qjtasks today --json` must not change
        assert json.dumps(fast.as_dict(), ensure_ascii=False) == json.dumps(
            slow.as_dict(), ensure_ascii=False)
        assert reminders.attention(fast) == reminders.attention(slow)
    finally:
        store.close()


def test_the_random_stores_reach_every_section():
    """The generator is not vacuous: one fixed store fills every section of the list."""
    today = D(2022, 10, 11)    # offsets: -102 is 2022-07-01, -11 is 2022-09-30
    items = [
        {"status": "办理中", "serial": None, "assigned_on": -102, "deadline": -11,
         "next_feedback_due": -78, "last_feedback_on": None, "cycle_kind": "每月",
         "cycle_day": 25, "cycle_due": None, "lead": 1, "chase_count": 1,
         "chases": [(-3, "催办通知1")], "co": [(2, None, None)],
         "requests": [(True, "待审批", -2), (False, "待审核", -1)]},
        {"status": "待签收", "serial": 7, "assigned_on": -102, "deadline": 2,
         "next_feedback_due": None, "last_feedback_on": None, "cycle_kind": "一次性",
         "cycle_day": 25, "cycle_due": 20, "lead": 2, "chase_count": 0, "chases": [],
         "co": [], "requests": []},
        # assigned the same day as the first, but due before its co-units' two months are up
        {"status": "办理中", "serial": 8, "assigned_on": -102, "deadline": -50,
         "next_feedback_due": None, "last_feedback_on": -60, "cycle_kind": "每季度",
         "cycle_day": -1, "cycle_due": None, "lead": 1, "chase_count": 0, "chases": [],
         "co": [(3, None, None)], "requests": []},
    ]
    store = make_store(items, {}, today)
    try:
        fast = ladder.work_out(store, today)
        assert fast.as_dict() == reference_work_out(store, today).as_dict()
        assert all(getattr(fast, key) for key, _ in WorkOut.SECTIONS), fast.as_dict()
        assert [(e["item_id"], e["input_due"]) for e in fast.input_overdue] == [
            (3, "2022-08-22"), (1, "2022-09-01")]
    finally:
        store.close()
