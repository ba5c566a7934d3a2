"""Search queries at SQL level, walked vs. the plain WHERE clause (run by hand; prints a table).

    python bench/bench_search.py --db /tmp/qj-100k.db --runs 7

For each prefix of the words bench_gui.py types (and a few common words): the first page (200
ids, light order, as the window asks for it after a typed character), the exact count and the
whole ordered id list, each timed with the store's text arms (`search.text_arms`, the walked
first page of `ItemLists._walk_first`) and with them turned off (the plain clause, as before),
alternately in one read-only process; medians in milliseconds. Both must give the same ids.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qjtasks.core import filters  # noqa: E402
from qjtasks.core.filters import ItemFilter  # noqa: E402
from qjtasks.core.store import (
    Store,  # noqa: E402
    search,  # noqa: E402
)

TYPED = ("绿色发展", "光盘行动", "充电桩规划", "綦发改督")
COMMON = ("宣传", "禁渔", "专题会议")


def main() -> None:
    ap = argparse.ArgumentParser(description="检索查询性能测试（逐项遍历与原查询对比）")
    ap.add_argument("--db", default="/tmp/qj-100k.db")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--order", default="light", choices=sorted(filters.ORDERS))
    args = ap.parse_args()
    store = Store.open(args.db, readonly=True)
    today = dt.date.today()
    walked_arms = search.text_arms

    def timed(walked: bool, flt: ItemFilter, what: str):
        search.text_arms = walked_arms if walked else (lambda _text: None)
        start = time.perf_counter()
        if what == "count":
            result = store.lists.count(flt, today=today)
        else:
            result = list(store.lists.ids(flt, today=today, order=args.order,
                                              limit=200 if what == "page" else None))
        return (time.perf_counter() - start) * 1000, result

    words = [w[:n] for w in TYPED for n in range(1, len(w) + 1)] + list(COMMON)
    print(f"数据库 {args.db}，排序 {args.order}，各 {args.runs} 次的中位数（毫秒；原查询 → 现查询）\n")
    print(f"{'检索词':10} {'匹配':>7} {'首页 200 项':>16} {'精确计数':>16} {'全部 id':>16}")
    for word in words:
        flt, cells, count = ItemFilter(text=word), [], 0
        for what in ("page", "count", "list"):
            times: dict[bool, list[float]] = {False: [], True: []}
            results = {}
            for _ in range(args.runs):
                for walked in (False, True):
                    ms, results[walked] = timed(walked, flt, what)
                    times[walked].append(ms)
            if results[False] != results[True]:
                raise SystemExit(f"结果不同：{word} {what}")
            count = results[True] if what == "count" else count
            cells.append(f"{statistics.median(times[False]):7.1f} → "
                         f"{statistics.median(times[True]):5.1f}")
        print(f"{word:10} {count:7} " + " ".join(f"{c:>16}" for c in cells), flush=True)
    search.text_arms = walked_arms


if __name__ == "__main__":
    main()
