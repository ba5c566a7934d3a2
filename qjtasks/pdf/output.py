"""Writing sheets as PDF (the default) or Word: the format from `--format` or the file's name.

`output_format(path, fmt)` picks the format: the one asked for, else .docx → Word, else PDF; a
name that says the other format is refused in Chinese rather than written under a wrong name.
`render_bytes` and `write` dispatch to `render.py` (reportlab) or `word.py` (python-docx), both
from the same `blocks.Sheet` list.
"""
from __future__ import annotations

from pathlib import Path

from qjtasks.core.errors import ValidationError
from qjtasks.core.files import write_atomically

PDF, DOCX = "pdf", "docx"
FORMATS = (PDF, DOCX)
NAMES = {PDF: "PDF", DOCX: "Word"}


def output_format(path: str | Path, fmt: str | None = None) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if fmt is None:
        return DOCX if suffix == DOCX else PDF
    if fmt not in FORMATS:
        raise ValidationError(f"不支持的格式“{fmt}”，可用 pdf 或 docx")
    if suffix in FORMATS and suffix != fmt:
        raise ValidationError(f"输出文件“{Path(path).name}”的扩展名是 .{suffix}，与格式 {fmt} "
                              f"不符；请把文件名改为 .{fmt}，或去掉 --format")
    return fmt


def render_bytes(sheets: list, fmt: str = PDF, fontset=None, title: str = "",
                 progress=None) -> bytes:
    if fmt == DOCX:
        from . import word
        return word.render(sheets, title)
    from . import render
    return render.render(sheets, fontset, title, progress=progress)


def write(path: str | Path, sheets: list, settings: dict | None = None,
          fmt: str | None = None) -> tuple[Path, int, list[str]]:
    """Write `sheets` to `path` at once or not at all; returns (path, bytes, font notes)."""
    fmt = output_format(path, fmt)
    fontset = None
    if fmt == PDF:
        from . import fonts
        fontset = fonts.resolve(settings)
    data = render_bytes(sheets, fmt, fontset)
    out = write_atomically(path, lambda tmp: tmp.write_bytes(data))
    return out, len(data), list(fontset.messages) if fontset else []
