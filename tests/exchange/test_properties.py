"""Property tests: importing twice changes nothing; any order of packages ends the same."""
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xnet import Net, enrol_unit, issue_all, open_services

from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import ensure_default
from qjtasks.core.services.feedback import FeedbackDue
from qjtasks.exchange import importer
from qjtasks.exchange.errors import ReplayError

ITEMS = [2, 10, 11]     # 区科技局 leads 2; 区经济信息委 leads 10, 11 and co-handles 2
UNIT = "区经济信息委"

action = st.one_of(
    st.tuples(st.just("sign"), st.sampled_from(ITEMS)),
    st.tuples(st.just("note"), st.sampled_from(ITEMS), st.integers(0, 100),
              st.text("进展已完成部署会议ab", min_size=1, max_size=12)),
    st.tuples(st.just("extend"), st.sampled_from(ITEMS), st.integers(1, 90)),
    st.tuples(st.just("complete"), st.sampled_from(ITEMS)),
    st.tuples(st.just("edit"), st.integers(0, 5), st.text("改正补充说明", min_size=1, max_size=6)),
    st.tuples(st.just("export"),),
)


# What a generated action may legitimately be refused with: a step the item's state does not
# allow (申请办结 before the lead signed, twice, …). Any other refusal fails the test.
REFUSALS = ("不能申请办结", "不能申请延期", "不能登记进展反馈", "不能签收",
            "办结申请应由牵头单位提交")   # a co-unit's scope (issue 15)


def do(unit, uid, act, day) -> None:
    import datetime as dt
    kind, *args = act
    on = dt.date(2026, 11, 26) + dt.timedelta(days=day)
    if kind == "sign":
        unit.lifecycle.sign(args[0], uid, "联络员", on)
    elif kind == "note":
        unit.notes.add(args[0], uid, "联络员", args[2], args[1], noted_on=on)
    elif kind == "extend":
        unit.extensions.request(args[0], uid, "需要更多时间",
                                dt.date(2027, 2, 25) + dt.timedelta(days=args[1]),
                                requested_on=on)
    elif kind == "complete":
        unit.lifecycle.submit(args[0], uid, "已完成", submitted_on=on)
    elif kind == "edit":                  # the unit corrects one of its notes
        ids = [r[0] for r in unit.store.conn.execute("SELECT id FROM notes ORDER BY id")]
        if ids:
            unit.store.conn.execute("UPDATE notes SET text = text || ? WHERE id = ?",
                              [args[1], ids[args[0] % len(ids)]])


def canonical(svc) -> dict:
    q = svc.store.conn.execute
    return {
        "items": q("SELECT id, status, percent, last_feedback_on, current_deadline, "
                   "next_feedback_due FROM items ORDER BY id").fetchall(),
        "signs": q("SELECT item_id, unit_id, signed_by, signed_at FROM assignments "
                   "ORDER BY item_id, unit_id").fetchall(),
        "notes": q("SELECT uid, item_id, text, percent, noted_on FROM notes ORDER BY uid"
                   ).fetchall(),
        "ext": q("SELECT uid, decision, proposed_deadline FROM extensions ORDER BY uid"
                 ).fetchall(),
        "done": q("SELECT uid, decision FROM completions ORDER BY uid").fetchall(),
        "inbox": q("SELECT ruid, seq, hash FROM exchange_inbox ORDER BY ruid").fetchall(),
        "conflicts": q("SELECT uid FROM exchange_conflicts ORDER BY uid").fetchall(),
    }


def clone_office(net: Net, name: str):
    src = net.office.store.path
    net.office.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dst = src.with_name(f"{name}.db")
    shutil.copy(src, dst)
    shutil.copy(src.with_name(src.stem + ".qjkeys"), dst.with_name(f"{name}.qjkeys"))
    return open_services(dst, "督办员")


def build(root: Path, actions) -> tuple[Net, list[Path]]:
    office = open_services(root / "office.db", "督办员")
    ensure_default(office)
    net = Net(root, office)
    issue_all(office, ITEMS)
    unit = enrol_unit(net, UNIT)
    net.to_unit(UNIT)
    uid = net.unit_id(UNIT)
    packages = []
    for day, act in enumerate(actions):
        if act[0] == "export":
            packages.append(net.reply(UNIT))
            continue
        before = canonical(unit)
        try:
            do(unit, uid, act, day)
        except QjtasksError as exc:     # only a refusal the rules call for, and nothing kept
            assert any(r in str(exc) for r in REFUSALS), (act, str(exc))
            assert canonical(unit) == before, act
    packages.append(net.reply(UNIT))
    return net, packages


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(action, min_size=1, max_size=12), data=st.data())
def test_any_order_and_any_repetition_ends_in_the_same_state(actions, data):
    with tempfile.TemporaryDirectory() as tmp:
        net, packages = build(Path(tmp), actions)
        in_order, shuffled = clone_office(net, "a"), clone_office(net, "b")
        for path in packages:
            importer.import_package(in_order, path)
        expected = canonical(in_order)
        order = data.draw(st.permutations(packages))
        repeats = data.draw(st.lists(st.sampled_from(packages), max_size=3))
        for path in order:
            importer.import_package(shuffled, path)
        for path in repeats:                    # a replay is refused and changes nothing
            with pytest.raises(ReplayError):
                importer.import_package(shuffled, path)
        assert canonical(shuffled) == expected
        # a fresh package repeating everything (as if no acknowledgement came) changes nothing
        importer.import_package(shuffled, net.reply(UNIT))
        assert canonical(shuffled) == expected
        for svc in (in_order, shuffled, net.office, *net.units.values()):
            svc.store.close()


office_step = st.one_of(
    st.tuples(st.just("deadline"), st.sampled_from(ITEMS), st.integers(1, 60)),
    st.tuples(st.just("require"), st.sampled_from(ITEMS), st.text("要求补充材料", min_size=1,
                                                                   max_size=8)),
    st.tuples(st.just("chase"), st.sampled_from(ITEMS)),
    st.tuples(st.just("pause"), st.sampled_from(ITEMS)),
    st.tuples(st.just("resume"), st.sampled_from(ITEMS)),
    st.tuples(st.just("chase_all"), st.sampled_from(ITEMS)),     # to the item: its lead
    st.tuples(st.just("reassign"), st.sampled_from(ITEMS)),      # UNIT on or off the item
    st.tuples(st.just("refuse"), st.sampled_from(ITEMS)),        # a decision on a request
)


def office_do(office, uid, step) -> None:
    import datetime as dt
    kind, item, *rest = step
    if kind == "deadline":
        office.items.edit(item, ItemEdit(
            deadline=dt.date(2027, 2, 25) + dt.timedelta(days=rest[0])))
    elif kind == "require":
        office.items.edit(item, ItemEdit(requirements=rest[0]))
    elif kind == "chase":
        office.chases.add(item, uid, "电话", dt.date(2026, 12, 1), "联络员")
    elif kind == "pause":
        office.lifecycle.pause(item, "等待部署")
    elif kind == "chase_all":
        office.chases.add(item, None, "书面", dt.date(2026, 12, 2), rung="催办通知1")
    elif kind == "reassign":
        tech = office.units.resolve("区科技局")
        owners = {a.unit_id for a in office.store.assignments(item)}
        office.items.assign(item, tech, [] if uid in owners else [uid])
    elif kind == "refuse":
        ext = office.extensions.request(item, uid, "需要更多时间", dt.date(2027, 12, 31),
                                        requested_on=dt.date(2026, 12, 1)).extension_id
        office.extensions.decide(ext, False, "理由不充分", decided_on=dt.date(2026, 12, 2))
    else:
        office.lifecycle.resume(item, "恢复")


def unit_canonical(svc) -> dict:
    q = svc.store.conn.execute
    return {"items": q("SELECT id, title, requirements, status, current_deadline, "
                       "original_deadline, serial FROM items ORDER BY id").fetchall(),
            "chases": q("SELECT uid, chased_on, method FROM chases ORDER BY uid").fetchall(),
            "assign": q("SELECT item_id, unit_id, role FROM assignments ORDER BY 1, 2"
                        ).fetchall()}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(office_step, min_size=1, max_size=8), data=st.data())
def test_office_packages_applied_out_of_order_converge(steps, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        office = open_services(root / "office.db", "督办员")
        ensure_default(office)
        net = Net(root, office)
        issue_all(office, ITEMS)
        unit = enrol_unit(net, UNIT)
        uid = net.unit_id(UNIT)
        packages = [net.send(UNIT)]
        for step in steps:
            try:
                office_do(office, uid, step)
            except QjtasksError:
                continue
            packages.append(net.send(UNIT))
        order = data.draw(st.permutations(packages))
        repeats = data.draw(st.lists(st.sampled_from(packages), max_size=2))
        for path in order:
            report = importer.import_package(unit, path)
            assert (report.applied + report.skipped + report.conflicted + report.refused
                    == report.records)
        for path in repeats:
            with pytest.raises(ReplayError, match="^已导入过，无变化"):
                importer.import_package(unit, path)
        shuffled = unit_canonical(unit)
        # the state after the newest snapshot alone is what any order must reach
        mine = [r[0] for r in office.store.conn.execute(
            "SELECT item_id FROM assignments WHERE unit_id = ? ORDER BY item_id", [uid])
            if r[0] in ITEMS]
        marks = ",".join("?" * len(mine)) or "NULL"
        expected = {r[0]: r for r in office.store.conn.execute(
            "SELECT id, title, requirements, status, current_deadline, original_deadline, "
            f"serial FROM items WHERE id IN ({marks}) ORDER BY id", mine).fetchall()}
        assert {r[0]: r for r in shuffled["items"] if r[0] in mine} == expected
        office_chases = office.store.conn.execute(
            "SELECT c.uid, c.chased_on, c.method FROM chases c JOIN items i ON i.id = c.item_id "
            f"WHERE i.id IN ({marks}) AND (c.unit_id = ? OR (c.unit_id IS NULL AND "
            "i.lead_unit_id = ?)) ORDER BY c.uid", [*mine, uid, uid]).fetchall()
        here = {r[0] for r in unit.store.conn.execute("SELECT uid FROM chases WHERE item_id IN "
                                                f"({marks})", mine)}
        assert [c for c in shuffled["chases"] if c[0] in here] == office_chases
        assert {c.id for i in mine for c in unit.store.chases.of(i)} == {
            c.id for i in mine for c in office.store.chases.of(i)
            if c.unit_id == uid or (c.unit_id is None and office.store.item(i).lead_unit_id == uid)}
        # an item taken away from UNIT stays, read-only: UNIT is no longer among its owners
        for item_id in ITEMS:
            if item_id not in mine:
                assert all(a[1] != uid for a in shuffled["assign"] if a[0] == item_id)
        ext = {r[0]: r[1] for r in office.store.conn.execute(
            f"SELECT uid, decision FROM extensions WHERE item_id IN ({marks})", mine)}
        assert {r[0]: r[1] for r in unit.store.conn.execute(
            f"SELECT uid, decision FROM extensions WHERE item_id IN ({marks})", mine)} == ext
        for svc in (office, unit):
            svc.store.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(action, min_size=1, max_size=12))
def test_feedback_due_worked_out_once_per_item_ends_as_after_every_record(actions):
    """The office works out 下次反馈 once per item at the end of a package
    (`feedback_refresh_deferred`); the reference works it out after every record, as the
    services do for one act. Same items, same figures."""
    import contextlib

    with tempfile.TemporaryDirectory() as tmp:
        net, packages = build(Path(tmp), actions)
        deferred, reference = clone_office(net, "a"), clone_office(net, "b")
        for path in packages:
            importer.import_package(deferred, path)
        original = FeedbackDue.deferred
        FeedbackDue.deferred = lambda self: contextlib.nullcontext()
        try:
            for path in packages:
                importer.import_package(reference, path)
        finally:
            FeedbackDue.deferred = original
        assert canonical(deferred)["items"] == canonical(reference)["items"]
        for svc in (deferred, reference, net.office, *net.units.values()):
            svc.store.close()
