"""Undo (core/undo.py): only an item edit, only while it is the item's most recent operation.

A property test runs random operations on two seeded items (edits, 交办, 催办, notes, undo of
a random earlier journal row) and checks each undo against a plain reference written from the
rule: allowed exactly when the row is a 修改事项 and no later row touches the same item; an
allowed undo puts back the values from before that edit; an issued item never loses its
deadline.
"""
import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.core.clock import Clock
from qjtasks.core.errors import ValidationError
from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import ensure_default
from qjtasks.core.services import Services
from qjtasks.core.store import Store

FIELDS = ("title", "current_deadline", "original_deadline", "percent", "status")
DAY = dt.date(2026, 11, 20)


def _last_id(svc) -> int:
    return svc.store.conn.execute("SELECT max(id) FROM journal").fetchone()[0]


def _snapshot(svc, item) -> dict:
    row = svc.store.item_row(item)
    return {k: row[k] for k in FIELDS}


def _step(svc, op, item, n, history):
    """Do one operation if the item's state allows it; record (journal id, item, action,
    the item's fields before) in `history`. Returns False when the op does not apply."""
    status = svc.store.item_row(item)["status"]
    before, size = _snapshot(svc, item), _last_id(svc)
    if op == "title":
        svc.items.edit(item, ItemEdit(title=f"名称{n}"))
    elif op == "deadline":
        svc.items.edit(item, ItemEdit(deadline=(DAY + dt.timedelta(days=60 + n)).isoformat()))
    elif op == "percent":
        svc.items.edit(item, ItemEdit(percent=n % 101))
    elif op == "issue" and status == "待交办" and before["current_deadline"]:
        svc.lifecycle.issue(item, DAY)
    elif op in ("chase", "note") and status != "待交办":
        if op == "chase":
            svc.chases.add(item, None, chased_on=DAY)
        else:
            svc.notes.add(item, None, "某人", f"进展{n}", noted_on=DAY)
    else:
        return False
    jid = _last_id(svc)
    if jid == size:
        return False                                  # an edit that changed nothing
    history.append((jid, item, "item.edit" if op in ("title", "deadline", "percent") else op,
                    before))
    return True


def reference_allows(history, index) -> bool:
    jid, item, action, _ = history[index]
    return action == "item.edit" and not any(h[1] == item for h in history[index + 1:])


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["title", "deadline", "percent", "issue", "chase",
                                           "note", "undo"]),
                          st.sampled_from([1, 2]), st.integers(0, 10_000)),
                min_size=1, max_size=14))
def test_undo_only_the_items_latest_edit(ops):
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "u.db")
        try:
            svc = Services(store, actor="测试", clock=Clock(dt.date(2027, 12, 31)))
            ensure_default(svc)
            _run(svc, ops)
        finally:
            store.close()


def _run(svc, ops):
    history: list = []
    for n, (op, item, pick) in enumerate(ops):
        if op != "undo":
            _step(svc, op, item, n, history)
            continue
        if not history:
            continue
        index = pick % len(history)
        jid, target, _action, before = history[index]
        size = _last_id(svc)
        if reference_allows(history, index):
            svc.items.undo(jid)
            assert _snapshot(svc, target) == before
            history.append((_last_id(svc), target, "item.undo", None))
        else:
            with pytest.raises(ValidationError, match="不能撤销|只有“修改事项”可以撤销|已经撤销过"):
                svc.items.undo(jid)
            assert _last_id(svc) == size                 # nothing written
        for item in (1, 2):
            row = svc.store.item_row(item)
            assert row["status"] == "待交办" or row["current_deadline"]


def test_plan_describes_the_fields_it_puts_back(seeded):
    jid = seeded.items.edit(2, ItemEdit(title="改名", deadline="2027-05-31")).journal_id
    plan = seeded.items.undo_plan(jid)
    assert plan.item_id == 2 and plan.restore["title"] == "进一步强化科研项目支撑"
    assert "名称：改名 → 进一步强化科研项目支撑" in plan.describe()
    assert "办结时限：2027-05-31 → 未定" in plan.describe()


def test_an_edit_on_another_item_does_not_block(seeded):
    jid = seeded.items.edit(2, ItemEdit(title="改名")).journal_id
    seeded.items.edit(3, ItemEdit(title="另一项改名"))
    seeded.items.undo(jid)
    assert seeded.store.item(2).title == "进一步强化科研项目支撑"
