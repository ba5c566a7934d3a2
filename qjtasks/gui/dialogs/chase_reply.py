"""答复催办 on a unit (承办单位) installation: answer a chase the office sent.

The answer is kept at the unit and travels back in the next package; the office sees it on the
item's timeline and in that chase's record. Only chases sent to this unit (or to the item as a
whole, for its lead unit) are offered.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from qjtasks.core.errors import ValidationError
from qjtasks.core.models import Changes
from qjtasks.gui.dialogs.base import FormDialog, combo, date_edit, text_edit


def chase_choices(session, item_id: int) -> list[tuple[str, int]]:
    own = session.services.own_unit_id()
    lead = session.store.item(item_id).lead_unit_id
    out = []
    for c in session.store.chases.of(item_id):
        if own is not None and c.unit_id not in (own, None if lead == own else own):
            continue
        how = "，".join(x for x in (c.method, c.rung, c.serial) if x)
        out.append((f"催办记录 {c.id}：第{c.number}次，{c.chased_on}，{how}", c.id))
    return out


class ChaseReplyDialog(FormDialog):
    title = "答复催办"
    ok_text = "保存答复"

    def build(self) -> None:
        item_id = self.context["item_id"]
        item = self.session.store.item(item_id)
        choices = chase_choices(self.session, item_id)
        self.add("chase", "催办记录", combo(choices or [("（该事项没有发给本单位的催办）", None)]),
                 f"事项：{item.title[:40]}；答复随下一个数据包发回督办方")
        self.add("answer", "答复内容", text_edit(4))
        self.add("by", "答复人", QLineEdit(self.session.services.actor))
        self.add("on", "答复日期", date_edit(self.session.today))

    def __init__(self, session, parent=None, **context):
        super().__init__(session, parent, **context)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 48)

    def submit(self):
        from qjtasks.exchange.chase_reply import answer_chase
        chase = self.value("chase")
        if chase is None:
            raise ValidationError("该事项没有发给本单位的催办，无需答复", field="chase")
        answer_chase(self.session.services, chase, self.value("answer"), self.value("by"),
                     self.date("on", "答复日期"))
        return Changes("item.chase.reply", item_ids=frozenset({self.context["item_id"]}))
