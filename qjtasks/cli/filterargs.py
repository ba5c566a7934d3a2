"""Options shared by `list` and `export`: unit, role, status, light, category, dates, text."""
from __future__ import annotations

from qjtasks.core import filters
from qjtasks.core.calendar import parse_date
from qjtasks.core.errors import ValidationError
from qjtasks.core.models import Light, Role, Status


def add_filter_args(p) -> None:
    p.add_argument("--unit", help="承办单位（全称、简称或编号）")
    p.add_argument("--role", choices=[r.value for r in Role], help="角色：牵头 或 配合")
    p.add_argument("--status", action="append", choices=[s.value for s in Status],
                   help="状态，可重复")
    p.add_argument("--light", action="append", choices=[lt.value for lt in Light],
                   help="灯色：绿 黄 红 完成，可重复")
    p.add_argument("--category", help="类别")
    p.add_argument("--due-before", metavar="日期", help="办结时限不晚于")
    p.add_argument("--due-after", metavar="日期", help="办结时限不早于")
    p.add_argument("--text", default="", help="全文检索（事项与反馈）")
    p.add_argument("--view", default="全部", choices=list(filters.VIEWS), help="预设视图")
    p.add_argument("--open", action="store_true", help="只列出未办结的事项")
    p.add_argument("--sort", default="id", choices=sorted(filters.ORDERS), help="排序字段")
    p.add_argument("--desc", action="store_true", help="倒序")


def filter_from_args(args, ctx) -> filters.ItemFilter:
    unit_id = ctx.store.unit_by_name(args.unit).id if args.unit else None
    due_before = parse_date(args.due_before, what="--due-before") if args.due_before else None
    due_after = parse_date(args.due_after, what="--due-after") if args.due_after else None
    if due_before and due_after and due_after > due_before:
        raise ValidationError("--due-after 晚于 --due-before，没有符合条件的日期范围")
    return filters.ItemFilter(view=args.view, unit_id=unit_id, role=args.role,
                              statuses=args.status or [], lights=args.light or [],
                              category=args.category, due_before=due_before,
                              due_after=due_after, text=args.text or "", open_only=args.open)


def item_json(row: dict, assignments: list) -> dict:
    """The JSON shape of one item in `list --json` and `export --format json` (a contract)."""
    return {
        "id": row["id"], "serial": row["serial"], "title": row["title"],
        "requirements": row["requirements"], "category": row["category"],
        "status": row["status"], "parent_id": row["parent_id"], "reply_id": row["reply_id"],
        "assigned_on": row["assigned_on"], "original_deadline": row["original_deadline"],
        "current_deadline": row["current_deadline"], "extended": bool(
            row["current_deadline"] and row["original_deadline"]
            and row["current_deadline"] != row["original_deadline"]),
        "remaining_workdays": row["remaining_workdays"], "light": row["light"],
        "percent": row["percent"], "last_feedback_on": row["last_feedback_on"],
        "days_since_feedback": row["stale_days"], "next_feedback_due": row["next_feedback_due"],
        "chase_count": row["chase_count"], "is_sample": bool(row["is_sample"]),
        "assignments": [{"unit_id": a.unit_id, "unit": a.unit_name, "role": a.role.value,
                         "signed_by": a.signed_by, "signed_at": a.signed_at,
                         "percent": a.percent, "last_feedback_on": _iso(a.last_feedback_on)}
                        for a in assignments],
    }


def _iso(value):
    return value.isoformat() if value else None
