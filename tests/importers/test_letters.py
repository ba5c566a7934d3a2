"""Twenty-one letters of other layouts: counties, cities, provinces, a ministry, a town; 政协提案
and 人大建议; a co-handling unit's letter; no co-units; no next-step part; inline 下一步; numbered
（一）/1./（1）/第一 points; GBK; hard-wrapped lines; cut short; a damaged date."""
import datetime as dt

import pytest

from qjtasks.importers import parse_letter

# file: (doc_number, date, number, proposer, kind, co_units, plan item prefixes, signer)
CASES = {
    "01_haidian_fgw_zx.txt": ("海发改函〔2023〕18号", dt.date(2023, 6, 15), "0156", "刘建国", "政协提案",
                              ["区住房城乡建设委", "区财政局", "区市场监管局"],
                              ["加大政策宣传力度", "优化审批流程", "加强运维管理"], None),
    "02_sichuan_jtt_renda.txt": ("川交函〔2023〕356号", dt.date(2023, 6, 20), "1234", "王小红", "人大建议",
                                 ["省财政厅", "省发展改革委"],
                                 ["加大资金支持力度", "推动项目加快实施", "强化养护管理"], None),
    "03_nhc_ministry_zx.txt": ("国卫提函〔2023〕56号", dt.date(2023, 7, 10), "01234", "张某某", "政协提案",
                               ["教育部", "人力资源社会保障部"],
                               ["会同教育部继续实施", "推动各地落实", "会同有关部门深入实施"], None),
    "04_qj_kejiju_cohandling.txt": ("綦科函〔2022〕45号", dt.date(2022, 5, 30), "024", "包安洪", "政协提案",
                                    [], ["加大绿色低碳技术攻关力度", "面向全区征集"], None),
    "05_county_jyj_no_counits.txt": ("威教函〔2022〕21号", dt.date(2022, 8, 15), "58", "县政协第三组",
                                     "政协提案", [], ["改善食堂条件", "加强食品安全管理", "加强从业人员培训"],
                                     "杨华"),
    "06_no_nextstep_c_class.txt": ("杭规资函〔2023〕77号", dt.date(2023, 5, 20), "203", "李明", "政协提案",
                                   [], [], None),
    "07_guangzhou_cg_renda_gbk.txt": ("穗城管函〔2022〕118号", dt.date(2022, 6, 27), "20", "陈志强",
                                      "人大建议", ["市生态环境局", "市财政局"],
                                      ["加快处理设施建设", "完善分类投放体系", "加强执法检查"], None),
    "08_broken_lines_pdf_like.txt": ("湘发改函〔2023〕92号", dt.date(2023, 7, 3), "0421", "周立新",
                                     "政协提案", ["省农业农村厅", "省工业和信息化厅", "省财政厅"],
                                     ["加大项目支持", "培育龙头企业", "拓展销售渠道"], "李平"),
    "09_cut_short.txt": ("渝江发改函〔2022〕66号", None, "112", "赵敏", "政协提案", ["区公安局", "区城市管理局"],
                         ["编制《江津区智慧停车专项规划》", "推进城区道路停车泊位智慧化改造"], None),
    "10_damaged_date.txt": ("綦住建函〔2022〕88号", None, "15", "刘洋", "人大建议", ["区财政局", "区城管局"],
                            ["积极争取中央预算内资金支持"], "王刚"),
    "11_lost_numerals_di_style.txt": ("汉水务函〔2023〕31号", dt.date(2023, 5, 8), "0087", "吴芳", "政协提案",
                                      ["市自然资源和规划局", "市城管执法委"], ["实施排水管网提标改造", "推进雨污分流改造", "完善应急处置机制"],
                                      None),
    "12_town_leadin_numbered.txt": ("东镇府函〔2023〕9号", dt.date(2023, 6, 12), "078", "罗建华", "政协提案",
                                    ["区文化旅游委", "区交通局"],
                                    ["完善旅游规划", "提升配套设施", "加强宣传推介"], None),
    "13_county_zx_plain_sentence.txt": ("垫农函〔2022〕14号", dt.date(2022, 7, 20), "36", "谭军", "政协提案",
                                        ["县文化旅游委"], ["联合县文化旅游委推动牡丹产业"], "张华"),
    "14_ndrc_office_leadin_fullwidth_points.txt": (
        "发改办提函〔2023〕215号", dt.date(2023, 8, 1), "00123", "王某某", "政协提案", ["财政部", "国家能源局"],
        ["加强规划引导", "加大政策支持", "强化运营监管"], None),
    "15_qj_jtj_per_section_nextstep.txt": (
        "綦交函〔2022〕57号", dt.date(2022, 7, 5), "031", "张三、李四", "政协提案",
        ["区住房城乡建委", "区公安局交巡警支队"], ["结合城市发展持续优化线网", "会同区住房城乡建委"], "王五"),
    "16_nanan_renda_inline_heading.txt": (
        "南民函〔2023〕12号", dt.date(2023, 6, 30), "88", "刘某某", "人大建议", ["区人力社保局"],
        ["加快建设进度", "提升服务质量", "加强人才培养"], None),
    "17_qj_sthj_two_level_points.txt": (
        "綦环函〔2022〕33号", dt.date(2022, 6, 20), "045", "陈某", "政协提案", [],
        ["深化流域治理。\n1.推进", "加强监测监管。\n1.新建"], None),
    "18_qj_fgw_unmarked_paragraphs.txt": (
        "綦发改函〔2022〕150号", dt.date(2022, 7, 1), "051", "王某", "政协提案", ["区经济信息委", "区大数据发展局"],
        ["我委将会同区经济信息委", "同时，积极引进"], "李炜"),
    "19_qj_czj_renda_month_only_date.txt": (
        "綦财函〔2023〕19号", None, "20", "何某某", "人大建议", [],
        ["积极争取上级资金", "优化支出结构", "加强绩效评价"], None),
    "20_qj_nyncw_label_fields.txt": (
        "綦农函〔2022〕77号", dt.date(2022, 6, 30), "102", "宋某", "政协提案", ["区财政局", "区水利局"],
        ["加快项目建设", "强化资金保障", "加强建后管护"], "周某"),
    "21_qj_fgw_web_copy_party_proposer.txt": (
        "綦发改函〔2022〕160号", dt.date(2022, 6, 30), "088", "民建綦江区委", "政协提案", ["区商务委", "区交通局"],
        ["会同区商务委、区交通局加快编制"], "李炜"),
}


@pytest.fixture(params=sorted(CASES))
def case(request, letter, register):
    return request.param, parse_letter(letter(request.param), register), CASES[request.param]


def test_document(case):
    name, r, (doc_number, date, number, proposer, kind, _, _, signer) = case
    d = r.document
    assert (d.doc_number, d.date, d.proposal_number) == (doc_number, date, number), name
    assert (d.proposer, d.kind, d.signer) == (proposer, kind, signer), name
    assert d.proposal_title and d.proposal_title.startswith("关于"), name
    assert d.issuer and d.issuer.endswith(("委员会", "厅", "局", "政府")), name


def test_co_units(case):
    name, r, expected = case
    assert [u.name for u in r.co_units] == expected[5], name


def test_plan_items(case):
    name, r, expected = case
    prefixes = expected[6]
    assert len(r.plan_items) == len(prefixes), (name, [c.text for c in r.plan_items])
    for c, prefix in zip(r.plan_items, prefixes, strict=True):
        assert c.text.startswith(prefix), name
        assert r.text[c.start:c.end] == c.text


def test_no_next_step_part_gives_no_items_and_a_warning(letter, register):
    r = parse_letter(letter("06_no_nextstep_c_class.txt"), register)
    assert r.plan_items == []
    assert any("下一步" in w for w in r.warnings)
    assert r.document.answer_class == "C"


def test_damaged_date_is_warned_not_guessed(letter, register):
    r = parse_letter(letter("10_damaged_date.txt"), register)
    assert r.document.date is None
    assert any("202285" in w and "未猜测" in w for w in r.warnings)


def test_cut_short_letter_is_flagged(letter, register):
    r = parse_letter(letter("09_cut_short.txt"), register)
    assert any("不完整" in w for w in r.warnings)
    assert any("可能不完整" in w and "智慧化改造" in w for w in r.warnings)


def test_co_handling_letter_names_the_lead_unit(letter, register):
    r = parse_letter(letter("04_qj_kejiju_cohandling.txt"), register)
    assert r.document.handling_role == "协办" and r.document.lead_unit == "区发改委"
    assert any("协办" in w for w in r.warnings)


def test_unknown_units_are_offered_as_new_never_dropped(letter, register):
    r = parse_letter(letter("12_town_leadin_numbered.txt"), register)
    assert r.new_units == ["区文化旅游委"]
    assert [u.known for u in r.co_units] == [False, True]
    assert any("区文化旅游委" in w and "新单位" in w for w in r.warnings)


def test_deadline_hints(letter, register):
    hints = [c.deadline_hint for c in parse_letter(letter("12_town_leadin_numbered.txt"),
                                                   register).plan_items]
    assert hints == ["年内", "2023年10月底前", "每季度"]
    r = parse_letter(letter("07_guangzhou_cg_renda_gbk.txt"), register)
    assert [c.deadline_hint for c in r.plan_items] == ["2023年6月底前", "今年底前", "定期"]


def test_item_units_are_found_in_the_item_text(letter, register):
    r = parse_letter(letter("01_haidian_fgw_zx.txt"), register)
    assert r.plan_items[1].units == ["区住房城乡建设委", "区市场监管局"]
    r = parse_letter(letter("13_county_zx_plain_sentence.txt"), register)
    assert r.plan_items[0].units == ["县文化旅游委"]


def test_mixed_punctuation_and_spaced_title_normalised(letter, register):
    r = parse_letter(letter("07_guangzhou_cg_renda_gbk.txt"), register)
    assert "关于市十六届人大一次会议人大建议第20号的答复函" in r.text
    assert "陈志强代表：" in r.text and "," not in r.text
    assert r.document.proposal_session == "市十六届人大一次会议"


def test_hard_wrapped_lines_and_page_numbers_joined(letter, register):
    r = parse_letter(letter("08_broken_lines_pdf_like.txt"), register)
    assert "带动社会投资超过30亿元。" in r.text and "- 2 -" not in r.text
    assert "《关于支持湘西地区发展特色农产品加工业的建议》" in r.text


def test_issuer_from_title_when_sign_off_has_no_name(letter, register):
    r = parse_letter(letter("15_qj_jtj_per_section_nextstep.txt"), register)
    assert r.document.issuer == "重庆市綦江区交通局"
    assert any("车" in c.text or "线网" in c.text for c in r.plan_items)


def test_per_section_next_steps_outside_a_plan_heading_become_commitments(seed_text, register):
    text = seed_text.replace("持续推进货运车辆", "下一步，将持续推进货运车辆")
    r = parse_letter(text, register)
    assert len(r.plan_items) == 3
    assert any(c.text.startswith("下一步，将持续推进货运车辆") for c in r.other_commitments)


def test_labelled_header_fields_on_one_line(letter, register):
    r = parse_letter(letter("20_qj_nyncw_label_fields.txt"), register)
    assert "主办单位：区农业农村委\n协办单位：区财政局、区水利局" in r.text
    assert r.document.answer_class == "A"
    assert r.document.title == "关于区政协三届一次会议第102号提案的复函"


def test_month_only_date_is_not_completed(letter, register):
    r = parse_letter(letter("19_qj_czj_renda_month_only_date.txt"), register)
    assert r.document.date is None and r.document.issuer == "重庆市綦江区财政局"
    assert any("2023年7月" in w for w in r.warnings)


def test_web_page_metadata_does_not_confuse_the_header(letter, register):
    r = parse_letter(letter("21_qj_fgw_web_copy_party_proposer.txt"), register)
    assert r.document.date.isoformat() == "2022-06-30"  # the sign-off, not 生成日期
    assert r.document.answer_class == "B"
