"""`qjtasks units list|add|rename|deactivate|activate`: the unit register."""
from __future__ import annotations

from .fmt import table


def register(subs) -> None:
    p = subs.add_parser("units", help="单位名录：列出、新增、改名、停用")
    s = p.add_subparsers(dest="units_cmd", metavar="操作", required=True)
    ls = s.add_parser("list", help="列出单位")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.add_argument("--active", action="store_true", help="只列出启用的单位")
    ls.set_defaults(func=run_list)
    add = s.add_parser("add", help="新增单位")
    add.add_argument("name", help="单位全称")
    add.add_argument("--short", default="", help="简称（如 区财政局）")
    add.add_argument("--contact", default="", help="联系人")
    add.add_argument("--phone", default="", help="联系电话")
    add.set_defaults(func=run_add)
    ren = s.add_parser("rename", help="修改单位名称或联系人")
    ren.add_argument("unit", help="单位（全称、简称或编号）")
    ren.add_argument("--name", help="新全称")
    ren.add_argument("--short", help="新简称")
    ren.add_argument("--contact", help="联系人")
    ren.add_argument("--phone", help="联系电话")
    ren.set_defaults(func=run_rename)
    for verb, label in (("deactivate", "停用单位（有记录的单位不会被删除）"), ("activate", "重新启用单位")):
        q = s.add_parser(verb, help=label)
        q.add_argument("unit", help="单位（全称、简称或编号）")
        q.set_defaults(func=run_active, active=verb == "activate")


def run_list(args, ctx) -> int:
    units = ctx.store.units(active_only=args.active)
    if args.json:
        ctx.json([{"id": u.id, "name": u.name, "short_name": u.short_name, "contact": u.contact,
                   "phone": u.phone, "active": u.active, "is_office": u.is_office}
                  for u in units])
        return 0
    rows = [[u.id, u.short_name, u.name, u.contact, u.phone,
             "启用" if u.active else "停用", "督办单位" if u.is_office else ""] for u in units]
    ctx.out(table(["编号", "简称", "全称", "联系人", "电话", "状态", ""], rows))
    return 0


def run_add(args, ctx) -> int:
    ch = ctx.services.units.add(args.name, args.short, args.contact, args.phone)
    ctx.out(f"已新增单位（编号 {ch.unit_id}）：{args.name}")
    return 0


def run_rename(args, ctx) -> int:
    unit = ctx.store.unit_by_name(args.unit)
    ctx.services.units.update(unit.id, name=args.name, short_name=args.short,
                              contact=args.contact, phone=args.phone)
    ctx.out(f"已更新单位：{ctx.store.unit(unit.id).short_name}")
    return 0


def run_active(args, ctx) -> int:
    unit = ctx.store.unit_by_name(args.unit)
    ctx.services.units.set_active(unit.id, args.active)
    ctx.out(f"已{'启用' if args.active else '停用'}单位：{unit.short_name}")
    return 0
