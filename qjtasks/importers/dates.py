"""Dates as letters write them: `2022年6月27日`, `二○二二年六月二十七日`, `2022-06-27`.

`find_date` returns the parsed date with the text it came from; a date that is damaged
(`202285`, `2022年627日`, `2022年13月5日`) is reported as damaged, never guessed.
"""
from __future__ import annotations

import datetime as dt
import re

_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3,
          "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零OＯo0一二三四五六七八九十"  # `二0二一年四月七日`: an ASCII 0 among Chinese digits
ARABIC = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CHINESE = re.compile(f"([{_CN}]{{4}})\\s*年\\s*([{_CN}]{{1,3}})\\s*月\\s*([{_CN}]{{1,3}})\\s*日")
ISO = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
DAMAGED = re.compile(r"^(?:20\d{3,6}|(?:19|20)\d{2}\s*年\s*\d{3,4}\s*日?|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月?"
                     r"|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日)$")


def chinese_number(text: str) -> int | None:
    """`二十七` → 27, `十` → 10, `二〇二二` (digit by digit) → 2022; None when not a number."""
    if not text:
        return None
    if "十" not in text:
        digits = [_DIGIT.get(c) for c in text]
        return None if None in digits else int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    t = _DIGIT.get(tens, None) if tens else 1
    o = _DIGIT.get(ones, None) if ones else 0
    return None if t is None or o is None else t * 10 + o


def _make(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d)) if None not in (y, m, d) else None
    except ValueError:
        return None


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """First date in `text` → (date, raw text); (None, raw) when it is there but invalid."""
    found = []
    for rx, conv in ((ARABIC, int), (CHINESE, chinese_number), (ISO, int)):
        m = rx.search(text)
        if m:
            found.append((m.start(), _make(*(conv(g) for g in m.groups())), m.group(0)))
    if not found:
        return None, None
    _, date, raw = min(found, key=lambda f: f[0])
    return date, raw


COMPACT = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


def compact_date(line: str) -> dt.date | None:
    """`20241018`: a sign-off date whose 年月日 the publishing site dropped; eight digits are
    unambiguous (seven, `2022625`, are not and stay damaged)."""
    m = COMPACT.match(line.strip().rstrip("。"))
    return _make(*m.groups()) if m else None


def looks_damaged(line: str) -> bool:
    """A line that is meant to be a date but cannot be read as one (`202285`)."""
    line = line.strip().rstrip("。")
    return bool(DAMAGED.match(line)) and parse_date(line)[0] is None
