"""Plain data the reply-letter importer produces: the document header, unit mentions, candidate
items with their spans in the normalised text, and the whole result.

These are mutable dataclasses on purpose: the import dialog lets the supervisor edit, merge and
split candidates before anything is saved. Nothing here does I/O or knows about the database.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class DocumentInfo:
    doc_number: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    date_raw: str | None = None
    proposal_number: str | None = None
    proposal_session: str | None = None
    proposal_title: str | None = None
    proposer: str | None = None
    signer: str | None = None
    kind: str = "政协提案"           # 政协提案 or 人大建议
    title: str | None = None        # the letter's own title line(s)
    answer_class: str | None = None
    handling_role: str = "主办"      # 主办, or 协办 for a letter written by a co-handling unit
    lead_unit: str | None = None     # the lead unit named by a 协办 letter


@dataclass
class UnitMention:
    """A body named in the letter, matched against the unit register when possible."""

    raw: str
    name: str                        # register short name when matched, else the raw name
    known: bool
    full_name: str | None = None


@dataclass
class Candidate:
    """A proposed item: its text is exactly `source[start:end]` of the normalised letter."""

    text: str
    start: int
    end: int
    units: list[str] = field(default_factory=list)
    deadline_hint: str | None = None
    section: str = ""
    kind: str = "plan"              # plan or commitment
    # a two-level plan (（一）… with 1. 2. under it): the numbered points under this one, each
    # a Candidate of its own inside this one's span
    sub_items: list[Candidate] = field(default_factory=list)
    # the whole sentence(s) the item was read from (`下一步，我局将加快…。`): its provenance
    sentence: str = ""

    @property
    def title(self) -> str:
        return short_title(self.text)


@dataclass
class ImportResult:
    text: str                        # the normalised letter; spans point into it
    document: DocumentInfo
    co_units: list[UnitMention] = field(default_factory=list)
    plan_items: list[Candidate] = field(default_factory=list)
    other_commitments: list[Candidate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def new_units(self) -> list[str]:
        return [u.name for u in self.co_units if not u.known]


def short_title(text: str, limit: int = 40) -> str:
    """First sentence (or clause when the sentence is long), trimmed to `limit` characters."""
    first = text.strip().split("\n")[0]  # a parent item's heading, not its sub-items
    for stop in "。；！？":
        first = first.split(stop)[0]
    if len(first) > limit and "，" in first:
        first = first.split("，")[0]
    first = first.strip("，、：:；。 ")
    return first[:limit] if len(first) > limit else first
