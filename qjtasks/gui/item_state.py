"""Which handling actions the selected item's state allows, and why not when it does not.

The menus, the toolbar and the table's context menu disable an action the core would refuse
(签收登记 on a 待交办 item, 审核办结 before anyone applied …) and say why in its tooltip and
the status bar, instead of letting the user fill a form that fails at 保存. The rules mirror
the core's checks (`workflow.ALLOWED` and the steps' own guards); the core still decides.
"""
from __future__ import annotations

from dataclasses import dataclass

from qjtasks.core.models import Status
from qjtasks.core.workflow import ALLOWED

FINISHED = (Status.DRAFT, Status.CLOSED, Status.WITHDRAWN)


@dataclass(frozen=True)
class ItemState:
    status: Status
    owners: int            # units assigned
    unsigned: tuple[str, ...]   # names of units that have not signed
    pending_extensions: int

    @classmethod
    def read(cls, store, item_id: int) -> ItemState:
        item = store.item(item_id)
        owners = store.assignments(item_id)
        return cls(Status(item.status), len(owners),
                   tuple(a.unit_name for a in owners if not a.signed_at),
                   len(store.requests.extensions(item_id, pending_only=True)))


def _now(state: ItemState) -> str:
    return f"事项当前状态为“{state.status}”"


def _sign(s: ItemState) -> str | None:
    if s.status == Status.DRAFT:
        return f"{_now(s)}，尚未交办：交办后承办单位才能签收"
    if s.status in (Status.CLOSED, Status.WITHDRAWN):
        return f"{_now(s)}，不能签收"
    if not s.owners:
        return "尚未指定承办单位（事项 → 分配承办单位）"
    if not s.unsigned:
        return "所有承办单位均已签收"
    return None


def _step(target: Status, verb: str):
    def rule(s: ItemState) -> str | None:
        if target in ALLOWED[s.status]:
            return None
        return f"{_now(s)}，不能{verb}"
    return rule


def _among(statuses: tuple[Status, ...], text: str):
    def rule(s: ItemState) -> str | None:
        return None if s.status in statuses else f"{_now(s)}，{text}"
    return rule


RULES = {
    "issue": _among((Status.DRAFT,), "只有待交办的事项可以交办"),
    "sign": _sign,
    "note": lambda s: f"{_now(s)}，不能登记进展反馈" if s.status in FINISHED else None,
    "chase": lambda s: f"{_now(s)}，无需催办" if s.status in FINISHED else None,
    "extension": _among((Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.PAUSED),
                        "不能申请延期"),
    "decide_extension": lambda s: None if s.pending_extensions else "没有待审批的延期申请",
    "complete": _step(Status.SUBMITTED, "申请办结（须在办理中）"),
    "review": _among((Status.SUBMITTED,), "承办单位申请办结后才能审核"),
    "pause": _step(Status.PAUSED, "暂缓（须在办理中）"),
    "resume": _among((Status.PAUSED,), "不是暂缓状态，无需恢复"),
    "withdraw": _step(Status.WITHDRAWN, "撤销（只有待交办、待签收的事项可以撤销）"),
    "reopen": _among((Status.CLOSED,), "只有已办结事项可以重新打开"),
}


def why_not(key: str, state: ItemState | None) -> str | None:
    """Why action `key` cannot be taken on the item now; None when it can (or has no rule)."""
    rule = RULES.get(key)
    if rule is None or state is None:
        return None
    return rule(state)
