"""A cache of parsed TrueType metrics, so a one-off `qjtasks print` does not re-parse a 20 MB face.

reportlab parses a face's cmap and metrics on every load (about 60 ms for AR PL UMing), which is
a quarter of a whole `qjtasks print notice` run. The parsed object is pickled once into the
per-user data folder, keyed by the font file's path, size, modification time and the reportlab
version; the font file's bytes, reportlab's weak-reference state and its scale lambda are left
out of the pickle and restored on load. Any problem with the cache falls back to parsing.

The per-glyph tables are stored as flat arrays rather than pickled dicts of 25,000 entries
(unpickling those took 30 ms for the two faces of a notice): `charToGlyph` and `charWidths` are
rebuilt as dicts from the arrays, `glyphPos` as a list, `hmetrics` becomes a read-only sequence
of (advance, lsb) pairs over two arrays, and `glyphToChar`, used only when shaping, is built on
first use. The values come back with the same types, so the widths and subsets are unchanged.

Two more costs of a one-off run are avoided: the face file is memory-mapped rather than read
(21 MB for AR PL UMing, of which a notice needs a few hundred glyphs), and reportlab's subsetter
gets a view of the `glyf` table that copies only the glyphs it slices out, instead of a 17 MB
copy of the whole table (measured 47 ms per face, a fifth of a whole `qjtasks print notice`).
"""
from __future__ import annotations

import contextlib
import functools
import io
import mmap
import pickle
import weakref
import zlib
from array import array
from collections.abc import Sequence
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
            return _lazy_glyf(font)
        except Exception:  # noqa: BLE001 - a stale or damaged cache is simply rebuilt
            pass
    font = TTFont(name, str(path), subfontIndex=index)
    if cache is not None:
        with contextlib.suppress(Exception):
            _save(cache, font)
    return _lazy_glyf(font)


class _TableView:
    """One table of a face's data, sliced on demand (reportlab only slices `glyf`)."""

    __slots__ = ("_data", "_start", "_len")

    def __init__(self, data, start: int, length: int):
        self._data, self._start, self._len = data, start, length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self._len)
            if step == 1:
                return bytes(self._data[self._start + start:self._start + max(start, stop)])
        if isinstance(key, int) and -self._len <= key < self._len:
            return self._data[self._start + key % self._len]
        raise IndexError("只支持连续切片")


def _lazy_glyf(font):
    """Give the subsetter a view of `glyf` instead of a copy (see the module docstring)."""
    face = font.face
    plain = face.get_table

    def get_table(tag, _plain=plain, _face=face):
        if tag == "glyf":
            pos, length = _face.get_table_pos(tag)
            return _TableView(_face._ttf_data, pos, length)
        return _plain(tag)

    face.get_table = get_table
    return font


def _map(path: Path):
    """The face file's bytes, memory-mapped (read into memory where mapping is refused)."""
    try:
        with path.open("rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return path.read_bytes()


def _cache_file(path: Path, index: int) -> Path | None:
    import reportlab
    try:
        st = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}|{FORMAT}"
    return paths.data_dir() / "cache" / "fonts" / f"{zlib.crc32(key.encode()):08x}.pickle"


FORMAT = 2  # part of the cache key: bump when the stored layout changes
_PACKED = ("charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos")


def _numbers(values) -> array | list:
    """An array of `values` when all are ints or all floats (so they come back as the same
    type), else the plain list."""
    values = list(values)
    for code, kind in (("i", int), ("q", int), ("d", float)):
        if all(type(v) is kind for v in values):
            with contextlib.suppress(OverflowError):
                return array(code, values)
    return values


def _pack(face) -> dict:
    c2g, widths, g2c = face.charToGlyph, face.charWidths, face.glyphToChar
    if not all(type(v) is tuple and len(v) == 2 for v in face.hmetrics):
        raise ValueError("unexpected hmetrics")
    if not all(type(v) is list for v in g2c.values()):
        raise ValueError("unexpected glyphToChar")
    return {
        "charToGlyph": (_numbers(c2g), _numbers(c2g.values())),
        "charWidths": (_numbers(widths), _numbers(widths.values())),
        "glyphToChar": (_numbers(g2c), _numbers(len(v) for v in g2c.values()),
                        _numbers(c for v in g2c.values() for c in v)),
        "hmetrics": (_numbers(a for a, _ in face.hmetrics), _numbers(b for _, b in face.hmetrics)),
        "glyphPos": _numbers(face.glyphPos),
    }


class _Pairs(Sequence):
    """`hmetrics` as reportlab reads it (indexed by glyph id), kept as two arrays."""

    __slots__ = ("_first", "_second")

    def __init__(self, first, second):
        if len(first) != len(second):
            raise ValueError("font cache does not match")
        self._first, self._second = first, second

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(self._first[i], self._second[i], strict=True))
        return self._first[i], self._second[i]


def _glyph_to_char(glyphs, counts, chars) -> dict:
    out, pos = {}, 0
    for glyph, n in zip(glyphs, counts, strict=True):
        out[glyph] = list(chars[pos:pos + n])
        pos += n
    return out


@functools.cache
def _lazy_face_class():
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):
        """A face read from the cache: `glyphToChar` is built on first use."""

        def __getattr__(self, name):  # only called when `name` is not set
            state = self.__dict__
            if name == "glyphToChar":
                packed = state.get("_qj_glyph_to_char")
                if packed is not None:  # two threads may both build it; the first one stays
                    state.setdefault(name, _glyph_to_char(*packed))
                    state.pop("_qj_glyph_to_char", None)
                if name in state:
                    return state[name]
            raise AttributeError(name)

    return CachedFace


class _Pickler(pickle.Pickler):
    def __init__(self, fh, face):
        super().__init__(fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.data = face._ttf_data
        self.packed = {id(getattr(face, name)): name for name in _PACKED}

    def persistent_id(self, obj):
        if obj is self.data:
            return "ttf-data"
        if isinstance(obj, weakref.WeakKeyDictionary):
            return "weak-state"
        if getattr(obj, "__name__", "") == "<lambda>":
            return "scale"
        if id(obj) in self.packed:
            return "packed"
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, fh, data: bytes):
        super().__init__(fh)
        self.data = data

    def persistent_load(self, pid):
        return {"ttf-data": self.data, "weak-state": weakref.WeakKeyDictionary(),
                "scale": None, "packed": None}[pid]


def _save(cache: Path, font) -> None:
    face = font.face
    packed = _pack(face)
    buf = io.BytesIO()
    _Pickler(buf, face).dump((font, packed))
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(cache)


def _load(cache: Path, path: Path):
    data = _map(path)
    with cache.open("rb") as fh:
        font, packed = _Unpickler(fh, data).load()
    face = font.face
    face.__class__ = _lazy_face_class()
    face.charToGlyph = dict(zip(*packed["charToGlyph"], strict=True))
    face.charWidths = dict(zip(*packed["charWidths"], strict=True))
    face.hmetrics = _Pairs(*packed["hmetrics"])
    glyph_pos = packed["glyphPos"]
    face.glyphPos = glyph_pos.tolist() if isinstance(glyph_pos, array) else glyph_pos
    glyphs, counts, chars = packed["glyphToChar"]
    if len(glyphs) != len(counts) or sum(counts) != len(chars):
        raise ValueError("font cache does not match")
    del face.glyphToChar
    face._qj_glyph_to_char = glyphs, counts, chars
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * (1000 / per_em))
    if face._ttf_data is not data or not face.charToGlyph:
        raise ValueError("font cache does not match")
    return font
