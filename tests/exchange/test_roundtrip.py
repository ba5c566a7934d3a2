"""The office and all eight bureaus, each in its own database file, exchanging packages."""
from xnet import ALL_UNITS, D, enrol_unit, issue_all

from qjtasks.core.models import ItemEdit, Status


def own_items(unit_svc, unit_id):
    return [r[0] for r in unit_svc.store.conn.execute(
        "SELECT item_id FROM assignments WHERE unit_id = ? ORDER BY item_id", [unit_id])]


def test_full_round_trip_with_all_eight_units(net, tmp_path):
    office = net.office
    all_ids = [r[0] for r in office.store.conn.execute("SELECT id FROM items ORDER BY id")]
    plan = office.store.conn.execute("SELECT id FROM items WHERE title LIKE '启动綦江区充电桩%'"
                               ).fetchone()[0]
    # the sample split gives 区住房城乡建委 nothing; let it co-handle the charging-pile plan
    office.items.assign(plan, net.unit_id("区交通局"), [net.unit_id("区发改委"),
                                                  net.unit_id("区住房城乡建委")])
    issue_all(office, all_ids)
    for name in ALL_UNITS:
        enrol_unit(net, name)

    # notices out: every unit receives exactly the items it works on, nothing else
    for name in ALL_UNITS:
        net.to_unit(name)
        unit, uid = net.units[name], net.unit_id(name)
        expected = own_items(office, uid)
        got = [r[0] for r in unit.store.conn.execute("SELECT id FROM items ORDER BY id")]
        assert got == expected and got, name
        assert {i.status for i in map(unit.store.item, got)} == {Status.AWAITING_SIGN}

    # sign-offs and notes back (one note carries an attachment)
    evidence = tmp_path / "照片说明.txt"
    evidence.write_text("现场照片说明", encoding="utf-8")
    for name in ALL_UNITS:
        unit, uid = net.units[name], net.unit_id(name)
        for item_id in own_items(unit, uid):
            unit.lifecycle.sign(item_id, uid, f"{name}联络员", "2026-11-26 09:00")
            unit.notes.add(item_id, uid, f"{name}联络员", f"{name}已部署落实", 20,
                           noted_on="2026-11-30",
                           attachments=[evidence] if name == "区科技局" else ())
        report = net.to_office(name)
        assert report.applied == 2 * len(own_items(unit, uid)) and not report.conflicts

    for name in ALL_UNITS:
        uid = net.unit_id(name)
        for item_id in own_items(office, uid):
            (a,) = [a for a in office.store.assignments(item_id) if a.unit_id == uid]
            assert a.signed_by == f"{name}联络员" and a.sign_origin == "导入"
            assert any(n.unit_id == uid and n.origin == "导入" for n in office.store.notes.of(item_id))
    tech = net.unit_id("区科技局")
    (note,) = [n for n in office.store.notes.of(2) if n.unit_id == tech]
    assert note.attachments and open(note.attachments[0], encoding="utf-8").read() == "现场照片说明"
    assert office.store.item(2).status == Status.IN_PROGRESS

    # an extension requested by 区科技局 and approved by the office
    sci = net.units["区科技局"]
    sci.extensions.request(2, tech, "专家评审延后", "2027-04-30", "已完成初审",
                           requested_on="2026-12-01")
    net.to_office("区科技局")
    (ext,) = office.store.requests.extensions(2)
    assert ext.decision == "待审批" and ext.origin == "导入"
    office.extensions.decide(ext.id, True, "同意延期", decided_on=D(2026, 12, 2))
    report = net.to_unit("区科技局")
    assert any("批准" in line for c in report.items.values() for line in c.lines)
    assert sci.store.item(2).current_deadline == D(2027, 4, 30)
    assert sci.store.item(2).original_deadline == D(2027, 2, 25)
    assert sci.store.requests.extensions(2)[0].decision == "批准"

    # a completion submitted by 区交通局 (lead) and reviewed
    traffic, tid = net.units["区交通局"], net.unit_id("区交通局")
    traffic.lifecycle.submit(plan, tid, "规划已编制完成并印发", "交通局联络员",
                             submitted_on="2026-12-10")
    net.to_office("区交通局")
    assert office.store.item(plan).status == Status.SUBMITTED
    office.lifecycle.review(plan, True, "材料齐全，同意销号", decided_on=D(2026, 12, 11))
    net.to_unit("区交通局")
    assert traffic.store.item(plan).status == Status.CLOSED
    assert traffic.store.requests.completions(plan)[0].decision == "审结"

    # every applied change is journalled with its package; the office can list them
    incoming = office.store.exchange.packages("in")
    assert len(incoming) == 8 + 2
    for pkg in incoming:
        entries = office.store.audit.entries(package_id=pkg["package_id"])
        assert entries and all(e.package_id == pkg["package_id"] for e in entries)
        assert any(e.actor.startswith(pkg["peer_name"]) for e in entries)


def test_lost_package_is_repaired_by_the_next_one(pair):
    net, tech = pair, pair.unit_id("区科技局")
    sci = net.units["区科技局"]
    sci.lifecycle.sign(2, tech, "陈七", "2026-11-26 10:00")
    lost = net.reply("区科技局")                      # never reaches the office
    sci.notes.add(2, tech, "陈七", "已发布征集通知", 30, noted_on="2026-11-28")
    report = net.to_office("区科技局")
    assert lost.exists() and report.applied == 2      # the sign-off came with the note
    assert net.office.store.assignments(2)[0].signed_by == "陈七"
    # the office acknowledges; the next unit package no longer repeats what arrived
    net.to_unit("区科技局")
    assert net.to_office("区科技局").records == 0


def test_unit_status_survives_an_older_office_snapshot(pair):
    net, tech = pair, pair.unit_id("区科技局")
    sci = net.units["区科技局"]
    sci.lifecycle.sign(2, tech, "陈七", "2026-11-26 10:00")
    net.office.items.edit(2, ItemEdit(requirements="补充要求：每月报送"))   # office changes something
    net.to_unit("区科技局")                                    # before the sign-off arrived
    item = sci.store.item(2)
    assert item.requirements == "补充要求：每月报送"
    assert item.status == Status.IN_PROGRESS                    # local 签收 is kept


def test_imported_notes_roll_up_like_notes_typed_one_by_one(pair, tmp_path):
    net, tech = pair, pair.unit_id("区科技局")
    sci = net.units["区科技局"]
    sci.lifecycle.sign(2, tech, "陈七", "2026-11-26")
    notes = [("2026-12-05", 10, "一"), ("2026-12-20", None, "二"), ("2026-12-10", 40, "三")]
    for on, pct, text in notes:
        sci.notes.add(2, tech, "陈七", text, pct, noted_on=on)
    evidence = tmp_path / "a.txt"
    evidence.write_text("x")
    sci.notes.add(2, tech, "陈七", "四（有附件）", None, noted_on="2026-12-01",
                  attachments=[evidence])
    sci.notes.add(2, tech, "陈七", "五", 55, noted_on="2026-12-02")
    net.to_office("区科技局")
    office_item = net.office.store.item(2)
    unit_item = sci.store.item(2)            # the unit typed them one by one
    # Progress is the newest report's (12-10: 40%), not the last typed (dated 12-02: 55%).
    assert office_item.percent == unit_item.percent == 40
    assert office_item.last_feedback_on == unit_item.last_feedback_on
    assert office_item.next_feedback_due == unit_item.next_feedback_due
    (a,) = [a for a in net.office.store.assignments(2) if a.unit_id == tech]
    assert a.percent == 40 and str(a.last_feedback_on) == "2026-12-20"


def test_reply_to_a_chase_travels_back(pair):
    from qjtasks.exchange.chase_reply import answer_chase
    net, tech = pair, pair.unit_id("区科技局")
    office, sci = net.office, net.units["区科技局"]
    office.chases.add(2, tech, "书面", D(2026, 12, 1), rung="催办通知1")
    office.chases.add(2, tech, "电话", D(2026, 12, 2), person_reached="陈七", answer="本周报送")
    net.to_unit("区科技局")
    written, phoned = sorted(sci.store.chases.of(2), key=lambda c: c.chased_on)
    answer_chase(sci, written.uid, "已于12月5日书面报送进展", "陈七", "2026-12-05")
    answer_chase(sci, phoned.id, "下周报送", "陈七", "2026-12-05")
    report = net.to_office("区科技局")
    by_uid = {c.uid: c for c in office.store.chases.of(2)}
    assert by_uid[written.uid].answer == "已于12月5日书面报送进展"
    assert by_uid[phoned.uid].answer == "本周报送"              # not overwritten …
    assert [c["kind"] for c in report.conflicts] == ["chase_answer"]   # … but shown
    assert any(e.action == "item.chase.reply" for e in office.store.audit.entries(2))


def test_office_restored_from_an_older_backup_still_reaches_the_unit(pair):
    import shutil

    from xnet import open_services
    net = pair
    path = net.office.store.path
    net.office.store.close()
    backup = path.with_name("backup.db")
    shutil.copy(path, backup)                      # a backup taken now …
    net.office = open_services(path, "督办员")
    net.office.items.edit(2, ItemEdit(requirements="第二版要求"))
    net.to_unit("区科技局")
    assert net.units["区科技局"].store.item(2).requirements == "第二版要求"
    net.office.store.close()
    shutil.copy(backup, path)                      # … restored after a disk failure
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    net.office = open_services(path, "督办员")
    net.office.items.edit(2, ItemEdit(requirements="恢复后的第三版要求"))
    net.to_unit("区科技局")
    assert net.units["区科技局"].store.item(2).requirements == "恢复后的第三版要求"
