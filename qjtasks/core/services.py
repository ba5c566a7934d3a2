"""Use cases: units, dossiers, items, settings and undo. Lifecycle steps live in `workflow`.

Each public method validates its input, writes in one transaction with its journal row, and
returns a `Changes`. Nothing here touches widgets, files outside the data folder, or the clock
except through `self.now()` / the `today` a caller passes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import journal, validate
from . import settings as settings_mod
from . import undo as undo_mod
from .calendar import validate_cycle
from .clock import SYSTEM, Clock
from .errors import ConflictError, ReadOnlyError, UnitScopeError, ValidationError
from .models import KEEP, Changes, CycleKind, FeedbackCycle, ItemDraft, ItemEdit, Keep, Role, Status
from .rows import iso
from .store import Store
from .store import journal as store_journal
from .tx import transaction
from .unitlist import split_units
from .workflow import WorkflowMixin

DATE_LABELS = {"assigned_on": "交办日期", "cycle_due": "反馈日期", "original_deadline": "原办结时限"}


class Services(WorkflowMixin):
    def __init__(self, store: Store, actor: str | None = None, clock: Clock = SYSTEM,
                 moment: str | None = None):
        """`moment`: one stamp for everything this session records (applying one package is
        one act, recorded at one time), instead of reading the clock for every row."""
        self.store = store
        self._actor = actor
        self.clock = clock
        self.moment = moment

    @property
    def actor(self) -> str:
        """Who is acting, for the journal: given, or 督办员 at the office and the unit's
        contact (联络员) on a unit installation."""
        if self._actor is None:
            return self.default_actor()
        return self._actor

    @actor.setter
    def actor(self, value: str) -> None:
        self._actor = value

    def default_actor(self) -> str:
        own = self.own_unit_id()
        if own is None:
            return "督办员"
        unit = self.store.unit(own)
        return unit.contact or f"{unit.short_name}联络员"

    # ---- plumbing -------------------------------------------------------------------------
    @property
    def conn(self):
        return self.store.conn

    def tx(self):
        if self.store.readonly:
            raise ReadOnlyError(self.store.readonly_reason
                                or "数据库以只读方式打开（另一个窗口正在使用），不能修改")
        return transaction(self.conn)

    def log(self, action: str, entity: str, entity_id=None, item_id=None, before=None,
            after=None, origin: str = "录入", package_id: str | None = None) -> int:
        return store_journal.write(self.conn, actor=self.actor, action=action, entity=entity,
                             entity_id=entity_id, item_id=item_id, before=before, after=after,
                             origin=origin, package_id=package_id, at=self.now())

    def office_only(self, verb: str) -> None:
        """On a unit installation the office owns items, owners, deadlines and decisions."""
        if self.store.setting("role") == "unit":
            raise UnitScopeError(f"本机是承办单位端，不能{verb}：督办事项、承办单位、期限、催办和审批"
                             "由督办单位负责，会随数据包同步到本机；未作任何改动")

    def own_unit_id(self) -> int | None:
        """The unit this installation belongs to on a unit (承办单位) installation, else None."""
        if self.store.setting("role") != "unit":
            return None
        row = self.conn.execute("SELECT unit_id FROM exchange_self WHERE id = 1").fetchone()
        return row[0] if row else None

    def own_unit_only(self, unit_id: int | None, verb: str) -> None:
        """A unit installation records acts only in its own unit's name (issue 15)."""
        own = self.own_unit_id()
        if own is None or unit_id == own:
            return
        mine = self.store.unit(own).short_name
        whom = "督办单位" if unit_id is None else f"“{self.store.unit(unit_id).short_name}”"
        raise UnitScopeError(f"本机是“{mine}”的承办单位端，不能以{whom}的名义{verb}；只能登记"
                             "本单位的签收、进展反馈、延期申请、办结申请和催办答复；未作任何改动")

    def now(self) -> str:
        """The session clock's time as recorded in rows and the journal."""
        return self.moment or self.clock.stamp()

    def today(self) -> dt.date:
        return self.clock.today()

    # ---- units ----------------------------------------------------------------------------
    def add_unit(self, name: str, short_name: str = "", contact: str = "", phone: str = "",
                 *, is_office: bool = False) -> Changes:
        self.office_only("登记单位")
        name = validate.text(name, "单位全称", required=True, limit=100, field="name")
        short = validate.text(short_name, "单位简称", limit=50, field="short_name") or name
        fields = {"name": name, "short_name": short,
                  "contact": validate.text(contact, "联系人", limit=50, field="contact"),
                  "phone": validate.text(phone, "联系电话", limit=50, field="phone"),
                  "is_office": int(is_office)}
        with self.tx():
            self._unique_unit(name, short)
            sort = self.conn.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM units").fetchone()[0]
            cur = self.conn.execute(
                "INSERT INTO units (name, short_name, contact, phone, is_office, sort) "
                "VALUES (:name, :short_name, :contact, :phone, :is_office, :sort)",
                {**fields, "sort": sort})
            self.log("unit.add", "unit", cur.lastrowid, after=fields)
        return Changes("unit.add", units=True, unit_id=cur.lastrowid)

    def _unique_unit(self, name: str, short: str, exclude: int | None = None) -> None:
        row = self.conn.execute(
            "SELECT short_name FROM units WHERE (name IN (?, ?) OR short_name IN (?, ?)) "
            "AND id IS NOT ?", [name, short, name, short, exclude]).fetchone()
        if row:
            raise ValidationError(f"单位“{name}”或简称“{short}”与已有单位“{row[0]}”重名",
                                  field="name")

    def update_unit(self, unit_id: int, *, name: str | None = None,
                    short_name: str | None = None, contact: str | None = None,
                    phone: str | None = None) -> Changes:
        unit = self.store.unit(unit_id)
        if self.own_unit_id() is not None and (unit_id != self.own_unit_id() or (
                name not in (None, unit.name) or short_name not in (None, unit.short_name))):
            self.office_only("修改单位名称或其他单位的信息（本单位只能改联系人和电话）")
        new = {"name": validate.text(name, "单位全称", required=True, limit=100)
               if name is not None else unit.name,
               "short_name": validate.text(short_name, "单位简称", required=True, limit=50)
               if short_name is not None else unit.short_name,
               "contact": validate.text(contact, "联系人", limit=50, field="contact")
               if contact is not None else unit.contact,
               "phone": validate.text(phone, "联系电话", limit=50, field="phone")
               if phone is not None else unit.phone}
        old = {"name": unit.name, "short_name": unit.short_name, "contact": unit.contact,
               "phone": unit.phone}
        with self.tx():
            self._unique_unit(new["name"], new["short_name"], exclude=unit_id)
            self.conn.execute("UPDATE units SET name = :name, short_name = :short_name, "
                              "contact = :contact, phone = :phone WHERE id = :id",
                              {**new, "id": unit_id})
            self.log("unit.rename", "unit", unit_id, before=old, after=new)
        return Changes("unit.rename", units=True)

    rename_unit = update_unit

    def set_unit_active(self, unit_id: int, active: bool) -> Changes:
        self.office_only("停用或启用单位")
        unit = self.store.unit(unit_id)
        if unit.is_office and not active:
            raise ValidationError("督办单位本身不能停用")
        action = "unit.activate" if active else "unit.deactivate"
        with self.tx():
            self.conn.execute("UPDATE units SET active = ? WHERE id = ?", [int(active), unit_id])
            self.log(action, "unit", unit_id, before={"active": unit.active},
                     after={"active": active})
        return Changes(action, units=True)

    def deactivate_unit(self, unit_id: int) -> Changes:
        return self.set_unit_active(unit_id, False)

    def delete_unit(self, unit_id: int) -> Changes:
        """Only a unit nothing refers to can be deleted; otherwise deactivate it."""
        self.office_only("删除单位")
        unit = self.store.unit(unit_id)
        used = self.conn.execute(
            "SELECT (SELECT count(*) FROM assignments WHERE unit_id = :u) + "
            "(SELECT count(*) FROM notes WHERE unit_id = :u) + "
            "(SELECT count(*) FROM items WHERE lead_unit_id = :u)", {"u": unit_id}).fetchone()[0]
        if used or unit.is_office:
            raise ValidationError(f"单位“{unit.short_name}”已有督办记录，不能删除，只能停用")
        with self.tx():
            self.conn.execute("DELETE FROM units WHERE id = ?", [unit_id])
            self.log("unit.delete", "unit", unit_id, before={"name": unit.name})
        return Changes("unit.delete", units=True)

    def resolve_unit(self, name_or_id) -> int:
        if isinstance(name_or_id, int):
            return self.store.unit(name_or_id).id
        return self.store.unit_by_name(str(name_or_id)).id

    def resolve_units(self, text) -> list[int]:
        """`区科技局、区交通局` (or a list of such strings) → unit ids, in order, each once."""
        return list(dict.fromkeys(self.resolve_unit(n) for n in split_units(text)))

    # ---- dossiers -------------------------------------------------------------------------
    def create_dossier(self, proposal: dict, reply: dict) -> Changes:
        self.office_only("登记提案复函")
        with self.tx():
            reply_id = self._insert_dossier(proposal, reply)
        return Changes("dossier.create", dossiers=True, reply_id=reply_id)

    def _insert_dossier(self, proposal: dict, reply: dict) -> int:
        p = {"session": validate.text(proposal.get("session"), "会议届次", limit=100),
             "number": validate.text(proposal.get("number"), "提案编号", limit=50),
             "title": validate.text(proposal.get("title"), "提案标题", limit=300),
             "proposer": validate.text(proposal.get("proposer"), "提案人", limit=200),
             "filed_on": iso(validate.date(proposal.get("filed_on"), "提案日期")),
             "kind": validate.text(proposal.get("kind") or "政协提案", "类型", limit=20)}
        answer = (reply.get("answer_class") or "").strip().upper()
        if answer:
            validate.choice(answer, "ABC", "答复类别", field="answer_class")
        r = {"doc_number": validate.text(reply.get("doc_number"), "文号", limit=100),
             "issuer": validate.text(reply.get("issuer"), "发文单位", limit=100),
             "date": iso(validate.date(reply.get("date"), "复函日期")),
             "signer": validate.text(reply.get("signer"), "签发人", limit=50),
             "answer_class": answer,
             "full_text": validate.text(reply.get("full_text"), "复函全文", limit=2_000_000,
                                        strip=False)}
        pid = self.conn.execute(
            "INSERT INTO proposals (session, number, title, proposer, filed_on, kind) "
            "VALUES (:session, :number, :title, :proposer, :filed_on, :kind)", p).lastrowid
        rid = self.conn.execute(
            "INSERT INTO replies (proposal_id, doc_number, issuer, date, signer, answer_class, "
            "full_text) VALUES (:pid, :doc_number, :issuer, :date, :signer, :answer_class, "
            ":full_text)", {**r, "pid": pid}).lastrowid
        self.log("dossier.create", "reply", rid, after={**p, **{k: v for k, v in r.items()
                                                               if k != "full_text"}})
        return rid

    def import_dossier(self, proposal: dict, reply: dict, items: Iterable[ItemDraft],
                       new_units: Iterable[tuple[str, str]] = ()) -> Changes:
        """Dossier, any new units and draft items, all in one transaction or nothing."""
        self.office_only("导入复函")
        created: list[int] = []
        with self.tx():
            for name, short in new_units:
                self.add_unit(name, short)
            rid = self._insert_dossier(proposal, reply)
            for draft in items:
                draft.reply_id = rid
                parent = self._insert_item(draft)
                created.append(parent)
                for child in draft.children:      # a two-level plan: its sub-items
                    child.reply_id, child.parent_id = rid, parent
                    created.append(self._insert_item(child))
        return Changes("dossier.import", item_ids=frozenset(created), dossiers=True,
                       units=bool(list(new_units)), reply_id=rid)

    def edit_dossier(self, reply_id: int, *, answer_class: str | Keep = KEEP,
                     attitude_rating: str | Keep = KEEP, result_rating: str | Keep = KEEP
                     ) -> Changes:
        """Rate a reply: its answer class (A/B/C) and the proposer's two satisfactions; a
        field left KEEP is not touched, an empty one is cleared."""
        self.office_only("修改提案复函")
        reply = self.store.dossiers.reply(reply_id)
        ratings = ("满意", "基本满意", "不满意", "")
        given = {"answer_class": (answer_class, "ABC", "答复类别"),
                 "attitude_rating": (attitude_rating, ratings, "满意度"),
                 "result_rating": (result_rating, ratings, "满意度")}
        changes = {}
        for key, (value, allowed, label) in given.items():
            if value is KEEP:
                continue
            value = (value or "").strip()
            if value:
                validate.choice(value, allowed, label)
            changes[key] = value or None
        with self.tx():
            before = {k: getattr(reply, k) for k in changes}
            for key, value in changes.items():
                self.conn.execute(f"UPDATE replies SET {key} = ? WHERE id = ?", [value, reply_id])
            self.log("dossier.edit", "reply", reply_id, before=before, after=changes)
        return Changes("dossier.edit", dossiers=True)

    # ---- items ----------------------------------------------------------------------------
    def default_cycle(self) -> FeedbackCycle:
        return FeedbackCycle(CycleKind(self.store.setting("default_cycle_kind")),
                             int(self.store.setting("default_cycle_day")))

    def add_item(self, draft: ItemDraft) -> Changes:
        with self.tx():
            item_id = self._insert_item(draft)
        return Changes("item.add", item_ids=frozenset({item_id}), item_id=item_id)

    def _insert_item(self, draft: ItemDraft) -> int:
        self.office_only("新建督办事项")
        row = self._draft_row(draft)
        item_id = self.conn.execute(
            f"INSERT INTO items ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})",
            row).lastrowid
        lead, cos = self._draft_units(draft)
        if lead is not None or cos:
            self._write_assignments(item_id, lead, cos, draft.assigned_on)
        self.log("item.add", "item", item_id, item_id, after={
            k: v for k, v in row.items() if k not in ("created_at", "updated_at")})
        return item_id

    def _draft_units(self, draft: ItemDraft) -> tuple[int | None, list[int]]:
        lead = draft.lead_unit_id
        if lead is None and getattr(draft, "lead_unit_name", ""):
            lead = self.resolve_unit(draft.lead_unit_name)
        cos = list(draft.co_unit_ids) + [self.resolve_unit(n)
                                         for n in getattr(draft, "co_unit_names", [])]
        return lead, cos

    def _draft_row(self, draft: ItemDraft) -> dict:
        cycle = validate_cycle(draft.cycle or self.default_cycle())
        assigned = validate.date(draft.assigned_on, "交办日期", field="assigned_on")
        deadline = validate.date(draft.deadline, "办结时限", field="deadline")
        validate.deadline_after(assigned, deadline)
        if draft.parent_id is not None:
            self.store.item(draft.parent_id)
        now = self.now()
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
                "next_feedback_due": iso(self._feedback_due(None, cycle, assigned, None)),
                "is_sample": int(draft.is_sample), "status": str(Status.DRAFT),
                "created_at": now, "updated_at": now}

    def edit_item(self, item_id: int, edit: ItemEdit, expected_version: int | None = None
                  ) -> Changes:
        """Edit fields; with `expected_version` (the version the form showed) a stale edit
        is refused instead of overwriting someone else's change."""
        self.office_only("修改督办事项")
        row = self.store.item_row(item_id)
        if expected_version is not None and row["version"] != expected_version:
            raise ConflictError(_conflict_message(item_id))
        new = self._edited(row, edit.given())
        changed = {k: v for k, v in new.items() if row.get(k) != v}
        if not changed:
            return Changes("item.edit")
        with self.tx():
            jid = self._apply_item_update(item_id, row, changed, "item.edit")
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
        validate.deadline_after(_d(merged["assigned_on"]), _d(merged["current_deadline"]))
        cycle = validate_cycle(FeedbackCycle(CycleKind(merged["cycle_kind"]), merged["cycle_day"],
                                             _d(merged["cycle_due"])))
        new["next_feedback_due"] = iso(self._feedback_due(
            merged["id"], cycle, _d(merged["assigned_on"]), merged["lead_unit_id"]))
        return new

    def _apply_item_update(self, item_id: int, row: dict, changed: dict, action: str,
                           origin: str = "录入", package_id: str | None = None) -> int:
        sets = ", ".join(f"{k} = :{k}" for k in changed)
        cur = self.conn.execute(
            f"UPDATE items SET {sets}, updated_at = :now, version = version + 1 "
            "WHERE id = :id AND version = :_seen",
            {**changed, "now": self.now(), "id": item_id, "_seen": row["version"]})
        if cur.rowcount == 0:  # changed by another writer since `row` was read
            raise ConflictError(_conflict_message(item_id))
        if origin == "录入" and {"assigned_on", "current_deadline"} & changed.keys():
            # co-units' input is due some months after assignment, never after the deadline
            self.conn.execute("UPDATE assignments SET input_due = ? WHERE item_id = ? AND "
                              "role = ?", [self._co_input_due(item_id, None), item_id, str(Role.CO)])
        jid = self.log(action, "item", item_id, item_id,
                       before={k: row.get(k) for k in changed}, after=changed,
                       origin=origin, package_id=package_id)
        if "status" in changed or ("assigned_on" in changed and "next_feedback_due" not in changed):
            self._refresh_feedback_due(item_id)      # paused/submitted periods owe nothing
        return jid

    def split_item(self, item_id: int, titles: list[str]) -> Changes:
        """Create sub-items that inherit owners, dates and cycle from their parent."""
        self.office_only("拆分督办事项")
        parent = self.store.item(item_id)
        titles = [validate.title(t, "子事项名称") for t in titles if t and str(t).strip()]
        if not titles:
            raise ValidationError("请至少填写一个子事项名称")
        owners = self.store.assignments(item_id)
        lead = next((a.unit_id for a in owners if a.role == Role.LEAD), None)
        cos = [a.unit_id for a in owners if a.role == Role.CO]
        created = []
        with self.tx():
            for title in titles:
                created.append(self._insert_item(ItemDraft(
                    title=title, category=parent.category, reply_id=parent.reply_id,
                    source_section=parent.source_section, parent_id=item_id,
                    lead_unit_id=lead, co_unit_ids=cos, assigned_on=parent.assigned_on,
                    deadline=parent.current_deadline, cycle=parent.cycle,
                    is_sample=parent.is_sample)))
            self.log("item.split", "item", item_id, item_id, after={"children": created})
        return Changes("item.split", item_ids=frozenset({item_id, *created}),
                       child_ids=tuple(created))

    def assign(self, item_id: int, lead_unit_id: int, co_unit_ids: Iterable[int] = ()) -> Changes:
        self.office_only("调整承办单位")
        item = self.store.item(item_id)
        if item.status in (Status.CLOSED, Status.WITHDRAWN):
            raise ValidationError(f"事项已{item.status}，不能再调整承办单位")
        cos = [u for u in dict.fromkeys(co_unit_ids) if u != lead_unit_id]
        before = [(a.unit_name, a.role.value) for a in self.store.assignments(item_id)]
        with self.tx():
            self._write_assignments(item_id, lead_unit_id, cos, item.assigned_on)
            # the supervisor has now decided the division of work: no longer the example split
            self.conn.execute("UPDATE items SET is_sample = 0 WHERE id = ?", [item_id])
            after = [(a.unit_name, a.role.value) for a in self.store.assignments(item_id)]
            self.log("item.assign", "item", item_id, item_id, before=before, after=after)
            self._refresh_feedback_due(item_id)      # whose notes are the item's reports
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
        self.conn.execute(
            f"DELETE FROM assignments WHERE item_id = ? AND unit_id NOT IN "
            f"({','.join('?' * len(wanted)) or 'NULL'})", [item_id, *wanted])
        input_due = self._co_input_due(item_id, assigned_on)
        for unit_id, role in wanted.items():
            self.conn.execute(
                "INSERT INTO assignments (item_id, unit_id, role, input_due) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (item_id, unit_id) DO UPDATE SET role = excluded.role, "
                "input_due = excluded.input_due",
                [item_id, unit_id, str(role), input_due if role == Role.CO else None])
        self.conn.execute("UPDATE items SET lead_unit_id = ? WHERE id = ?", [lead, item_id])

    def _co_input_due(self, item_id: int, assigned_on) -> str | None:
        from .calendar import months_after
        row = self.store.item_row(item_id)
        start = _d(row["assigned_on"]) or _d(assigned_on)
        if start is None:
            return None
        due = months_after(start, int(self.store.setting("co_input_months")))
        deadline = _d(row["current_deadline"])
        return iso(min(due, deadline) if deadline else due)

    # ---- settings and undo ----------------------------------------------------------------
    def set_setting(self, key: str, value) -> Changes:
        if key not in settings_mod.DEFAULTS:
            raise ValidationError(f"未知设置项“{key}”")
        value = _check_setting(key, value)
        old = self.store.setting(key)
        with self.tx():
            self.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value",
                              [key, settings_mod.encode(value)])
            self.log("settings.set", "settings", before={key: old}, after={key: value})
            if key in FEEDBACK_SETTINGS:
                self.store.invalidate()
                self.refresh_all_feedback_due()
        self.store.invalidate()
        return Changes("settings.set", settings=True)

    def undo_plan(self, journal_id: int) -> undo_mod.UndoPlan:
        """What undoing journal row `journal_id` will change; refused (ValidationError, in
        Chinese) unless it is an item edit that is still the item's most recent operation."""
        import json
        found = self.conn.execute("SELECT id, at, actor, action, item_id, before, after "
                                  "FROM journal WHERE id = ?", [journal_id]).fetchone()
        if found is None:
            raise ValidationError(f"没有编号为 {journal_id} 的日志（见 journal 命令）")
        entry = dict(zip(("id", "at", "actor", "action", "item_id", "before", "after"), found,
                         strict=True))
        entry["before"], entry["after"] = (json.loads(entry[k]) if entry[k] else None
                                           for k in ("before", "after"))
        if entry["item_id"] is None:
            raise ValidationError(f"日志 {journal_id} 是“{journal.label(entry['action'])}”，"
                                  "只有“修改事项”可以撤销")
        later = [tuple(r) for r in self.conn.execute(
            "SELECT id, action FROM journal WHERE item_id = ? AND id > ? ORDER BY id",
            [entry["item_id"], journal_id])]
        return undo_mod.plan(entry, later, self.store.item_row(entry["item_id"]))

    def undo(self, journal_id: int) -> Changes:
        """Revert an item edit that is still the most recent operation on its item."""
        self.office_only("撤销修改")
        with self.tx():
            plan = self.undo_plan(journal_id)     # checked inside the write transaction
            row = self.store.item_row(plan.item_id)
            self._apply_item_update(plan.item_id, row, plan.restore, "item.undo")
        return Changes("item.undo", item_ids=frozenset({plan.item_id}), message=plan.describe())


def _conflict_message(item_id: int) -> str:
    return (f"督办事项 {item_id} 已被他人修改，您的修改未保存（以免覆盖对方的修改）；"
            "请刷新后重新修改")


def _d(value):
    from .rows import d
    return d(value)


# Settings the feedback-cycle rule reads: changing one recomputes every open item's 下次反馈.
FEEDBACK_SETTINGS = ("co_notes_count", "extra_holidays", "extra_workdays")

_INT_SETTINGS = {"yellow_threshold": (0, 60), "default_cycle_day": (-1, 31),
                 "co_input_months": (0, 24), "ladder_phone_before": (0, 60),
                 "ladder_notice1_after": (0, 60), "ladder_notice2_after": (0, 60),
                 "ladder_circular_after": (0, 60), "backup_keep": (1, 1000),
                 "stagnant_days": (1, 366)}


def _check_setting(key: str, value):
    label = settings_mod.LABELS.get(key, key)
    if key in _INT_SETTINGS:
        lo, hi = _INT_SETTINGS[key]
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{label}须为整数", field=key) from None
        if not lo <= number <= hi:
            raise ValidationError(f"{label}须在 {lo}–{hi} 之间", field=key)
        return number
    if key in ("extra_holidays", "extra_workdays"):
        items = value if isinstance(value, list) else str(value or "").replace("，", ",").split(",")
        return sorted({validate.date(v, f"{label}中的日期", field=key).isoformat()
                       for v in items if str(v).strip()})
    if key == "default_cycle_kind":
        return validate.choice(value, [k.value for k in CycleKind], label, field=key)
    if key == "role":
        return validate.choice(value, ("office", "unit"), label, field=key)
    if key == "co_notes_count":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "是", "yes", "on", "计入"):
            return True
        if text in ("0", "false", "否", "no", "off", "不计入", ""):
            return False
        raise ValidationError(f"{label}须为“是”或“否”", field=key)
    return validate.text(value, label, limit=200, field=key)
