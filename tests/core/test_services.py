"""Services: validation, lifecycle, serial numbers, journal, atomicity, undo."""
import datetime as dt

import pytest

from qjtasks.core.errors import QjtasksError, TransitionError, ValidationError
from qjtasks.core.models import CycleKind, FeedbackCycle, ItemDraft, ItemEdit, Status
from qjtasks.core.timeline import build_timeline

D = dt.date


def journal_count(svc):
    return svc.conn.execute("SELECT count(*) FROM journal").fetchone()[0]


def snapshot(svc):
    conn = svc.conn
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("units", "items", "assignments", "notes", "journal", "chases")}


@pytest.fixture
def issued(seeded):
    """Item 1 with a deadline, issued on 2026-11-25 and signed by the lead unit."""
    seeded.edit_item(1, ItemEdit(deadline="2027-02-25"))
    seeded.issue_item(1, D(2026, 11, 25))
    seeded.sign(1, seeded.resolve_unit("区发改委"), "王五", "2026-11-26 09:30")
    return seeded


def test_units_add_rename_deactivate_and_never_delete_referenced(seeded):
    ch = seeded.add_unit("重庆市綦江区城市管理局", "区城管局")
    assert ch.units and ch.unit_id
    with pytest.raises(ValidationError, match="重名"):
        seeded.add_unit("重庆市綦江区城市管理局", "区城管局")
    seeded.update_unit(ch.unit_id, short_name="区城市管理局", contact="李四")
    assert seeded.store.unit(ch.unit_id).short_name == "区城市管理局"
    seeded.delete_unit(ch.unit_id)  # unreferenced: allowed
    finance = seeded.resolve_unit("区财政局")
    with pytest.raises(ValidationError, match="不能删除"):
        seeded.delete_unit(finance)
    seeded.deactivate_unit(finance)
    assert not seeded.store.unit(finance).active
    with pytest.raises(ValidationError, match="停用"):
        seeded.assign(1, finance)


def test_bad_input_changes_nothing(seeded):
    before = snapshot(seeded)
    bad = [
        lambda: seeded.add_item(ItemDraft(title="")),
        lambda: seeded.add_item(ItemDraft(title="x" * 10_000)),
        lambda: seeded.add_item(ItemDraft(title="t", assigned_on="2026-11-25",
                                          deadline="2026-11-01")),
        lambda: seeded.add_item(ItemDraft(title="t", deadline="2022-02-30")),
        lambda: seeded.add_item(ItemDraft(title="t", deadline="明天")),
        lambda: seeded.add_item(ItemDraft(title="t", lead_unit_name="不存在的局")),
        lambda: seeded.edit_item(1, ItemEdit(percent=120)),
        lambda: seeded.issue_item(1),           # no deadline yet
        lambda: seeded.submit_completion(1, None, "报告"),
    ]
    for call in bad:
        with pytest.raises(QjtasksError) as err:
            call()
        assert err.value.message and not err.value.message.isascii()
    assert snapshot(seeded) == before


def test_hostile_and_long_text_round_trips(issued):
    text = "<b>&amp;</b> <&>'\" 😀 " + "长" * 10_000
    ch = issued.add_note(1, issued.resolve_unit("区发改委"), "张三", text, percent=40)
    (note,) = issued.store.notes.of(1)
    assert note.text == text.strip() and note.id == ch.note_id
    with pytest.raises(ValidationError, match="过长"):
        issued.add_note(1, None, "张三", "长" * 30_000)


def test_full_lifecycle_with_extension_and_review(issued):
    lead = issued.resolve_unit("区发改委")
    item = issued.store.item(1)
    assert item.status == Status.IN_PROGRESS
    assert item.serial == "綦发改督〔2026〕1号"
    issued.add_note(1, lead, "张三", "已开展宣传", percent=50, noted_on="2026-12-20")
    assert issued.store.item(1).percent == 50
    # the note of 12-20 satisfies the period due 12-25: the next one is owed on 2027-01-25
    assert issued.store.item(1).next_feedback_due == D(2027, 1, 25)
    issued.add_chase(1, lead, "电话", "2027-02-26", "张三", "本周报送")
    ext = issued.request_extension(1, lead, "需要市级批复", "2027-04-30", "已完成初稿")
    with pytest.raises(ValidationError, match="晚于"):
        issued.request_extension(1, lead, "理由", "2027-01-01")
    issued.decide_extension(ext.extension_id, True, "同意")
    item = issued.store.item(1)
    assert item.original_deadline == D(2027, 2, 25)
    assert item.current_deadline == D(2027, 4, 30) and item.extended
    issued.submit_completion(1, lead, "已办结，报告附后")
    with pytest.raises(ValidationError, match="退回理由"):
        issued.review_completion(1, accept=False)
    issued.review_completion(1, accept=False, reason="缺少佐证材料")
    assert issued.store.item(1).status == Status.IN_PROGRESS
    issued.submit_completion(1, lead, "补充材料后再次报送")
    issued.review_completion(1, accept=True)
    item = issued.store.item(1)
    assert item.status == Status.CLOSED and item.percent == 100
    with pytest.raises(TransitionError, match="已办结"):
        issued.pause(1, "x")
    issued.reopen(1, "领导要求补充")
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
        seeded.pause(1, "等待")
    assert "待交办" in str(err.value) and "只能转为" in str(err.value)


def test_serials_per_year_never_reused(seeded):
    for item_id in (1, 2):
        seeded.edit_item(item_id, ItemEdit(deadline="2027-03-01"))
    seeded.issue_item(1, D(2026, 12, 1))
    seeded.withdraw(1, "重复立项")
    seeded.issue_item(2, D(2026, 12, 2))
    assert seeded.store.item(2).serial == "綦发改督〔2026〕2号"
    seeded.edit_item(10, ItemEdit(deadline="2027-06-01"))
    seeded.issue_item(10, D(2027, 1, 5))
    assert seeded.store.item(10).serial == "綦发改督〔2027〕1号"


def test_sign_per_unit_and_from_paper(issued):
    eco = issued.resolve_unit("区生态环境局")
    issued.sign(1, eco, "赵六", "2026-11-27", origin="纸质")
    owners = {a.unit_name: a for a in issued.store.assignments(1)}
    assert owners["区生态环境局"].signed_at == "2026-11-27"
    assert owners["区生态环境局"].sign_origin == "纸质"
    assert owners["区经济信息委"].signed_at is None
    with pytest.raises(ValidationError, match="不是该事项的承办单位"):
        issued.sign(1, issued.resolve_unit("区交通局"), "某人")


def test_every_change_writes_one_journal_row_and_undo(seeded):
    n = journal_count(seeded)
    ch = seeded.edit_item(2, ItemEdit(title="强化科研项目支撑（修订）", category="科研"))
    assert journal_count(seeded) == n + 1
    entry = seeded.store.audit.entries(2)[0]
    assert entry.before["title"] == "进一步强化科研项目支撑"
    assert entry.after["title"] == "强化科研项目支撑（修订）"
    seeded.undo(ch.journal_id)
    assert seeded.store.item(2).title == "进一步强化科研项目支撑"
    with pytest.raises(ValidationError):
        seeded.undo(ch.journal_id)  # already undone: values no longer match


def test_split_inherits_owners_and_cycle(seeded):
    seeded.edit_item(2, ItemEdit(deadline="2027-05-31", cycle_kind="每季度", cycle_day=-1))
    ch = seeded.split_item(2, ["揭榜挂帅项目研究", "产学研合作项目征集"])
    child = seeded.store.item(ch.child_ids[0])
    assert child.parent_id == 2 and child.cycle == FeedbackCycle(CycleKind.QUARTERLY, -1)
    assert child.current_deadline == D(2027, 5, 31)
    assert {a.unit_name for a in seeded.store.assignments(child.id)} == {
        "区科技局", "区经济信息委", "区财政局"}


def test_attachment_is_copied_into_the_data_folder(issued, tmp_path):
    src = tmp_path / "会议纪要.txt"
    src.write_text("纪要", encoding="utf-8")
    issued.add_note(1, None, "张三", "附纪要", attachments=[src])
    (note,) = issued.store.notes.of(1)
    (stored,) = note.attachments
    assert stored != str(src) and open(stored, encoding="utf-8").read() == "纪要"


def test_imported_records_are_idempotent_by_uid(issued):
    lead = issued.resolve_unit("区发改委")
    for _ in range(2):
        issued.add_note(1, lead, "张三", "来自数据包", origin="导入", uid="pkg-note-1",
                        package_id="pkg-1")
    assert len(issued.store.notes.of(1)) == 1
    assert issued.store.audit.entries(package_id="pkg-1")


def test_import_dossier_is_all_or_nothing(seeded):
    before = snapshot(seeded)
    drafts = [ItemDraft(title="好事项", lead_unit_name="区财政局"),
              ItemDraft(title="坏事项", lead_unit_name="不存在单位")]
    with pytest.raises(QjtasksError):
        seeded.import_dossier({"number": "1"}, {"doc_number": "x"}, drafts,
                              new_units=[("重庆市綦江区新单位", "区新单位")])
    assert snapshot(seeded) == before
    ch = seeded.import_dossier({"number": "1"}, {"doc_number": "x"}, drafts[:1],
                               new_units=[("重庆市綦江区新单位", "区新单位")])
    assert len(ch.item_ids) == 1 and ch.units


def test_settings_validation(seeded):
    seeded.set_setting("yellow_threshold", "5")
    assert seeded.store.setting("yellow_threshold") == 5
    with pytest.raises(ValidationError):
        seeded.set_setting("yellow_threshold", "很多")
    seeded.set_setting("extra_holidays", ["2031-01-06"])
    assert not seeded.store.calendar.is_workday(D(2031, 1, 6))


def test_progress_is_the_newest_report_not_the_last_typed(issued):
    lead = issued.resolve_unit("区发改委")
    issued.add_note(1, lead, "张三", "十二月进展", percent=60, noted_on="2026-12-20")
    issued.add_note(1, lead, "张三", "补录十一月纸质反馈", percent=20, noted_on="2026-11-30",
                    origin="纸质")
    assert issued.store.item(1).percent == 60
    owner = next(a for a in issued.store.assignments(1) if a.unit_id == lead)
    assert owner.percent == 60 and str(owner.last_feedback_on) == "2026-12-20"


def test_a_unit_installation_cannot_do_the_offices_work(issued):
    issued.set_setting("role", "unit")
    before = snapshot(issued)
    for call in (lambda: issued.add_item(ItemDraft(title="自建事项")),
                 lambda: issued.edit_item(1, ItemEdit(deadline="2027-12-31")),
                 lambda: issued.assign(1, issued.resolve_unit("区财政局")),
                 lambda: issued.issue_item(2, D(2026, 11, 25)),
                 lambda: issued.review_completion(1, accept=True)):
        with pytest.raises(ValidationError, match="承办单位端"):
            call()
    assert snapshot(issued) == before
    issued.add_note(1, issued.resolve_unit("区发改委"), "张三", "单位自己的进展")  # still allowed
