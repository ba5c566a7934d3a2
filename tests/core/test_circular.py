"""通报 draft text and the leader's periodic summary."""
import datetime as dt

import pytest

from qjtasks.core import circular
from qjtasks.core.errors import ValidationError
from qjtasks.core.models import ItemEdit
from qjtasks.core.summary import unit_summary

D = dt.date


@pytest.fixture
def running(seeded):
    for item_id, deadline in ((1, "2026-11-10"), (2, "2026-11-16"), (10, "2026-11-20"),
                              (11, "2027-03-01")):
        seeded.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        seeded.lifecycle.issue(item_id, D(2026, 9, 1))
        seeded.lifecycle.sign(item_id, seeded.store.item(item_id).lead_unit_id, "王五",
                              "2026-09-02 09:00")
    seeded.chases.add(2, None, "电话", "2026-11-18", rung="催办通知1")
    seeded.notes.add(11, None, "李四", "已推进", noted_on="2026-11-20")
    return seeded


def test_circular_groups_overdue_items_by_lead_unit(running):
    c = circular.overdue_by_unit(running.store, D(2026, 11, 25))
    assert c.total == 3
    counts = {g["unit"]: g["count"] for g in c.units}
    lead1 = running.store.item(1).lead_unit_id
    assert counts[running.store.unit(lead1).short_name] >= 1
    text = circular.circular_text(c)
    assert "截至2026年11月25日，共有3项督办事项超过办结时限" in text
    assert "办结时限2026年11月16日，已逾期7个工作日，已催办1次" in text
    assert "綦发改督〔2026〕2号" in text and "尚未催办" in text
    assert c.reply_by == D(2026, 12, 2) and "2026年12月2日前" in text
    assert "<" not in text and "\t" not in text


def test_circular_shows_extended_deadlines_and_empty_case(running):
    running.extensions.request(1, None, "资金", "2026-11-20", requested_on="2026-11-05")
    running.extensions.decide(1, True, decided_on="2026-11-06")
    text = circular.circular_text(circular.overdue_by_unit(running.store, D(2026, 11, 25)))
    assert "办结时限2026年11月20日（原定2026年11月10日，已批准延期）" in text
    empty = circular.circular_text(circular.overdue_by_unit(running.store, D(2026, 11, 1)))
    assert "无需通报" in empty


def test_period_summary_counts_per_unit(running):
    running.lifecycle.submit(10, None, "已完成", submitted_on="2026-11-19")
    running.lifecycle.review(10, True, decided_on="2026-11-20")
    # 2026-11-25 is a Wednesday: this week is Monday 23 to Sunday 29, closed last week
    s = circular.period_summary(running.store, D(2026, 11, 25), "week")
    assert (s["start"], s["end"]) == ("2026-11-23", "2026-11-29")
    assert s["totals"]["closed"] == 0
    s = circular.period_summary(running.store, D(2026, 11, 25), "week", previous=True)
    assert (s["start"], s["end"]) == ("2026-11-16", "2026-11-22")
    t = s["totals"]
    assert t["closed"] == 1 and t["new"] == 0 and t["overdue"] == 2
    # Items 1 and 2 have had no feedback since assignment on 2026-09-01: stagnant.
    assert t["stagnant"] == 2 and t["open"] == 3
    m = circular.period_summary(running.store, D(2026, 9, 30), "month")
    assert (m["start"], m["end"]) == ("2026-09-01", "2026-09-30") and m["totals"]["new"] == 4
    assert "本月新交办4项" in circular.summary_text(m)
    prev = circular.period_summary(running.store, D(2026, 10, 2), "month", previous=True)
    assert (prev["start"], prev["end"]) == ("2026-09-01", "2026-09-30")
    assert prev["totals"]["new"] == 4
    with pytest.raises(ValidationError, match="周期"):
        circular.period_bounds("year", D(2026, 1, 1))


def test_finished_within_an_extension_is_late_against_the_original_deadline(running):
    # item 1: deadline 2026-11-10, extended to 2026-11-20, finished 2026-11-18
    running.extensions.request(1, None, "资金", "2026-11-20", requested_on="2026-11-05")
    running.extensions.decide(1, True, decided_on="2026-11-06")
    running.lifecycle.submit(1, None, "已完成", submitted_on="2026-11-18")
    running.lifecycle.review(1, True, decided_on="2026-11-19")
    s = circular.period_summary(running.store, D(2026, 11, 25), "month")
    t = s["totals"]
    assert (t["closed"], t["closed_late_original"], t["closed_late_approved"]) == (1, 1, 0)
    # item 2 (11-16) and 10 (11-20) are open and past both their deadlines
    assert (t["overdue_original"], t["overdue"]) == (2, 2)
    text = circular.summary_text(s)
    assert "考核口径：逾期办结按原时限1项、按批准时限0项；在办逾期按原时限2项、按批准时限2项" in text
    lead = running.store.unit(running.store.item(1).lead_unit_id).short_name
    row = next(r for r in unit_summary(running.store, D(2026, 11, 25)) if r["unit"] == lead)
    assert (row["closed_late_original"], row["closed_late_approved"]) == (1, 0)


def _cn_reference(n: int) -> str:
    """Chinese numerals as a clerk writes them, from a spelled-out table of the tens."""
    digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    tens = ["", "十", "二十", "三十", "四十", "五十", "六十", "七十", "八十", "九十"]
    return tens[n // 10] + digits[n % 10] if 1 <= n <= 99 else str(n)


def test_chinese_numbers_for_headings():
    assert [circular.cn_num(n) for n in (1, 10, 11, 19, 20, 21, 99, 100, 0)] == [
        "一", "十", "十一", "十九", "二十", "二十一", "九十九", "100", "0"]
    assert all(circular.cn_num(n) == _cn_reference(n) for n in range(-3, 130))
