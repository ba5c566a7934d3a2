"""`qjtasks init`: create the database, seeded with the reply-024 case unless --empty."""
from __future__ import annotations


def register(subs) -> None:
    p = subs.add_parser("init", help="创建数据库（默认载入綦发改函〔2022〕140号示例案件）")
    p.add_argument("--empty", action="store_true", help="创建空数据库，不载入示例案件")
    p.set_defaults(func=run, creates=True)


def run(args, ctx) -> int:
    existed = ctx.db_path.exists() and ctx.db_path.stat().st_size > 0
    ctx.open(seed=False)
    from qjtasks.core.seed import ensure_default
    loaded = ensure_default(ctx.services, empty=args.empty)
    if existed and not loaded:
        ctx.out(f"数据库已存在：{ctx.db_path}（架构版本 {ctx.store.schema_version}），未作改动")
    elif loaded:
        ctx.out(f"已创建数据库：{ctx.db_path}，并载入示例案件（綦发改函〔2022〕140号，示例分工）")
    else:
        ctx.out(f"已创建空数据库：{ctx.db_path}")
    return 0
