"""Recovery commands: restore a backup, check the database, list the backups.

`restore FILE` shows what the backup holds (time, item count, schema version) and asks before
replacing anything (`--yes` skips the question); the replaced file is kept beside the database.
None of these commands open the database for use, so they work on a damaged file too.
"""
from __future__ import annotations

import sys
from pathlib import Path

from qjtasks.core import backup, integrity
from qjtasks.core.errors import QjtasksError
from qjtasks.core.lock import DbLock

from .fmt import table


def register(subs) -> None:
    r = subs.add_parser("restore", help="从备份恢复数据库（先显示备份内容，原文件保留）")
    r.add_argument("file", metavar="备份文件", nargs="?",
                   help="备份文件（省略则用最近的完好备份）")
    r.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    r.set_defaults(func=run_restore)
    c = subs.add_parser("check", help="检查数据库文件是否完好")
    c.add_argument("--full", action="store_true", help="完整检查（较慢）；默认快速检查")
    c.set_defaults(func=run_check)
    b = subs.add_parser("backups", help="列出自动与手动备份")
    b.set_defaults(func=run_backups)


def run_restore(args, ctx) -> int:
    from qjtasks.core.restore import check_restorable, restore
    source = Path(args.file) if args.file else _latest(ctx.db_path)
    info = check_restorable(source)
    ctx.out(info.describe())
    ctx.out(f"将替换：{ctx.db_path}（原文件会保留，不会删除）")
    if not args.yes and not _confirm():
        ctx.out("已取消，未作任何改动")
        return 1
    with DbLock(ctx.db_path, "恢复备份"):
        result = restore(source, ctx.db_path, ctx.clock.now())
    ctx.out(f"已恢复：{result.info.items} 项事项")
    if result.kept:
        ctx.out(f"原数据库已保留为：{result.kept}")
    return 0


def _latest(db_path: Path) -> Path:
    info = backup.latest_good(db_path)
    if info is None:
        raise QjtasksError(f"在 {backup.backup_dir(db_path)} 中没有找到可用的备份")
    return info.path


def _confirm() -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        raise QjtasksError("需要确认：请在命令后加 --yes 确认恢复")
    answer = input("确认用该备份替换当前数据库吗？[y/N] ").strip().lower()
    return answer in ("y", "yes", "是", "确认")


def run_check(args, ctx) -> int:
    if not ctx.db_path.exists():
        raise QjtasksError(f"数据库文件“{ctx.db_path}”不存在")
    problems = integrity.verify(ctx.db_path, full=args.full)
    if problems:
        latest = backup.latest_good(ctx.db_path)
        raise integrity.DamagedDatabaseError(
            integrity.damaged_message(ctx.db_path, problems, latest), ctx.db_path, latest)
    ctx.out(f"数据库完好（{'完整检查' if args.full else '快速检查'}）：{ctx.db_path}")
    return 0


def run_backups(args, ctx) -> int:
    rows = []
    for path in backup.list_backups(ctx.db_path):
        try:
            info = backup.inspect(path, full=False)
            rows.append([f"{info.made_at:%Y-%m-%d %H:%M:%S}",
                         backup.REASON_LABELS.get(info.reason, info.reason), info.items,
                         info.schema_version, str(path)])
        except QjtasksError:
            rows.append(["", "已损坏", "", "", str(path)])
    if not rows:
        ctx.out(f"{backup.backup_dir(ctx.db_path)} 中还没有备份")
        return 0
    ctx.out(table(["备份时间", "类型", "事项数", "架构版本", "文件"], rows, [19, 8, 6, 8, 60]))
    return 0
