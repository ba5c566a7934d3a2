"""Benchmark `scan-receipts` (issue 19): seconds per scanned page at 200 dpi.

Prints the 督办通知单 of several issued items, "scans" every page at 200 dpi (rotated 2–5°,
speckled, JPEG, one PDF, as an office scanner returns them), and times recording them with
`qjtasks scan-receipts` in process, beside the floor of only decoding the QR codes. Run from the
repository root: `PYTHONPATH=. .venv/bin/python bench/bench_scan.py [--items 6]`.
"""
from __future__ import annotations

import argparse
import io
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from qjtasks.cli import main as cli
from qjtasks.paper import scan

DPI = 200


def scanned(image: Image.Image, angle: float, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = image.convert("L").rotate(angle, expand=True, fillcolor=255)
    px = im.load()
    for _ in range(im.width * im.height // 150):
        px[rng.randrange(im.width), rng.randrange(im.height)] = rng.choice((0, 90, 255))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=55)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def run(db: Path, *args) -> None:
    code = cli(["--db", str(db), "--today", "2026-11-25", *map(str, args)])
    if code != 0:
        sys.exit(f"命令失败：{args}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="扫描回执登记的速度（200 dpi）")
    ap.add_argument("--items", type=int, default=6)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "office.db"
        run(db, "init")
        pages = []
        for item in range(1, args.items + 1):
            run(db, "edit", item, "--assigned", "2026-11-02", "--deadline", "2027-02-25")
            run(db, "issue", item, "--date", "2026-11-02")
            pdf = root / f"n{item}.pdf"
            run(db, "print", "notice", item, "-o", pdf)
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(root / f"p{item}")],
                           check=True)
        pages = [Image.open(p) for p in sorted(root.glob("p*-*.png"))]
        rng = random.Random(7)
        scans = [scanned(p, rng.choice((-1, 1)) * rng.uniform(2, 5), k) for k, p in enumerate(pages)]
        scan_pdf = root / "scan.pdf"
        scans[0].save(scan_pdf, save_all=True, append_images=scans[1:], resolution=DPI)
        start = time.perf_counter()
        decoded = list(scan.read_pages([scan_pdf]))
        floor = time.perf_counter() - start
        start = time.perf_counter()
        run(db, "scan-receipts", scan_pdf)
        whole = time.perf_counter() - start
        n = len(pages)
        print(f"{n} 页（{DPI} dpi，旋转 2–5°、噪点、JPEG）；读出 {len(decoded)} 页")
        print(f"{'':<24}{'合计(秒)':>10}{'每页(秒)':>10}")
        print(f"{'只解码二维码（下限）':<22}{floor:>10.2f}{floor / n:>10.2f}")
        print(f"{'scan-receipts 登记':<22}{whole:>10.2f}{whole / n:>10.2f}  目标每页 ≤ 1 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
