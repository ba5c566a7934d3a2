"""The embedded default case: proposal No. 024 and reply 綦发改函〔2022〕140号.

Loads the nine units, the proposal, the reply with its full text, the three next-step items of
section 六 (item 三 split into sub-items) and the body's other checkable promises, each linked to
the sentence it comes from. Owners follow the sample split of DOMAIN.md §1 and are marked as a
sample (示例分工). No contact names or phone numbers are invented.
"""
from __future__ import annotations

from .models import AnswerClass, CycleKind, FeedbackCycle, ItemDraft, ProposalDraft, ReplyDraft
from .services import Services

OFFICE = ("重庆市綦江区发展和改革委员会", "区发改委")
BUREAUS = [
    ("重庆市綦江区生态环境局", "区生态环境局"),
    ("重庆市綦江区机关事务管理中心", "区机关事务管理中心"),
    ("重庆市綦江区财政局", "区财政局"),
    ("重庆市綦江区住房和城乡建设委员会", "区住房城乡建委"),
    ("重庆市綦江区国有资产监督管理委员会", "区国资委"),
    ("重庆市綦江区交通局", "区交通局"),
    ("重庆市綦江区经济和信息化委员会", "区经济信息委"),
    ("重庆市綦江区科学技术局", "区科技局"),
]
SAMPLE = "示例分工"
SECTION6 = "六、下一步工作计划"

# (title, quote from the letter, section, category, lead, co-units, sub-items)
PLAN_ITEMS = [
    ("进一步加大绿色发展宣传学习", "一是进一步加大绿色发展宣传学习。", SECTION6, "宣传学习",
     "区发改委", ["区生态环境局", "区经济信息委"], []),
    ("进一步强化科研项目支撑", "二是进一步强化科研项目支撑。", SECTION6, "科研支撑",
     "区科技局", ["区经济信息委", "区财政局"], []),
    ("推行办公自动化与反食品浪费", "三是加速推行使用办公自动化系统", SECTION6, "绿色办公",
     "区机关事务管理中心", ["区财政局", "区国资委"], [
         ("加速推行办公自动化系统，推行纸张双面打印、无纸化办公",
          "加速推行使用办公自动化系统，推行纸张双面打印、无纸化办公。"),
         ("广泛开展反食品浪费活动，常态化开展“光盘行动”",
          "广泛开展反食品浪费活动，常态化开展“光盘行动”"),
         ("加强公务接待、会议培训等公务活动用餐管理",
          "进一步加强公务接待、会议培训等公务活动用餐管理"),
         ("加强食品采购、储存、加工等环节减损管理",
          "加强食品在采购、储存、加工等环节减损管理"),
         ("完善餐饮浪费监管机制，定期检查", "完善餐饮浪费监管机制，定期检查"),
         ("实施公共机构反食品浪费工作成效评估和通报制度",
          "实施公共机构反食品浪费工作成效评估和通报制度"),
     ]),
]

OTHER_PROMISES = [
    ("再引导4家企业进入市级绿色工厂培育库", "今年再引导4家进入培育库", "三、扎实开展绿色城市建设",
     "工业绿色", "区经济信息委", []),
    ("指导高新区申报创建市级绿色园区", "今年将积极指导高新区申报创建市级绿色园区",
     "三、扎实开展绿色城市建设", "工业绿色", "区经济信息委", []),
    ("启动綦江区充电桩发展规划编制", "启动綦江区充电桩发展规划编制", "三、扎实开展绿色城市建设",
     "绿色交通", "区交通局", ["区发改委"]),
    ("公交车辆充电桩“车桩比”力争达到2:1", "力争公交车辆充电桩“车桩比”达到2:1",
     "三、扎实开展绿色城市建设", "绿色交通", "区交通局", []),
    ("持续推进货运车辆“黄标车”淘汰", "持续推进货运车辆“黄标车”淘汰工作",
     "三、扎实开展绿色城市建设", "绿色交通", "区交通局", ["区生态环境局"]),
    ("编制《綦江区公共机构节约能源资源“十四五”规划》",
     "编制《綦江区公共机构节约能源资源“十四五”规划》", "大力推行绿色办公，践行绿色生活方式",
     "绿色办公", "区机关事务管理中心", []),
    ("加大绿色采购力度", "加大绿色采购力度", "大力推行绿色办公，践行绿色生活方式",
     "绿色办公", "区财政局", ["区机关事务管理中心"]),
    ("规范公务用车使用管理，实行单车油耗核算", "实行单车油耗核算",
     "大力推行绿色办公，践行绿色生活方式", "绿色办公", "区机关事务管理中心", []),
]


def letter_text() -> str:
    from qjtasks.paths import resource
    return resource("seed", "reply-024.txt").read_text(encoding="utf-8")


def _draft(text: str, title: str, quote: str, section: str, category: str, lead: str,
           cos: list[str], parent_id: int | None = None) -> ItemDraft:
    start = text.find(quote)
    return ItemDraft(
        title=title, requirements=_sentence(text, start, quote), category=category,
        source_section=section, source_quote=quote,
        source_start=start if start >= 0 else None,
        source_end=start + len(quote) if start >= 0 else None, parent_id=parent_id,
        lead_unit_name=lead, co_unit_names=cos, is_sample=True,
        cycle=FeedbackCycle(CycleKind.MONTHLY, 25))


def _sentence(text: str, start: int, quote: str) -> str:
    """The whole paragraph around the quote, for the item's requirements."""
    if start < 0:
        return quote
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin:end if end >= 0 else len(text)].strip()


def load_reply_024(services: Services) -> int:
    """Load the case into an empty database, in one transaction. Returns the reply id."""
    text = letter_text()
    with services.tx():
        services.units.add(*OFFICE, is_office=True)
        for name, short in BUREAUS:
            services.units.add(name, short)
        rid = services.dossiers.create(
            ProposalDraft(session="区政协三届一次会议", number="024", kind="政协提案",
                          title="关于深化綦江区绿色发展的一些建议", proposer="包安洪"),
            ReplyDraft(doc_number="綦发改函〔2022〕140号", issuer=OFFICE[0], date="2022-06-27",
                       signer="李炜", answer_class=AnswerClass.B, full_text=text)).reply_id
        for title, quote, section, cat, lead, cos, subs in PLAN_ITEMS:
            draft = _draft(text, title, quote, section, cat, lead, cos)
            draft.reply_id = rid
            parent = services.items.add(draft).item_id
            for sub_title, sub_quote in subs:
                sub = _draft(text, sub_title, sub_quote, section, cat, lead, cos, parent)
                sub.reply_id = rid
                services.items.add(sub)
        for title, quote, section, cat, lead, cos in OTHER_PROMISES:
            draft = _draft(text, title, quote, section, cat, lead, cos)
            draft.reply_id = rid
            services.items.add(draft)
    return rid


def ensure_default(services: Services, *, empty: bool = False) -> bool:
    """Seed a database this process just created, unless `empty`; True when loaded.

    An existing database, even an empty one made with `init --empty`, is never seeded.
    """
    store = services.store
    if empty or not store.created or not store.is_empty() or store.readonly:
        return False
    load_reply_024(services)
    return True
