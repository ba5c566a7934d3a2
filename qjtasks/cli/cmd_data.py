"""Data commands: journal, export (csv/json), backup, settings."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from qjtasks.core.errors import ValidationError
from qjtasks.core.files import write_atomically
from qjtasks.core.journal import label
from qjtasks.core.models import Role, Side
from qjtasks.core.settings import LABELS
from qjtasks.core.timeline import describe_change

from . import filterargs
from .fmt import table

CSV_COLUMNS = [("id", "编号"), ("serial", "督办编号"), ("title", "事项"), ("category", "类别"),
               ("lead", "牵头单位"), ("co_units", "配合单位"), ("assigned_on", "交办日期"),
               ("original_deadline", "原办结时限"), ("current_deadline", "现办结时限"),
               ("remaining_workdays", "剩余工作日"), ("light", "灯色"),
               ("days_since_feedback", "未更新天数"), ("percent", "进度"), ("status", "状态"),
               ("chase_count", "催办次数")]


def register(subs) -> None:
    p = subs.add_parser("journal", help="查看督办日志（审计记录）")
    p.add_argument("id", type=int, nargs="?", help="事项编号（省略则为全部）")
    p.add_argument("--limit", type=int, default=100, help="条数")
    p.add_argument("--package", help="只看来自某个数据包的记录（编号可只写前几位）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_journal)
    e = subs.add_parser("export", help="导出事项（csv、json 或 xlsx 台账）")
    e.add_argument("--format", required=True, choices=["csv", "json", "xlsx"], help="格式")
    e.add_argument("-o", "--output", required=True, metavar="文件", help="输出文件")
    filterargs.add_filter_args(e)
    e.set_defaults(func=run_export)
    b = subs.add_parser("backup", help="备份数据库（在线备份，可在使用中进行）")
    b.add_argument("-o", "--output", metavar="文件", help="备份文件（默认数据目录 backups/ 下）")
    b.set_defaults(func=run_backup)
    s = subs.add_parser("settings", help="查看或修改设置")
    ss = s.add_subparsers(dest="settings_cmd", metavar="操作", required=True)
    ss.add_parser("list", help="列出设置").set_defaults(func=run_settings_list)
    st = ss.add_parser("set", help="修改一项设置")
    st.add_argument("key", help="设置项")
    st.add_argument("value", help="值（列表用逗号分隔）")
    st.set_defaults(func=run_settings_set)


def run_journal(args, ctx) -> int:
    package = ctx.store.audit.package_id(args.package) if args.package else None
    entries = ctx.store.audit.entries(args.id, limit=args.limit, package_id=package)
    if args.json:
        ctx.json([e.__dict__ for e in entries])
        return 0
    names = {u.id: u.short_name for u in ctx.store.units()}
    rows = [[e.id, e.at.replace("T", " "), e.actor, label(e.action), e.item_id or "",
             e.origin, describe_change(e.before, e.after, names)] for e in entries]
    ctx.out(table(["编号", "时间", "操作人", "操作", "事项", "来源", "内容"], rows,
                  [8, 19, 10, 12, 6, 4, 60]) if rows else "暂无日志")
    return 0


def run_export(args, ctx) -> int:
    flt = filterargs.filter_from_args(args, ctx)
    rows = ctx.store.lists.items(flt, today=ctx.today, order=args.sort, descending=args.desc,
                                limit=None)
    if args.format == "xlsx":
        from qjtasks.exchange.xlsx import export_items
        ctx.out(f"已导出 {len(rows)} 项到 {export_items(ctx.store, rows, args.output)}")
        return 0
    owners = ctx.store.assignments_many([r["id"] for r in rows])
    data = [filterargs.item_json(r, owners[r["id"]]) for r in rows]
    def write(tmp: Path) -> None:
        if args.format == "json":
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            _write_csv(tmp, data)
    out = write_atomically(args.output, write)
    ctx.out(f"已导出 {len(data)} 项到 {out}")
    return 0


def _write_csv(path: Path, data: list[dict]) -> None:
    # utf-8-sig so that Excel on Windows opens the Chinese text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([label for _, label in CSV_COLUMNS])
        for item in data:
            lead = [a["unit"] for a in item["assignments"] if a["role"] == Role.LEAD]
            co = [a["unit"] for a in item["assignments"] if a["role"] == Role.CO]
            row = {**item, "lead": "、".join(lead), "co_units": "、".join(co)}
            writer.writerow(["" if row.get(k) is None else row.get(k) for k, _ in CSV_COLUMNS])


def run_backup(args, ctx) -> int:
    from qjtasks.core.backup import default_backup_name
    target = Path(args.output) if args.output else default_backup_name(ctx.db_path, ctx.clock.now())
    ctx.store.backup_to(target, notice=ctx.out)
    ctx.out(f"已备份到 {target}")
    return 0


def run_settings_list(args, ctx) -> int:
    rows = [[LABELS.get(k, k), _plain_setting(v), k] for k, v in ctx.store.settings.items()]
    ctx.out(table(["设置项", "值", "键名（settings set 用）"], rows, [24, 40, 22]))
    return 0


def run_settings_set(args, ctx) -> int:
    value = args.value
    if args.key in ("extra_holidays", "extra_workdays"):
        value = [v for v in value.replace("，", ",").split(",") if v.strip()]
    elif args.key not in ctx.store.settings:
        raise ValidationError(f"未知设置项“{args.key}”")
    ctx.services.settings.set(args.key, value)
    shown = _plain_setting(ctx.store.setting(args.key)) or "（空）"
    ctx.out(f"已设置 {LABELS.get(args.key, args.key)}：{shown}")
    return 0


def _plain_setting(value) -> str:
    """A setting's value as a user reads it: 是/否, a list joined by 、, text without quotes."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if value == Side.OFFICE:
        return "督办方"
    if value == Side.UNIT:
        return "承办单位"
    return "" if value is None else str(value)
