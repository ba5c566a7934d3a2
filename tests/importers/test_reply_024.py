"""The quality bar of issue 6 on the seed letter reply-024."""
import datetime as dt

import pytest

from qjtasks.importers import parse_letter, to_json_dict

EIGHT = ["区生态环境局", "区机关事务管理中心", "区财政局", "区住房城乡建委", "区国资委", "区交通局",
         "区经济信息委", "区科技局"]


@pytest.fixture
def result(seed_text, register):
    return parse_letter(seed_text, register)


def test_document_fields(result):
    d = result.document
    assert d.doc_number == "綦发改函〔2022〕140号"
    assert d.date == dt.date(2022, 6, 27)
    assert d.proposal_number == "024" and d.proposal_session == "区政协三届一次会议"
    assert d.proposal_title == "关于深化綦江区绿色发展的一些建议"
    assert (d.proposer, d.signer, d.kind) == ("包安洪", "李炜", "政协提案")
    assert d.issuer == "重庆市綦江区发展和改革委员会"


def test_all_eight_co_units_in_order_and_known(result):
    assert [u.name for u in result.co_units] == EIGHT
    assert all(u.known for u in result.co_units)


def test_exactly_three_plan_items_from_section_six(result):
    items = result.plan_items
    assert len(items) == 3
    assert items[0].text.startswith("进一步加大绿色发展宣传学习")
    assert items[1].text.startswith("进一步强化科研项目支撑")
    assert items[2].text.startswith("加速推行使用办公自动化系统")
    assert items[2].text.endswith("评估和通报制度。")
    assert all(c.section == "六、下一步工作计划" for c in items)
    assert items[2].deadline_hint == "定期"


def test_spans_point_into_normalised_text(result):
    for c in result.plan_items + result.other_commitments:
        assert result.text[c.start:c.end] == c.text


def test_other_commitments_cover_the_body_promises(result):
    texts = " | ".join(c.text for c in result.other_commitments)
    for needle in ("再引导4家", "高新区申报创建市级绿色园区", "车桩比”达到2:1", "充电桩发展规划编制",
                   "黄标车"):
        assert needle in texts
    assert not any("下一步" in c.section for c in result.other_commitments)
    hint = {c.text: c.deadline_hint for c in result.other_commitments}
    assert hint["今年再引导4家进入培育库"] == "今年"


def test_no_warnings_and_broken_word_joined(result):
    assert result.warnings == []
    assert "等相关内容。綦江区" in result.text
    assert "关于区政协三届一次会议第024号提案的复函" in result.text


def test_json_shape(result):
    data = to_json_dict(result)
    assert set(data) >= {"document", "co_units", "plan_items", "other_commitments", "warnings"}
    assert set(data["document"]) >= {"doc_number", "issuer", "date", "proposal_number",
                                      "proposal_title", "proposer", "signer"}
    assert data["document"]["date"] == "2022-06-27"
    assert data["co_units"] == EIGHT
    assert set(data["plan_items"][0]) >= {"text", "units", "deadline_hint"}
