"""`qjtasks keys`: the installation's key file beside the database and its passphrase."""
from __future__ import annotations


def register(subs) -> None:
    p = subs.add_parser("keys", help="本机密钥：查看状态，设置或修改口令")
    ks = p.add_subparsers(dest="keys_cmd", metavar="操作", required=True)
    st = ks.add_parser("status", help="密钥文件位置、指纹、是否设有口令")
    st.set_defaults(func=run_status)
    pw = ks.add_parser("passphrase", help="为本机私钥设置或修改口令（先验证当前口令）")
    pw.add_argument("--new-passphrase-file", metavar="文件",
                    help="存放新口令的文件（首行）；不写则在终端中输入两次")
    pw.add_argument("--remove", action="store_true", help="取消口令（私钥不再加密保存）")
    pw.set_defaults(func=run_passphrase)


def _key_file(ctx):
    from qjtasks.exchange.enrol import key_file
    return key_file(ctx.store)


def run_status(args, ctx) -> int:
    from qjtasks.exchange import keys
    path = _key_file(ctx)
    if not path.exists():
        ctx.out(f"尚无本机密钥文件（{path}）：首次注册或打印带二维码的通知单时生成")
        return 0
    protected = keys.is_protected(path)
    pair = keys.load(path)
    ctx.out(f"密钥文件：{path}\n指纹：{pair.public.fingerprint}\n"
            f"口令：{'已设置' if protected else '未设置（私钥未加密）'}")
    return 0


def run_passphrase(args, ctx) -> int:
    from qjtasks.exchange import keys

    from .passphrase import new_passphrase
    path = _key_file(ctx)
    new = None if args.remove else new_passphrase(args.new_passphrase_file)
    if not path.exists():
        if args.remove:
            ctx.out("尚无本机密钥文件，无需取消口令")
            return 0
        keys.save(keys.KeyPair.generate(), path, new)
        ctx.out(f"已生成本机密钥并设置口令：{path}")
        return 0
    keys.change_passphrase(path, new)
    ctx.out("已取消本机密钥口令" if args.remove else "已设置本机密钥口令；以后每次使用时先输入口令")
    return 0
