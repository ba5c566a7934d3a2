"""Deadline hints in a promise's wording: `2023年6月底前`, `年底前`, `今年`, `6月底`, `定期`.

A hint is the letter's own words, shown beside the item so the supervisor can set a real
deadline; it is never turned into a date automatically.
"""
from __future__ import annotations

import re

_GROUPS = [
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?|底|末|内|上半年|下半年)前?|\d{4}年前",
    r"(?<!\d)\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)前?",
    r"(?:今|明)年年(?:底|末|内)前?|(?:今年|明年|本年度|年)(?:底|末|内)前?|(?:今|明)年(?:上半年|下半年)?|上半年|下半年",
    r"(?:\d{4}年)?汛期?前|近期|尽快|\d+年内|[一二三两]年内|“?十四五”?(?:期间|末)",
    r"定期|每年|每半年|每季度|每月",
    r"长期|常态化|持续",
]
_RES = [re.compile(g) for g in _GROUPS]


def deadline_hint(text: str) -> str | None:
    """The most specific deadline wording in `text`, or None."""
    for rx in _RES:
        m = rx.search(text)
        if m:
            return m.group(0)
    return None
