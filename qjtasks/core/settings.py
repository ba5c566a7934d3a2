"""Settings with defaults. Every rule of thumb in DOMAIN.md is a default here, not a constant.

Values are stored as JSON in the `settings` table; `DEFAULTS` documents every key.
"""
from __future__ import annotations

import datetime as dt
import json

DEFAULTS: dict[str, object] = {
    "role": "office",                              # office (督办) or unit (承办单位)
    "office_name": "重庆市綦江区发展和改革委员会",
    "office_short": "区发改委",
    "serial_prefix": "綦发改督",
    "chase_prefix": "綦发改催",
    "supervisor_contact": "",
    "supervisor_phone": "",
    "leader_copy": "分管领导",
    "yellow_threshold": 3,                         # working days before the deadline
    "extra_holidays": [],                          # ["2027-01-01", …]
    "extra_workdays": [],
    "default_cycle_kind": "每月",
    "default_cycle_day": 25,
    "co_input_months": 2,                          # 协办 input due this long after assignment
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
