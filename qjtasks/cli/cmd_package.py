"""`qjtasks package …`: offline exchange with the units by signed, encrypted `.qjpkg` files.

export / import / verify / scan / list / list-applied / conflicts / resolve / chase-reply, and
`package enrol create|accept|answer|confirm|revoke|list` for enrolment and trust. The same
commands serve the office and a unit installation (setting role=unit); which side this is
comes from the database. Enrolment subcommands live in `cmd_package_enrol.py`.
"""
from __future__ import annotations

from pathlib import Path

from . import cmd_package_enrol
from .fmt import table


def register(subs) -> None:
    p = subs.add_parser("package", help="数据交换：导出、导入、校验数据包，注册承办单位")
    s = p.add_subparsers(dest="package_cmd", metavar="操作", required=True)
    e = s.add_parser("export", help="导出数据包（督办方须指定 --unit）")
    e.add_argument("--unit", help="接收单位（督办方导出时必填）")
    e.add_argument("-o", "--output", metavar="文件", help="输出文件（默认按单位和序号命名）")
    e.set_defaults(func=run_export)
    i = s.add_parser("import", help="导入数据包：先校验并预览，再一次性应用")
    i.add_argument("file", help=".qjpkg 文件")
    i.add_argument("--dry-run", action="store_true", help="只预览，不导入")
    i.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    i.set_defaults(func=run_import)
    v = s.add_parser("verify", help="校验数据包并显示文件头与预览（不导入）")
    v.add_argument("file", help=".qjpkg 文件")
    v.add_argument("--header-only", action="store_true", help="只读文件头（无需本机密钥）")
    v.add_argument("--json", action="store_true", help="以 JSON 输出")
    v.set_defaults(func=run_verify)
    ls = s.add_parser("list", help="列出收发过的数据包")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=run_list)
    la = s.add_parser("list-applied", help="列出某个（或每个）导入的数据包带来的改动")
    la.add_argument("package_id", nargs="?", help="数据包编号（可只写前几位）")
    la.add_argument("--json", action="store_true", help="以 JSON 输出")
    la.set_defaults(func=run_list_applied)
    sc = s.add_parser("scan", help="导入文件夹中发给本机的全部数据包（共享盘/同步文件夹）")
    sc.add_argument("folder", help="文件夹")
    sc.set_defaults(func=run_scan)
    _register_conflicts(s)
    cmd_package_enrol.register(s)


def _register_conflicts(s) -> None:
    c = s.add_parser("conflicts", help="列出导入时发现的冲突")
    c.add_argument("--all", action="store_true", help="包括已处理的")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c.set_defaults(func=run_conflicts)
    r = s.add_parser("resolve", help="对一条冲突作出决定")
    r.add_argument("id", type=int, help="冲突编号")
    g = r.add_mutually_exclusive_group(required=True)
    g.add_argument("--take-theirs", action="store_true", help="采用承办单位的版本")
    g.add_argument("--keep-ours", action="store_true", help="保留督办方的版本")
    r.add_argument("--remark", default="", help="说明")
    r.set_defaults(func=run_resolve)
    a = s.add_parser("chase-reply", help="承办单位：答复督办方的催办（随下一个数据包发回）")
    a.add_argument("chase", help="催办记录编号或 uid")
    a.add_argument("--answer", required=True, help="答复内容")
    a.add_argument("--by", default="", help="答复人")
    a.add_argument("--date", metavar="日期", help="答复日期（默认今天）")
    a.set_defaults(func=run_chase_reply)


def _default_name(ctx, unit: str | None) -> Path:
    from qjtasks.exchange import directory, export
    peer = export.current_peer(ctx.services, unit)
    me = directory.me(ctx.store)
    return Path(f"{me['name']}-至-{peer['name']}-{peer['next_package_seq']:04d}.qjpkg")


def run_export(args, ctx) -> int:
    from qjtasks.exchange import export
    out = Path(args.output) if args.output else _default_name(ctx, args.unit)
    res = export.export_package(ctx.services, out, unit=args.unit)
    ctx.out(f"已导出数据包：{res.path}")
    ctx.out(f"接收方：{res.recipient}　序号：第 {res.sequence} 号　记录：{res.records} 条　"
            f"编号：{res.package_id}")
    return 0


def _print_report(ctx, report) -> None:
    ctx.out(report.summary())
    for line in report.kind_lines():
        ctx.out(f"  {line}")
    for change in report.items.values():
        ctx.out(f"\n[{change.item_id}] {change.title}" + (f"（{change.serial}）"
                                                         if change.serial else ""))
        for line in change.lines:
            ctx.out(f"  · {line}")
    for c in report.conflicts:
        ctx.out(f"\n冲突待决定：事项 {c['item_id']}：{c['description']}")


def _already(ctx, exc, as_json: bool) -> int:
    """Importing an applied package again is not an error: nothing changes (exit 0)."""
    if as_json:
        ctx.json({"already_imported": True, "message": str(exc)})
    else:
        ctx.out(str(exc))
    return 0


def run_import(args, ctx) -> int:
    from qjtasks.exchange import importer
    from qjtasks.exchange.errors import ReplayError
    try:
        if args.dry_run:
            report = importer.preview(ctx.services, args.file)
        else:
            report = importer.import_package(ctx.services, args.file)
    except ReplayError as exc:
        return _already(ctx, exc, args.json)
    if args.json:
        ctx.json(report.as_json())
    else:
        _print_report(ctx, report)
        if report.conflicts and not args.dry_run:
            ctx.out("\n请用“qjtasks package conflicts”查看并决定冲突。")
    return 0


def _header_lines(h: dict) -> list[str]:
    return [f"格式：{h.get('format')}（版本 {h.get('schema')}）",
            f"编号：{h.get('package_id')}",
            f"发送方：{(h.get('sender') or {}).get('name')}",
            f"接收方：{(h.get('recipient') or {}).get('name')}",
            f"序号：第 {h.get('sequence')} 号",
            f"生成时间：{str(h.get('created_at', '')).replace('T', ' ')}",
            f"记录数：{h.get('records', '—')}"]


def run_verify(args, ctx) -> int:
    from qjtasks.exchange import importer
    header = importer.read_header(args.file)
    if args.header_only:
        ctx.json(header) if args.json else ctx.out("\n".join(_header_lines(header)))
        return 0
    from qjtasks.exchange.errors import ReplayError
    try:
        report = importer.preview(ctx.services, args.file)
    except ReplayError as exc:
        return _already(ctx, exc, args.json)
    if args.json:
        ctx.json({"header": header, "valid": True, "preview": report.as_json()})
        return 0
    ctx.out("\n".join(_header_lines(header)))
    ctx.out("校验通过：签名有效，接收方正确，内容完整。以下为导入预览：\n")
    _print_report(ctx, report)
    return 0


def run_list(args, ctx) -> int:
    from qjtasks.exchange import directory
    rows = directory.packages(ctx.store)
    if args.json:
        ctx.json(rows)
        return 0
    ctx.out(table(["方向", "序号", "对方", "记录", "新登记", "冲突", "处理时间", "编号"],
                  [["收" if r["direction"] == "in" else "发", r["sequence"], r["peer_name"],
                    r["records"], r["applied"], r["conflicts"],
                    r["processed_at"].replace("T", " "), r["package_id"][:8]] for r in rows]))
    return 0


def run_list_applied(args, ctx) -> int:
    from qjtasks.core.journal import label
    from qjtasks.exchange import directory
    rows = [r for r in directory.packages(ctx.store, "in")
            if not args.package_id or r["package_id"].startswith(args.package_id)]
    out = []
    for r in rows:
        entries = [e for e in ctx.store.audit.entries(package_id=r["package_id"], limit=100_000)
                   if e.action != "exchange.import"]
        out.append({**r, "changes": [{"at": e.at, "actor": e.actor, "action": e.action,
                                      "label": label(e.action), "item_id": e.item_id,
                                      "after": e.after} for e in reversed(entries)]})
    if args.json:
        ctx.json(out)
        return 0
    for r in out:
        ctx.out(f"数据包 {r['package_id'][:8]}（{r['peer_name']} 第 {r['sequence']} 号，"
                f"{r['processed_at'].replace('T', ' ')}）：{len(r['changes'])} 项改动")
        for c in r["changes"]:
            ctx.out(f"  事项 {c['item_id'] or '—'}  {c['label']}  {c['actor']}")
    if not out:
        ctx.out("尚未导入任何数据包")
    return 0


def run_scan(args, ctx) -> int:
    from qjtasks.exchange.folder import scan
    results = scan(ctx.services, args.folder)
    for r in results:
        ctx.out(f"{r.status}  {r.path.name}：{r.message}")
    if not results:
        ctx.out("文件夹中没有发给本机的新数据包")
    return 1 if any(r.status == "拒收" for r in results) else 0


def run_conflicts(args, ctx) -> int:
    from qjtasks.exchange import conflicts, directory
    rows = directory.conflicts(ctx.store, open_only=not args.all)
    if args.json:
        ctx.json(rows)
        return 0
    if not rows:
        ctx.out("没有待决定的冲突")
        return 0
    ctx.out(table(["编号", "事项", "类型", "说明", "状态", "数据包"],
                  [[r["id"], r["item_id"], conflicts.KIND_LABELS.get(r["kind"], r["kind"]),
                    r["description"], r["status"], r["package_id"][:8]] for r in rows],
                  [6, 6, 20, 60, 8, 10]))
    return 0


def run_resolve(args, ctx) -> int:
    from qjtasks.exchange import conflicts
    done = conflicts.resolve(ctx.services, args.id, args.take_theirs, args.remark)
    ctx.out(f"冲突 {args.id} 已处理：{done['decision']}")
    return 0


def run_chase_reply(args, ctx) -> int:
    from qjtasks.exchange.chase_reply import answer_chase
    res = answer_chase(ctx.services, args.chase, args.answer, args.by, args.date)
    ctx.out(f"已记录对事项 {res['item_id']} 催办的答复，将随下一个数据包发回督办方")
    return 0
