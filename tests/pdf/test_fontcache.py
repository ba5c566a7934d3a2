"""The parsed-font cache: written once, read back equal, rebuilt when damaged or stale."""
from qjtasks import paths
from qjtasks.pdf import fontcache

FACE = paths.resource("fonts", "wqy-microhei.ttc")


def _caches():
    return sorted((paths.data_dir() / "cache" / "fonts").glob("*.pickle"))


def test_cache_is_written_and_gives_the_same_metrics():
    first = fontcache.load_ttfont("QJ-A", FACE, 0)
    assert len(_caches()) == 1
    again = fontcache.load_ttfont("QJ-B", FACE, 0)
    assert again.fontName == "QJ-B" and again is not first
    assert again.face.charToGlyph == first.face.charToGlyph
    assert again.face.charWidths == first.face.charWidths
    assert again.face._pdfScale(2048) == first.face._pdfScale(2048)
    assert again.face._ttf_data[:] == first.face._ttf_data[:]


def test_damaged_cache_falls_back_to_parsing():
    fontcache.load_ttfont("QJ-A", FACE, 0)
    cache = _caches()[0]
    cache.write_bytes(b"not a pickle")
    font = fontcache.load_ttfont("QJ-C", FACE, 0)
    assert ord("督") in font.face.charToGlyph
    assert cache.read_bytes() != b"not a pickle"  # rebuilt


def test_subset_from_the_mapped_cached_face_is_byte_identical():
    """The mapped file and the lazy `glyf` view must not change what is embedded."""
    from reportlab.pdfbase.ttfonts import TTFontFile
    codes = [ord(c) for c in "督办通知单，綦江区发展和改革委员会（签收回执）ABC123"]
    plain = TTFontFile(str(FACE), subfontIndex=0).makeSubset(codes)
    fontcache.load_ttfont("QJ-A", FACE, 0)            # writes the cache
    cached = fontcache.load_ttfont("QJ-B", FACE, 0)   # mapped file + cached metrics
    assert not isinstance(cached.face._ttf_data, bytes)
    assert cached.face.makeSubset(codes) == plain
    fresh = fontcache.load_ttfont("QJ-C", FACE, 0)
    assert fresh.face.makeSubset(codes) == plain


def test_table_view_slices_like_bytes():
    data = bytes(range(200))
    view = fontcache._TableView(data, 50, 100)
    assert len(view) == 100
    assert view[0:4] == data[50:54] and view[98:120] == data[148:150]
    assert view[10:5] == b"" and view[3] == 53 and view[-1] == 149
