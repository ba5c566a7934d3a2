"""Input checks shared by the services; each failure is a Chinese `ValidationError`."""
from __future__ import annotations

import datetime as dt

from .calendar import parse_optional_date
from .errors import ValidationError

MAX_TITLE = 200
MAX_TEXT = 20_000


def text(value, what: str, *, required: bool = False, limit: int = MAX_TEXT,
         field: str | None = None, strip: bool = True) -> str:
    """Clean text; `strip=False` keeps offsets into long documents (letters) stable."""
    value = "" if value is None else str(value)
    value = value.replace("\x00", "\ufffd")
    value = value.strip() if strip else value
    if required and not value.strip():
        raise ValidationError(f"{what}不能为空", field=field)
    if len(value) > limit:
        raise ValidationError(f"{what}过长（{len(value)} 字，最多 {limit} 字），未保存",
                              field=field)
    return value


def title(value, what: str = "事项名称") -> str:
    return text(value, what, required=True, limit=MAX_TITLE, field="title")


def percent(value, *, required: bool = False) -> int | None:
    if value is None or value == "":
        if required:
            raise ValidationError("请填写完成进度（0–100）", field="percent")
        return None
    try:
        number = int(str(value).strip().rstrip("%％"))
    except ValueError:
        raise ValidationError(f"完成进度“{str(value)[:20]}”不是数字，请填写 0–100",
                              field="percent") from None
    if not 0 <= number <= 100:
        raise ValidationError(f"完成进度须在 0–100 之间，当前为 {number}", field="percent")
    return number


def date(value, what: str, *, required: bool = False, field: str | None = None
         ) -> dt.date | None:
    try:
        parsed = parse_optional_date(value, what=what)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None
    if required and parsed is None:
        raise ValidationError(f"请填写{what}", field=field)
    return parsed


def deadline_after(assigned: dt.date | None, deadline: dt.date | None) -> None:
    if assigned and deadline and deadline < assigned:
        raise ValidationError(f"办结时限 {deadline} 早于交办日期 {assigned}，请检查",
                              field="deadline")


def choice(value, options, what: str, field: str | None = None) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    allowed = [str(o) for o in options]
    if str(value) not in allowed:
        raise ValidationError(f"{what}“{value}”无效，可选：{'、'.join(allowed)}", field=field)
    return str(value)
