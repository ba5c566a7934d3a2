"""Items as records: create, edit (and undo an edit), split into sub-items, assign units.
`apply_update` is the one writer of an item's row the other areas change it through."""
from __future__ import annotations

from collections.abc import Iterable

from .. import journal, validate
from .. import undo as undo_mod
from ..calendar import validate_cycle
from ..errors import ConflictError, ValidationError
from ..models import Changes, CycleKind, FeedbackCycle, ItemDraft, ItemEdit, Origin, Role, Status
from ..rows import d, iso
from .part import Part

DATE_LABELS = {"assigned_on": "交办日期", "cycle_due": "反馈日期", "original_deadline": "原办结时限"}


class Items(Part):

    def default_cycle(self) -> FeedbackCycle:
        return FeedbackCycle(CycleKind(self.store.setting("default_cycle_kind")),
                             int(self.store.setting("default_cycle_day")))

    def add(self, draft: ItemDraft) -> Changes:
        with self.svc.tx():
            item_id = self.insert(draft)
        return Changes("item.add", item_ids=frozenset({item_id}), item_id=item_id)

    def insert(self, draft: ItemDraft) -> int:
        self.svc.office_only("新建督办事项")
        row = self._draft_row(draft)
        item_id = self.store.item_rows.insert_item(row)
        lead, cos = self._draft_units(draft)
        if lead is not None or cos:
            self._write_assignments(item_id, lead, cos, draft.assigned_on)
        self.svc.log("item.add", "item", item_id, item_id, after={
            k: v for k, v in row.items() if k not in ("created_at", "updated_at")})
        return item_id

    def _draft_units(self, draft: ItemDraft) -> tuple[int | None, list[int]]:
        lead = draft.lead_unit_id
        if lead is None and getattr(draft, "lead_unit_name", ""):
            lead = self.svc.units.resolve(draft.lead_unit_name)
        cos = list(draft.co_unit_ids) + [self.svc.units.resolve(n)
                                         for n in getattr(draft, "co_unit_names", [])]
        return lead, cos

    def _draft_row(self, draft: ItemDraft) -> dict:
        cycle = validate_cycle(draft.cycle or self.default_cycle())
        assigned = validate.date(draft.assigned_on, "交办日期", field="assigned_on")
        deadline = validate.date(draft.deadline, "办结时限", field="deadline")
        validate.deadline_after(assigned, deadline)
        if draft.parent_id is not None:
            self.store.item(draft.parent_id)
        now = self.svc.now()
        return {"title": validate.title(draft.title),
                "requirements": validate.text(draft.requirements, "督办要求", field="requirements"),
                "category": validate.text(draft.category, "类别", limit=50, field="category"),
                "reply_id": draft.reply_id, "source_section": validate.text(
                    draft.source_section, "来源章节", limit=200),
                "source_quote": validate.text(draft.source_quote, "来源原文"),
                "source_start": draft.source_start, "source_end": draft.source_end,
                "parent_id": draft.parent_id, "assigned_on": iso(assigned),
                "original_deadline": iso(deadline), "current_deadline": iso(deadline),
                "cycle_kind": str(cycle.kind), "cycle_day": cycle.day, "cycle_due": iso(cycle.due),
                "next_feedback_due": iso(self.svc.feedback.due(None, cycle, assigned, None)),
                "is_sample": int(draft.is_sample), "status": str(Status.DRAFT),
                "created_at": now, "updated_at": now}

    def edit(self, item_id: int, edit: ItemEdit, expected_version: int | None = None
                  ) -> Changes:
        """Edit fields; with `expected_version` (the version the form showed) a stale edit
        is refused instead of overwriting someone else's change."""
        self.svc.office_only("修改督办事项")
        row = self.store.item_row(item_id)
        if expected_version is not None and row["version"] != expected_version:
            raise ConflictError(_conflict_message(item_id))
        new = self._edited(row, edit.given())
        changed = {k: v for k, v in new.items() if row.get(k) != v}
        if not changed:
            return Changes("item.edit")
        with self.svc.tx():
            jid = self.apply_update(item_id, row, changed, "item.edit")
        return Changes("item.edit", item_ids=frozenset({item_id}), journal_id=jid)

    def _edited(self, row: dict, fields: dict) -> dict:
        new: dict = {}
        for key, value in fields.items():
            if key == "title":
                new[key] = validate.title(value)
            elif key in ("requirements", "source_quote"):
                new[key] = validate.text(value, "督办要求", field=key)
            elif key in ("category", "source_section"):
                new[key] = validate.text(value, "类别", limit=200, field=key)
            elif key == "percent":
                new[key] = validate.percent(value, required=True)
            elif key in ("assigned_on", "cycle_due", "original_deadline"):
                new[key] = iso(validate.date(value, DATE_LABELS[key], field=key))
            elif key == "deadline":
                new["current_deadline"] = iso(validate.date(value, "办结时限", field="deadline"))
                if row["status"] == Status.DRAFT or row["original_deadline"] is None:
                    new["original_deadline"] = new["current_deadline"]
            elif key == "cycle_kind":
                new[key] = validate.choice(value, [k.value for k in CycleKind], "反馈周期")
            elif key == "cycle_day":
                new[key] = int(value)
        merged = {**row, **new}
        validate.deadline_after(d(merged["assigned_on"]), d(merged["current_deadline"]))
        cycle = validate_cycle(FeedbackCycle(CycleKind(merged["cycle_kind"]), merged["cycle_day"],
                                             d(merged["cycle_due"])))
        new["next_feedback_due"] = iso(self.svc.feedback.due(
            merged["id"], cycle, d(merged["assigned_on"]), merged["lead_unit_id"]))
        return new

    def apply_update(self, item_id: int, row: dict, changed: dict, action: str,
                     origin: str = Origin.TYPED, package_id: str | None = None) -> int:
        if not self.store.item_rows.update_item(item_id, changed, self.svc.now(),
                                                row["version"]):
            # changed by another writer since `row` was read
            raise ConflictError(_conflict_message(item_id))
        if origin == Origin.TYPED and {"assigned_on", "current_deadline"} & changed.keys():
            # co-units' input is due some months after assignment, never after the deadline
            self.store.item_rows.set_co_input_due(item_id, self._co_input_due(item_id, None))
        jid = self.svc.log(action, "item", item_id, item_id,
                       before={k: row.get(k) for k in changed}, after=changed,
                       origin=origin, package_id=package_id)
        if "status" in changed or ("assigned_on" in changed and "next_feedback_due" not in changed):
            self.svc.feedback.refresh(item_id)      # paused/submitted periods owe nothing
        return jid

    def split(self, item_id: int, titles: list[str]) -> Changes:
        """Create sub-items that inherit owners, dates and cycle from their parent."""
        self.svc.office_only("拆分督办事项")
        parent = self.store.item(item_id)
        titles = [validate.title(t, "子事项名称") for t in titles if t and str(t).strip()]
        if not titles:
            raise ValidationError("请至少填写一个子事项名称")
        owners = self.store.assignments(item_id)
        lead = next((a.unit_id for a in owners if a.role == Role.LEAD), None)
        cos = [a.unit_id for a in owners if a.role == Role.CO]
        created = []
        with self.svc.tx():
            for title in titles:
                created.append(self.insert(ItemDraft(
                    title=title, category=parent.category, reply_id=parent.reply_id,
                    source_section=parent.source_section, parent_id=item_id,
                    lead_unit_id=lead, co_unit_ids=cos, assigned_on=parent.assigned_on,
                    deadline=parent.current_deadline, cycle=parent.cycle,
                    is_sample=parent.is_sample)))
            self.svc.log("item.split", "item", item_id, item_id, after={"children": created})
        return Changes("item.split", item_ids=frozenset({item_id, *created}),
                       child_ids=tuple(created))

    def assign(self, item_id: int, lead_unit_id: int, co_unit_ids: Iterable[int] = ()) -> Changes:
        self.svc.office_only("调整承办单位")
        item = self.store.item(item_id)
        if item.status in (Status.CLOSED, Status.WITHDRAWN):
            raise ValidationError(f"事项已{item.status}，不能再调整承办单位")
        cos = [u for u in dict.fromkeys(co_unit_ids) if u != lead_unit_id]
        before = [(a.unit_name, a.role.value) for a in self.store.assignments(item_id)]
        with self.svc.tx():
            self._write_assignments(item_id, lead_unit_id, cos, item.assigned_on)
            # the supervisor has now decided the division of work: no longer the example split
            self.store.item_rows.clear_sample(item_id)
            after = [(a.unit_name, a.role.value) for a in self.store.assignments(item_id)]
            self.svc.log("item.assign", "item", item_id, item_id, before=before, after=after)
            self.svc.feedback.refresh(item_id)      # whose notes are the item's reports
        return Changes("item.assign", item_ids=frozenset({item_id}))

    def _write_assignments(self, item_id: int, lead: int | None, cos: list[int],
                           assigned_on) -> None:
        wanted = {u: Role.CO for u in cos}
        if lead is not None:
            wanted[lead] = Role.LEAD
        for unit_id in wanted:
            unit = self.store.unit(unit_id)
            if not unit.active:
                raise ValidationError(f"单位“{unit.short_name}”已停用，不能分配事项")
        self.store.item_rows.set_units(item_id, wanted, lead,
                                       self._co_input_due(item_id, assigned_on))

    def _co_input_due(self, item_id: int, assigned_on) -> str | None:
        from ..calendar import months_after
        row = self.store.item_row(item_id)
        start = d(row["assigned_on"]) or d(assigned_on)
        if start is None:
            return None
        due = months_after(start, int(self.store.setting("co_input_months")))
        deadline = d(row["current_deadline"])
        return iso(min(due, deadline) if deadline else due)

    def assignment_row(self, item_id: int, unit_id: int) -> dict:
        row = self.store.item_rows.assignment(item_id, unit_id)
        if not row:
            unit = self.store.unit(unit_id)
            if unit_id == self.svc.own_unit_id():
                why = self.store.item_row(item_id)["status_reason"] or "督办方已调整承办单位"
                raise ValidationError(f"本单位已不再承办该事项（{why}）：本机只保留历史记录，"
                                      "不能再登记；未作任何改动")
            raise ValidationError(f"单位“{unit.short_name}”不是该事项的承办单位")
        return {"id": row[0], "role": row[1], "signed_at": row[2]}

    def undo_plan(self, journal_id: int) -> undo_mod.UndoPlan:
        """What undoing journal row `journal_id` will change; refused (ValidationError, in
        Chinese) unless it is an item edit that is still the item's most recent operation."""
        import json
        found = self.store.audit.raw(journal_id)
        if found is None:
            raise ValidationError(f"没有编号为 {journal_id} 的日志（见 journal 命令）")
        entry = dict(zip(("id", "at", "actor", "action", "item_id", "before", "after"), found,
                         strict=True))
        entry["before"], entry["after"] = (json.loads(entry[k]) if entry[k] else None
                                           for k in ("before", "after"))
        if entry["item_id"] is None:
            raise ValidationError(f"日志 {journal_id} 是“{journal.label(entry['action'])}”，"
                                  "只有“修改事项”可以撤销")
        later = self.store.audit.later(entry["item_id"], journal_id)
        return undo_mod.plan(entry, later, self.store.item_row(entry["item_id"]))

    def undo(self, journal_id: int) -> Changes:
        """Revert an item edit that is still the most recent operation on its item."""
        self.svc.office_only("撤销修改")
        with self.svc.tx():
            plan = self.undo_plan(journal_id)     # checked inside the write transaction
            row = self.store.item_row(plan.item_id)
            self.apply_update(plan.item_id, row, plan.restore, "item.undo")
        return Changes("item.undo", item_ids=frozenset({plan.item_id}), message=plan.describe())


def _conflict_message(item_id: int) -> str:
    return (f"督办事项 {item_id} 已被他人修改，您的修改未保存（以免覆盖对方的修改）；"
            "请刷新后重新修改")
