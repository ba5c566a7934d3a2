"""What the importer hands on: the JSON shape of `import-reply --json`, and the dossier, drafts
and new units that `services.dossiers.import_reply` takes.

`to_json_dict` keeps the documented keys (`document`, `co_units`, `plan_items`,
`other_commitments`, `warnings`) and adds offsets and titles for tools that want them.
"""
from __future__ import annotations

from qjtasks.core.models import ItemDraft, ProposalDraft, ReplyDraft

from .model import Candidate, ImportResult
from .units import UnitRegister


def to_json_dict(result: ImportResult) -> dict:
    d = result.document
    return {
        "document": {
            "doc_number": d.doc_number, "issuer": d.issuer,
            "date": d.date.isoformat() if d.date else None,
            "proposal_number": d.proposal_number, "proposal_title": d.proposal_title,
            "proposer": d.proposer, "signer": d.signer, "proposal_session": d.proposal_session,
            "kind": d.kind, "title": d.title, "date_text": d.date_raw,
            "answer_class": d.answer_class, "handling_role": d.handling_role,
            "lead_unit": d.lead_unit},
        "co_units": [u.name for u in result.co_units],
        "new_units": result.new_units,
        "plan_items": [_candidate(c) for c in result.plan_items],
        "other_commitments": [_candidate(c) for c in result.other_commitments],
        "warnings": list(result.warnings),
    }


def _candidate(c: Candidate) -> dict:
    out = {"text": c.text, "units": list(c.units), "deadline_hint": c.deadline_hint,
           "title": c.title, "section": c.section, "start": c.start, "end": c.end,
           "sentence": c.sentence or c.text}
    if c.sub_items:
        out["sub_items"] = [_candidate(x) for x in c.sub_items]
    return out


def dossier_fields(result: ImportResult) -> tuple[ProposalDraft, ReplyDraft]:
    """(proposal, reply) for `services.dossiers.import_reply`; full_text is the normalised text."""
    d = result.document
    proposal = ProposalDraft(session=d.proposal_session or "", number=d.proposal_number or "",
                             title=d.proposal_title or "", proposer=d.proposer or "",
                             kind=d.kind)
    reply = ReplyDraft(doc_number=d.doc_number or "", issuer=d.issuer or "",
                       date=d.date.isoformat() if d.date else None, signer=d.signer or "",
                       answer_class=d.answer_class or "", full_text=result.text)
    return proposal, reply


def to_draft(c: Candidate, *, title: str | None = None, lead: str = "",
             co_units: list[str] | None = None, deadline=None,
             quote: str | None = None) -> ItemDraft:
    cos = [u for u in (c.units if co_units is None else co_units) if u != lead]
    # sub-items work under the parent's lead and deadline, with their own co-units if named
    children = [to_draft(s, lead=lead, co_units=list(dict.fromkeys([*cos, *s.units])),
                         deadline=deadline) for s in c.sub_items]
    return ItemDraft(title=(title or c.title)[:200], requirements=c.text,
                     category="" if c.kind == "plan" else "其他承诺",
                     source_section=c.section[:200], source_quote=c.text if quote is None else quote,
                     source_start=c.start, source_end=c.end, lead_unit_name=lead,
                     co_unit_names=cos, deadline=deadline, children=children)


def new_units_for(drafts: list[ItemDraft], result: ImportResult,
                  register: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(full, short) pairs for every unit the drafts or the co-unit list name that is unknown."""
    reg = UnitRegister(register)
    names = list(result.new_units)
    for draft in drafts:
        names += [draft.lead_unit_name] if draft.lead_unit_name else []
        names += draft.co_unit_names
    unknown = [n for n in dict.fromkeys(names) if n and reg.match(n) is None]
    return [(n, n) for n in unknown]


def resolve_names(drafts: list[ItemDraft], register: list[tuple[str, str]]) -> None:
    """Replace unit names in drafts by their register short names (`区住建委` → `区住房城乡建委`)."""
    reg = UnitRegister(register)
    for draft in drafts:
        hit = reg.match(draft.lead_unit_name) if draft.lead_unit_name else None
        draft.lead_unit_name = hit[1] if hit else draft.lead_unit_name
        draft.co_unit_names = list(dict.fromkeys(
            (reg.match(n) or (n, n))[1] for n in draft.co_unit_names))
