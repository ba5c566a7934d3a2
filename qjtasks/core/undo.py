"""Which edit can be undone, and what undoing it will change.

Only an item edit (修改事项) can be undone, and only while it is still the most recent operation
on that item: a later 交办, 签收, 催办, 延期, note or edit was done on the strength of the edited
values (an item issued with the deadline the edit set, a chase counted from it), so undoing the
edit behind their back would leave records that no longer hold (an issued item with no deadline).
`plan` decides from the journal rows alone and says in Chinese why it refuses; the services
apply the plan in one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ValidationError
from .journal import label
from .models import Status
from .timeline import FIELD_LABELS

# Later operations that were done against the deadline or dates an edit may have set.
DATE_FIELDS = ("current_deadline", "original_deadline", "assigned_on")
HIDDEN = ("next_feedback_due",)
UNDOABLE = ("item.edit", "item.undo")


@dataclass(frozen=True)
class UndoPlan:
    journal_id: int
    item_id: int
    title: str
    at: str
    actor: str
    restore: dict          # field -> the value the edit replaced (what undo writes back)
    now: dict              # field -> the value it has now (what undo replaces)

    def lines(self) -> list[str]:
        return [f"{FIELD_LABELS.get(k, k)}：{_shown(self.now.get(k))} → {_shown(v)}"
                for k, v in self.restore.items() if k not in HIDDEN]

    def describe(self) -> str:
        """`将撤销日志 28（2026-12-07 09:40 督办员 修改事项）：事项 1“…”：办结时限：2027-02-25 → 未定`."""
        head = (f"将撤销日志 {self.journal_id}（{self.at[:16].replace('T', ' ')} {self.actor} 修改事项），"
                f"事项 {self.item_id}“{self.title}”")
        return head + "：\n" + "\n".join(f"  {line}" for line in self.lines())


def _shown(value) -> str:
    if value in (None, ""):
        return "未定"
    text = str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def plan(entry: dict, later: list[tuple[int, str]], row: dict) -> UndoPlan:
    """The plan for undoing journal row `entry` (a dict with id, at, actor, action, item_id,
    before, after), given the item's later journal rows `later` [(id, action)] and its row now."""
    jid = entry["id"]
    if entry["action"] != "item.edit":
        raise ValidationError(f"日志 {jid} 是“{label(entry['action'])}”，只有“修改事项”可以撤销")
    before, after = entry["before"] or {}, entry["after"] or {}
    if later:
        raise ValidationError(_not_latest(jid, entry["item_id"], before, later, row))
    if any(row.get(k) != v for k, v in after.items()):
        raise ValidationError(f"日志 {jid} 的修改之后事项又被改动过，无法撤销")
    if row["status"] != Status.DRAFT and not before.get("current_deadline", row["current_deadline"]):
        raise ValidationError(f"不能撤销日志 {jid}：事项 {entry['item_id']} 已交办，"
                              "撤销后将没有办结时限")
    return UndoPlan(jid, entry["item_id"], row["title"], entry["at"], entry["actor"],
                    dict(before), {k: row.get(k) for k in before})


def _not_latest(jid: int, item_id: int, before: dict, later: list[tuple[int, str]],
                row: dict) -> str:
    if later[0][1] == "item.undo":
        return f"日志 {jid} 的修改已经撤销过（日志 {later[0][0]}），不能再撤销"
    ops = "、".join(f"{label(action)}（日志 {n}）" for n, action in later[:5])
    more = f"等 {len(later)} 项操作" if len(later) > 5 else ""
    text = (f"不能撤销日志 {jid}：它已不是事项 {item_id} 的最近一次操作，此后又有{ops}{more}。")
    touched = [k for k in DATE_FIELDS if k in before]
    if touched and any(action not in UNDOABLE for _n, action in later):
        fields = "、".join(dict.fromkeys(FIELD_LABELS[k] for k in touched))
        text += f"这些操作是按这次修改后的{fields}进行的，撤销会让它们失去依据"
        if not before.get("current_deadline") and row["status"] != Status.DRAFT:
            text += "（已交办的事项将没有办结时限）"
        text += "。"
    return text + "只能撤销事项的最近一次操作；如需更改，请直接修改事项。"
