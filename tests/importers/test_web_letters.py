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
