"""Property checks: any text either parses with spans that point into the normalised text, or
raises a Chinese `LetterError`; normalising is idempotent on the letters we have."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.importers import LetterError, parse_letter
from qjtasks.importers.normalize import normalise

LETTERS = sorted((Path(__file__).parent / "letters").glob("*.txt"))
PIECES = ["下一步工作计划", "一是", "二是", "（一）", "1、", "。", "，", "\n", "\n\n", "经与", "区财政局",
          "、", "等协办单位共同研究办理", "委员：", "綦发改函〔2022〕1号", "2022年6月27日", "202285",
          "此复函已经李炜主任审签。", "下一步，", "今年将积极", "力争", " ", "复  函", "相关内", "容"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60))
def test_parse_never_crashes_and_spans_hold(parts):
    text = "".join(parts)
    try:
        result = parse_letter(text)
    except LetterError as exc:
        assert str(exc)
        return
    for c in result.plan_items + result.other_commitments:
        assert result.text[c.start:c.end] == c.text


def test_normalise_is_idempotent_on_the_letters(seed_text):
    from qjtasks.importers import read_letter
    for text in [seed_text] + [read_letter(p) for p in LETTERS]:
        once = normalise(text)
        assert normalise(once) == once


def test_body_only_paste_still_yields_items(seed_text, register):
    body = seed_text[seed_text.index("六、下一步工作计划"):seed_text.index("此复函")]
    result = parse_letter(body, register)
    assert len(result.plan_items) == 3
    assert any("文号" in w for w in result.warnings)


def test_paragraph_missing_its_full_stop_is_not_glued_to_the_next(register):
    from qjtasks.importers import read_letter
    text = read_letter(Path(__file__).parent / "letters" / "18_qj_fgw_unmarked_paragraphs.txt")
    text = text.replace("年底前新建5G基站500个。", "年底前新建5G基站500个")
    result = parse_letter(text, register)
    assert [c.text[:4] for c in result.plan_items] == ["我委将会", "同时，积"]


def test_word_cut_across_a_blank_line_is_joined():
    text = "甲委员：\n" + "要支持绿色技术创新成果转化，支持绿色技术创新等相关内\n\n容。綦江区第二次会议学习了有关内容。"
    assert "等相关内容。綦江区" in normalise(text)


def test_closing_sentence_in_the_last_item_paragraph_is_cut(seed_text, register):
    text = seed_text.replace("通报制度。 \n\n此复函", "通报制度。此复函")
    result = parse_letter(text, register)
    assert len(result.plan_items) == 3
    assert result.plan_items[2].text.endswith("评估和通报制度。")
    assert result.document.signer == "李炜"


def test_lead_letter_mentioning_a_co_unit_is_not_a_co_unit_letter(seed_text, register):
    text = seed_text.replace("现答复如下：", "区财政局作为协办单位提出了意见，现答复如下：")
    result = parse_letter(text, register)
    assert result.document.handling_role == "主办" and result.document.proposer == "包安洪"


def test_register_may_be_store_units(seeded, seed_text):
    result = parse_letter(seed_text, seeded.store.units())
    assert all(u.known for u in result.co_units) and len(result.co_units) == 8


def test_letter_pasted_as_one_line_gets_its_structure_back(seed_text, register):
    one_line = " ".join(x.strip() for x in seed_text.split("\n") if x.strip())
    result = parse_letter(one_line, register)
    d = result.document
    assert (d.doc_number, d.date.isoformat(), d.proposer, d.signer) == (
        "綦发改函〔2022〕140号", "2022-06-27", "包安洪", "李炜")
    assert len(result.co_units) == 8 and len(result.plan_items) == 3
    assert result.warnings == []


def test_sign_off_with_issuer_and_date_on_one_line(seed_text, register):
    text = seed_text.rstrip().replace("委员会\n                        2022年", "委员会  2022年")
    d = parse_letter(text, register).document
    assert d.date.isoformat() == "2022-06-27" and d.issuer == "重庆市綦江区发展和改革委员会"
