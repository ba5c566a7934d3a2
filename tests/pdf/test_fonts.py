"""Font resolution: configured face, standard faces, the shipped face; per-character fallback."""
from pathlib import Path

import pytest

from qjtasks import paths
from qjtasks.pdf import fonts

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")


def test_shipped_face_and_its_licence_are_in_resources():
    face = paths.resource("fonts", "wqy-microhei.ttc")
    assert face.is_file() and face.stat().st_size > 1_000_000
    licence = paths.resource("fonts", "wqy-microhei.LICENSE.txt").read_text(encoding="utf-8")
    assert "Apache" in licence and "WenQuanYi" in licence


def test_without_any_installed_face_the_shipped_one_is_used_and_reported(tmp_path):
    fs = fonts.resolve({}, dirs=[tmp_path])
    assert all(f.path.name == "wqy-microhei.ttc" for f in fs.roles.values())
    assert len(fs.messages) == 3
    assert "仿宋_GB2312" in fs.messages[0] and "程序附带" in fs.messages[0]
    assert fs.missing("督办通知单綦发改督〔2026〕7号，请于12月25日前书面反馈。") == []


def test_linux_faces_are_found_and_substitutions_named():
    if not UMING.is_file():
        pytest.skip(f"{UMING} is not installed here")
    fs = fonts.resolve({})
    assert fs.roles["body"].path == UMING and fs.roles["body"].index == 0
    assert any("仿宋_GB2312" in m and "AR PL UMing" in m for m in fs.messages)


def test_configured_face_wins_without_a_message(tmp_path):
    face = paths.resource("fonts", "wqy-microhei.ttc")
    fs = fonts.resolve({"font_body": f"{face}#0"}, dirs=[tmp_path])
    assert fs.roles["body"].path == face
    assert not any(m.startswith("正文") for m in fs.messages)


def test_unusable_configured_face_is_reported(tmp_path):
    bad = tmp_path / "NotoSansCJK.otf"
    bad.write_bytes(b"OTTO")
    fs = fonts.resolve({"font_title": str(bad)}, dirs=[tmp_path])
    assert "不可用" in fs.messages[1] and fs.roles["title"].path.name == "wqy-microhei.ttc"


def test_emoji_and_unknown_characters_get_readable_stand_ins(fontset):
    # U+1FAE8 (Unicode 15) is in no installed face; U+F0000 is private use.
    runs = fontset.runs("好\U0001FAE8\u200d\ufe0f\U000F0000", "body")
    text = "".join(t for _, t in runs)
    assert text == "好[表情][U+F0000]"
    assert fontset.missing("好\U0001FAE8") == ["\U0001FAE8"]


def test_symbols_the_cjk_face_lacks_come_from_a_fallback_face(fontset):
    symbols = "●◆○√✓"
    assert fontset.missing(symbols) == []
    body = fontset.roles["body"]
    lacking = [c for c in symbols if ord(c) not in fontset._font(body).face.charToGlyph]
    if not lacking:
        pytest.skip(f"the body face {body.path} has every symbol: no fallback to check")
    by_name = {fontset._register(f): f for f in fontset.fallbacks}
    for ch in lacking:
        [(name, text)] = fontset.runs(ch, "body")
        assert text == ch and name != fontset.name("body")
        assert ord(ch) in fontset._font(by_name[name]).face.charToGlyph, (ch, by_name[name])
    runs = fontset.runs(f"红{lacking[0]}红", "body")
    assert [t for _, t in runs] == ["红", lacking[0], "红"]
