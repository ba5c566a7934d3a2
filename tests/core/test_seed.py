"""The embedded reply-024 case."""
from qjtasks.core.filters import ItemFilter


def test_units_dossier_and_items(seeded, today):
    store = seeded.store
    units = store.units()
    assert len(units) == 9
    assert sum(u.is_office for u in units) == 1
    assert {u.short_name for u in units} >= {"区生态环境局", "区机关事务管理中心", "区财政局",
                                             "区住房城乡建委", "区国资委", "区交通局",
                                             "区经济信息委", "区科技局", "区发改委"}
    assert all(u.contact == "" and u.phone == "" for u in units)  # nothing invented
    (reply,) = store.dossiers.replies()
    assert reply.doc_number == "綦发改函〔2022〕140号"
    assert reply.signer == "李炜" and str(reply.date) == "2022-06-27"
    proposal = store.dossiers.proposal(reply.proposal_id)
    assert proposal.number == "024" and proposal.proposer == "包安洪"
    assert "下一步工作计划" in reply.full_text


def test_three_plan_items_item_three_split_and_promises_linked(seeded, today):
    store = seeded.store
    reply = store.dossiers.replies()[0]
    top = store.children(None)
    plan = [i for i in top if i.source_section == "六、下一步工作计划"]
    assert [i.title for i in plan][:2] == ["进一步加大绿色发展宣传学习", "进一步强化科研项目支撑"]
    assert len(plan) == 3
    subs = store.children(plan[2].id)
    assert len(subs) == 6
    assert any("光盘行动" in s.title for s in subs)
    others = [i for i in top if i.source_section != "六、下一步工作计划"]
    assert any("车桩比" in i.title for i in others)
    assert any("绿色园区" in i.title for i in others)
    for item in store.lists.items(ItemFilter(), today=today, limit=None):
        assert item["is_sample"] == 1
        assert reply.full_text[item["source_start"]:item["source_end"]] == item["source_quote"]


def test_sample_split_of_owners(seeded):
    store = seeded.store
    first = store.children(None)[0]
    owners = {(a.unit_name, a.role.value) for a in store.assignments(first.id)}
    assert owners == {("区发改委", "牵头"), ("区生态环境局", "配合"), ("区经济信息委", "配合")}
