"""Unit side: answer a chase (催办) the office sent, to be carried back in the next package.

The chase row itself belongs to the office and is mirrored as received; the unit's answer is
kept beside it (`exchange_chase_replies`) so that a later snapshot from the office never
overwrites it and the office decides if its own record of the call differs.
"""
from __future__ import annotations

import datetime as dt

from qjtasks.core import validate
from qjtasks.core.errors import NotFoundError, ValidationError


def answer_chase(services, chase: str | int, answer: str, by: str = "",
                 on: dt.date | str | None = None) -> dict:
    key = str(chase).strip()
    row = services.store.arrivals.find_chase(key)
    if row is None:
        raise NotFoundError(f"催办记录“{key[:40]}”不存在（催办记录编号见 show 事项 的时间线，"
                            "或导入数据包时列出的编号）")
    own = services.own_unit_id()
    if own is not None and row[3] not in (own, None):
        unit = services.store.unit(row[3]).short_name
        raise ValidationError(f"催办记录 {row[0]} 是发给“{unit}”的，本单位不能答复；未作任何改动")
    text = validate.text(answer, "催办答复", required=True, field="answer")
    when = (validate.date(on, "答复日期", field="on") or services.today()).isoformat()
    who = validate.text(by or services.actor, "答复人", limit=50, field="by")
    with services.tx():
        services.store.arrivals.put_chase_reply(row[1], text, who, when)
        services.log("item.chase.reply", "chase", row[0], row[2],
                     after={"answer": text, "replied_by": who, "replied_on": when,
                            "unit_id": own if own is not None else row[3]})
    return {"chase_uid": row[1], "item_id": row[2], "answer": text, "replied_on": when,
            "replied_by": who, "pending": len(services.store.exchange.chase_replies())}
