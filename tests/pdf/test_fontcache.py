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


def test_cached_face_has_every_parsed_attribute_with_the_same_values_and_types():
    from reportlab.pdfbase.ttfonts import TTFontFace
    fresh = TTFontFace(str(FACE), subfontIndex=0)
    fontcache.load_ttfont("QJ-A", FACE, 0)                # writes the cache
    cached = fontcache.load_ttfont("QJ-B", FACE, 0).face  # reads it
    assert "glyphToChar" not in vars(cached)             # built on first use only
    skip = {"_ttf_data", "_pdfScale", "get_table", "_qj_glyph_to_char"}
    for name, value in vars(fresh).items():
        if name in skip:
            continue
        got = getattr(cached, name)
        if name == "hmetrics":
            assert len(got) == len(value) and got[5:9] == value[5:9]
            got = list(got)
        assert got == value, name
        if isinstance(value, dict):
            assert list(got) == list(value), name  # same key order
            assert {type(v) for v in got.values()} == {type(v) for v in value.values()}, name
            assert all(type(got[k]) is type(v) for k, v in value.items()), name
        elif isinstance(value, list):
            assert [type(v) for v in got] == [type(v) for v in value], name
    assert any(len(v) > 1 for v in cached.glyphToChar.values())  # grouped lists came back
    assert "glyphToChar" in vars(cached) and "_qj_glyph_to_char" not in vars(cached)
    assert cached.glyphToChar is cached.glyphToChar
    assert not hasattr(cached, "noSuchAttribute")


def test_cache_in_an_older_layout_is_rebuilt():
    import pickle
    font = fontcache.load_ttfont("QJ-A", FACE, 0)
    cache = _caches()[0]
    face = font.face
    cache.write_bytes(pickle.dumps({"charToGlyph": face.charToGlyph}))
    again = fontcache.load_ttfont("QJ-B", FACE, 0)
    assert again.face.charToGlyph == face.charToGlyph
    assert fontcache._load(cache, FACE).face.charWidths == face.charWidths  # rewritten


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
    text = "督办通知单，綦江区（签收回执）ABC123"
    assert cached.stringWidth(text, 16) == fresh.stringWidth(text, 16) > 0


def test_table_view_slices_like_bytes():
    data = bytes(range(200))
    view = fontcache._TableView(data, 50, 100)
    assert len(view) == 100
    assert view[0:4] == data[50:54] and view[98:120] == data[148:150]
    assert view[10:5] == b"" and view[3] == 53 and view[-1] == 149
