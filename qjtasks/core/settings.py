"""Settings with defaults. Every rule of thumb in DOMAIN.md is a default here, not a constant.

Values are stored as JSON in the `settings` table; `DEFAULTS` documents every key.
"""
from __future__ import annotations

import datetime as dt
import json

from .models import Side

DEFAULTS: dict[str, object] = {
    "role": Side.OFFICE.value,                    # office (督办) or unit (承办单位)
    "office_name": "重庆市綦江区发展和改革委员会",
    "office_short": "区发改委",
    "serial_prefix": "綦发改督",
    "chase_prefix": "綦发改催",
    "supervisor_contact": "",
    "supervisor_phone": "",
    "leader_copy": "",                             # 催办通知单 抄送 line; empty: no line
    "yellow_threshold": 3,                         # working days before the deadline
    "extra_holidays": [],                          # ["2027-01-01", …]
    "extra_workdays": [],
    "default_cycle_kind": "每月",
    "default_cycle_day": 25,
    "co_input_months": 2,                          # 协办 input due this long after assignment
    "co_notes_count": False,                       # co-units' notes count as the item's report
    "ladder_phone_before": 3,                      # working days before the deadline
    "ladder_notice1_after": 1,                     # working days after the deadline
    "ladder_notice2_after": 5,                     # after notice 1
    "ladder_circular_after": 5,                    # after notice 2
    "stagnant_days": 30,                           # no feedback for this many days: stagnant
    "backup_keep": 10,
    "font_body": "",
    "font_title": "",
    "font_heading": "",
}

# The names a user reads in messages (the keys are for scripts and the command line).
LABELS: dict[str, str] = {
    "role": "本机角色", "office_name": "督办单位名称", "office_short": "督办单位简称",
    "serial_prefix": "督办编号前缀", "chase_prefix": "催办编号前缀",
    "supervisor_contact": "督办联系人", "supervisor_phone": "督办联系电话",
    "leader_copy": "抄送领导", "yellow_threshold": "黄灯提前工作日数",
    "extra_holidays": "补充节假日", "extra_workdays": "补充调休工作日",
    "default_cycle_kind": "默认反馈周期", "default_cycle_day": "默认反馈日",
    "co_input_months": "协办意见期限（月）", "co_notes_count": "协办单位反馈计入周期反馈", "ladder_phone_before": "电话提醒提前工作日数",
    "ladder_notice1_after": "催办通知1间隔工作日数", "ladder_notice2_after": "催办通知2间隔工作日数",
    "ladder_circular_after": "通报间隔工作日数", "stagnant_days": "停滞提醒天数",
    "backup_keep": "备份保留份数", "font_body": "正文字体", "font_title": "标题字体",
    "font_heading": "小标题字体",
}


def encode(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def decode(text: str) -> object:
    return json.loads(text)


def dates(values: object) -> list[dt.date]:
    out = []
    for v in values or []:
        try:
            out.append(dt.date.fromisoformat(str(v)))
        except ValueError:
            continue
    return out
