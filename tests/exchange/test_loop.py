"""Issue 15: the office ↔ bureau loop closed — chases reach the bureau, scope lives in the core,
signer conflicts, import counts that add up, reassignment without refusing the whole package."""
import pytest
from xnet import D, enrol_unit, issue_all, state

from qjtasks.core.errors import QjtasksError, UnitScopeError, ValidationError
from qjtasks.core.models import ItemEdit, Status
from qjtasks.core.timeline import build_timeline
from qjtasks.exchange import conflicts, importer
from qjtasks.exchange.chase_reply import answer_chase
from qjtasks.exchange.report import OUTCOMES


def adds_up(report) -> None:
    """新登记 + 已有 + 冲突 + 拒收 = 记录数, in total and per kind."""
    assert report.applied + report.skipped + report.conflicted + report.refused == report.records
    assert sum(sum(c[o] for o in OUTCOMES) for c in report.by_kind.values()) == report.records


@pytest.fixture
def trio(net):
    """Items 2 (科技局 lead, 财政局 co), 12 (交通局 lead, 发改委 co), 16 (财政局 lead) delivered."""
    issue_all(net.office, [2, 12, 16])
    for name in ("区科技局", "区财政局", "区交通局"):
        enrol_unit(net, name)
        adds_up(net.to_unit(name))
    return net


# ---- 1. chases reach the bureau ----------------------------------------------------------
def test_written_chases_reach_the_bureau_with_the_office_numbers(trio):
    net = trio
    office, traffic = net.office, net.units["区交通局"]
    tid = net.unit_id("区交通局")
    office.chases.add(12, tid, "书面", D(2026, 12, 1), rung="催办通知1")
    office.chases.add(12, None, "书面", D(2026, 12, 8), rung="催办通知2")   # to the item: the lead
    preview = importer.preview(traffic, net.send("区交通局"))
    lines = [line for c in preview.items.values() for line in c.lines]
    assert sum("催办（第" in line for line in lines) == 2               # the preview lists them
    adds_up(preview)
    report = net.to_unit("区交通局")
    adds_up(report)
    here = {c.id: c for c in traffic.store.chases.of(12)}
    there = {c.id: c for c in office.store.chases.of(12)}
    assert set(here) == set(there) and len(here) == 2                    # same record numbers
    assert {c.serial for c in here.values()} == {c.serial for c in there.values()}
    assert all(c.serial for c in here.values())
    assert traffic.store.item(12).chase_count == 2
    first, to_item = sorted(here)
    answer_chase(traffic, first, "已安排专人推进", "交通局联络员", "2026-12-02")
    # the chase sent to the whole item (no unit) reached the lead, which answers it too
    assert here[to_item].unit_id is None
    answer_chase(traffic, to_item, "初稿月底报送", "交通局联络员", "2026-12-09")
    back = net.to_office("区交通局")
    adds_up(back)
    assert not back.refused and not back.conflicts and back.applied == 2
    answers = {c.id: c.answer for c in office.store.chases.of(12)}
    assert answers == {first: "已安排专人推进", to_item: "初稿月底报送"}
    shown = [e for e in build_timeline(office.store, 12) if e["kind"] == "催办答复"]
    assert [(e["date"], e["unit"]) for e in shown] == [("2026-12-09", "区交通局"),
                                                       ("2026-12-02", "区交通局")]
    assert "初稿月底报送" in shown[0]["text"] and "已安排专人推进" in shown[1]["text"]
    # the unit's own timeline shows its answer too
    assert any(e["kind"] == "催办答复" for e in build_timeline(traffic.store, 12))


def test_a_chase_to_a_co_unit_does_not_show_at_the_lead(trio):
    net = trio
    fin, sci = net.unit_id("区财政局"), net.units["区科技局"]
    net.office.chases.add(2, fin, "电话", D(2026, 12, 1))
    net.to_unit("区科技局")
    net.to_unit("区财政局")
    assert sci.store.chases.of(2) == [] and sci.store.item(2).chase_count == 0
    (chase,) = net.units["区财政局"].store.chases.of(2)
    assert chase.unit_id == fin


def test_a_reply_to_another_units_chase_is_refused(trio):
    net = trio
    fin = net.unit_id("区财政局")
    net.office.chases.add(2, fin, "电话", D(2026, 12, 1))
    net.to_unit("区财政局")
    (chase,) = net.units["区财政局"].store.chases.of(2)
    # at the lead's installation the chase does not exist
    with pytest.raises(QjtasksError, match="不存在"):
        answer_chase(net.units["区科技局"], chase.id, "抢答")
    # a forged reply in 区科技局's package is refused whole by the office
    from xnet import forge, records_zip

    from qjtasks.exchange.errors import ScopeError
    rec = {"ruid": f"reply-{chase.uid}", "kind": "chase_reply", "seq": 1,
           "data": {"chase_uid": chase.uid, "item_id": 2, "unit_id": net.unit_id("区科技局"),
                    "answer": "抢答", "replied_by": "x", "replied_on": "2026-12-02"}}
    before = state(net.office)
    with pytest.raises(ScopeError, match="不是发给"):
        importer.import_package(net.office, forge(net, "区科技局", records_zip([rec])))
    assert state(net.office) == before


# ---- 2. scope in the core ---------------------------------------------------------------
OTHER_UNIT_ACTS = {
    "sign": lambda s, u: s.lifecycle.sign(2, u, "张三", "2026-11-26"),
    "note": lambda s, u: s.notes.add(2, u, "张三", "代报", 10, noted_on="2026-11-30"),
    "extension": lambda s, u: s.extensions.request(2, u, "延后", "2027-04-30",
                                                   requested_on="2026-12-01"),
    "completion": lambda s, u: s.lifecycle.submit(2, u, "已完成", submitted_on="2026-12-01"),
}


@pytest.mark.parametrize("act", sorted(OTHER_UNIT_ACTS))
def test_a_bureau_cannot_act_for_another_bureau(trio, act):
    net = trio
    fin = net.units["区财政局"]
    before = state(fin)
    with pytest.raises(UnitScopeError, match="本机是“区财政局”的承办单位端，不能以“区科技局”的名义"):
        OTHER_UNIT_ACTS[act](fin, net.unit_id("区科技局"))
    assert state(fin) == before


@pytest.mark.parametrize("act", sorted(OTHER_UNIT_ACTS))
def test_a_bureau_cannot_act_in_the_offices_name(trio, act):
    fin = trio.units["区财政局"]
    before = state(fin)
    with pytest.raises(UnitScopeError, match="不能以督办单位的名义"):
        OTHER_UNIT_ACTS[act](fin, None)
    assert state(fin) == before


OFFICE_ACTS = {
    "chase": lambda s, u: s.chases.add(16, u, "电话", D(2026, 12, 1)),
    "pause": lambda s, u: s.lifecycle.pause(16, "等待"),
    "resume": lambda s, u: s.lifecycle.resume(16, "恢复"),
    "withdraw": lambda s, u: s.lifecycle.withdraw(16, "不再需要"),
    "reopen": lambda s, u: s.lifecycle.reopen(16, "重新办理"),
    "edit": lambda s, u: s.items.edit(16, ItemEdit(deadline="2027-06-30")),
    "assign": lambda s, u: s.items.assign(16, u, []),
    "split": lambda s, u: s.items.split(16, ["子事项一"]),
    "issue": lambda s, u: s.lifecycle.issue(16, D(2026, 12, 1)),
    "decide_extension": lambda s, u: s.extensions.decide(1, True),
    "review": lambda s, u: s.lifecycle.review(16, True, "同意"),
    "add_unit": lambda s, u: s.units.add("新单位"),
    "rename_unit": lambda s, u: s.units.update(u, name="改名"),
    "deactivate_unit": lambda s, u: s.units.deactivate(u),
}


@pytest.mark.parametrize("act", sorted(OFFICE_ACTS))
def test_office_only_acts_are_refused_at_a_bureau(trio, act):
    net = trio
    fin = net.units["区财政局"]
    fin.extensions.request(16, net.unit_id("区财政局"), "延后", "2027-04-30",
                           requested_on="2026-12-01")
    before = state(fin)
    with pytest.raises(UnitScopeError, match="本机是承办单位端，不能"):
        OFFICE_ACTS[act](fin, net.unit_id("区财政局"))
    assert state(fin) == before


def test_a_co_unit_cannot_submit_the_completion(trio):
    fin = trio.units["区财政局"]
    with pytest.raises(ValidationError, match="配合单位"):
        fin.lifecycle.submit(2, trio.unit_id("区财政局"), "已完成")


def test_a_bureau_may_keep_its_own_contact_and_is_journalled_as_it(trio):
    net = trio
    fin, uid = net.units["区财政局"], net.unit_id("区财政局")
    from qjtasks.core.services import Services
    plain = Services(fin.store)                 # no actor given: the unit's contact
    assert plain.actor == "区财政局联络员"
    plain.units.update(uid, contact="陈刚", phone="023-1234")
    assert Services(fin.store).actor == "陈刚"
    Services(fin.store).lifecycle.sign(16, uid, "陈刚", "2026-11-26 09:00")
    assert fin.store.audit.entries(16)[0].actor == "陈刚"
    assert Services(net.office.store).actor == "督办员"


# ---- 3. conflicts -------------------------------------------------------------------------
def test_a_different_signer_is_a_conflict_for_the_supervisor(trio):
    net = trio
    office, uid = net.office, net.unit_id("区财政局")
    office.lifecycle.sign(16, uid, "王五", "2026-11-26 10:00", origin="纸质")
    net.units["区财政局"].lifecycle.sign(16, uid, "陈刚", "2026-11-27 09:00")
    report = net.to_office("区财政局")
    adds_up(report)
    (c,) = report.conflicts
    assert c["kind"] == "sign_differs" and "王五" in c["description"] and "陈刚" in c["description"]
    assert report.conflicted == 1 and report.skipped == 0
    (open_one,) = conflicts.open_conflicts(office.store)
    (a,) = [a for a in office.store.assignments(16) if a.unit_id == uid]
    assert a.signed_by == "王五"                                       # not overwritten
    conflicts.resolve(office, open_one["id"], take_incoming=True)
    (a,) = [a for a in office.store.assignments(16) if a.unit_id == uid]
    assert a.signed_by == "陈刚" and str(a.signed_at).startswith("2026-11-27 09:00")
    assert conflicts.open_conflicts(office.store) == []


def test_the_same_signer_and_time_is_no_conflict(trio):
    net = trio
    uid = net.unit_id("区财政局")
    net.office.lifecycle.sign(16, uid, "陈刚", "2026-11-27 09:00", origin="纸质")
    net.units["区财政局"].lifecycle.sign(16, uid, "陈刚", "2026-11-27 09:00")
    report = net.to_office("区财政局")
    assert report.skipped == 1 and not report.conflicts
    adds_up(report)


def test_a_changed_chase_answer_from_the_unit_updates_the_office(trio):
    net = trio
    tid, traffic = net.unit_id("区交通局"), net.units["区交通局"]
    net.office.chases.add(12, tid, "电话", D(2026, 12, 1))
    net.to_unit("区交通局")
    (chase,) = traffic.store.chases.of(12)
    answer_chase(traffic, chase.id, "下周报送")
    net.to_office("区交通局")
    answer_chase(traffic, chase.id, "本周五报送")            # the unit corrects its answer
    report = net.to_office("区交通局")
    assert not report.conflicts and net.office.store.chases.of(12)[0].answer == "本周五报送"


# ---- 4. summaries, re-import, journal ---------------------------------------------------
def test_reimporting_the_same_package_changes_nothing(trio):
    from qjtasks.exchange.errors import ReplayError
    net = trio
    path = net.send("区交通局")
    importer.import_package(net.units["区交通局"], path)
    before = state(net.units["区交通局"])
    with pytest.raises(ReplayError, match="^已导入过，无变化"):
        importer.import_package(net.units["区交通局"], path)
    assert state(net.units["区交通局"]) == before


def test_counts_add_up_per_kind_in_a_mixed_package(trio, tmp_path):
    net = trio
    sci, uid = net.units["区科技局"], net.unit_id("区科技局")
    sci.lifecycle.sign(2, uid, "陈七", "2026-11-26 09:00")
    sci.notes.add(2, uid, "陈七", "一", 10, noted_on="2026-11-30")
    sci.extensions.request(2, uid, "延后", "2027-04-30", requested_on="2026-12-01")
    first = net.to_office("区科技局")
    adds_up(first)
    assert first.by_kind["sign"]["new"] == 1 and first.by_kind["note"]["new"] == 1
    sci.notes.add(2, uid, "陈七", "二", 20, noted_on="2026-12-02")   # no ack yet: all resent
    again = net.to_office("区科技局")
    adds_up(again)
    assert again.records == 4 and again.applied == 1 and again.skipped == 3


# ---- 5. reassignment --------------------------------------------------------------------
def test_reassignment_after_delivery_does_not_block_the_bureau(net):
    issue_all(net.office, [2, 16, 3])        # 3: 区财政局 co-handles it
    for name in ("区科技局", "区财政局"):
        enrol_unit(net, name)
        net.to_unit(name)
    office, sci = net.office, net.units["区科技局"]
    tech, fin = net.unit_id("区科技局"), net.unit_id("区财政局")
    sci.lifecycle.sign(2, tech, "陈七", "2026-11-26 09:00")
    net.to_office("区科技局")
    sci.notes.add(2, tech, "陈七", "在途的反馈", 30, noted_on="2026-12-01")   # not yet sent
    office.items.assign(2, fin, [net.unit_id("区经济信息委")])                        # moved away
    told = net.to_unit("区科技局")
    adds_up(told)
    assert told.by_kind["removed"]["new"] == 1
    assert "区财政局" in " ".join(told.items[2].lines)
    assert all(a.unit_id != tech for a in sci.store.assignments(2))            # read-only now
    assert "区财政局" in sci.store.item(2).status_reason
    assert sci.store.notes.of(2)                                                  # history kept
    with pytest.raises(ValidationError, match="本单位已不再承办该事项"):
        sci.notes.add(2, tech, "陈七", "又一条", 40)
    # its in-flight note becomes a conflict; nothing else in the package is refused
    report = net.to_office("区科技局")
    adds_up(report)
    assert [c["kind"] for c in report.conflicts] == ["unit_removed"]
    (c,) = conflicts.open_conflicts(office.store)
    conflicts.resolve(office, c["id"], take_incoming=True)
    assert any("原承办单位区科技局" in n.text for n in office.store.notes.of(2))
    # the new lead receives the item as lead
    net.to_unit("区财政局")
    assert net.units["区财政局"].store.item(2).lead_unit_id == fin
    # and re-sending the removal changes nothing
    assert net.to_unit("区科技局").applied == 0


def test_reassignment_then_notes_on_other_items_still_apply(net):
    issue_all(net.office, [2, 10])
    enrol_unit(net, "区经济信息委")          # co on 2, lead on 10
    net.to_unit("区经济信息委")
    unit, uid = net.units["区经济信息委"], net.unit_id("区经济信息委")
    unit.notes.add(2, uid, "李四", "配合意见", None, noted_on="2026-12-01")
    unit.notes.add(10, uid, "李四", "已推荐企业", 20, noted_on="2026-12-01")
    net.office.items.assign(2, net.unit_id("区科技局"), [])                       # co removed
    report = net.to_office("区经济信息委")
    adds_up(report)
    assert report.applied == 1 and report.conflicted == 1
    assert any(n.text == "已推荐企业" for n in net.office.store.notes.of(10))


# ---- 6. decisions reaching the bureau ---------------------------------------------------
def test_a_refused_extension_and_a_returned_completion_reach_the_bureau(trio):
    net = trio
    office, sci, uid = net.office, net.units["区科技局"], net.unit_id("区科技局")
    sci.lifecycle.sign(2, uid, "陈七", "2026-11-26 09:00")
    sci.extensions.request(2, uid, "专家评审延后", "2027-04-30", requested_on="2026-12-01")
    net.to_office("区科技局")
    (ext,) = office.store.requests.extensions(2)
    office.extensions.decide(ext.id, False, "理由不充分", decided_on=D(2026, 12, 2))
    report = net.to_unit("区科技局")
    adds_up(report)
    assert any("不批准（理由不充分）" in line for line in report.items[2].lines)
    (mine,) = sci.store.requests.extensions(2)
    assert mine.decision == "不批准" and sci.store.item(2).current_deadline == D(2027, 2, 25)

    sci.lifecycle.submit(2, uid, "项目已验收", "陈七", submitted_on="2026-12-10")
    net.to_office("区科技局")
    assert office.store.item(2).status == Status.SUBMITTED
    office.lifecycle.review(2, False, "缺少验收报告", decided_on=D(2026, 12, 11))
    report = net.to_unit("区科技局")
    assert any("退回（缺少验收报告）" in line for line in report.items[2].lines)
    assert sci.store.item(2).status == Status.IN_PROGRESS
    assert sci.store.requests.completions(2)[0].decision == "退回"
    # the bureau can submit again after the return
    sci.lifecycle.submit(2, uid, "补充验收报告", "陈七", submitted_on="2026-12-15")
    net.to_office("区科技局")
    assert office.store.item(2).status == Status.SUBMITTED
    assert office.store.exchange.conflicts(open_only=True) == []
