"""`qjtasks print`: the office's paper sheets as PDF files (or Word with `--format docx`).

`print notice ID` writes the 督办通知单 of every unit of the item (or `--unit`), `print chase ID`
a 催办通知单 (or `--overdue` for every overdue item), `print ledger` the 督办事项汇总表 of all open
issued items (or the usual filters / `--ids`; `--include-drafts` adds 待交办 items), `print unit-report` the 单位办理情况表 and
`print dossier 复函` the 提案办理情况报告 (the reply's number, 文号 or proposal number). reportlab is imported only here, so other commands
start fast. The font substitutions (which face replaced which) are reported after writing.
`--format docx` (or an output name ending in .docx) writes the same sheets as a Word file for
editing before stamping.
"""
from __future__ import annotations

from pathlib import Path

from qjtasks.core.errors import ValidationError

from . import filterargs


def register(subs) -> None:
    p = subs.add_parser("print", help="打印督办通知单、催办通知单、汇总表等（生成 PDF 或 Word）")
    s = p.add_subparsers(dest="print_cmd", metavar="表单", required=True)
    n = s.add_parser("notice", help="督办通知单（每个承办单位一份，含签收回执）")
    n.add_argument("id", type=int, help="事项编号")
    n.add_argument("--unit", help="只打印该单位的通知单（全称、简称或编号）")
    c = s.add_parser("chase", help="催办通知单（单位留存联、存档联）")
    c.add_argument("id", type=int, nargs="?", help="事项编号")
    c.add_argument("--unit", help="被催办单位（默认牵头单位）")
    c.add_argument("--overdue", action="store_true", help="为所有已逾期事项各出一份")
    c.add_argument("--reply-days", type=int, default=5, help="回复期限：几个工作日内（默认 5）")
    c.add_argument("--record", action="store_true",
                   help="同时登记一次书面催办（催办次数加一）；不加则重印最近一次书面催办")
    lg = s.add_parser("ledger", help="督办事项汇总表（横版；默认全部未办结事项）")
    filterargs.add_filter_args(lg)
    lg.add_argument("--ids", help="只列这些事项，逗号分隔，如 1,3,5")
    lg.add_argument("--all", action="store_true", help="包括已办结和已撤销的事项")
    lg.add_argument("--include-drafts", action="store_true",
                    help="包括尚未交办（待交办）的事项（默认不列）")
    s.add_parser("unit-report", help="单位办理情况表")
    d = s.add_parser("dossier", help="提案办理情况报告（一份复函及其全部事项）")
    d.add_argument("id", metavar="复函", help="复函编号（见 dossier list）、复函文号（如 綦发改函〔2022〕140号）"
                   "或提案号（如 第024号、区政协三届一次会议第024号提案）")
    for sub in (n, c, lg, s.choices["unit-report"], d):
        add_output_args(sub, required=True)
        sub.set_defaults(func=run)


def add_output_args(sub, required: bool = False, what: str = "") -> None:
    """-o and --format, shared with circular and summary."""
    sub.add_argument("-o", "--output", required=required, metavar="文件.pdf",
                     help=f"输出{what}文件：.pdf，或 .docx 为可编辑的 Word 文档")
    sub.add_argument("--format", choices=["pdf", "docx"], default=None,
                     help="输出格式：pdf（默认）或 docx（Word）；省略时按文件扩展名判断")


def output_path(args) -> Path:
    """The checked output path (its folder exists, its name fits --format)."""
    from qjtasks.pdf.output import output_format
    out = Path(args.output).expanduser()
    output_format(out, args.format)
    if out.parent and not out.parent.exists():
        raise ValidationError(f"输出文件夹不存在：{out.parent}")
    return out


def run(args, ctx) -> int:
    from qjtasks.pdf import output
    out = output_path(args)
    sheets = BUILDERS[args.print_cmd](args, ctx)
    _, size, notes = output.write(out, sheets, ctx.store.settings, args.format)
    ctx.out(f"已生成 {out}（{len(sheets)} 份，{size // 1024 + 1} KB）")
    if notes:
        ctx.out("字体提示：" + "；".join(notes))
    return 0


def _unit_id(ctx, name):
    return ctx.store.unit_by_name(name).id if name else None


def _notice(args, ctx):
    from qjtasks.pdf import adapters, sheets
    data = adapters.notices_from_store(ctx.store, args.id, _unit_id(ctx, args.unit), ctx.today)
    if not data[0].serial:
        ctx.out("提示：该事项尚未交办，通知单没有督办编号（交办后编号自动生成，重印时不变）")
    return [sheets.notice_sheet(n) for n in data]


def _chase(args, ctx):
    from qjtasks.pdf import adapters, sheets
    if args.overdue:
        ids = adapters.overdue_item_ids(ctx.store, ctx.today)
        if not ids:
            raise ValidationError("没有已逾期的事项，无需催办")
    elif args.id is None:
        raise ValidationError("请给出事项编号，或用 --overdue 为所有逾期事项出催办通知单")
    else:
        ids = [args.id]
    unit = _unit_id(ctx, args.unit)
    if args.record:
        for i in ids:
            ctx.services.chases.add(i, unit, method="书面", chased_on=ctx.today,
                                    rung="催办通知单")
    data = [adapters.chase_from_store(ctx.store, i, unit, ctx.today, args.reply_days)
            for i in ids]
    if any(c.serial == adapters.UNRECORDED_CHASE for c in data):
        ctx.out("提示：尚未登记书面催办的事项，催办通知单没有编号（加 --record 登记并编号，"
                "重印时编号不变）")
    return [sheets.chase_sheet(c) for c in data]


def _ledger(args, ctx):
    from qjtasks.pdf import adapters, sheets
    if args.ids:
        try:
            ids = [int(x) for x in args.ids.replace("，", ",").split(",") if x.strip()]
        except ValueError as exc:
            raise ValidationError("--ids 须为逗号分隔的事项编号，如 1,3,5") from exc
        scope = "所选事项"
    else:
        flt = filterargs.filter_from_args(args, ctx)
        flt.open_only = flt.open_only or not args.all
        rows = ctx.store.lists.items(flt, today=ctx.today, order=args.sort,
                                    descending=args.desc, limit=None)
        ids = [r["id"] for r in rows]
        scope = "全部事项" if args.all else "全部未办结事项"
    return [sheets.ledger_sheet(adapters.ledger_from_store(
        ctx.store, ids, ctx.today, scope, include_drafts=args.include_drafts))]


def _unit_report(args, ctx):
    from qjtasks.pdf import adapters, sheets
    return [sheets.unit_report_sheet(adapters.unit_report_from_store(ctx.store, ctx.today))]


def _dossier(args, ctx):
    from qjtasks.core import replyref
    from qjtasks.pdf import adapters, sheets
    reply_id = replyref.find(args.id, replyref.letters(ctx.store))
    return [sheets.dossier_sheet(adapters.dossier_from_store(ctx.store, reply_id, ctx.today))]


BUILDERS = {"notice": _notice, "chase": _chase, "ledger": _ledger,
            "unit-report": _unit_report, "dossier": _dossier}
