"""Services: validation, lifecycle, serial numbers, journal, atomicity, undo."""
import datetime as dt

import pytest

from qjtasks.core.errors import QjtasksError, TransitionError, ValidationError
from qjtasks.core.models import (
    CycleKind,
    FeedbackCycle,
    ItemDraft,
    ItemEdit,
    ProposalDraft,
    ReplyDraft,
    Status,
)
from qjtasks.core.timeline import build_timeline

D = dt.date


def journal_count(svc):
    return svc.store.conn.execute("SELECT count(*) FROM journal").fetchone()[0]


def snapshot(svc):
    conn = svc.store.conn
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("units", "items", "assignments", "notes", "journal", "chases")}


@pytest.fixture
def issued(seeded):
    """Item 1 with a deadline, issued on 2026-11-25 and signed by the lead unit."""
    seeded.items.edit(1, ItemEdit(deadline="2027-02-25"))
    seeded.lifecycle.issue(1, D(2026, 11, 25))
    seeded.lifecycle.sign(1, seeded.units.resolve("区发改委"), "王五", "2026-11-26 09:30")
    return seeded


def test_units_add_rename_deactivate_and_never_delete_referenced(seeded):
    ch = seeded.units.add("重庆市綦江区城市管理局", "区城管局")
    assert ch.units and ch.unit_id
    with pytest.raises(ValidationError, match="重名"):
        seeded.units.add("重庆市綦江区城市管理局", "区城管局")
    seeded.units.update(ch.unit_id, short_name="区城市管理局", contact="李四")
    assert seeded.store.unit(ch.unit_id).short_name == "区城市管理局"
    seeded.units.delete(ch.unit_id)  # unreferenced: allowed
    finance = seeded.units.resolve("区财政局")
    with pytest.raises(ValidationError, match="不能删除"):
        seeded.units.delete(finance)
    seeded.units.deactivate(finance)
    assert not seeded.store.unit(finance).active
    with pytest.raises(ValidationError, match="停用"):
        seeded.items.assign(1, finance)


def test_bad_input_changes_nothing(seeded):
    before = snapshot(seeded)
    bad = [
        lambda: seeded.items.add(ItemDraft(title="")),
        lambda: seeded.items.add(ItemDraft(title="x" * 10_000)),
        lambda: seeded.items.add(ItemDraft(title="t", assigned_on="2026-11-25",
                                          deadline="2026-11-01")),
        lambda: seeded.items.add(ItemDraft(title="t", deadline="2022-02-30")),
        lambda: seeded.items.add(ItemDraft(title="t", deadline="明天")),
        lambda: seeded.items.add(ItemDraft(title="t", lead_unit_name="不存在的局")),
        lambda: seeded.items.edit(1, ItemEdit(percent=120)),
        lambda: seeded.lifecycle.issue(1),           # no deadline yet
        lambda: seeded.lifecycle.submit(1, None, "报告"),
    ]
    for call in bad:
        with pytest.raises(QjtasksError) as err:
            call()
        assert err.value.message and not err.value.message.isascii()
    assert snapshot(seeded) == before


def test_hostile_and_long_text_round_trips(issued):
    text = "<b>&amp;</b> <&>'\" 😀 " + "长" * 10_000
    ch = issued.notes.add(1, issued.units.resolve("区发改委"), "张三", text, percent=40)
    (note,) = issued.store.notes.of(1)
    assert note.text == text.strip() and note.id == ch.note_id
    with pytest.raises(ValidationError, match="过长"):
        issued.notes.add(1, None, "张三", "长" * 30_000)


def test_full_lifecycle_with_extension_and_review(issued):
    lead = issued.units.resolve("区发改委")
    item = issued.store.item(1)
    assert item.status == Status.IN_PROGRESS
    assert item.serial == "綦发改督〔2026〕1号"
    issued.notes.add(1, lead, "张三", "已开展宣传", percent=50, noted_on="2026-12-20")
    assert issued.store.item(1).percent == 50
    # the note of 12-20 satisfies the period due 12-25: the next one is owed on 2027-01-25
    assert issued.store.item(1).next_feedback_due == D(2027, 1, 25)
    issued.chases.add(1, lead, "电话", "2027-02-26", "张三", "本周报送")
    ext = issued.extensions.request(1, lead, "需要市级批复", "2027-04-30", "已完成初稿")
    with pytest.raises(ValidationError, match="晚于"):
        issued.extensions.request(1, lead, "理由", "2027-01-01")
    issued.extensions.decide(ext.extension_id, True, "同意")
    item = issued.store.item(1)
    assert item.original_deadline == D(2027, 2, 25)
    assert item.current_deadline == D(2027, 4, 30) and item.extended
    issued.lifecycle.submit(1, lead, "已办结，报告附后")
    with pytest.raises(ValidationError, match="退回理由"):
        issued.lifecycle.review(1, accept=False)
    issued.lifecycle.review(1, accept=False, reason="缺少佐证材料")
    assert issued.store.item(1).status == Status.IN_PROGRESS
    issued.lifecycle.submit(1, lead, "补充材料后再次报送")
    issued.lifecycle.review(1, accept=True)
    item = issued.store.item(1)
    assert item.status == Status.CLOSED and item.percent == 100
    with pytest.raises(TransitionError, match="已办结"):
        issued.lifecycle.pause(1, "x")
    issued.lifecycle.reopen(1, "领导要求补充")
    assert issued.store.item(1).status == Status.IN_PROGRESS
    timeline = build_timeline(issued.store, 1)
    kinds = {e["kind"] for e in timeline}
    assert {"进展反馈", "催办", "延期申请", "延期审批", "申请办结", "审核", "日志"} <= kinds
    # the 签收 is dated when it was signed, not when it was recorded (the services' clock)
    (signed,) = [e for e in timeline if e["text"].startswith("签收")]
    assert signed["date"] == "2026-11-26" and signed["at"][:10] != "2026-11-26"
    assert [e["date"] for e in timeline] == sorted((e["date"] for e in timeline), reverse=True)


def test_refused_transition_says_why(seeded):
    with pytest.raises(TransitionError) as err:
        seeded.lifecycle.pause(1, "等待")
    assert "待交办" in str(err.value) and "只能转为" in str(err.value)


def test_serials_per_year_never_reused(seeded):
    for item_id in (1, 2):
        seeded.items.edit(item_id, ItemEdit(deadline="2027-03-01"))
    seeded.lifecycle.issue(1, D(2026, 12, 1))
    seeded.lifecycle.withdraw(1, "重复立项")
    seeded.lifecycle.issue(2, D(2026, 12, 2))
    assert seeded.store.item(2).serial == "綦发改督〔2026〕2号"
    seeded.items.edit(10, ItemEdit(deadline="2027-06-01"))
    seeded.lifecycle.issue(10, D(2027, 1, 5))
    assert seeded.store.item(10).serial == "綦发改督〔2027〕1号"


def test_sign_per_unit_and_from_paper(issued):
    eco = issued.units.resolve("区生态环境局")
    issued.lifecycle.sign(1, eco, "赵六", "2026-11-27", origin="纸质")
    owners = {a.unit_name: a for a in issued.store.assignments(1)}
    assert owners["区生态环境局"].signed_at == "2026-11-27"
    assert owners["区生态环境局"].sign_origin == "纸质"
    assert owners["区经济信息委"].signed_at is None
    with pytest.raises(ValidationError, match="不是该事项的承办单位"):
        issued.lifecycle.sign(1, issued.units.resolve("区交通局"), "某人")


def test_every_change_writes_one_journal_row_and_undo(seeded):
    n = journal_count(seeded)
    ch = seeded.items.edit(2, ItemEdit(title="强化科研项目支撑（修订）", category="科研"))
    assert journal_count(seeded) == n + 1
    entry = seeded.store.audit.entries(2)[0]
    assert entry.before["title"] == "进一步强化科研项目支撑"
    assert entry.after["title"] == "强化科研项目支撑（修订）"
    seeded.items.undo(ch.journal_id)
    assert seeded.store.item(2).title == "进一步强化科研项目支撑"
    with pytest.raises(ValidationError):
        seeded.items.undo(ch.journal_id)  # already undone: values no longer match


def test_split_inherits_owners_and_cycle(seeded):
    seeded.items.edit(2, ItemEdit(deadline="2027-05-31", cycle_kind="每季度", cycle_day=-1))
    ch = seeded.items.split(2, ["揭榜挂帅项目研究", "产学研合作项目征集"])
    child = seeded.store.item(ch.child_ids[0])
    assert child.parent_id == 2 and child.cycle == FeedbackCycle(CycleKind.QUARTERLY, -1)
    assert child.current_deadline == D(2027, 5, 31)
    assert {a.unit_name for a in seeded.store.assignments(child.id)} == {
        "区科技局", "区经济信息委", "区财政局"}


def test_attachment_is_copied_into_the_data_folder(issued, tmp_path):
    src = tmp_path / "会议纪要.txt"
    src.write_text("纪要", encoding="utf-8")
    issued.notes.add(1, None, "张三", "附纪要", attachments=[src])
    (note,) = issued.store.notes.of(1)
    (stored,) = note.attachments
    assert stored != str(src) and open(stored, encoding="utf-8").read() == "纪要"


def test_imported_records_are_idempotent_by_uid(issued):
    lead = issued.units.resolve("区发改委")
    for _ in range(2):
        issued.notes.add(1, lead, "张三", "来自数据包", origin="导入", uid="pkg-note-1",
                         package_id="pkg-1")
    assert len(issued.store.notes.of(1)) == 1
    assert issued.store.audit.entries(package_id="pkg-1")


def test_import_dossier_is_all_or_nothing(seeded):
    before = snapshot(seeded)
    drafts = [ItemDraft(title="好事项", lead_unit_name="区财政局"),
              ItemDraft(title="坏事项", lead_unit_name="不存在单位")]
    with pytest.raises(QjtasksError):
        seeded.dossiers.import_reply(ProposalDraft(number="1"), ReplyDraft(doc_number="x"), drafts,
                                     new_units=[("重庆市綦江区新单位", "区新单位")])
    assert snapshot(seeded) == before
    ch = seeded.dossiers.import_reply(ProposalDraft(number="1"), ReplyDraft(doc_number="x"), drafts[:1],
                                      new_units=[("重庆市綦江区新单位", "区新单位")])
    assert len(ch.item_ids) == 1 and ch.units


def test_settings_validation(seeded):
    seeded.settings.set("yellow_threshold", "5")
    assert seeded.store.setting("yellow_threshold") == 5
    with pytest.raises(ValidationError):
        seeded.settings.set("yellow_threshold", "很多")
    seeded.settings.set("extra_holidays", ["2031-01-06"])
    assert not seeded.store.calendar.is_workday(D(2031, 1, 6))


def test_progress_is_the_newest_report_not_the_last_typed(issued):
    lead = issued.units.resolve("区发改委")
    issued.notes.add(1, lead, "张三", "十二月进展", percent=60, noted_on="2026-12-20")
    issued.notes.add(1, lead, "张三", "补录十一月纸质反馈", percent=20, noted_on="2026-11-30",
                     origin="纸质")
    assert issued.store.item(1).percent == 60
    owner = next(a for a in issued.store.assignments(1) if a.unit_id == lead)
    assert owner.percent == 60 and str(owner.last_feedback_on) == "2026-12-20"


def test_a_unit_installation_cannot_do_the_offices_work(issued):
    issued.settings.set("role", "unit")
    before = snapshot(issued)
    for call in (lambda: issued.items.add(ItemDraft(title="自建事项")),
                 lambda: issued.items.edit(1, ItemEdit(deadline="2027-12-31")),
                 lambda: issued.items.assign(1, issued.units.resolve("区财政局")),
                 lambda: issued.lifecycle.issue(2, D(2026, 11, 25)),
                 lambda: issued.lifecycle.review(1, accept=True)):
        with pytest.raises(ValidationError, match="承办单位端"):
            call()
    assert snapshot(issued) == before
    issued.notes.add(1, issued.units.resolve("区发改委"), "张三", "单位自己的进展")  # still allowed
