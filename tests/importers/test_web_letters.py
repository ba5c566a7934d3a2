"""Shapes of real published letters (issue 17): a promise that opens a clause with a bare 将, a
dated 预计, a numbered answer point that is itself a promise, 将 as 把 (`将您的建议向区城管局
反映` is done work), sign-off dates whose 年月日 the site dropped, a salutation without its colon,
page widgets after the sign-off, co-unit names never cut in the middle."""
import datetime as dt

from qjtasks.importers import parse_letter

HEAD = "关于区政协第十届三次会议第138号提案的答复\n刘源委员：\n您提出的《关于学校周边交通的建议》收悉，现答复如下：\n"
TAIL = "感谢您对我们工作的关心和支持。\n区公安局\n2024年6月20日\n"


def plan(body: str, head: str = HEAD, tail: str = TAIL) -> list[str]:
    return [c.text for c in parse_letter(head + body + tail).plan_items]


def test_a_clause_opening_with_bare_will_is_a_promise():
    assert plan("县政府已批复同意将该路纳入建设项目，资金到位后，将组织施工。\n") == ["组织施工。"]
    assert plan("其中健康社区纳入第二期改造项目，将对小区做路面铺装和管网改造。\n") == [
        "对小区做路面铺装和管网改造。"]


def test_will_as_ba_with_a_report_verb_is_done_work():
    items = plan("交巡警大队将您的建议向区城管局反映。交巡警大队将持续上好“护学岗”。\n")
    assert items == ["持续上好“护学岗”。"]
    # 将 followed by 向 is the future: the bureau will go and report
    assert plan("我局将向上级部门反映道路改造需求。\n") == ["向上级部门反映道路改造需求。"]


def test_a_dated_estimate_is_a_promise():
    assert plan("该段公路已全面启动改造。预计年底该段公路可完成改造拓宽。\n") == ["预计年底该段公路可完成改造拓宽。"]


def test_a_numbered_answer_point_that_promises_is_an_item():
    items = plan("一、交警支队已对警力作出调整，全力保障学生安全。\n二、我们将积极建议有关部门，加强清理规范力度。\n")
    assert items == ["积极建议有关部门，加强清理规范力度。"]


def test_eight_digit_sign_off_date_is_read_and_flagged_seven_digits_stay_damaged():
    r = parse_letter(HEAD + "我局将持续上好护学岗。\n区公安局\n20241018\n")
    assert r.document.date == dt.date(2024, 10, 18)
    assert any("20241018" in w and "核对" in w for w in r.warnings)
    r = parse_letter(HEAD + "我局将持续上好护学岗。\n区公安局\n2024618\n")
    assert r.document.date is None and r.document.date_raw == "2024618"


def test_salutation_without_colon_and_a_page_form_after_the_sign_off():
    text = ("关于区第十届政协第三次会议第54号提案的答复函\n王立超委员\n您提出的提案，经认真办理，现答复如下：\n"
            "大队将加大学校周边的管控力度。\n联系人：许浩浩\n交警潘集大队\n20241018\n"
            "为进一步了解掌握社会公众对政策执行效果的反馈与评价，请您提出宝贵的意见或建议。\n姓名：\n联系方式：\n*验证码：\n")
    r = parse_letter(text)
    assert r.document.proposer == "王立超"
    assert r.document.date == dt.date(2024, 10, 18)
    assert r.document.proposal_number == "54"


def test_number_in_brackets_after_the_title():
    r = parse_letter("人大代表苗方杰提出《关于治理学校周边环境》（99号）建议，现答复如下：\n我们将积极建议有关部门。\n")
    assert r.document.proposal_number == "99"


def test_co_unit_names_are_not_cut_at_a_verb_inside_them_and_a_partner_before_yu_is_not_one():
    r = parse_letter(HEAD + "交警支队振安一大队与协办单位指挥协调中心、秩序大队负责人到小学实地调研。\n" + TAIL)
    assert [u.name for u in r.co_units] == ["指挥协调中心", "秩序大队"]


def test_page_metadata_bullets_and_html_comments_are_not_the_letter():
    r = parse_letter("  • 00528361X/2024-00036\n  • 上街区公安局\n" + HEAD + "我局将持续上好护学岗。\n"
                     + "上街区公安局\n2024年6月20日\n<!--EndFragment-->\n")
    assert r.document.date == dt.date(2024, 6, 20)
    assert r.document.issuer == "上街区公安局"
    assert "<!--" not in r.text and "•" not in r.text


REG = [("重庆市綦江区科学技术局", "区科技局"), ("重庆市綦江区财政局", "区财政局"),
       ("重庆市綦江区人力资源和社会保障局", "区人力社保局"), ("重庆市綦江区公安局", "区公安局")]
H2 = ("关于区政协三届一次会议第024号提案的答复\n包安洪委员：\n您提出的《关于加快发展的建议》收悉，现答复如下：\n"
      "一、基本情况\n我区已完成相关工作。\n")
T2 = "感谢您对我们工作的关心和支持。\n重庆市綦江区科学技术局\n2022年5月30日\n"


def test_a_heading_with_one_paragraph_gives_one_item_per_promise_sentence():
    r = parse_letter(H2 + "三、下步打算\n我局将加快推进项目建设。同时，将会同区财政局落实资金保障。"
                     "此外，还将加强宣传引导，营造良好氛围。\n" + T2, REG)
    assert [c.text for c in r.plan_items] == [
        "我局将加快推进项目建设。", "同时，将会同区财政局落实资金保障。", "此外，还将加强宣传引导，营造良好氛围。"]
    assert [c.units for c in r.plan_items] == [[], ["区财政局"], []]
    # a paragraph that is one promise stays one item
    r = parse_letter(H2 + "三、下步打算\n我局将加快推进项目建设，确保年底前完工。\n" + T2, REG)
    assert len(r.plan_items) == 1


def test_a_two_level_plan_is_parents_with_sub_items_in_the_json_too():
    from qjtasks.importers import to_json_dict
    r = parse_letter(H2 + "二、下一步工作计划\n（一）加强基础建设\n1.加快建设停车场。\n2.推进智慧停车系统。\n"
                     "（二）强化管理\n1.会同区公安局等部门开展整治。\n2.完善收费机制。\n" + T2, REG)
    assert [c.title for c in r.plan_items] == ["加强基础建设", "强化管理"]
    assert [[s.text for s in c.sub_items] for c in r.plan_items] == [
        ["加快建设停车场。", "推进智慧停车系统。"], ["会同区公安局等部门开展整治。", "完善收费机制。"]]
    assert r.plan_items[1].sub_items[0].units == ["区公安局"]
    data = to_json_dict(r)
    assert {"document", "co_units", "plan_items", "other_commitments"} <= data.keys()
    assert data["plan_items"][0]["units"] == [] and len(data["plan_items"][0]["sub_items"]) == 2
    assert data["plan_items"][1]["sub_items"][0]["text"] == "会同区公安局等部门开展整治。"
    # one level only: no sub_items key
    r = parse_letter(H2 + "二、下一步工作计划\n1.加快建设停车场。\n2.完善收费机制。\n" + T2, REG)
    assert all("sub_items" not in c for c in to_json_dict(r)["plan_items"])


def test_a_field_named_without_level_is_the_registers_unit_for_a_letter_of_its_level():
    body = "二、下一步工作措施\n第一，加快项目建设。\n第二，协调人社部门落实补贴政策。\n"
    r = parse_letter(H2 + body + T2, REG)
    assert [u.name for u in r.co_units] == ["区人力社保局"]
    assert r.plan_items[1].units == ["区人力社保局"]
    # a city bureau's letter: the district register's 人社 is not its partner
    r = parse_letter(H2 + body + "感谢您的支持。\n重庆市交通局\n2022年5月30日\n", REG)
    assert r.co_units == []
    # vague fields (有关/相关部门) and fields the register cannot resolve are never co-units
    r = parse_letter(H2 + "二、下一步工作措施\n第一，协调有关部门落实。\n第二，会同交通运输部门研究。\n" + T2, REG)
    assert r.co_units == []


def test_verb_named_partners_reach_their_items_and_headings_are_not_commitments():
    r = parse_letter(H2 + "今后工作\n1.积极协调区人社局对接企业用工。\n2.配合市卫健委做好培训。\n" + T2, REG)
    assert [c.units for c in r.plan_items] == [["区人力社保局"], ["市卫健委"]]
    assert [c.text for c in r.other_commitments] == []


def test_each_item_keeps_the_sentence_it_was_read_from():
    r = parse_letter(H2 + "二、关于资金问题\n区财政已安排资金。区财政局将积极争取上级资金支持，确保项目落地。\n" + T2, REG)
    (item,) = r.plan_items
    assert item.text == "积极争取上级资金支持，确保项目落地。"
    assert item.sentence == "区财政已安排资金。区财政局将积极争取上级资金支持，确保项目落地。"[9:]


def test_partners_named_with_yu_he_and_a_togetherness_verb_after_the_list():
    r = parse_letter(HEAD + "下一步我局将积极与区财政、区城市管理执法局、涉农街镇对接，保障常态化保洁机制。\n" + TAIL)
    assert [u.name for u in r.co_units] == ["区财政", "区城市管理执法局"]
    r = parse_letter(HEAD + "下一步将适时积极和玉屏镇、自然资源部门联合开展土地征收、报批工作。\n" + TAIL)
    assert [u.name for u in r.co_units] == ["玉屏镇"]
    # 和 inside a name never starts a partner list
    r = parse_letter(HEAD + "下一步将推动住房和城乡建设局共同研究的方案落地。\n" + TAIL)
    assert "城乡建设局" not in [u.name for u in r.co_units]


def test_a_body_handling_separately_or_asked_for_facts_is_not_a_co_unit():
    r = parse_letter(HEAD + "您提出的建议由我局与规划局分办。目前，经与规划局联系，该单位仍在进行规划。"
                     "我局将待方案拿出后具体实施。\n" + TAIL)
    assert r.co_units == []
    r = parse_letter(HEAD + "经与区财政局共同研究，现答复如下：\n我局将加快实施。\n" + TAIL)
    assert [u.name for u in r.co_units] == ["区财政局"]


def test_sign_off_as_labelled_fields_mixed_digits_and_a_date_line_without_a_name():
    r = parse_letter(HEAD + "我局将加快实施。\n单位名称：昆区农牧局\n答复日期：2023年3月20日\n")
    assert r.document.date == dt.date(2023, 3, 20) and r.document.issuer == "昆区农牧局"
    r = parse_letter(HEAD + "新烟办将积极对接。\n二0二一年四月七日\n联系人：曹雪珂\n")
    assert r.document.date == dt.date(2021, 4, 7)
    r = parse_letter(HEAD + "我局将待方案拿出后具体实施。\n2020年8月18日\n联系单位及电话：上街区城市管理局 68118611\n"
                     "留言与评论（共有 0 条评论） |\n")
    assert r.document.date == dt.date(2020, 8, 18)


def test_a_page_that_prints_the_letter_twice_gives_each_item_once():
    letter = HEAD + "我局将待方案拿出后，按照方案内容具体实施。\n2020年8月18日\n"
    r = parse_letter(letter + letter)
    assert [c.text for c in r.plan_items] == ["待方案拿出后，按照方案内容具体实施。"]


def test_a_letter_flattened_into_one_table_cell_gets_its_lines_back():
    text = ("对《加大扶持力度的建议》的答复 | ||||||||\n2022-07-01 点击数: | ||||||\n|\n||||||||\n"
            "沭财复字〔2022〕4号 签发人:庞佃宝 尊敬的李晓林等代表: 您提出的建议已收悉,现答复如下: "
            "财政局对园区建设高度重视,近年来先后投入资金建设了多项工程。 同时根据县政府工作部署,拟在园区建设污水处理厂。 "
            "下一步,我们将积极通过加大资金投入等方式支持园区基础配套设施建设。 感谢您对财政工作的关心和支持! "
            "2022年7月1日 联系科室、人员及电话:经建科6211754 抄送:县政府办公室 |\n||||||\n【关闭窗口】 |\n")
    r = parse_letter(text)
    assert r.document.doc_number == "沭财复字〔2022〕4号"
    assert r.document.date == dt.date(2022, 7, 1)
    assert [c.text[:8] for c in r.plan_items] == ["积极通过加大资金"]
    assert "|" not in r.text


def test_proposal_numbers_with_dots_letters_and_dashes():
    for number in ("2023.045", "A12", "2023-045", "0105"):
        r = parse_letter(f"关于区政协三届一次会议第{number}号提案的答复\n" + HEAD.split("\n", 1)[1] + "我局将加快实施。\n" + TAIL)
        assert r.document.proposal_number == number


def test_sub_items_of_a_two_level_plan_are_not_also_other_commitments():
    r = parse_letter(H2 + "二、下一步工作计划\n（一）加强基础设施建设\n1.加快建设停车场，2023年底前建成3个。\n"
                     "2.推进立体停车库建设。\n（二）强化管理\n1.完善停车收费机制。\n2.加强巡查。\n" + T2, REG)
    assert len(r.plan_items) == 2 and r.other_commitments == []


def test_will_as_ba_reporting_the_result_is_done_work():
    assert plan("在提案基本办理完毕后，将办理结果向两办汇报同意后，与委员进行了沟通。\n") == []


def test_what_a_page_adds_after_the_sign_off_is_not_the_letter():
    text = (HEAD + "大队将加大学校周边的管控力度。\n交警潘集大队\n20241018\n"
            "为进一步了解社会公众对政策执行效果的评价，请您提出宝贵的意见或建议。我们将及时收集并分析，共同助力政策不断完善。\n"
            "姓名：\n*验证码：\n")
    r = parse_letter(text)
    assert [c.text for c in r.plan_items] == ["加大学校周边的管控力度。"]
    assert r.other_commitments == [] and r.document.issuer == "交警潘集大队"
