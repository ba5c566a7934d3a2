"""Lifecycle commands: issue, sign, note, chase, extend, submit, review, pause, resume,
withdraw, reopen."""
from __future__ import annotations

from qjtasks.core.extensions import decision_detail, pending_first
from qjtasks.core.models import ChaseMethod, Decision

from .fmt import table


def _unit(ctx, name):
    """The named unit; without --unit, this installation's own unit on a unit installation."""
    return ctx.services.units.resolve(name) if name else ctx.services.own_unit_id()


def register(subs) -> None:
    p = subs.add_parser("issue", help="交办事项，生成督办编号")
    p.add_argument("id", type=int, help="事项编号")
    p.add_argument("--date", metavar="日期", help="交办日期（默认今天）")
    p.set_defaults(func=run_issue)
    p = subs.add_parser("sign", help="签收（也可补录纸质回执）")
    p.add_argument("id", type=int, help="事项编号")
    p.add_argument("--unit", help="签收单位（承办单位端默认本单位）")
    p.add_argument("--signer", required=True, help="签收人")
    p.add_argument("--at", metavar="时间", help="签收时间，如 2026-11-26 10:30（补录回执时填写）")
    p.add_argument("--paper", action="store_true", help="来自纸质回执")
    p.set_defaults(func=run_sign)
    _register_note(subs)
    _register_extend(subs)
    _register_close(subs)


def _register_note(subs) -> None:
    p = subs.add_parser("note", help="登记进展反馈")
    p.add_argument("id", type=int, help="事项编号")
    p.add_argument("--unit", help="反馈单位")
    p.add_argument("--text", required=True, help="反馈内容")
    p.add_argument("--percent", help="完成进度（0–100）")
    p.add_argument("--reporter", default="", help="反馈人")
    p.add_argument("--problems", default="", help="存在问题")
    p.add_argument("--next-steps", default="", help="下步打算")
    p.add_argument("--date", metavar="日期", help="反馈日期（默认今天）")
    p.add_argument("--paper", action="store_true", help="据纸质材料录入")
    p.add_argument("--attach", action="append", default=[], metavar="文件", help="附件，可重复")
    p.set_defaults(func=run_note)
    p = subs.add_parser("chase", help="登记一次催办")
    p.add_argument("id", type=int, help="事项编号")
    p.add_argument("--unit", help="被催办单位")
    p.add_argument("--method", default="电话", choices=[m.value for m in ChaseMethod], help="方式")
    p.add_argument("--date", metavar="日期", help="催办日期（默认今天）")
    p.add_argument("--person", default="", help="联系到的人")
    p.add_argument("--answer", default="", help="对方答复")
    p.add_argument("--rung", default="", help="催办层级（电话提醒/催办通知1/催办通知2/通报）")
    p.set_defaults(func=run_chase)


def _register_extend(subs) -> None:
    p = subs.add_parser("extend", help="延期：申请、批准、不批准、列出")
    s = p.add_subparsers(dest="extend_cmd", metavar="操作", required=True)
    r = s.add_parser("request", help="登记延期申请")
    r.add_argument("id", type=int, help="事项编号")
    r.add_argument("--unit", help="申请单位")
    r.add_argument("--reason", required=True, help="延期理由")
    r.add_argument("--to", required=True, metavar="日期", help="申请延期至")
    r.add_argument("--progress", default="", help="目前进展")
    r.add_argument("--by", default="", help="申请人")
    r.add_argument("--date", metavar="日期", help="申请日期")
    r.add_argument("--paper", action="store_true", help="据纸质申请录入")
    r.set_defaults(func=run_extend_request)
    a = s.add_parser("approve", help="批准延期（原办结时限保留）")
    a.add_argument("extension_id", type=int, help="延期申请编号（见 extend list）")
    a.add_argument("--to", metavar="日期", help="批准的期限（默认按申请）")
    a.add_argument("--reason", default="", help="审批意见")
    a.set_defaults(func=run_extend_decide, approve=True)
    f = s.add_parser("refuse", help="不批准延期")
    f.add_argument("extension_id", type=int, help="延期申请编号")
    f.add_argument("--reason", required=True, help="不批准理由")
    f.set_defaults(func=run_extend_decide, approve=False, to=None)
    ls = s.add_parser("list", help="列出延期申请（待审批的在前，已审批的注明结果）")
    ls.add_argument("id", type=int, nargs="?", help="事项编号（省略则列出全部事项的申请）")
    ls.add_argument("--pending", action="store_true", help="只列出待审批的申请")
    ls.set_defaults(func=run_extend_list)


def _register_close(subs) -> None:
    p = subs.add_parser("submit", help="申请办结（报送办结报告）")
    p.add_argument("id", type=int, help="事项编号")
    p.add_argument("--unit", help="报送单位")
    p.add_argument("--report", required=True, help="办结报告")
    p.add_argument("--by", default="", help="报送人")
    p.add_argument("--date", metavar="日期", help="报送日期")
    p.add_argument("--paper", action="store_true", help="据纸质材料录入")
    p.set_defaults(func=run_submit)
    p = subs.add_parser("review", help="审核办结申请：审结或退回重办")
    p.add_argument("id", type=int, help="事项编号")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--accept", action="store_true", help="审结（销号）")
    g.add_argument("--return", dest="send_back", action="store_true", help="退回重办")
    p.add_argument("--reason", default="", help="意见或退回理由（退回时必填）")
    p.add_argument("--date", metavar="日期", help="审核日期")
    p.set_defaults(func=run_review)
    for verb, label, need in (("pause", "暂缓", True), ("resume", "恢复办理", False),
                              ("withdraw", "撤销", True), ("reopen", "重新打开已办结事项", True)):
        q = subs.add_parser(verb, help=label)
        q.add_argument("id", type=int, help="事项编号")
        q.add_argument("--reason", required=need, default="", help="理由")
        q.set_defaults(func=run_simple, verb=verb, label=label)


def _origin(args) -> str:
    return "纸质" if getattr(args, "paper", False) else "录入"


def run_issue(args, ctx) -> int:
    ch = ctx.services.lifecycle.issue(args.id, args.date or ctx.today)
    ctx.out(f"已交办事项 {args.id}，督办编号：{ch.message}")
    return 0


def run_sign(args, ctx) -> int:
    origin = _origin(args)
    unit = _unit(ctx, args.unit)
    if unit is None:
        from qjtasks.core.errors import ValidationError
        raise ValidationError("请用 --unit 指定签收单位")
    ch = ctx.services.lifecycle.sign(args.id, unit, args.signer, args.at, origin)
    name = ctx.store.unit(unit).short_name
    ctx.out(ch.message or f"已签收：事项 {args.id}，{name}，签收人 {args.signer}")
    return 0


def run_note(args, ctx) -> int:
    ch = ctx.services.notes.add(args.id, _unit(ctx, args.unit), args.reporter, args.text,
                                args.percent, args.problems, args.next_steps, _origin(args),
                                args.date or ctx.today, args.attach)
    ctx.out(f"已登记进展反馈（编号 {ch.note_id}）")
    return 0


def run_chase(args, ctx) -> int:
    ch = ctx.services.chases.add(args.id, _unit(ctx, args.unit), args.method,
                                 args.date or ctx.today, args.person, args.answer, rung=args.rung)
    number = ctx.store.item(args.id).chase_count
    ctx.out(f"已登记第 {number} 次催办（编号 {ch.chase_id}）")
    return 0


def run_extend_request(args, ctx) -> int:
    ch = ctx.services.extensions.request(args.id, _unit(ctx, args.unit), args.reason, args.to,
                                         args.progress, args.by, args.date or ctx.today,
                                         _origin(args))
    ctx.out(f"已登记延期申请（编号 {ch.extension_id}），待审批")
    return 0


def run_extend_decide(args, ctx) -> int:
    ctx.services.extensions.decide(args.extension_id, args.approve, args.reason, args.to,
                                   ctx.today)
    ctx.out(f"延期申请 {args.extension_id}：{'已批准' if args.approve else '不批准'}")
    return 0


def run_extend_list(args, ctx) -> int:
    exts = pending_first(ctx.store.requests.extensions(args.id, pending_only=args.pending))
    if not exts:
        ctx.out("没有待审批的延期申请" if args.pending else "没有延期申请")
        return 0
    rows = [[e.id, e.item_id, e.requested_on, e.proposed_deadline, e.reason, e.decision,
             e.decided_on or "", decision_detail(e)] for e in exts]
    ctx.out(table(["编号", "事项", "申请日期", "申请延期至", "理由", "审批", "审批日期", "批准期限或理由"],
                  rows, [6, 6, 10, 10, 30, 6, 10, 40]))
    waiting = sum(e.decision == Decision.PENDING for e in exts)
    ctx.out(f"共 {len(exts)} 份，其中待审批 {waiting} 份")
    return 0


def run_submit(args, ctx) -> int:
    ctx.services.lifecycle.submit(args.id, _unit(ctx, args.unit), args.report, args.by,
                                  args.date or ctx.today, _origin(args))
    ctx.out(f"事项 {args.id} 已申请办结，待审核")
    return 0


def run_review(args, ctx) -> int:
    ctx.services.lifecycle.review(args.id, args.accept, args.reason, args.date or ctx.today)
    ctx.out(f"事项 {args.id}：{'已审结（销号）' if args.accept else '已退回重办'}")
    return 0


def run_simple(args, ctx) -> int:
    steps = ctx.services.lifecycle
    step = {"pause": steps.pause, "resume": steps.resume, "withdraw": steps.withdraw,
            "reopen": steps.reopen}[args.verb]
    step(args.id, args.reason)
    ctx.out(f"事项 {args.id}：已{args.label}")
    return 0
