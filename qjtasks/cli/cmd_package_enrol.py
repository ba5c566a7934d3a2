"""`qjtasks package enrol …`: enrol a unit, answer an enrolment, confirm or revoke keys.

Office: `enrol create --unit 区财政局 -o 区财政局.qjenrol`, later `enrol answer 回执.qjenrol`,
then `enrol confirm 区财政局 指纹` after reading the fingerprint to each other by phone.
Unit: `enrol accept 区财政局.qjenrol -o 回执.qjenrol` on a new database, then `enrol confirm
区发改委 指纹`. Registered from `cmd_package`; not a command group of its own.
"""
from __future__ import annotations

import json
from pathlib import Path

from .fmt import table


def register(s) -> None:
    p = s.add_parser("enrol", help="注册：制作/接受注册文件，核对指纹，吊销密钥")
    e = p.add_subparsers(dest="enrol_cmd", metavar="操作", required=True)
    c = e.add_parser("create", help="督办方：为承办单位制作注册文件")
    c.add_argument("--unit", required=True, help="承办单位")
    c.add_argument("-o", "--output", metavar="文件", help="输出文件")
    c.set_defaults(func=run_create)
    a = e.add_parser("accept", help="承办单位：用注册文件建立本机，并生成回执")
    a.add_argument("file", help="督办方的注册文件")
    a.add_argument("-o", "--output", metavar="文件", help="回执文件")
    a.set_defaults(func=run_accept, creates=True)   # sets up a new unit installation
    r = e.add_parser("answer", help="督办方：登记承办单位的回执")
    r.add_argument("file", help="承办单位的回执文件")
    r.set_defaults(func=run_answer)
    f = e.add_parser("confirm", help="电话核对指纹后确认信任")
    f.add_argument("peer", help="对方（单位简称或注册编号）")
    f.add_argument("fingerprint", help="对方读出的指纹，如 3F2A-91C0-…")
    f.set_defaults(func=run_confirm)
    v = e.add_parser("revoke", help="吊销对方密钥（此后其数据包一律拒收）")
    v.add_argument("peer", help="对方（单位简称或注册编号）")
    v.add_argument("--reason", default="", help="吊销原因")
    v.set_defaults(func=run_revoke)
    ls = e.add_parser("list", help="列出本机指纹与已注册的对方")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=run_list)


def _write(path: Path, doc: dict) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run_create(args, ctx) -> int:
    from qjtasks.exchange import enrol
    doc = enrol.invitation(ctx.services, args.unit)
    out = _write(Path(args.output or f"{doc['unit']['short_name']}.qjenrol"), doc)
    me = enrol.office_identity(ctx.services)
    ctx.out(f"已制作注册文件：{out}（发给 {doc['unit']['short_name']}）")
    ctx.out(f"本机（{me['name']}）指纹：{me['fingerprint']}　请在电话中向对方读出核对")
    return 0


def run_accept(args, ctx) -> int:
    from qjtasks.exchange import enrol
    ctx.open(seed=False)
    answer = enrol.accept(ctx.services, enrol.read_doc(Path(args.file)))
    out = _write(Path(args.output or f"{answer['unit']['short_name']}-回执.qjenrol"), answer)
    from qjtasks.exchange import directory
    me, office = directory.me(ctx.store), directory.peers(ctx.store)[0]
    ctx.out(f"本机已注册为“{me['name']}”，回执文件：{out}（请交回督办方）")
    ctx.out(f"本机指纹：{me['fingerprint']}")
    ctx.out(f"督办方（{office['name']}）指纹：{office['fingerprint']}")
    ctx.out("请与督办方电话核对双方指纹，一致后执行：qjtasks package enrol confirm "
            f"{office['name']} <督办方读出的指纹>")
    return 0


def run_answer(args, ctx) -> int:
    from qjtasks.exchange import enrol
    peer = enrol.receive_answer(ctx.services, enrol.read_doc(Path(args.file)))
    ctx.out(f"已登记“{peer['name']}”的回执（注册编号 {peer['id']}，状态：{peer['status']}）")
    ctx.out(f"对方指纹：{peer['fingerprint']}　请电话核对后执行：qjtasks package enrol confirm "
            f"{peer['id']} <对方读出的指纹>")
    return 0


def run_confirm(args, ctx) -> int:
    from qjtasks.exchange import enrol
    peer = enrol.find_peer(ctx.services, args.peer)
    peer = enrol.confirm(ctx.services, peer["id"], args.fingerprint)
    ctx.out(f"指纹一致，已信任“{peer['name']}”（{peer['fingerprint']}）")
    return 0


def run_revoke(args, ctx) -> int:
    from qjtasks.exchange import enrol
    peer = enrol.find_peer(ctx.services, args.peer)
    peer = enrol.revoke(ctx.services, peer["id"], args.reason)
    ctx.out(f"已吊销“{peer['name']}”的密钥（{peer['fingerprint']}）：此后其数据包一律拒收")
    return 0


def run_list(args, ctx) -> int:
    from qjtasks.exchange import directory
    me, peers = directory.me(ctx.store), directory.peers(ctx.store)
    if args.json:
        ctx.json({"self": me, "peers": peers})
        return 0
    if me is None:
        ctx.out("本机尚未注册数据交换")
        return 0
    role = "督办方" if me["role"] == "office" else "承办单位"
    ctx.out(f"本机：{me['name']}（{role}）　指纹：{me['fingerprint']}")
    ctx.out(table(["编号", "对方", "状态", "指纹", "已发数据包", "已收记录"],
                  [[p["id"], p["name"], p["status"], p["fingerprint"], p["next_package_seq"] - 1,
                    p["in_seq"]] for p in peers]))
    return 0
