"""`qjtasks dossier`: proposals and their reply letters (list, show, add, rate)."""
from __future__ import annotations

from pathlib import Path

from qjtasks.core.errors import ValidationError
from qjtasks.core.models import KEEP, AnswerClass, ProposalDraft, ReplyDraft, Satisfaction

from .fmt import table

RATINGS = [r.value for r in Satisfaction]


def register(subs) -> None:
    p = subs.add_parser("dossier", help="提案与复函：列出、查看、登记、评价")
    s = p.add_subparsers(dest="dossier_cmd", metavar="操作", required=True)
    s.add_parser("list", help="列出复函").set_defaults(func=run_list)
    sh = s.add_parser("show", help="查看一份复函及其事项")
    sh.add_argument("id", metavar="复函", help="复函编号、复函文号或提案号（如 第024号）")
    sh.add_argument("--text", action="store_true", help="同时输出复函全文")
    sh.set_defaults(func=run_show)
    add = s.add_parser("add", help="手工登记提案与复函")
    for opt, label in (("--session", "会议届次，如 区政协三届一次会议"), ("--number", "提案编号"),
                       ("--title", "提案标题"), ("--proposer", "提案人"),
                       ("--kind", "类型：政协提案 或 人大建议"), ("--doc-number", "复函文号"),
                       ("--issuer", "发文单位"), ("--date", "复函日期"), ("--signer", "签发人"),
                       ("--class", "答复类别 A/B/C"), ("--text-file", "复函全文文件（UTF-8）")):
        add.add_argument(opt, default="", help=label)
    add.set_defaults(func=run_add)
    rate = s.add_parser("rate", help="登记答复类别与委员满意度")
    rate.add_argument("id", type=int, help="复函编号")
    rate.add_argument("--class", dest="answer_class", choices=[c.value for c in AnswerClass],
                      help="答复类别")
    rate.add_argument("--attitude", choices=RATINGS, help="对办理态度的评价")
    rate.add_argument("--result", choices=RATINGS, help="对办理结果的评价")
    rate.set_defaults(func=run_rate)


def run_list(args, ctx) -> int:
    rows = []
    counts = ctx.store.dossiers.item_counts()
    for r in ctx.store.dossiers.replies():
        p = ctx.store.dossiers.proposal(r.proposal_id) if r.proposal_id else None
        rows.append([r.id, r.doc_number, p.number if p else "", p.title if p else "",
                     r.date or "", r.answer_class, counts.get(r.id, 0)])
    ctx.out(table(["编号", "文号", "提案号", "提案标题", "复函日期", "类别", "事项数"], rows,
                  [6, 24, 8, 40, 10, 4, 6]) if rows else "尚无复函：可用 dossier add 登记")
    return 0


def run_show(args, ctx) -> int:
    from qjtasks.core import replyref
    r = ctx.store.dossiers.reply(replyref.find(args.id, replyref.letters(ctx.store)))
    p = ctx.store.dossiers.proposal(r.proposal_id) if r.proposal_id else None
    if p:
        ctx.out(f"提案：{p.session}第{p.number}号{p.kind}《{p.title}》，提案人 {p.proposer}")
    ctx.out(f"复函：{r.doc_number}，{r.issuer}，{r.date or '日期不详'}，签发人 {r.signer}")
    ctx.out(f"答复类别：{r.answer_class or '—'}    办理态度：{r.attitude_rating or '—'}    "
            f"办理结果：{r.result_rating or '—'}")
    items = ctx.store.dossiers.items_of(r.id)
    ctx.out(table(["编号", "事项", "状态"], [list(i) for i in items], [6, 50, 8]))
    if args.text:
        ctx.out("\n" + r.full_text)
    return 0


def run_add(args, ctx) -> int:
    text = ""
    if args.text_file:
        try:
            text = Path(args.text_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"无法读取复函全文“{args.text_file}”：{exc}") from None
    ch = ctx.services.dossiers.create(
        ProposalDraft(session=args.session, number=args.number, title=args.title,
                      proposer=args.proposer, kind=args.kind or "政协提案"),
        ReplyDraft(doc_number=args.doc_number, issuer=args.issuer, date=args.date,
                   signer=args.signer, answer_class=getattr(args, "class"), full_text=text))
    ctx.out(f"已登记复函（编号 {ch.reply_id}）")
    return 0


def run_rate(args, ctx) -> int:
    if not (args.answer_class or args.attitude or args.result):
        raise ValidationError("请至少指定 --class、--attitude 或 --result 之一")
    ctx.services.dossiers.edit(args.id, answer_class=args.answer_class or KEEP,
                               attitude_rating=args.attitude or KEEP,
                               result_rating=args.result or KEEP)
    ctx.out(f"已更新复函 {args.id}")
    return 0
