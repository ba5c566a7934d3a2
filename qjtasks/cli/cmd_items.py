"""Item commands: list, show, add, edit, split, assign, search, undo."""
from __future__ import annotations

from dataclasses import replace

from qjtasks.core.calendar import cn_date
from qjtasks.core.errors import ValidationError
from qjtasks.core.models import KEEP, CycleKind, FeedbackCycle, ItemDraft, ItemEdit
from qjtasks.core.timeline import build_timeline

from . import filterargs
from .fmt import table

CO_HELP = "配合单位，可重复；也可一次写几个，用、，, 或空格分开，如 区科技局、区交通局"
LIST_HEADERS = ["编号", "督办编号", "事项", "牵头单位", "配合单位", "办结时限", "剩余工作日", "灯",
                "未更新天数", "进度", "状态"]


def register(subs) -> None:
    p = subs.add_parser("list", help="列出督办事项（可按单位、状态、灯色等筛选）")
    filterargs.add_filter_args(p)
    p.add_argument("--limit", type=int, default=None, help="最多列出条数（默认全部）")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(func=run_list)
    s = subs.add_parser("search", help="全文检索事项和反馈（支持一两个字的检索）")
    s.add_argument("text", help="检索词")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=run_search)
    sh = subs.add_parser("show", help="查看一个事项的详情与时间线")
    sh.add_argument("id", type=int, help="事项编号")
    sh.add_argument("--json", action="store_true", help="以 JSON 输出")
    sh.set_defaults(func=run_show)
    _register_edit(subs)


def _item_args(p, *, create: bool) -> None:
    p.add_argument("--title", required=create, help="事项名称")
    p.add_argument("--requirements", help="督办要求")
    p.add_argument("--category", help="类别")
    p.add_argument("--assigned", metavar="日期", help="交办日期")
    p.add_argument("--deadline", metavar="日期", help="办结时限")
    p.add_argument("--cycle", choices=[k.value for k in CycleKind], help="反馈周期")
    p.add_argument("--cycle-day", metavar="日", help="反馈日（1–31 或 月末）")
    p.add_argument("--cycle-due", metavar="日期", help="一次性反馈的日期")


def _register_edit(subs) -> None:
    add = subs.add_parser("add", help="新建督办事项（待交办）")
    _item_args(add, create=True)
    add.add_argument("--lead", help="牵头单位")
    add.add_argument("--co", action="append", default=[], help=CO_HELP)
    add.add_argument("--parent", type=int, help="上级事项编号")
    add.add_argument("--reply", type=int, help="来源复函编号")
    add.set_defaults(func=run_add)
    ed = subs.add_parser("edit", help="修改督办事项")
    ed.add_argument("id", type=int, help="事项编号")
    _item_args(ed, create=False)
    ed.add_argument("--percent", help="完成进度（0–100）")
    ed.add_argument("--if-version", type=int, metavar="版本",
                    help="仅当事项仍是该版本时修改（防止覆盖他人的修改）")
    ed.set_defaults(func=run_edit)
    sp = subs.add_parser("split", help="把事项拆分为子事项")
    sp.add_argument("id", type=int, help="事项编号")
    sp.add_argument("titles", nargs="+", help="子事项名称")
    sp.set_defaults(func=run_split)
    asg = subs.add_parser("assign", help="指定牵头单位和配合单位")
    asg.add_argument("id", type=int, help="事项编号")
    asg.add_argument("--lead", required=True, help="牵头单位")
    asg.add_argument("--co", action="append", default=[], help=CO_HELP)
    asg.set_defaults(func=run_assign)
    un = subs.add_parser("undo", help="撤销事项的最近一次修改（按日志编号；先显示将撤销的内容）")
    un.add_argument("journal_id", type=int, help="日志编号（见 journal 命令）")
    un.add_argument("--yes", action="store_true", help="不再询问，直接撤销")
    un.set_defaults(func=run_undo)


def _rows(ctx, flt, args, limit):
    return ctx.store.lists.items(flt, today=ctx.today, order=args.sort, descending=args.desc,
                                limit=limit)


def run_list(args, ctx) -> int:
    flt = filterargs.filter_from_args(args, ctx)
    limit = None if not args.limit or args.limit <= 0 else args.limit
    rows = _rows(ctx, flt, args, limit)
    if args.json:
        ctx.json(_json_rows(ctx, rows))
        return 0
    if not rows:
        ctx.out("没有符合条件的督办事项")
        return 0
    ctx.out(table(LIST_HEADERS, [_line(r) for r in rows],
                  [6, 20, 36, 14, 24, 22, 8, 8, 8, 5, 8]))
    ctx.out(f"共 {len(rows)} 项")
    return 0


def _json_rows(ctx, rows) -> list[dict]:
    owners = ctx.store.assignments_many([r["id"] for r in rows])
    return [filterargs.item_json(r, owners[r["id"]]) for r in rows]


def _line(r: dict) -> list:
    deadline = r["current_deadline"] or ""
    if r["original_deadline"] and r["current_deadline"] != r["original_deadline"]:
        deadline = f"{r['original_deadline']}→{r['current_deadline']}"
    return [r["id"], r["serial"] or "", r["title"], r["lead_name"], r["co_names"], deadline,
            "" if r["remaining_workdays"] is None else r["remaining_workdays"], r["light"],
            "" if r["stale_days"] is None else r["stale_days"], f"{r['percent']}%", r["status"]]


def run_search(args, ctx) -> int:
    rows = ctx.store.lists.search(args.text, today=ctx.today, limit=500)
    if args.json:
        ctx.json(_json_rows(ctx, rows))
        return 0
    if not rows:
        ctx.out(f"没有找到包含“{args.text}”的事项或反馈")
        return 0
    ctx.out(table(LIST_HEADERS, [_line(r) for r in rows], [6, 20, 36, 14, 24, 22, 8, 8, 8, 5, 8]))
    ctx.out(f"共 {len(rows)} 项")
    return 0


def run_show(args, ctx) -> int:
    item = ctx.store.item(args.id)
    row = ctx.store.lists.rows([item.id], ctx.today)[0]
    assignments = ctx.store.assignments(item.id)
    timeline = build_timeline(ctx.store, item.id)
    if args.json:
        data = filterargs.item_json(row, assignments)
        data.update(source_section=item.source_section, source_quote=item.source_quote,
                    cycle=item.cycle.describe(), timeline=timeline)
        ctx.json(data)
        return 0
    for line in _detail_lines(ctx, item, row, assignments):
        ctx.out(line)
    ctx.out("\n时间线（新→旧）：" if timeline else "\n时间线：暂无记录")
    for e in timeline:
        who = "，".join(x for x in (e["unit"], e["who"], e["origin"]) if x)
        ctx.out(f"  {e['date']}  {e['kind']}  [{who}]  {e['text']}")
    return 0


def _detail_lines(ctx, item, row, assignments) -> list[str]:
    lines = [f"事项 {item.id}：{item.title}" + ("（示例分工）" if item.is_sample else ""),
             f"督办编号：{item.serial or '未交办'}    状态：{item.status}    灯色：{row['light']}",
             f"交办日期：{cn_date(item.assigned_on) or '—'}    办结时限：{cn_date(item.original_deadline) or '—'}"
             + (f"（已延期至 {cn_date(item.current_deadline)}）" if item.extended else ""),
             f"反馈要求：{item.cycle.describe()}    下次反馈：{cn_date(item.next_feedback_due) or '—'}",
             f"进度：{item.percent}%    催办次数：{row['chase_count']}"]
    own = ctx.services.own_unit_id()
    if own is not None and all(a.unit_id != own for a in assignments):
        lines.append(f"本机只读：{item.status_reason or '督办方已调整承办单位'}（本机保留该事项的"
                     "历史记录，不能再登记）")
    elif item.status_reason:
        lines.append(f"状态说明：{item.status_reason}")
    if item.reply_id:
        reply = ctx.store.dossiers.reply(item.reply_id)
        lines.append(f"来源：{reply.doc_number} {item.source_section}")
    if item.requirements:
        lines.append(f"督办要求：{item.requirements}")
    lines.append("承办单位：")
    for a in assignments:
        signed = f"已签收（{a.signed_by}，{a.signed_at}）" if a.signed_at else "未签收"
        lines.append(f"  {a.role.value}  {a.unit_name}  {signed}  进度 {a.percent}%")
    return lines


def _cycle(args, base: FeedbackCycle | None = None) -> FeedbackCycle | None:
    if not (args.cycle or args.cycle_day or args.cycle_due):
        return base
    from qjtasks.core.calendar import parse_optional_date
    kind = CycleKind(args.cycle) if args.cycle else (base.kind if base else CycleKind.MONTHLY)
    day = _cycle_day(args.cycle_day) if args.cycle_day else (base.day if base else 25)
    return FeedbackCycle(kind, day, parse_optional_date(args.cycle_due, what="一次性反馈日期"))


def _cycle_day(text: str) -> int:
    if text.strip() in ("月末", "-1"):
        return -1
    try:
        return int(text)
    except ValueError:
        raise ValidationError(f"反馈日“{text}”无效，请填写 1–31 或“月末”") from None


def run_add(args, ctx) -> int:
    for option, value in (("--deadline", args.deadline), ("--assigned", args.assigned),
                          ("--cycle-due", args.cycle_due)):
        if value is not None and not value.strip():
            raise ValidationError(f"{option} 后的日期为空：请写日期（如 2027-03-31），"
                                  "或不写该选项")
    svc = ctx.services
    lead = svc.units.resolve(args.lead) if args.lead else None
    draft = ItemDraft(title=args.title, requirements=args.requirements or "",
                      category=args.category or "", reply_id=args.reply, parent_id=args.parent,
                      lead_unit_id=lead, co_unit_ids=svc.units.resolve_all(args.co),
                      assigned_on=args.assigned, deadline=args.deadline, cycle=_cycle(args))
    same = ctx.store.same_title_items(args.title, lead)
    ch = svc.items.add(draft)
    ctx.out(f"已新建事项 {ch.item_id}：{args.title}（待交办）")
    if same:
        who = f"牵头单位{ctx.store.unit(lead).short_name}" if lead is not None else "未定牵头单位"
        ctx.out(f"注意：已有同名且{who}的事项 {'、'.join(map(str, same))}，请确认不是重复录入"
                "（重复的可用 withdraw 撤销）")
    return 0


def run_edit(args, ctx) -> int:
    item = ctx.store.item(args.id)
    edit = ItemEdit(title=_given(args.title), requirements=_given(args.requirements),
                    category=_given(args.category), assigned_on=_given(args.assigned),
                    deadline=_given(args.deadline), percent=_given(args.percent))
    cycle = _cycle(args, item.cycle)
    if cycle is not item.cycle and cycle is not None:
        edit = replace(edit, cycle_kind=cycle.kind.value, cycle_day=cycle.day,
                       cycle_due=cycle.due.isoformat() if cycle.due else None)
    if not edit.given():
        raise ValidationError("没有指定要修改的内容")
    ch = ctx.services.items.edit(args.id, edit, expected_version=args.if_version)
    ctx.out(f"已修改事项 {args.id}" + (f"（日志编号 {ch.journal_id}，可用 undo 撤销）" if ch.journal_id else "（无变化）"))
    return 0


def _given(value):
    """An option not given on the command line leaves the field as it is."""
    return KEEP if value is None else value


def run_split(args, ctx) -> int:
    ch = ctx.services.items.split(args.id, args.titles)
    ctx.out(f"已拆分事项 {args.id}，新建子事项 {len(args.titles)} 个（首个编号 {ch.child_ids[0]}）")
    return 0


def run_assign(args, ctx) -> int:
    svc = ctx.services
    svc.items.assign(args.id, svc.units.resolve(args.lead), svc.units.resolve_all(args.co))
    names = "、".join(a.unit_name for a in ctx.store.assignments(args.id) if a.role.value == "配合")
    ctx.out(f"事项 {args.id}：牵头 {ctx.store.unit(svc.units.resolve(args.lead)).short_name}"
            + (f"，配合 {names}" if names else ""))
    return 0


def run_undo(args, ctx) -> int:
    plan = ctx.services.items.undo_plan(args.journal_id)      # refused here, before any question
    ctx.out(plan.describe())
    if not args.yes and not _confirm_undo():
        ctx.out("已取消，未作任何改动")
        return 1
    ctx.services.items.undo(args.journal_id)
    ctx.out(f"已撤销日志 {args.journal_id} 的修改（事项 {plan.item_id}）")
    return 0


def _confirm_undo() -> bool:
    import sys
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError("需要确认：请在命令后加 --yes 确认撤销（未作任何改动）")
    answer = input("确认撤销这次修改吗？[y/N] ").strip().lower()
    return answer in ("y", "yes", "是", "确认")
