"""Plain-text tables for a terminal, aligned by display width (CJK characters are two wide)."""
from __future__ import annotations

import unicodedata

_WIDTHS: dict[str, int] = {}     # character → columns, filled as characters are met


def _char_width(c: str) -> int:
    w = _WIDTHS.get(c)
    if w is None:
        w = _WIDTHS[c] = 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return w


def width(text: str) -> int:
    # Cached per character: a 3,000-row list measures some 200,000 characters; a plain dict
    # lookup per character is a third faster than a functools.cache call.
    if text.isascii():
        return len(text)
    try:
        return sum(map(_WIDTHS.__getitem__, text))
    except KeyError:
        return sum(map(_char_width, text))


def clip(text: str, limit: int) -> str:
    return _clipped(" ".join(str(text).split()), limit)[0]


def _clipped(text: str, limit: int) -> tuple[str, int]:
    """`text` cut to `limit` columns with an ellipsis, and its width."""
    size = width(text)
    if size <= limit:
        return text, size
    used, kept, room = 0, 0, limit - 1
    for ch in text:
        w = _WIDTHS.get(ch) or _char_width(ch)
        if used + w > room:
            break
        used += w
        kept += 1
    return text[:kept] + "…", used + 1


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def _cell(value, limit: int) -> tuple[str, int]:
    """A clipped cell and its display width, measured once."""
    if type(value) is int:                 # ids, day counts: ASCII, nothing to normalise
        text = str(value)
        return (text, len(text)) if len(text) <= limit else _clipped(text, limit)
    text = " ".join(("" if value is None else str(value)).split())
    return _clipped(text, limit) if 2 * len(text) > limit else (text, width(text))


def table(headers: list[str], rows: list[list], limits: list[int] | None = None) -> str:
    limits = limits or [40] * len(headers)
    cells = [[_cell(v, lim) for v, lim in zip(r, limits, strict=True)] for r in rows]
    head = [(h, width(h)) for h in headers]
    sizes = [max([head[i][1]] + [r[i][1] for r in cells]) for i in range(len(headers))]

    def line(row: list[tuple[str, int]]) -> str:
        return "  ".join([t + " " * (s - w) for (t, w), s in zip(row, sizes, strict=True)]
                         ).rstrip()

    return "\n".join([line(head)] + [line(r) for r in cells])
