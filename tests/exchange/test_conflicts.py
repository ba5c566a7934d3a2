"""Conflicts are recorded for a decision, never silently overwritten."""
from qjtasks.core.models import ItemEdit, Status
from qjtasks.exchange import conflicts

D = __import__("datetime").date


def test_deadline_moved_while_the_unit_asked_for_an_extension(pair):
    net, tech = pair, pair.unit_id("区科技局")
    sci, office = net.units["区科技局"], net.office
    sci.extensions.request(2, tech, "专家评审延后", "2027-04-30", requested_on="2026-12-01")
    office.items.edit(2, ItemEdit(deadline="2027-03-31"))          # meanwhile, at the office
    report = net.to_office("区科技局")
    (c,) = report.conflicts
    assert c["kind"] == "deadline_changed" and "2027-03-31" in c["description"]
    assert "2027-02-25" in c["description"]
    assert office.store.item(2).current_deadline == D(2027, 3, 31)    # not overwritten
    assert office.store.requests.extensions(2)[0].decision == "待审批"          # still to decide
    # the same request arriving again (no acknowledgement yet) adds no second conflict
    sci.notes.add(2, tech, "陈七", "评审材料已报送", 40, noted_on="2026-12-02")
    again = net.to_office("区科技局")
    assert not again.conflicts and len(conflicts.open_conflicts(office.store)) == 1


def test_extension_no_longer_valid_is_a_conflict_not_a_failure(pair):
    net, tech = pair, pair.unit_id("区科技局")
    net.units["区科技局"].extensions.request(2, tech, "延后", "2027-03-15",
                                          requested_on="2026-12-01")
    net.units["区科技局"].lifecycle.sign(2, tech, "陈七", "2026-11-26")
    net.office.items.edit(2, ItemEdit(deadline="2027-03-31"))
    report = net.to_office("区科技局")
    kinds = {c["kind"] for c in report.conflicts}
    assert kinds == {"deadline_changed", "extension_invalid"}
    assert net.office.store.requests.extensions(2) == []
    assert net.office.store.assignments(2)[0].signed_by == "陈七"   # the rest still applied


def _note_pair(net):
    tech = net.unit_id("区科技局")
    sci = net.units["区科技局"]
    sci.notes.add(2, tech, "陈七", "初稿：已发布通知", 30, noted_on="2026-11-28")
    net.to_office("区科技局")
    return sci, sci.store.notes.of(2)[0].uid


def test_note_edited_on_both_sides(pair):
    net = pair
    sci, uid = _note_pair(net)
    net.office.store.conn.execute("UPDATE notes SET text = '督办员更正：已发布通知' WHERE uid = ?", [uid])
    sci.store.conn.execute("UPDATE notes SET text = '单位修改：已发布通知并召开会议' WHERE uid = ?", [uid])
    report = net.to_office("区科技局")
    (c,) = report.conflicts
    assert c["kind"] == "note_edited"
    assert net.office.store.notes.of(2)[0].text == "督办员更正：已发布通知"
    stored = net.office.store.exchange.conflicts()[0]
    assert stored["local"]["text"] == "督办员更正：已发布通知"
    assert stored["incoming"]["text"] == "单位修改：已发布通知并召开会议"
    conflicts.resolve(net.office, stored["id"], take_incoming=True, remark="以单位为准")
    assert net.office.store.notes.of(2)[0].text == "单位修改：已发布通知并召开会议"
    assert conflicts.open_conflicts(net.office.store) == []
    assert net.office.store.audit.entries(2)[0].action == "exchange.conflict"


def test_note_edited_at_the_unit_only_is_applied_and_journalled(pair):
    net = pair
    sci, uid = _note_pair(net)
    sci.store.conn.execute("UPDATE notes SET text = '单位补充：已发布通知并召开会议' WHERE uid = ?", [uid])
    report = net.to_office("区科技局")
    assert not report.conflicts
    assert net.office.store.notes.of(2)[0].text == "单位补充：已发布通知并召开会议"
    assert any(e.action == "item.note.edit" for e in net.office.store.audit.entries(2))


def test_completion_on_an_item_the_office_closed_meanwhile(pair):
    net, tech = pair, pair.unit_id("区科技局")
    sci, office = net.units["区科技局"], net.office
    sci.lifecycle.sign(2, tech, "陈七", "2026-11-26")
    net.to_office("区科技局")
    office.lifecycle.pause(2, "等待上级部署")
    sci.lifecycle.submit(2, tech, "已完成", submitted_on="2026-12-05")
    report = net.to_office("区科技局")
    (c,) = report.conflicts
    assert c["kind"] == "state" and "暂缓" in c["description"]
    assert office.store.item(2).status == Status.PAUSED


def test_an_older_copy_of_an_edited_note_arriving_late_changes_nothing(pair):
    net, tech = pair, pair.unit_id("区科技局")
    sci = net.units["区科技局"]
    sci.notes.add(2, tech, "陈七", "初稿", 30, noted_on="2026-11-28")
    first = net.reply("区科技局")
    sci.store.conn.execute("UPDATE notes SET text = '改正稿'")
    second = net.reply("区科技局")
    from qjtasks.exchange import importer
    importer.import_package(net.office, second)
    report = importer.import_package(net.office, first)
    assert report.applied == 0 and not report.conflicts
    assert net.office.store.notes.of(2)[0].text == "改正稿"
