"""How an extension request reads in lists: pending ones first, decided ones with their decision.

Shared by `extend list` and the window's 审批延期申请 dialog so both say the same thing.
"""
from __future__ import annotations

from .models import Decision, Extension


def pending_first(exts: list[Extension]) -> list[Extension]:
    """Pending requests first (newest first), then decided ones, most recently decided first."""
    pending = [e for e in exts if e.decision == Decision.PENDING]
    decided = sorted((e for e in exts if e.decision != Decision.PENDING),
                     key=lambda e: (e.decided_on or e.requested_on, e.id), reverse=True)
    return pending + decided


def decision_detail(e: Extension) -> str:
    """What was decided beyond 批准/不批准: `延期至 2027-04-30（意见）` or `理由：…`."""
    if e.decision == Decision.APPROVED:
        note = f"（{e.decision_reason}）" if e.decision_reason else ""
        return f"延期至 {e.approved_deadline or e.proposed_deadline}{note}"
    if e.decision == Decision.REFUSED:
        return f"理由：{e.decision_reason}" if e.decision_reason else ""
    return ""


def decision_text(e: Extension) -> str:
    """`批准，延期至 2027-04-30`, `不批准，理由：…`, or `待审批`."""
    detail = decision_detail(e)
    return f"{e.decision}，{detail}" if detail else str(e.decision)
