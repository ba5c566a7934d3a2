"""What each printed sheet needs, as plain frozen dataclasses (no database, no reportlab).

`adapters.py` fills them from the core Store; tests and the benchmark build them directly. Dates
are `datetime.date`; text is whatever the user typed (it is printed literally, never as markup).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Office:
    """The issuing office as printed: name, short name, contact, phone and 抄送 line."""
    name: str = "重庆市綦江区发展和改革委员会"
    short: str = "区发改委"
    contact: str = ""
    phone: str = ""
    leader_copy: str = ""          # 抄送 line of the 催办通知单; "" leaves the line out


@dataclass(frozen=True)
class NoticeData:
    """One 督办通知单: one item sent to one unit."""

    office: Office
    serial: str
    unit: str
    role: str                      # 牵头 / 配合
    title: str
    requirements: str
    source: str
    lead_unit: str
    co_units: tuple[str, ...]
    assigned_on: dt.date | None
    deadline: dt.date | None
    original_deadline: dt.date | None = None
    cycle: str = ""
    feedback_by: dt.date | None = None
    is_sample: bool = False
    notice_code: str = ""          # QR text on the unit's copy (paper.codes); "" = no code
    receipt_code: str = ""         # QR text on the tear-off 签收回执
    office_fingerprint: str = ""   # printed in words on the receipt


@dataclass(frozen=True)
class ChaseData:
    """One 催办通知单 for one unit."""

    office: Office
    serial: str
    notice_serial: str
    unit: str
    title: str
    original_deadline: dt.date | None
    current_deadline: dt.date | None
    days_overdue: int              # working days
    number: int                    # 第×次
    last_feedback_on: dt.date | None
    last_feedback: str
    reply_by: dt.date | None
    issued_on: dt.date
    copy_to: str = ""              # "" = no 抄送 line
    codes: tuple[str, ...] = ()    # QR text per copy (单位留存联, 存档联); () = no code


@dataclass(frozen=True)
class LedgerRow:
    """One row of the 督办事项汇总表."""
    no: int
    title: str
    source: str
    lead_unit: str
    co_units: str
    assigned_on: dt.date | None
    original_deadline: dt.date | None
    current_deadline: dt.date | None
    last_feedback_on: dt.date | None
    stale_days: int | None
    summary: str
    percent: int
    light: str                     # 绿 黄 红 完成
    chases: int
    status: str
    remark: str = ""
    serial: str = ""               # 督办编号


@dataclass(frozen=True)
class Ledger:
    """The 督办事项汇总表: the office, the date and the rows."""
    office: Office
    today: dt.date
    rows: tuple[LedgerRow, ...]
    scope: str = "全部未办结事项"


@dataclass(frozen=True)
class UnitSummaryRow:
    """One unit's line of the 单位办理情况表."""
    unit: str
    led: int
    co: int
    on_time: int
    overdue: int
    closed: int
    total: int
    closure_rate: float            # 0..1
    late_original: int = 0         # closed after the original deadline (assessment)
    late_approved: int = 0         # closed after the approved deadline


@dataclass(frozen=True)
class UnitReport:
    """The 单位办理情况表: the office, the date and a line per unit."""
    office: Office
    today: dt.date
    rows: tuple[UnitSummaryRow, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One dated event in an item's history for the 提案办理情况报告."""
    date: str
    kind: str
    unit: str
    who: str
    text: str


@dataclass(frozen=True)
class DossierItem:
    """One item of a reply in the 提案办理情况报告."""
    serial: str
    title: str
    requirements: str
    lead_unit: str
    co_units: tuple[str, ...]
    status: str
    percent: int
    deadline: dt.date | None
    latest: str
    history: tuple[HistoryEntry, ...] = ()


@dataclass(frozen=True)
class DossierReport:
    """The 提案办理情况报告 of one reply letter and its items."""
    office: Office
    today: dt.date
    session: str
    number: str
    title: str
    proposer: str
    reply_doc: str
    reply_date: dt.date | None
    reply_signer: str
    answer_class: str
    ratings: str
    reply_summary: str
    items: tuple[DossierItem, ...] = field(default_factory=tuple)
