"""Lists of units as people type them: `区科技局、区交通局`, `区科技局，区交通局`, `区科技局, 区交通局`
or `区科技局 区交通局` (and any mix) all name the same two units.

The one parser for every place a list of units is given: the CLI's `--co` (each value may hold
several), the window's 配合单位 entry and the ledger importer's 配合单位 column. Names keep their
order; blanks and repeats are dropped. Semicolons and `/` separate too (spreadsheets use them).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

SEPARATORS = "、，,；;/"
_SPLIT = re.compile(r"[、，,；;/\s]+")        # \s covers the full-width space U+3000


def split_units(text: str | Iterable[str] | None) -> list[str]:
    """The unit names in `text` (or in each string of a list), in order, each once."""
    if text is None:
        return []
    pieces = [text] if isinstance(text, str) else list(text)
    names = (name for piece in pieces for name in _SPLIT.split(piece or ""))
    return list(dict.fromkeys(n for n in names if n))
