"""`qjtasks calendar`: working-day arithmetic on the official calendar plus local additions."""
from __future__ import annotations

from qjtasks.core.calendar import parse_date
from qjtasks.core.errors import ValidationError


def register(subs) -> None:
    p = subs.add_parser("calendar", help="工作日计算（法定节假日与调休）")
    s = p.add_subparsers(dest="cal_cmd", metavar="操作", required=True)
    a = s.add_parser("add-workdays", help="某日之后的第几个工作日")
    a.add_argument("date", help="起始日期")
    a.add_argument("n", help="工作日数（可为负数）")
    a.set_defaults(func=run_add)
    b = s.add_parser("between", help="两个日期之间的工作日数")
    b.add_argument("start", help="起始日期")
    b.add_argument("end", help="结束日期")
    b.set_defaults(func=run_between)
    w = s.add_parser("is-workday", help="某日是否为工作日")
    w.add_argument("date", help="日期")
    w.set_defaults(func=run_is)
    for verb, key, label in (("add-holiday", "extra_holidays", "补充节假日"),
                             ("add-workday", "extra_workdays", "补充调休工作日")):
        q = s.add_parser(verb, help=label + "（写入设置）")
        q.add_argument("dates", nargs="+", help="日期")
        q.set_defaults(func=run_extra, key=key, label=label)


def _calendar(ctx):
    # Local holidays live in the database; without one, the official calendar alone decides.
    if ctx.db_path.exists():
        return ctx.store.calendar
    from qjtasks.core.calendar import WorkCalendar
    return WorkCalendar()


def _warn(ctx, cal) -> None:
    for year in sorted(cal.unknown_years):
        ctx.out(f"注意：{year}年法定节假日安排尚未收录，已按周末计算")


def run_add(args, ctx) -> int:
    try:
        n = int(args.n)
    except ValueError:
        raise ValidationError(f"工作日数“{args.n}”不是整数") from None
    cal = _calendar(ctx)
    ctx.out(cal.add_workdays(parse_date(args.date), n).isoformat())
    _warn(ctx, cal)
    return 0


def run_between(args, ctx) -> int:
    cal = _calendar(ctx)
    ctx.out(str(cal.workdays_between(parse_date(args.start), parse_date(args.end))))
    _warn(ctx, cal)
    return 0


def run_is(args, ctx) -> int:
    cal = _calendar(ctx)
    day = parse_date(args.date)
    ctx.out(f"{day.isoformat()} {'是工作日' if cal.is_workday(day) else '不是工作日'}")
    _warn(ctx, cal)
    return 0


def run_extra(args, ctx) -> int:
    days = [parse_date(d).isoformat() for d in args.dates]
    current = list(ctx.store.setting(args.key) or [])
    ctx.services.settings.set(args.key, current + days)
    ctx.out(f"已{args.label}：{'、'.join(days)}")
    return 0
