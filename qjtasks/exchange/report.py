"""What an import did (or would do, in a preview): per item, the lines a clerk reads.

Every record in a package ends in exactly one outcome — 新登记 (it changed something here),
已有 (nothing new: seen before, or the same as what is here), 冲突 (kept for the supervisor to
decide) or 拒收 (set aside with a reason) — so the four counts always add up to the number of
records, in total and per record kind.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NEW, SAME, CONFLICT, REFUSED = "new", "same", "conflict", "refused"
OUTCOMES = (NEW, SAME, CONFLICT, REFUSED)
OUTCOME_LABELS = {NEW: "新登记", SAME: "已有", CONFLICT: "冲突", REFUSED: "拒收"}
# a record's outcome is the strongest thing that happened to it
_RANK = {SAME: 0, NEW: 1, REFUSED: 2, CONFLICT: 3}
KIND_LABELS = {"units": "单位名录", "dossier": "提案复函", "item": "事项", "removed": "调整承办",
               "sign": "签收", "note": "进展反馈", "extension": "延期申请",
               "completion": "办结申请", "chase_reply": "催办答复"}


@dataclass
class ItemChanges:
    item_id: int
    title: str
    serial: str | None
    lines: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    package_id: str
    sender: str
    recipient: str
    sequence: int
    created_at: str
    records: int
    conflicts: list[dict] = field(default_factory=list)
    refusals: list[dict] = field(default_factory=list)
    items: dict[int, ItemChanges] = field(default_factory=dict)
    dry_run: bool = False
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    _current: str | None = None

    # ---- counting: one outcome per record -------------------------------------------------
    def begin(self) -> None:
        self._current = None

    def hit(self, outcome: str) -> None:
        if self._current is None or _RANK[outcome] > _RANK[self._current]:
            self._current = outcome

    def end(self, kind: str) -> str:
        outcome = self._current or SAME
        counts = self.by_kind.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
        counts[outcome] += 1
        self._current = None
        return outcome

    def count(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.by_kind.values())

    @property
    def applied(self) -> int:
        return self.count(NEW)

    @property
    def skipped(self) -> int:
        return self.count(SAME)

    @property
    def refused(self) -> int:
        return self.count(REFUSED)

    @property
    def conflicted(self) -> int:
        return self.count(CONFLICT)

    # ---- lines ------------------------------------------------------------------------------
    def note(self, store, item_id: int | None, line: str) -> None:
        if item_id is None:
            return
        if item_id not in self.items:
            row = store.arrivals.title_serial(item_id)
            title, serial = row if row else (f"事项 {item_id}", None)
            self.items[item_id] = ItemChanges(item_id, title, serial)
        self.items[item_id].lines.append(line)

    def refuse(self, store, item_id: int | None, kind: str, reason: str) -> None:
        self.hit(REFUSED)
        self.refusals.append({"item_id": item_id, "kind": kind, "reason": reason})
        self.note(store, item_id, f"拒收（{KIND_LABELS.get(kind, kind)}）：{reason}")

    def summary(self) -> str:
        verb = "将导入" if self.dry_run else "已导入"
        text = (f"{verb}“{self.sender}”的数据包（第 {self.sequence} 号）：{self.records} 条记录，"
                f"新登记 {self.applied} 条，已有而跳过 {self.skipped} 条，"
                f"冲突 {self.conflicted} 条，拒收 {self.refused} 条")
        return text

    def kind_lines(self) -> list[str]:
        out = []
        for kind, c in self.by_kind.items():
            parts = "，".join(f"{OUTCOME_LABELS[o]} {c[o]}" for o in OUTCOMES if c[o])
            out.append(f"{KIND_LABELS.get(kind, kind)} {sum(c.values())} 条：{parts}")
        return out

    def as_json(self) -> dict:
        return {"package_id": self.package_id, "sender": self.sender,
                "recipient": self.recipient, "sequence": self.sequence,
                "created_at": self.created_at, "records": self.records,
                "applied": self.applied, "skipped": self.skipped,
                "conflicted": self.conflicted, "refused": self.refused,
                "by_kind": self.by_kind, "dry_run": self.dry_run,
                "conflicts": self.conflicts, "refusals": self.refusals,
                "items": [{"item_id": c.item_id, "title": c.title, "serial": c.serial,
                           "changes": c.lines} for c in self.items.values()]}
