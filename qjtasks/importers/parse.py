"""Turn a reply letter's text into an `ImportResult`: header, co-units, plan items, commitments.

Pure: text and the unit register in, dataclasses out; no database, no files. Readers in
`readers` produce the text; the CLI and the import dialog turn the result into a dossier.
"""
from __future__ import annotations

import re

from .commitments import find_commitments
from .document import extract_document, split_zones
from .hints import deadline_hint
from .model import Candidate, ImportResult
from .normalize import CJK, normalise
from .plan import extract_plan, is_closing, paragraphs
from .readers import LetterError, check_text
from .units import UnitRegister, co_unit_names, item_domains, item_partners, units_in


def parse_letter(raw: str, units: list[tuple[str, str]] | None = None) -> ImportResult:
    """Parse a letter; `units` is the register as (full_name, short_name) pairs."""
    check_text(raw)
    text = normalise(raw)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise LetterError("文本中没有中文内容，不像是一份复函")
    register, warnings = UnitRegister(units), []
    lines = text.split("\n")
    doc = extract_document(lines, warnings)
    result = ImportResult(text=text, document=doc, warnings=warnings)
    result.co_units = _co_units(co_unit_names(text), register, doc)
    _candidates(result, lines, register)
    _item_co_units(result, register, doc)
    _completeness(result, lines)
    result.warnings += [f"单位“{u.name}”不在单位名录中，保存时将作为新单位添加"
                        for u in result.co_units if not u.known]
    return result


def _co_units(names: list[str], register: UnitRegister, doc) -> list:
    own = [o for o in (doc.issuer, doc.lead_unit) if o]
    mentions = [register.mention(n) for n in names]
    seen, out = set(), []
    for m in mentions:
        mine = any(register.same_body(x, o) for o in own for x in (m.raw, m.full_name or m.raw))
        if not mine and m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def _item_co_units(result: ImportResult, register: UnitRegister, doc) -> None:
    """Co-units the plan names by verbs (`会同…`, `协调…`) that the handling sentence did not;
    the items then name them too."""
    level = register.same_level(doc.issuer)
    names = [n for c in result.plan_items for n in item_partners(c.text) + _domains(c.text, register, level)]
    have = {u.name for u in result.co_units}
    added = False
    for u in _co_units(names, register, doc):
        if u.name not in have:
            result.co_units.append(u)
            have.add(u.name)
            added = True
    if added:
        for c in result.plan_items:
            for x in [c, *c.sub_items]:
                x.units = list(dict.fromkeys(units_in(x.text, register, result.new_units)
                                             + _domains(x.text, register, level)))


def _domains(text: str, register: UnitRegister, level: bool) -> list[str]:
    """Register units an item names by field only (`协调人社部门`), for a letter of its level."""
    return [hit[1] for w in item_domains(text) if (hit := register.by_domain(w))] if level else []


def _candidates(result: ImportResult, lines: list[str], register: UnitRegister) -> None:
    paras = paragraphs(result.text)
    sal, tail = split_zones(lines)
    lo = sal + 1 if sal >= 0 else 0
    items, section = extract_plan(paras, lo, tail)
    extra = result.new_units
    for c in items:
        _fill(c, result.text, register, extra, section, "plan")
        for sub in c.sub_items:
            _fill(sub, result.text, register, extra, section, "plan")
    seen: set[str] = set()   # a page that printed the letter twice gives each item once
    result.plan_items = [c for c in items if len(c.text) >= 4 and not (c.text in seen or seen.add(c.text))]
    if not result.plan_items:
        result.warnings.append("未找到“下一步工作”部分，未生成督办事项；可手工添加")
    body_end = next((p.start for p in paras[lo:tail] if is_closing(p)), paras[tail - 1].end
                    if tail > lo else len(result.text))
    # a paragraph that holds items is the plan: its lead-in (`下一步，我市将…重点做好：`) is not
    # another commitment
    skip = [(p.start, p.end) for p in paras if any(p.start <= c.end and c.start <= p.end for c in result.plan_items)]
    skip += [(p.start, p.end) for p in paras if _heading_only(p.text)]
    found = find_commitments(result.text, paras[lo].start if lo < len(paras) else 0, body_end, skip)
    for c in found:
        _fill(c, result.text, register, extra, _section_of(paras, c.start), "commitment")
    result.other_commitments = found


def _heading_only(line: str) -> bool:
    """`今后工作`, `三、下步打算`: a heading line, never a promise of its own."""
    return 0 < len(line) <= 20 and not re.search(r"[，。；！？,]", line)


def _fill(c: Candidate, text: str, register, extra, section: str, kind: str) -> None:
    c.text = text[c.start:c.end]
    c.sentence = sentence_around(text, c.start, c.end)
    c.units = units_in(c.text, register, extra)
    c.deadline_hint = deadline_hint(c.text)
    c.section, c.kind = section, kind


def sentence_around(text: str, start: int, end: int) -> str:
    """The whole sentence(s) holding text[start:end] (`下一步，我局将加快…。`), for provenance."""
    a = max(text.rfind(ch, 0, start) for ch in "。！？\n") + 1
    if end > start and text[end - 1] in "。！？；":
        b = end
    else:
        ends = [i for i in (text.find(ch, end) for ch in "。！？\n") if i >= 0]
        b = min(ends) + (0 if not ends or text[min(ends)] == "\n" else 1) if ends else len(text)
    return text[a:b].strip()


def _section_of(paras, pos: int) -> str:
    """The nearest heading-like paragraph above `pos`."""
    label = ""
    for p in paras:
        if p.start > pos:
            break
        if len(p.text) <= 25 and not p.text.endswith(("。", "；", "：")):
            label = p.text
    return label


def _completeness(result: ImportResult, lines: list[str]) -> None:
    last = lines[-1] if lines else ""
    if result.document.date is None and not result.document.date_raw and last and (
            last.rstrip("”）")[-1:] not in "。！？"):
        result.warnings.append("复函可能不完整：结尾既无落款日期也无完整句子，请核对原件")
    for c in result.plan_items[-1:]:
        if c.text.rstrip("”）")[-1:] not in "。！？；":
            result.warnings.append(f"最后一条事项“{c.title}”可能不完整（没有结束标点）")


__all__ = ["parse_letter", "CJK"]
