"""Plain-text tables for a terminal, aligned by display width (CJK characters are two wide)."""
from __future__ import annotations

import unicodedata
from functools import cache


@cache
def _char_width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def width(text: str) -> int:
    # Cached per character: a 3,000-row list measures some 200,000 characters.
    return len(text) if text.isascii() else sum(map(_char_width, text))


def clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if 2 * len(text) <= limit or width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            return out + "…"
        out += ch
        used += w
    return out


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def _cell(value, limit: int) -> tuple[str, int]:
    """A clipped cell and its display width, measured once."""
    text = " ".join(("" if value is None else str(value)).split())
    size = width(text)
    if size <= limit:
        return text, size
    text = clip(text, limit)
    return text, width(text)


def table(headers: list[str], rows: list[list], limits: list[int] | None = None) -> str:
    limits = limits or [40] * len(headers)
    cells = [[_cell(v, lim) for v, lim in zip(r, limits, strict=True)] for r in rows]
    head = [(h, width(h)) for h in headers]
    sizes = [max([head[i][1]] + [r[i][1] for r in cells]) for i in range(len(headers))]

    def line(row: list[tuple[str, int]]) -> str:
        return "  ".join(t + " " * (s - w) for (t, w), s in zip(row, sizes, strict=True)).rstrip()

    return "\n".join([line(head)] + [line(r) for r in cells])
