"""Notification logic without a tray: only what is new since the last check is announced."""
import datetime as dt

import pytest

from qjtasks.core import reminders
from qjtasks.core.ladder import NOTICE1, act
from qjtasks.core.models import ItemEdit

D = dt.date


@pytest.fixture
def running(seeded):
    seeded.items.edit(1, ItemEdit(assigned_on="2022-07-01", deadline="2022-09-30"))
    seeded.lifecycle.issue(1, D(2022, 7, 1))
    seeded.lifecycle.sign(1, seeded.store.item(1).lead_unit_id, "王五", "2022-07-02 09:00")
    seeded.notes.add(1, None, "王五", "推进中", noted_on="2022-09-20")
    return seeded


def test_first_check_announces_then_the_same_list_is_quiet(running):
    store = running.store
    first = reminders.poll(store, D(2022, 9, 27))
    assert first.should_notify() and any("即将到期" in t for _, t in first.new)
    assert "新的待办" in first.title and "今日共" in first.message
    again = reminders.poll(store, D(2022, 9, 27))
    assert not again.should_notify() and again.total == first.total


def test_crossing_the_deadline_and_a_new_rung_are_new(running):
    store = running.store
    reminders.poll(store, D(2022, 9, 28))
    notice = reminders.poll(store, D(2022, 10, 8))
    keys = {k for k, _ in notice.new}
    assert "late:1:2022-09-30" in keys and f"rung:1:2022-09-30:{NOTICE1}" in keys
    act(running, [(1, NOTICE1)], chased_on=D(2022, 10, 8))
    after = reminders.poll(store, D(2022, 10, 8))
    assert not after.should_notify()          # the rung done disappears; nothing new appears


def test_check_does_not_write_and_waiting_requests_are_new(running):
    store = running.store
    reminders.poll(store, D(2022, 9, 28))
    running.extensions.request(1, None, "资金未到位", "2022-12-30", requested_on="2022-09-28")
    notice, _ = reminders.check(store, D(2022, 9, 28))
    assert [t for _, t in notice.new] == ["延期申请待审批：綦发改督〔2022〕1号 进一步加大绿色发展宣传学习"]
    assert reminders.check(store, D(2022, 9, 28))[0].new == notice.new   # check is read-only


def test_message_is_capped():
    notice = reminders.Notice(9, [(str(n), f"第{n}项") for n in range(8)])
    assert notice.message.count("\n") == 6 and "另有 3 项" in notice.message


def test_diff_keeps_order():
    assert reminders.diff({"a": "1", "b": "2", "c": "3"}, {"b"}) == [("a", "1"), ("c", "3")]


def test_a_key_that_disappears_and_returns_is_new_again(store):
    from qjtasks.core.reminders import mark_seen, seen_keys
    mark_seen(store, {"a", "b"})
    mark_seen(store, {"b"})
    assert seen_keys(store) == {"b"}
    assert reminders.diff({"a": "甲", "b": "乙"}, seen_keys(store)) == [("a", "甲")]
