"""Form details users noticed (issue 19 §6): 抄送 from settings, whole 文号, nested quotes, the
notice's 落款, the sample-split label, the one-sentence font notice."""
import dataclasses

from hypothesis import given
from hypothesis import strategies as st
from pdfcheck import flat, page_text

from qjtasks.core.models import ItemEdit
from qjtasks.pdf import adapters, fonts, linebreak, render, sheets


def _issue(services, item_id):
    services.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline="2026-11-10"))
    services.lifecycle.issue(item_id, "2026-09-01")


def test_chase_copy_line_comes_from_settings_or_is_left_out(seeded, today, fontset):
    _issue(seeded, 1)
    chase = adapters.chase_from_store(seeded.store, 1, None, today)
    assert chase.copy_to == ""
    text = sheets.chase_sheet(chase).text()
    assert "抄送" not in text and "分管领导" not in text
    seeded.settings.set("leader_copy", "分管领导")          # the old placeholder: still a role
    assert adapters.chase_from_store(seeded.store, 1, None, today).copy_to == ""
    seeded.settings.set("leader_copy", "王副主任")
    chase = adapters.chase_from_store(seeded.store, 1, None, today)
    assert "抄送：王副主任" in flat(page_text(render.render([sheets.chase_sheet(chase)], fontset)))


def test_nested_quotes_become_single_quotes(chase):
    c = dataclasses.replace(chase, title="开展“光盘行动”和\"节约型机关\"创建")
    body = sheets._chase_body(c)
    assert "“开展‘光盘行动’和‘节约型机关’创建”" in body
    assert sheets.quoted("无引号") == "“无引号”"


NUMBERS = ["綦发改函〔2022〕140号", "綦发改督〔2026〕7号", "綦发改催〔2026〕3-2号"]


@given(st.text("你单位承办事项已逾期请抓紧办理，。", min_size=0, max_size=40),
       st.sampled_from(NUMBERS), st.text("并于前书面回复情况", max_size=30),
       st.integers(16, 40))
def test_a_doc_number_never_breaks_across_lines(before, number, after, measure):
    lines = linebreak.break_lines(before + number + after, lambda t: float(len(t)), measure)
    assert sum(number in line for line in lines) == 1
    assert "".join(lines) == before + number + after


def test_a_doc_number_longer_than_the_line_still_fits():
    lines = linebreak.break_lines("綦发改函〔2022〕140号", lambda t: float(len(t)), 6)
    assert all(len(line) <= 6 for line in lines) and "2022" in "".join(lines[1:2]) + lines[0]


def test_notice_carries_the_office_and_date_and_sample_label_only_for_the_example(
        seeded, today, fontset):
    _issue(seeded, 1)
    [n] = adapters.notices_from_store(seeded.store, 1, seeded.store.assignments(1)[0].unit_id,
                                      today)
    text = flat(page_text(render.render([sheets.notice_sheet(n)], fontset)))
    assert "重庆市綦江区发展和改革委员会2026年9月1日" in text or (
        text.count("重庆市綦江区发展和改革委员会") == 2 and "2026年9月1日" in text)
    assert "示例分工" in text
    lead = seeded.store.assignments(1)[0].unit_id
    cos = [a.unit_id for a in seeded.store.assignments(1)[1:]]
    seeded.items.assign(1, lead, cos)                         # the supervisor confirms the split
    [n] = adapters.notices_from_store(seeded.store, 1, lead, today)
    assert "示例分工" not in sheets.notice_sheet(n).text()


def test_font_notice_is_one_sentence_without_paths():
    fs = fonts.resolve({})
    if not fs.messages:
        return                                          # a machine with the standard faces
    note = fs.notice()
    assert note.endswith("。") and "/" not in note and "\\" not in note
    assert note.count("。") == 1 and "未安装" in note
