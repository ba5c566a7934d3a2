"""Font resolution for printed sheets: the configured face, else standard faces, else the shipped one.

A sheet uses three roles: `body` (仿宋, GB/T 9704 正文), `title` (小标宋) and `heading` (黑体). For
each role the face configured in settings (`font_body`, `font_title`, `font_heading`; a file path,
optionally `path#index` for a collection) wins; else the first standard face found on this machine
(Windows faces in C:/Windows/Fonts, then common Linux files); else the TrueType face shipped in
`resources/fonts/`. `FontSet.messages` says in Chinese which face replaced which. Only TrueType
outlines are accepted because reportlab cannot embed CFF/OpenType (Noto CJK). Text is drawn in
runs: each character goes to the first face that has its glyph, and a character no face has is
replaced by a readable mark, so output never shows hollow boxes.
"""
from __future__ import annotations

import functools
import os
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from qjtasks import paths


def windows_font_dirs() -> list[Path]:
    """The system fonts folder and the user's own (fonts installed without admin rights)."""
    return [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
            Path(os.environ.get("LOCALAPPDATA", "~")).expanduser() / "Microsoft/Windows/Fonts"]


WIN_DIRS = windows_font_dirs()
LINUX_DIRS = [Path("/usr/share/fonts/truetype/arphic"), Path("/usr/share/fonts/truetype/wqy"),
              Path("/usr/share/fonts/wqy-microhei"), Path("/usr/share/fonts/truetype/windows"),
              Path("/usr/share/fonts/winfonts"), Path("~/.local/share/fonts").expanduser(),
              Path("~/.fonts").expanduser(), Path("/usr/local/share/fonts")]
SEARCH_DIRS = WIN_DIRS + LINUX_DIRS

# (label, file name, subfont index) in order of preference per role.
WANTED = {"body": "仿宋_GB2312", "title": "方正小标宋", "heading": "黑体"}
CANDIDATES: dict[str, list[tuple[str, str, int]]] = {
    "body": [("仿宋_GB2312", "仿宋_GB2312.ttf", 0), ("仿宋_GB2312", "FS_GB2312.ttf", 0),
             ("仿宋_GB2312", "SIMFANG_GB2312.TTF", 0), ("仿宋", "simfang.ttf", 0),
             ("宋体", "simsun.ttc", 0), ("AR PL UMing", "uming.ttc", 0),
             ("AR PL UKai", "ukai.ttc", 0), ("文泉驿微米黑", "wqy-microhei.ttc", 0)],
    "title": [("方正小标宋", "方正小标宋简体.ttf", 0), ("方正小标宋", "FZXBSJW.TTF", 0),
              ("方正小标宋", "FZXiaoBiaoSong-B05S.ttf", 0), ("宋体", "simsun.ttc", 0),
              ("AR PL UMing", "uming.ttc", 0), ("文泉驿微米黑", "wqy-microhei.ttc", 0)],
    "heading": [("黑体", "simhei.ttf", 0), ("文泉驿微米黑", "wqy-microhei.ttc", 0),
                ("AR PL UMing", "uming.ttc", 0)],
}
SHIPPED = ("文泉驿微米黑（随程序附带）", "wqy-microhei.ttc", 0)
SYMBOL_FILES = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "seguisym.ttf"]
SETTING_KEYS = {"body": "font_body", "title": "font_title", "heading": "font_heading"}
ROLE_NAMES = {"body": "正文", "title": "标题", "heading": "小标题"}


@dataclass(frozen=True)
class Face:
    """A font file (and the face inside a collection) used for one role."""
    label: str
    path: Path
    index: int = 0

    @property
    def key(self) -> str:
        return _face_key(str(self.path), self.index)


@functools.cache
def _face_key(path: str, index: int) -> str:
    return f"QJ{zlib.crc32(path.encode()):08x}-{index}"


@dataclass
class FontSet:
    """The faces chosen for each role, the fallback chain, and what was substituted."""

    roles: dict[str, Face]
    fallbacks: list[Face]
    messages: list[str] = field(default_factory=list)
    _loaded: dict[str, object] = field(default_factory=dict)
    _memo: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def notice(self) -> str:
        """The substitutions as one plain sentence for the preview (no file paths)."""
        if not self.messages:
            return ""
        missing = [w for role, w in WANTED.items() if self.roles[role].label != w
                   and not self.roles[role].label.startswith(w[:2])]
        faces = "、".join(dict.fromkeys(missing)) or "所设字体"
        return (f"本机未安装{faces}，已用其他中文字体代替；字形与公文标准字体略有不同，"
                "内容不受影响。")

    def name(self, role: str) -> str:
        """The reportlab font name for a role (registers the face on first use)."""
        return self._register(self.roles[role])

    def top(self, role: str) -> float:
        """Glyph-box top above the baseline per point of size, as pdfminer computes it."""
        return 1.0 + self._font(self.roles[role]).face.descent / 1000.0

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs so every character has a glyph."""
        out: list[tuple[str, str]] = []
        memo = self._memo.setdefault(role, {})
        for ch in text:
            picked = memo.get(ch)
            if picked is None:
                picked = memo[ch] = self._pick(ch, [self.roles[role], *self.fallbacks])
            name, ch = picked
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def width(self, text: str, role: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth
        return sum(stringWidth(t, n, size) for n, t in self.runs(text, role))

    def missing(self, text: str, role: str = "body") -> list[str]:
        """Characters no face covers (they print as a replacement mark)."""
        chain = [self.roles[role], *self.fallbacks]
        return sorted({c for c in text if not c.isspace() and not self._covering(c, chain)})

    def _pick(self, ch: str, chain: list[Face]) -> tuple[str, str]:
        if ch in INVISIBLE:
            return self._register(chain[0]), ""
        face = self._covering(ch, chain)
        if face is not None:
            return self._register(face), ch
        return self._register(chain[0]), replacement(ch)

    def _covering(self, ch: str, chain: list[Face]) -> Face | None:
        cp = ord(ch)
        for face in chain:
            if cp in self._font(face).face.charToGlyph:
                return face
        return None

    def _font(self, face: Face):
        font = self._loaded.get(face.key)
        if font is None:
            from .fontcache import load_ttfont
            font = self._loaded[face.key] = load_ttfont(face.key, face.path, face.index)
        return font

    def _register(self, face: Face) -> str:
        from reportlab.pdfbase import pdfmetrics
        key = face.key
        if key not in pdfmetrics._fonts:  # registered once per process
            pdfmetrics.registerFont(self._font(face))
        return key


INVISIBLE = set("\u200d\u200c\ufe0e\ufe0f\u00ad")   # joiners and emoji selectors: not drawn


def replacement(ch: str) -> str:
    """A readable stand-in for a character no installed face can draw (emoji and the like)."""
    if unicodedata.category(ch) in ("Mn", "Cf", "Cc") or 0x1F3FB <= ord(ch) <= 0x1F3FF:
        return ""
    if 0x1F000 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF:
        return "[表情]"
    return f"[U+{ord(ch):04X}]"


def _find(filename: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        p = d / filename
        if p.is_file():
            return p
    return None


def _configured(value: str) -> Face | None:
    if not value:
        return None
    path, _, index = str(value).partition("#")
    p = Path(path).expanduser()
    if not p.is_file() or p.suffix.lower() not in (".ttf", ".ttc"):
        return None
    return Face(p.stem, p, int(index) if index.isdigit() else 0)


def _shipped() -> Face:
    label, filename, index = SHIPPED
    return Face(label, paths.resource("fonts", filename), index)


def resolve(settings: dict | None = None, dirs: list[Path] | None = None) -> FontSet:
    """Choose faces for every role; `dirs` overrides the search folders (tests)."""
    settings = settings or {}
    dirs = SEARCH_DIRS if dirs is None else dirs
    roles, messages = {}, []
    for role, wanted in WANTED.items():
        face, msg = _resolve_role(role, wanted, settings.get(SETTING_KEYS[role], ""), dirs)
        roles[role] = face
        if msg:
            messages.append(msg)
    fallbacks = _fallbacks(roles, dirs)
    return FontSet(roles, fallbacks, messages)


def _resolve_role(role: str, wanted: str, configured: str, dirs) -> tuple[Face, str]:
    what = ROLE_NAMES[role]
    face = _configured(configured)
    if configured and face is None:
        note = f"设置的{what}字体“{configured}”不可用（须为 TrueType .ttf/.ttc 文件）；"
    else:
        note = ""
    if face is not None:
        return face, ""
    for label, filename, index in CANDIDATES[role]:
        p = _find(filename, dirs)
        if p is not None:
            if label.startswith(wanted[:2]) and not note:
                return Face(label, p, index), ""
            return Face(label, p, index), f"{note}{what}字体“{wanted}”未安装，已用“{label}”（{p}）代替"
    shipped = _shipped()
    return shipped, f"{note}{what}字体“{wanted}”未安装，已用程序附带的“{shipped.label}”代替"


def _fallbacks(roles: dict[str, Face], dirs) -> list[Face]:
    """Other faces tried per character: the other roles, the shipped face, a symbol face."""
    out: list[Face] = []
    for face in [*roles.values(), _shipped()]:
        if face not in out:
            out.append(face)
    for sym in SYMBOL_FILES:
        if sym.is_file():
            out.append(Face(sym.stem, sym, 0))
            break
    return out
