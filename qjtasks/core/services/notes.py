"""进展反馈: a unit's (or the office's) progress note with its attachments, rolled up into the
assignment's and the item's last feedback date and percent."""
from __future__ import annotations

import uuid
from pathlib import Path

from .. import validate
from ..errors import TransitionError, ValidationError
from ..models import Changes, Origin, Status
from ..rows import iso
from ..workflow import ORIGINS
from .attachments import store_attachment
from .part import Part


class Notes(Part):

    def add(self, item_id: int, unit_id: int | None, reporter: str, text: str,
            percent=None, problems: str = "", next_steps: str = "",
            origin: str = Origin.TYPED, noted_on=None, attachments=(), uid: str | None = None,
            package_id: str | None = None, attachment_dir: Path | None = None) -> Changes:
        if uid and self.exists("notes", uid):
            return Changes("item.note", message="已存在，未重复导入")
        self.svc.own_unit_only(unit_id, "登记进展反馈")
        row = self.store.item_row(item_id)
        if row["status"] in (Status.DRAFT, Status.CLOSED, Status.WITHDRAWN):
            raise TransitionError(f"事项当前状态为“{row['status']}”，不能登记进展反馈")
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "reporter": validate.text(reporter, "反馈人", limit=50, field="reporter"),
                  "text": validate.text(text, "反馈内容", required=True, field="text"),
                  "percent": validate.percent(percent),
                  "problems": validate.text(problems, "存在问题", field="problems"),
                  "next_steps": validate.text(next_steps, "下步打算", field="next_steps"),
                  "origin": validate.choice(origin, ORIGINS, "来源"),
                  "noted_on": iso(self.not_future(
                      validate.date(noted_on, "反馈日期") or self.svc.today(), "反馈日期", "noted_on",
                      package_id)),
                  "package_id": package_id, "created_at": self.svc.now()}
        if unit_id is not None:
            self.svc.items.assignment_row(item_id, unit_id)
        sources = [Path(p) for p in attachments]
        for src in sources:            # all of them first: a refused note leaves no copies
            if not src.is_file():
                raise ValidationError(f"附件“{src}”不存在或不是文件", field="attachments")
        files = [store_attachment(src, attachment_dir or self.attachment_dir(), item_id)
                 for src in sources]
        with self.svc.tx():
            note_id = self.insert_row("notes", fields)
            for name, stored, sha, size in files:
                self.store.item_rows.add_attachment(note_id, name, stored, sha, size)
            self.roll_up(item_id, unit_id, fields)
            self.svc.log("item.note", "note", note_id, item_id,
                     after={k: fields[k] for k in ("unit_id", "noted_on", "percent")},
                     origin=fields["origin"], package_id=package_id)
        return Changes("item.note", item_ids=frozenset({item_id}), note_id=note_id)

    def attachment_dir(self) -> Path:
        path = self.store.path
        return path.parent / f"{path.stem}-附件"

    def roll_up(self, item_id: int, unit_id: int | None, note: dict) -> None:
        """Roll a new note up into its assignment and item.

        Progress is the percent of the newest note by report date (ties broken by uid), not of
        the last one stored, so a backdated paper note or packages applied in any order end in
        the same figures.
        """
        self.store.item_rows.roll_up_note(item_id, unit_id, note["noted_on"])
        self.svc.feedback.refresh(item_id)
