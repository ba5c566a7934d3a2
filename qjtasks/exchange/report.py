"""What an import did (or would do, in a preview): per item, the lines a clerk reads."""
from __future__ import annotations

from dataclasses import dataclass, field


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
    applied: int = 0
    skipped: int = 0
    conflicts: list[dict] = field(default_factory=list)
    items: dict[int, ItemChanges] = field(default_factory=dict)
    dry_run: bool = False

    def note(self, conn, item_id: int | None, line: str) -> None:
        if item_id is None:
            return
        if item_id not in self.items:
            row = conn.execute("SELECT title, serial FROM items WHERE id = ?",
                               [item_id]).fetchone()
            title, serial = row if row else (f"事项 {item_id}", None)
            self.items[item_id] = ItemChanges(item_id, title, serial)
        self.items[item_id].lines.append(line)

    def summary(self) -> str:
        verb = "将导入" if self.dry_run else "已导入"
        text = (f"{verb}“{self.sender}”的数据包（第 {self.sequence} 号）：{self.records} 条记录，"
                f"新登记 {self.applied} 条，已有而跳过 {self.skipped} 条")
        if self.conflicts:
            text += f"，冲突 {len(self.conflicts)} 条待决定"
        return text

    def as_json(self) -> dict:
        return {"package_id": self.package_id, "sender": self.sender,
                "recipient": self.recipient, "sequence": self.sequence,
                "created_at": self.created_at, "records": self.records,
                "applied": self.applied, "skipped": self.skipped, "dry_run": self.dry_run,
                "conflicts": self.conflicts,
                "items": [{"item_id": c.item_id, "title": c.title, "serial": c.serial,
                           "changes": c.lines} for c in self.items.values()]}
