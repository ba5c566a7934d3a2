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
    assert again.face._ttf_data == first.face._ttf_data


def test_damaged_cache_falls_back_to_parsing():
    fontcache.load_ttfont("QJ-A", FACE, 0)
    cache = _caches()[0]
    cache.write_bytes(b"not a pickle")
    font = fontcache.load_ttfont("QJ-C", FACE, 0)
    assert ord("督") in font.face.charToGlyph
    assert cache.read_bytes() != b"not a pickle"  # rebuilt
