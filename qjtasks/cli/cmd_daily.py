"""Daily supervision commands: today, ladder act, notify, circular, summary, import-ledger.

`today` prints the 今日需催办 list with the proposed rung per late item; `ladder act` records the
chases for a selection in one step; `notify` reports only what is new since the last check (for
a scheduled task); `circular` and `summary` print the draft text or write the PDF;
`import-ledger` reads an office's Excel/CSV ledger, shows what cannot be read, and imports the
rest in one transaction (or only previews it with --dry-run).
"""
from __future__ import annotations

from pathlib import Path

from qjtasks.core.calendar import parse_date

from .cmd_print import add_output_args, output_path
from .fmt import table


def register(subs) -> None:
    p = subs.add_parser("today", help="今日需催办：逾期、即将到期、反馈超期及待审批事项")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_today)
    _register_ladder(subs)
    p = subs.add_parser("notify", help="只列出自上次检查以来新出现的待办（供定时任务使用）")
    p.add_argument("--peek", action="store_true", help="只查看，不记为已提醒")
    p.set_defaults(func=run_notify)
    p = subs.add_parser("circular", help="生成逾期事项通报草稿（文本、PDF 或 Word）")
    add_output_args(p, what="通报草稿")
    p.add_argument("--text", action="store_true", help="输出可粘贴的文本（未给 -o 时默认）")
    p.set_defaults(func=run_circular)
    p = subs.add_parser("summary", help="生成领导阅览的周报或月报")
    p.add_argument("--period", choices=["week", "month"], default="week",
                   help="周期：week 为本周（周一至周日），month 为本月（1日至月末）；默认 week")
    p.add_argument("--previous", action="store_true", help="上一周或上一个月（写上周周报、上月月报）")
    add_output_args(p, what="周报或月报")
    p.add_argument("--json", action="store_true", help="以 JSON 输出数据")
    p.set_defaults(func=run_summary)
    p = subs.add_parser("import-ledger", help="导入 Excel/CSV 督办台账（重复导入不会产生重复事项）")
    p.add_argument("file", metavar="文件", help=".xlsx 或 .csv 台账")
    p.add_argument("--mapping", default="", metavar="字段=列名,…",
                   help="列对应，如 事项=工作任务,办结时限=完成时间（会被记住）")
    p.add_argument("--dry-run", action="store_true", help="只预览，不导入")
    p.set_defaults(func=run_import)


def _register_ladder(subs) -> None:
    p = subs.add_parser("ladder", help="催办阶梯：按建议层级一次登记多项催办")
    s = p.add_subparsers(dest="ladder_cmd", metavar="操作", required=True)
    a = s.add_parser("act", help="为选中的事项登记催办（默认按建议层级）")
    a.add_argument("ids", type=int, nargs="+", metavar="ID", help="事项编号")
    a.add_argument("--rung", choices=["电话提醒", "催办通知1", "催办通知2", "通报"],
                   help="催办层级（省略则按各事项的建议层级）")
    a.add_argument("--date", metavar="日期", help="催办日期（默认今天）")
    a.add_argument("--person", default="", help="联系到的人")
    a.add_argument("--answer", default="", help="对方答复")
    a.add_argument("--print", metavar="文件.pdf", dest="print_to",
                   help="同时为书面催办生成催办通知单（一个 PDF）")
    a.set_defaults(func=run_ladder_act)
    v = s.add_parser("show", help="查看一个事项的催办次数、所处层级和催办日程")
    v.add_argument("id", type=int, help="事项编号")
    v.add_argument("--json", action="store_true", help="以 JSON 输出")
    v.set_defaults(func=run_ladder_show)


LATE_HEAD = ["编号", "督办编号", "事项", "牵头单位", "办结时限", "工作日", "已到层级", "建议",
             "应于"]
LATE_WIDTH = [5, 22, 30, 14, 10, 8, 10, 10, 10]


def run_today(args, ctx) -> int:
    from qjtasks.core.ladder import work_out
    work = work_out(ctx.store, ctx.today)
    if args.json:
        ctx.json(work.as_dict())
        return 0
    if not work.total():
        ctx.out(f"{ctx.today} 今日无需催办的事项")
        return 0
    sections = work.as_dict()
    for key, label in work.SECTIONS:
        entries = sections[key]
        if entries:
            ctx.out(f"【{label}】{len(entries)} 项")
            ctx.out(_section(key, entries) + "\n")
    ctx.out(f"建议今日催办 {len(work.proposals())} 项；登记：qjtasks ladder act 编号…")
    return 0


def _section(key: str, entries: list[dict]) -> str:
    if key in ("entering_yellow", "past_deadline"):
        rows = [[e["item_id"], e["serial"], e["title"], e["lead"], e["deadline"],
                 f"逾期{e['overdue_workdays']}" if e["overdue_workdays"]
                 else f"剩{e['remaining_workdays']}", e["reached"] or "—",
                 e["next_rung"] or "（已通报）", ("今日" if e["due_now"] else e["due_on"] or "")]
                for e in entries]
        return table(LATE_HEAD, rows, LATE_WIDTH)
    if key == "feedback_overdue":
        return table(["编号", "事项", "牵头单位", "应反馈日", "超期工作日"],
                     [[e["item_id"], e["title"], e["lead"], e["feedback_due"],
                       e["overdue_workdays"]] for e in entries], [5, 34, 14, 10, 10])
    if key == "input_overdue":
        return table(["编号", "事项", "配合单位", "牵头单位", "应提交日", "超期工作日"],
                     [[e["item_id"], e["title"], e["unit"], e["lead"], e["input_due"],
                       e["overdue_workdays"]] for e in entries], [5, 30, 14, 14, 10, 10])
    return table(["申请编号", "事项编号", "事项", "单位", "日期"],
                 [[e["id"], e["item_id"], e["title"], e["unit"] or "", e["on_date"]]
                  for e in entries], [8, 8, 34, 14, 10])


def run_ladder_act(args, ctx) -> int:
    from qjtasks.core import ladder
    on = parse_date(args.date, what="催办日期") if args.date else ctx.today
    ids = list(dict.fromkeys(args.ids))
    selection = ([(i, args.rung) for i in ids] if args.rung
                 else ladder.proposals_for(ctx.store, ids, on))
    ladder.act(ctx.services, selection, chased_on=on, person_reached=args.person,
               answer=args.answer)
    for item_id, rung in selection:
        ctx.out(f"事项 {item_id}：已登记{rung}（第{ctx.store.item(item_id).chase_count}次催办）")
    written = [i for i, rung in selection if ladder.RUNG_METHOD[rung] == "书面"]
    if args.print_to and written:
        from qjtasks.pdf.circular import render_chases
        path = render_chases(ctx.store, written, on, Path(args.print_to))
        ctx.out(f"已生成催办通知单 {path}（{len(written)} 份）")
    elif args.print_to:
        ctx.out("所选层级均为电话提醒，无需打印催办通知单")
    return 0


def run_ladder_show(args, ctx) -> int:
    from qjtasks.core.ladder import item_ladder
    info = item_ladder(ctx.store, args.id, ctx.today)
    if args.json:
        ctx.json(info)
        return 0
    ctx.out(f"事项 {args.id}：已催办 {info['chase_count']} 次；已到层级：{info['reached'] or '—'}；"
            f"建议下一层级：{info['next_rung'] or '—'}"
            + (f"（应于 {info['due_on']}{'，今日应办' if info['due_now'] else ''}）"
               if info["due_on"] else ""))
    if info["schedule"]:
        ctx.out(table(["层级", "计划日期（工作日）", "实际日期"],
                      [[s["rung"], s["planned"], s["done"] or ""] for s in info["schedule"]],
                      [10, 18, 12]))
    return 0


def run_notify(args, ctx) -> int:
    from qjtasks.core import reminders
    if args.peek:
        notice, _ = reminders.check(ctx.store, ctx.today)
    else:
        notice = reminders.poll(ctx.store, ctx.today)
    ctx.out(f"{notice.title}\n{notice.message}" if notice.should_notify()
            else f"没有新的待办（今日共 {notice.total} 项）")
    return 0


def run_circular(args, ctx) -> int:
    from qjtasks.core.circular import circular_text, overdue_by_unit
    c = overdue_by_unit(ctx.store, ctx.today)
    if args.output:
        from qjtasks.pdf.circular import render_circular
        path = render_circular(c, output_path(args), ctx.store.settings, args.format)
        ctx.out(f"已生成通报草稿 {path}（逾期 {c.total} 项）")
    if args.text or not args.output:
        ctx.out(circular_text(c))
    return 0


def run_summary(args, ctx) -> int:
    from qjtasks.core.circular import period_summary, summary_text
    data = period_summary(ctx.store, ctx.today, args.period, previous=args.previous)
    if args.json:
        ctx.json(data)
    elif args.output:
        from qjtasks.pdf.circular import render_summary
        path = render_summary(data, output_path(args), ctx.store.settings, args.format)
        ctx.out(f"已生成{data['label']}报 {path}")
    else:
        ctx.out(summary_text(data))
    return 0


def run_import(args, ctx) -> int:
    from qjtasks.core.ledger import FIELDS
    from qjtasks.importers import ledger as imp
    preview = imp.load(ctx.store, args.file, imp.parse_mapping_arg(args.mapping))
    ctx.out(f"表头在第{preview.sheet.header_row}行；列对应：" + "，".join(
        f"{FIELDS[k][0]}←{h}" for k, h in preview.mapping.items()))
    parsed = preview.parsed
    for line in parsed.error_lines():
        ctx.out(f"无法读取 {line}")
    ctx.out(f"可导入 {len(parsed.rows)} 行，无法读取 {len(parsed.errors)} 行，空行 {parsed.empty} 行")
    if args.dry_run:
        ctx.out("预览完毕（--dry-run），未导入")
        return 0
    if not parsed.rows:
        ctx.out("没有可导入的行")
        return 1 if parsed.errors else 0
    changes, _ = imp.commit(ctx.services, preview)
    ctx.out(f"导入完成：{changes.message}")
    return 0
