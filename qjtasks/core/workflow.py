"""Which status an item may move to from which (DOMAIN.md §3), and the origins a record may
have: rules only, no I/O. The steps themselves are `services.lifecycle`.

立项 → 交办 → 签收 → 办理/反馈 → 催办 → 延期 → 申请办结 → 审结 | 退回重办.
"""
from __future__ import annotations

from .errors import TransitionError
from .models import CycleKind, FeedbackCycle, Origin, Status
from .rows import d

ALLOWED = {
    Status.DRAFT: (Status.AWAITING_SIGN, Status.WITHDRAWN),
    Status.AWAITING_SIGN: (Status.IN_PROGRESS, Status.WITHDRAWN),
    Status.IN_PROGRESS: (Status.SUBMITTED, Status.PAUSED),
    Status.SUBMITTED: (Status.CLOSED, Status.IN_PROGRESS),
    Status.CLOSED: (Status.IN_PROGRESS,),
    Status.PAUSED: (Status.IN_PROGRESS,),
    Status.WITHDRAWN: (),
}
ORIGINS = [o.value for o in Origin]


def check_transition(current: str, target: Status, verb: str) -> None:
    if target not in ALLOWED[Status(current)]:
        nxt = "、".join(s.value for s in ALLOWED[Status(current)]) or "无（已是终态）"
        raise TransitionError(f"事项当前状态为“{current}”，不能{verb}；此状态下只能转为：{nxt}")


def cycle_of(row: dict) -> FeedbackCycle:
    return FeedbackCycle(CycleKind(row["cycle_kind"]), row["cycle_day"], d(row["cycle_due"]))
