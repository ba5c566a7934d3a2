"""`qjtasks scan-receipts FILE…`: record the paper 签收 of scanned, returned 签收回执.

Takes multi-page PDFs from an office scanner and JPG/PNG/TIFF photos. Each page's QR code is
decoded and checked against this office's key; every valid receipt records the unit's 签收
with the page image as evidence (one transaction each). The summary lists pages recorded,
already signed, unreadable, for another office, forged. Running it again changes nothing.
"""
from __future__ import annotations

import sys

HELP = "导入扫描回执：识别签收回执上的二维码，登记纸质签收（扫描页作为凭证）"


def register(subs) -> None:
    p = subs.add_parser("scan-receipts", help=HELP, description=HELP)
    p.add_argument("files", nargs="+", metavar="文件",
                   help="扫描件：多页 PDF（150–300 dpi）或 JPG/PNG/TIFF 照片")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    from pathlib import Path

    from qjtasks.core.clock import Clock
    from qjtasks.paper import receipts, scan
    paths = [Path(f).expanduser() for f in args.files]
    store = ctx.store
    services = ctx.services
    total = scan.count_pages(paths)

    def progress(done: int, count: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r正在识别：{done}/{count} 页", end="", file=sys.stderr, flush=True)

    rec = receipts.ReceiptRecorder(services, _signer(store), Clock(ctx.today).now())
    for page in scan.read_pages(paths, progress):
        rec.page(page)
    if sys.stderr.isatty() and not args.json and total:
        print(file=sys.stderr)
    if args.json:
        ctx.json(rec.summary.as_json())
    else:
        for line in rec.summary.lines():
            ctx.out(line)
    return 0


def _signer(store):
    from qjtasks.paper import codes
    return codes.signer_for(store)
