"""Units a letter names: the co-handling list and partners, matched against the unit register.

The register is a list of `(full_name, short_name)` pairs. Letters write the same body many ways
(`重庆市綦江区住房和城乡建设委员会`, `区住房城乡建委`, `区住建委`); `UnitRegister.match` accepts
the exact names, the names without the shared region prefix, and unambiguous abbreviations.
Unknown bodies are returned as new units, never dropped.
"""
from __future__ import annotations

import os
import re

from .model import UnitMention

ORG_SUFFIX = re.compile(
    r"(?:委员会|管委会|办公室|中心|分局|总局|局|委|办|厅|部|署|院|协会|联合会|学会|会|银行|行|所"
    r"|总队|支队|大队|队|站|处|公司|集团|政府|街道|镇|乡|营管部|工会|妇联|团委|残联|科协|社)$")
_REGION_END = "省市区县州旗"
SEP = re.compile(r"、|，|,|和|及|与|以及|/")
_GENERIC = re.compile(r"^(?:相关|有关|各|其他|我|本|该|贵|上级|市级|区级|县级|省级|地方|基层|属地)|相关|有关|职能部门")
_AFTER = r"(?:经与|经商|商请|会同|协调|联合|征求了?|协办单位(?:为|有|是|包括)?[：:]?|配合单位[：:]?|会办单位[：:]?|并与)"
_AFTER_RE = re.compile(_AFTER)
_BEFORE_RE = re.compile(r"(?:等)?(?:作为)?(?:协办单位|会办单位|协办|积极配合|配合)")
_STOP = re.compile(r"\n|等|共同|认真|进行|积极|开展|对您|对你|就|研究|协商|会商|沟通|的意见|意见|。|；|：|，(?!区|市|县|省)")
HANDLING = re.compile(r"协办|会办|配合单位|共同研究|研究办理|认真研究|答复如下|函复如下|收悉|经商|会商|经与"
                      r"|商请|征求")


class UnitRegister:
    def __init__(self, units=None):
        """`units`: (full_name, short_name) pairs, or objects with `.name` and `.short_name`."""
        pairs = [(u.name, u.short_name) if hasattr(u, "short_name") else tuple(u)
                 for u in (units or [])]
        self.units = [(f.strip(), (s or f).strip()) for f, s in pairs if f and f.strip()]
        self.prefixes = _region_prefixes([f for f, _ in self.units])

    def core(self, name: str) -> str:
        for prefix in self.prefixes:
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                return name[len(prefix):]
        return name

    def match(self, name: str) -> tuple[str, str] | None:
        """The register entry `name` refers to, or None (unknown or ambiguous)."""
        name = name.strip()
        for full, short in self.units:
            if name in (full, short):
                return full, short
        core = self.core(name)
        hits = [u for u in self.units if core in (self.core(u[0]), self.core(u[1]))]
        if not hits and len(core) >= 3:
            hits = [u for u in self.units if _abbreviates(core, self.core(u[1]))
                    or _abbreviates(core, self.core(u[0]))]
        return hits[0] if len(hits) == 1 else None

    def same_body(self, a: str, b: str) -> bool:
        """`重庆市綦江区农业农村委员会` and `区农业农村委` name the same body."""
        x, y = (re.sub(r"委员会$", "委", self.core(n)).replace("和", "") for n in (a, b))
        return x == y or (len(x) >= 3 and len(y) >= 3 and (_abbreviates(x, y) or _abbreviates(y, x)))

    def aliases(self) -> list[tuple[str, str]]:
        """(alias, short name) pairs to look for in free text, longest first."""
        pairs = set()
        for full, short in self.units:
            pairs.update({(full, short), (short, short)})
            core = self.core(full)
            pairs.update((p + core, short) for p in self.prefixes)
        return sorted(pairs, key=lambda p: -len(p[0]))

    def by_domain(self, word: str) -> tuple[str, str] | None:
        """`人社` / `财政` / `住建` (a bare field, `协调人社部门`) → the one register unit whose
        name holds its characters in order; None when none or several do."""
        if not 2 <= len(word) <= 4:
            return None
        hits = [u for u in self.units if _in_order(word, self.core(u[0])) or _in_order(word, self.core(u[1]))]
        return hits[0] if len(hits) == 1 else None

    def same_level(self, issuer: str | None) -> bool:
        """Is a letter from `issuer` written at the register's level (`区科技局` for a 区 register)?"""
        if not issuer or not self.prefixes:
            return bool(self.prefixes)
        return self.match(issuer) is not None or any(issuer.startswith(p) for p in self.prefixes)

    def mention(self, raw: str) -> UnitMention:
        hit = self.match(raw)
        if hit:
            return UnitMention(raw=raw, name=hit[1], known=True, full_name=hit[0])
        return UnitMention(raw=raw, name=raw, known=False)


def _region_prefixes(names: list[str]) -> list[str]:
    """`重庆市綦江区` and its shorter forms `綦江区`, `区`, from the register's common prefix."""
    if len(names) < 2:
        return []
    common = os.path.commonprefix(names)
    cut = max(common.rfind(c) for c in _REGION_END)
    if cut < 0:
        return []
    common = common[:cut + 1]
    forms = {common, common[-1]}
    for c in _REGION_END:
        i = common.find(c)
        if 0 <= i < len(common) - 1:
            forms.add(common[i + 1:])
    return sorted(forms, key=len, reverse=True)


def _in_order(word: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in word)


def _abbreviates(short: str, full: str) -> bool:
    """`住建委` abbreviates `住房城乡建委`: same last character, letters in order."""
    if not full or short[-1] != full[-1] or len(short) >= len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


# `区财政`, `市人社`: a level and a field, the way letters name a bureau in passing
FIELD_BODY = re.compile(r"^(?:[区市县省州]|国家)(?:财政|人社|住建|交通|教育|卫健|公安|民政|水利|城管|发改|规划|自然资源"
                        r"|生态环境|市场监管|应急|文旅|农业农村|农业|商务|统计|审计|司法|税务|医保|林业|人防|体育|科技)$")


def is_org(piece: str) -> bool:
    """A body's name: ends like one, is not generic, and is more than the ending (`中心` alone is
    what is left of `指挥协调中心` cut at its `协调`); or a level and a field (`区财政`)."""
    return bool(FIELD_BODY.match(piece)) or _named_org(piece)


def _named_org(piece: str) -> bool:
    return (2 <= len(piece) <= 30 and bool(ORG_SUFFIX.search(piece)) and not _GENERIC.match(piece)
            and not ORG_SUFFIX.fullmatch(piece))


def split_units(segment: str) -> list[str]:
    """`区财政局、区国资委和区交通局` → the names; stops at the first piece that is not a body."""
    out: list[str] = []
    for piece in re.split(r"、|，|,|/", segment):
        piece = re.sub(r"^(?:以及|和|及|与|由)", "", piece.strip(" \n“”《》\"'"))
        if not piece:
            continue
        names = _pair(piece) if is_org(piece) else None
        if names:
            out += names
            continue
        head = _org_prefix(piece)
        if head:
            out.append(head)
        break
    return out


def _pair(piece: str) -> list[str]:
    """`区财政局和区国资委` → both; `省工业和信息化厅` stays one name."""
    for m in re.finditer(r"以及|和|及|与", piece):
        left, right = piece[:m.start()], piece[m.end():]
        if _named_org(left) and _named_org(right):  # `市自然资源和规划局` is one body
            return [left] + _pair(right)
    return [piece]


_STRONG = re.compile(r"委员会|管委会|办公室|办公厅|中心|分局|总局|局|委|办(?![理法事好公])|厅|部|署|政府|街道|公司|集团|银行|营管部"
                     r"|[总支大中]队")


def _org_prefix(piece: str) -> str | None:
    """The body at the start of `区文化旅游委推动…`: shortest name, extended over `员会/办公室`."""
    for m in _STRONG.finditer(piece):
        head = piece[:m.end()]
        if len(head) <= 2 or re.match(r"员会|办公|分局|中心|管理|门", piece[m.end():]):
            continue
        return head if is_org(head) else None
    return None


def partner_names(text: str) -> list[str]:
    """Units named after `经与/会同/经商/协调…` or before `…协办/配合` in `text`."""
    names: list[str] = []
    for m in _AFTER_RE.finditer(text):
        seg = text[m.end():]
        stop = _STOP.search(seg)
        found = split_units(seg[:stop.start()] if stop else seg[:80])
        # `征求…意见` also reaches bodies that do not handle the proposal (a clinic, a village)
        names += [n for n in found if _GOV_BODY.search(n)] if m.group(0).startswith("征求") else found
    for m in _BEFORE_RE.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in "，。；：,") + 1
        seg = re.sub(r"^(?:" + _AFTER + r"|由|与|经|并|请)", "", text[start:m.start()])
        if re.search(r"[与和及同跟]$", seg):  # `X与协办单位Y…`: X works with the co-units, is not one
            continue
        names += [n for n in split_units(seg)]
    return _unique(names)


def co_unit_names(text: str) -> list[str]:
    """Co-handling units from the sentences about handling this proposal (not the body's work);
    a body that handles it separately (`由我局与规划局分办`) or was only asked for facts
    (`经与规划局联系`, `经与县交通局核实`) is not one."""
    names: list[str] = []
    for sentence in re.split(r"(?<=[。；\n])", text):
        if HANDLING.search(sentence) or re.match(r"^(?:协办|配合|会办)单位", sentence):
            names += partner_names(sentence)
    apart = set()
    for m in re.finditer(r"([^，。；\n]{2,40}?)(?:分办|分别办理|分别答复)", text):
        apart.update(split_units(re.sub(r"^.*?(?:由|与|和)", "", m.group(1))))
        apart.update(n for part in re.split(r"与|和|及", m.group(1)) for n in split_units(part))
    for m in re.finditer(r"经与([^，。；\n]{2,40}?)(?:联系|核实|了解|确认)(?![^，。；\n]*(?:共同|研究|协商))", text):
        apart.update(split_units(m.group(1)))
    return _unique([n for n in names if n not in apart])


# Partners a plan item names by its verb: `会同市公安局、市城管局等部门`, `协调新建办安排…`,
# `积极配合综合执法局等…`, `联合/会商/商请…`, `与中峰镇共同研究…`.
# `和`/`同` only where they start a phrase (`积极和玉屏镇…联合开展`), never inside a name
# (`住房和城乡建设局`)
_ITEM_VERB = re.compile(r"(?:会同|协调|联合|配合|会商|商请|并与|与"
                        r"|(?:(?<=[，。；、\s将要并还也再])|(?<=积极|主动|适时|继续|加强|及时))[和同跟])(?=[\u4e00-\u9fff])")
_TOGETHER = re.compile(r"共同|一起|联合|协商|对接|合作|会商")
_GOV_BODY = re.compile(r"(?:局|委|办|厅|部|署|政府|镇|乡|街道|管委会|支队|大队)$|^(?:[区市县省州]|国家)")


def item_partners(text: str) -> list[str]:
    """Bodies an item's verbs make partners: government bodies only, never generic names."""
    names: list[str] = []
    for m in _ITEM_VERB.finditer(text):
        seg = text[m.end():]
        stop = _STOP.search(seg)
        seg = seg[:stop.start()] if stop else seg[:60]
        if m.group(0) in "与和同跟" and not _TOGETHER.search(text[m.end():m.end() + 40]):
            continue
        names += [n for n in split_units(seg) if _GOV_BODY.search(n)]
    return _unique(names)


# `协调人社部门落实…`, `会同财政、住建等部门`: fields named without a level; resolved to the
# register only (a name the register cannot resolve is too vague to be a co-unit)
_DOMAIN_LIST = re.compile(r"((?:[\u4e00-\u9fff]{2,4}[、和及与])*[\u4e00-\u9fff]{2,4})(?:等)?(?:职能)?部门")


def item_domains(text: str) -> list[str]:
    """Bare field names an item's verbs make partners (`人社`, `财政`)."""
    words: list[str] = []
    for m in _ITEM_VERB.finditer(text):
        d = _DOMAIN_LIST.match(text, m.end())
        if d:
            words += [w for w in re.split(r"[、和及与]", d.group(1))
                      if w and not _GENERIC.match(w) and not re.match(r"^[区市县省州]|^国家", w)]
    return _unique(words)


def units_in(text: str, register: UnitRegister, extra: list[str] = ()) -> list[str]:
    """Register units (short names) and `extra` names mentioned in `text`, in order of first use."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for alias, short in register.aliases() + [(e, e) for e in extra]:
        for m in re.finditer(re.escape(alias), text):
            if not any(a <= m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append((m.start(), short))
    for name in partner_names(text):
        hit = register.match(name)
        found.append((text.find(name), hit[1] if hit else name))
    for m in _token_re(register).finditer(text) if register.prefixes else ():
        hit = register.match(m.group(0))
        if hit:
            found.append((m.start(), hit[1]))
    return _unique([n for _, n in sorted(found)])


def _token_re(register: UnitRegister) -> re.Pattern:
    lead = "|".join(re.escape(p) for p in register.prefixes)
    return re.compile(f"(?:{lead})[^\\s，。、；：与和及]{{1,10}}?(?:局|委|办|中心)")


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))
