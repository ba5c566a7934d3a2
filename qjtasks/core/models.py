"""Domain types: enums and frozen dataclasses, no I/O.

Status values, roles, lights and origins are stored in the database as their Chinese words, so
the SQLite file reads naturally in any tool and the words in the UI are the stored values.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum


class Status(StrEnum):
    DRAFT = "待交办"
    AWAITING_SIGN = "待签收"
    IN_PROGRESS = "办理中"
    SUBMITTED = "申请办结"
    CLOSED = "已办结"
    PAUSED = "暂缓"
    WITHDRAWN = "已撤销"


OPEN_STATUSES = (Status.DRAFT, Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.SUBMITTED,
                 Status.PAUSED)
FINISHED_STATUSES = (Status.CLOSED, Status.WITHDRAWN)
# Issued and not finished, paused or a draft: what assessment counts as open (core/assess.py).
ASSESSED_OPEN = (Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.SUBMITTED)
# Chased and owing feedback: paused or submitted items owe nothing (core/ladder.py).
CHASED_STATUSES = (Status.AWAITING_SIGN, Status.IN_PROGRESS)


class Role(StrEnum):
    LEAD = "牵头"
    CO = "配合"


class Side(StrEnum):
    """Which side of the offline exchange this installation is (setting `role`)."""

    OFFICE = "office"        # 督办单位
    UNIT = "unit"            # 承办单位


class Light(StrEnum):
    GREEN = "绿"
    YELLOW = "黄"
    RED = "红"
    DONE = "完成"
    UNSET = "未定时限"      # open, no deadline: neither on track nor late (not 按期)


class Origin(StrEnum):
    TYPED = "录入"
    PAPER = "纸质"
    IMPORTED = "导入"


class CycleKind(StrEnum):
    ONCE = "一次性"
    WEEKLY = "每周"          # `day` is the weekday, 1 = Monday … 7 = Sunday
    MONTHLY = "每月"
    QUARTERLY = "每季度"
    HALFYEARLY = "每半年"


WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class AnswerClass(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Satisfaction(StrEnum):
    SATISFIED = "满意"
    BASICALLY = "基本满意"
    UNSATISFIED = "不满意"


class ChaseMethod(StrEnum):
    PHONE = "电话"
    WRITTEN = "书面"
    IN_PERSON = "当面"
    MEETING = "会议"


class Decision(StrEnum):
    PENDING = "待审批"
    APPROVED = "批准"
    REFUSED = "不批准"


class Review(StrEnum):
    PENDING = "待审核"
    ACCEPTED = "审结"
    RETURNED = "退回"


@dataclass(frozen=True)
class FeedbackCycle:
    """How often a unit reports: once by `due`, or periodically on `day` (-1 = month end)."""

    kind: CycleKind = CycleKind.MONTHLY
    day: int = 25
    due: dt.date | None = None

    def describe(self) -> str:
        if self.kind == CycleKind.ONCE:
            return f"一次性，{self.due:%Y年%-m月%-d日}前反馈" if self.due else "一次性反馈"
        if self.kind == CycleKind.WEEKLY:
            return f"每周{WEEKDAY_NAMES[self.day - 1] if 1 <= self.day <= 7 else ''}前反馈"
        day = "月末" if self.day == -1 else f"{self.day}日"
        return {CycleKind.MONTHLY: f"每月{day}前反馈",
                CycleKind.QUARTERLY: f"每季度末月{day}前反馈",
                CycleKind.HALFYEARLY: f"每半年（6月、12月）{day}前反馈"}[self.kind]


@dataclass(frozen=True)
class Unit:
    """A unit in the register (区发改委 …); `is_office` marks the supervising office itself."""
    id: int
    name: str
    short_name: str
    contact: str = ""
    phone: str = ""
    active: bool = True
    is_office: bool = False


@dataclass(frozen=True)
class Proposal:
    """A proposal (提案) or suggestion a reply letter answers."""
    id: int
    session: str
    number: str
    title: str
    proposer: str
    filed_on: dt.date | None
    kind: str = "政协提案"


@dataclass(frozen=True)
class Reply:
    """A reply letter (复函) with its text and the office's ratings of it."""
    id: int
    proposal_id: int | None
    doc_number: str
    issuer: str
    date: dt.date | None
    signer: str
    answer_class: str
    full_text: str
    attitude_rating: str | None = None
    result_rating: str | None = None


@dataclass(frozen=True)
class Item:
    """A supervised item (督办事项) as stored: dates, status, cycle, progress."""
    id: int
    title: str
    requirements: str
    category: str
    status: Status
    serial: str | None
    reply_id: int | None
    source_section: str
    source_quote: str
    source_start: int | None
    source_end: int | None
    parent_id: int | None
    assigned_on: dt.date | None
    original_deadline: dt.date | None
    current_deadline: dt.date | None
    cycle: FeedbackCycle
    percent: int
    status_reason: str
    next_feedback_due: dt.date | None
    last_feedback_on: dt.date | None
    is_sample: bool
    version: int
    lead_unit_id: int | None = None
    chase_count: int = 0

    @property
    def extended(self) -> bool:
        return (self.current_deadline is not None
                and self.original_deadline is not None
                and self.current_deadline != self.original_deadline)


@dataclass(frozen=True)
class Assignment:
    """A unit's part in an item (牵头 or 配合), its sign-off and its own progress."""
    id: int
    item_id: int
    unit_id: int
    unit_name: str
    role: Role
    signed_by: str | None
    signed_at: str | None
    sign_origin: str | None
    percent: int
    last_feedback_on: dt.date | None
    input_due: dt.date | None


@dataclass(frozen=True)
class Note:
    """One feedback report (反馈) on an item, from a unit or typed in by the office."""
    id: int
    uid: str
    item_id: int
    unit_id: int | None
    reporter: str
    noted_on: dt.date
    text: str
    percent: int | None
    problems: str
    next_steps: str
    origin: str
    package_id: str | None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chase:
    """One chase (催办): by phone, in writing or by notice, and the answer."""
    id: int
    uid: str
    item_id: int
    unit_id: int | None
    chased_on: dt.date
    method: str
    person_reached: str
    answer: str
    by_whom: str
    rung: str
    number: int
    origin: str
    serial: str | None = None


@dataclass(frozen=True)
class Extension:
    """A request to extend the deadline (延期申请) and the office's decision."""
    id: int
    uid: str
    item_id: int
    unit_id: int | None
    requested_on: dt.date
    reason: str
    proposed_deadline: dt.date
    progress: str
    requested_by: str
    origin: str
    decision: str
    decided_on: dt.date | None
    decided_by: str
    decision_reason: str
    approved_deadline: dt.date | None


@dataclass(frozen=True)
class Completion:
    """A completion report (办结申请) and the office's decision on it."""
    id: int
    uid: str
    item_id: int
    unit_id: int | None
    submitted_on: dt.date
    report: str
    submitted_by: str
    origin: str
    decision: str
    decided_on: dt.date | None
    decided_by: str
    reason: str


@dataclass(frozen=True)
class JournalEntry:
    """One row of the audit journal: who did what to which record, before and after."""
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: int | None
    item_id: int | None
    before: dict | None
    after: dict | None
    package_id: str | None
    origin: str


@dataclass(frozen=True)
class ProposalDraft:
    """A proposal as typed or read from a letter, before it is saved (checked by
    `services.dossiers`); an empty kind is 政协提案."""

    session: str = ""
    number: str = ""
    title: str = ""
    proposer: str = ""
    filed_on: dt.date | str | None = None
    kind: str = "政协提案"


@dataclass(frozen=True)
class ReplyDraft:
    """A reply letter as typed or read, before it is saved (checked by `services.dossiers`)."""

    doc_number: str = ""
    issuer: str = ""
    date: dt.date | str | None = None
    signer: str = ""
    answer_class: str = ""
    full_text: str = ""


@dataclass
class ItemDraft:
    """What a caller supplies to create an item (from a dialog, the CLI or an importer)."""

    title: str
    requirements: str = ""
    category: str = ""
    reply_id: int | None = None
    source_section: str = ""
    source_quote: str = ""
    source_start: int | None = None
    source_end: int | None = None
    parent_id: int | None = None
    lead_unit_id: int | None = None
    co_unit_ids: list[int] = field(default_factory=list)
    assigned_on: dt.date | None = None
    deadline: dt.date | None = None
    cycle: FeedbackCycle | None = None
    is_sample: bool = False
    lead_unit_name: str = ""          # resolved against the unit register when saved
    co_unit_names: list[str] = field(default_factory=list)
    children: list[ItemDraft] = field(default_factory=list)   # sub-items (a two-level plan)


class Keep(Enum):
    """The value of an edit's field that leaves the stored value as it is (None clears it)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class ItemEdit:
    """An edit of an item's own fields (item dialog, CLI `edit`): a field left KEEP is not
    touched; None clears a date. Values are checked by `services.items.edit`."""

    title: str | Keep = KEEP
    requirements: str | Keep = KEEP
    category: str | Keep = KEEP
    assigned_on: dt.date | str | None | Keep = KEEP
    deadline: dt.date | str | None | Keep = KEEP
    original_deadline: dt.date | str | None | Keep = KEEP
    cycle_kind: CycleKind | str | Keep = KEEP
    cycle_day: int | str | Keep = KEEP
    cycle_due: dt.date | str | None | Keep = KEEP
    percent: int | str | None | Keep = KEEP
    source_section: str | Keep = KEEP
    source_quote: str | Keep = KEEP

    def given(self) -> dict[str, object]:
        """The fields this edit sets, by name, in the order above."""
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: value for name, value in values if value is not KEEP}


@dataclass(frozen=True)
class Changes:
    """What a service call changed; views decide from it whether to refresh."""

    action: str
    item_ids: frozenset[int] = frozenset()
    units: bool = False
    dossiers: bool = False
    settings: bool = False
    message: str = ""
    # The record the call created, each under its own name (None when it created none):
    unit_id: int | None = None          # unit.add
    reply_id: int | None = None         # dossier.create, dossier.import
    item_id: int | None = None          # item.add (item_ids holds every item touched)
    child_ids: tuple[int, ...] = ()     # item.split, in title order
    journal_id: int | None = None       # item.edit: the journal row `undo` reverts
    note_id: int | None = None          # item.note
    chase_id: int | None = None         # item.chase
    extension_id: int | None = None     # item.extend.request
    completion_id: int | None = None    # item.submit

    def touches_items(self) -> bool:
        return bool(self.item_ids) or self.units or self.dossiers
