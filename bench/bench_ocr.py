"""Benchmark text recognition of a scanned reply letter: seconds per page at 200 dpi (issue 19).

Run from the repository root:  python bench/bench_ocr.py [--pages N]
The letter is reply-024 drawn on A4 pages at 200 dpi (tests/importers/scanned.py) and saved as an
image-only PDF; it is read with `load_letter` (pdfium rendering + rapidocr-onnxruntime, the
`ocr` extra) and parsed. Prints the model load time, seconds per page (each page and the mean)
and whether the 文号 and the three plan items came out as from the text version.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "importers"))

from scanned import SEED, letter_pages, scanned_pdf  # noqa: E402

from qjtasks.importers import parse_letter  # noqa: E402
from qjtasks.importers.readers import load_letter  # noqa: E402
from qjtasks.paper import ocr  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="扫描复函文字识别耗时（200 dpi）")
    ap.add_argument("--pages", type=int, default=0, help="只识别前 N 页（默认全部）")
    args = ap.parse_args(argv)
    if not ocr.available():
        print(ocr.MISSING)
        return 1
    started = time.perf_counter()
    ocr.engine()
    load = time.perf_counter() - started
    pages = letter_pages()
    pages = pages[:args.pages] if args.pages else pages
    stamps = []
    with tempfile.TemporaryDirectory() as tmp:
        path = scanned_pdf(Path(tmp) / "scan.pdf", pages)
        t0 = time.perf_counter()
        letter = load_letter(path, progress=lambda k, n: stamps.append(time.perf_counter()))
    per_page = [b - a for a, b in zip([t0, *stamps], stamps, strict=False)]
    typed, scanned = parse_letter(SEED.read_text(encoding="utf-8")), parse_letter(letter.text)
    same = ([c.title for c in scanned.plan_items] == [c.title for c in typed.plan_items]
            and scanned.document.doc_number == typed.document.doc_number)
    print(f"模型加载 {load:.2f} s；{len(pages)} 页（200 dpi，A4）")
    print("每页秒数：" + "  ".join(f"{s:.2f}" for s in per_page))
    print(f"平均 {statistics.mean(per_page):.2f} s/页，最慢 {max(per_page):.2f} s/页")
    print(f"文号与三项工作计划与文本版一致：{'是' if same else '否'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
