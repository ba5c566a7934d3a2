"""A cache of parsed TrueType metrics, so a one-off `qjtasks print` does not re-parse a 20 MB face.

reportlab parses a face's cmap and metrics on every load (about 60 ms for AR PL UMing), which is
a quarter of a whole `qjtasks print notice` run. The parsed object is pickled once into the
per-user data folder, keyed by the font file's path, size, modification time and the reportlab
version; the font file's bytes, reportlab's weak-reference state and its scale lambda are left
out of the pickle and restored on load. Any problem with the cache falls back to parsing.
"""
from __future__ import annotations

import contextlib
import io
import pickle
import weakref
import zlib
from pathlib import Path

from qjtasks import paths


def load_ttfont(name: str, path: Path, index: int):
    """A reportlab TTFont for `path`/`index` registered under `name`, from the cache if valid."""
    from reportlab.pdfbase.ttfonts import TTFont
    cache = _cache_file(path, index)
    if cache is not None and cache.is_file():
        try:
            font = _load(cache, path)
            font.fontName = name
            return font
        except Exception:  # noqa: BLE001 - a stale or damaged cache is simply rebuilt
            pass
    font = TTFont(name, str(path), subfontIndex=index)
    if cache is not None:
        with contextlib.suppress(Exception):
            _save(cache, font)
    return font


def _cache_file(path: Path, index: int) -> Path | None:
    import reportlab
    try:
        st = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}"
    return paths.data_dir() / "cache" / "fonts" / f"{zlib.crc32(key.encode()):08x}.pickle"


class _Pickler(pickle.Pickler):
    def __init__(self, fh, data: bytes):
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.data = data

    def persistent_id(self, obj):
        if obj is self.data:
            return "ttf-data"
        if isinstance(obj, weakref.WeakKeyDictionary):
            return "weak-state"
        if getattr(obj, "__name__", "") == "<lambda>":
            return "scale"
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, fh, data: bytes):
        super().__init__(fh)
        self.data = data

    def persistent_load(self, pid):
        return {"ttf-data": self.data, "weak-state": weakref.WeakKeyDictionary(),
                "scale": None}[pid]


def _save(cache: Path, font) -> None:
    buf = io.BytesIO()
    _Pickler(buf, font.face._ttf_data).dump(font)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(cache)


def _load(cache: Path, path: Path):
    data = path.read_bytes()
    with cache.open("rb") as fh:
        font = _Unpickler(fh, data).load()
    face = font.face
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * (1000 / per_em))
    if face._ttf_data is not data or not face.charToGlyph:
        raise ValueError("font cache does not match")
    return font
