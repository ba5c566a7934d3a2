"""Unit side: mirror the office's items into the unit's database.

The unit database holds only the unit's own items, under the office's ids (it never creates
items or units itself), so records travel with the same ids both ways. The office is the
authority for what it owns (title, requirements, deadlines, owners, decisions); the unit keeps
what it recorded itself and has not yet had acknowledged (a local 签收 or a pending completion
keeps the status it produced). A snapshot older than the one already applied changes nothing.
There are no core services for writing the office's rows into a replica, so the SQL is here,
journalled as `item.sync` with the package id.
"""
from __future__ import annotations

from qjtasks.core.store.exchange import (
    CHASE_FIELDS,
    COMPLETION_DECISION,
    COMPLETION_FIELDS,
    EXT_DECISION,
    EXT_FIELDS,
    ITEM_FIELDS,
)

from . import db
from .errors import PackageError
from .records import record_hash
from .report import NEW, SAME, ImportReport

IMPORTED = "导入"


class UnitApplier:
    def __init__(self, services, peer: dict, package_id: str, report: ImportReport,
                 unit_id: int):
        self.svc = services
        self.store = services.store
        self.rows = services.store.replica
        self.peer = peer
        self.package_id = package_id
        self.report = report
        self.unit_id = unit_id
        self.replied: set[str] | None = None
        self.preinserted: dict[int, dict] | None = None   # new items: id → fields
        self.handlers = {"units": self._units, "dossier": self._dossier, "item": self._item,
                         "removed": self._removed}

    def run(self, recs: list[dict]) -> int:
        seen = self.store.exchange.inbox(self.peer["id"])
        top = 0
        order = {"units": 0, "dossier": 1, "item": 2}
        recs = sorted(recs, key=lambda r: (order.get(r["kind"], 3), r["seq"]))
        for rec in recs:
            if rec["kind"] == "item" and self.preinserted is None:  # units, dossiers are in
                self._preinsert(recs, seen)
            self.report.begin()
            top = max(top, rec["seq"])
            have = seen.get(rec["ruid"])
            kind = "removed" if rec["kind"] == "item" and rec["data"].get("removed") else \
                rec["kind"]
            if have and have[0] >= rec["seq"]:
                self.report.hit(SAME)
                self.report.end(kind)
                continue
            if kind == "item" and have is None and rec["data"]["id"] not in self.preinserted:
                self._check_free(rec["data"]["id"])
            before = self.store.changes()
            self.handlers[kind](rec["data"])
            self.report.hit(NEW if self.store.changes() != before else SAME)
            digest = record_hash(rec)
            self.store.exchange.put_inbox(self.peer["id"], rec["ruid"], rec["seq"], digest,
                         self.package_id)
            seen[rec["ruid"]] = (rec["seq"], digest)
            self.report.end(kind)
        return top

    def _check_free(self, item_id: int) -> None:
        """An item the office never sent must not exist here (ids are the office's)."""
        title = self.rows.item_title(item_id)
        if title is not None:
            raise PackageError(f"本机已有编号为 {item_id} 的事项“{title}”，但它不是督办方下发的；"
                               "承办单位端不应自行新建事项。请与督办方联系；未作任何改动")

    def _log(self, action: str, entity: str, entity_id, item_id, before=None, after=None):
        self.svc.log(action, entity, entity_id, item_id, before=before, after=after,
                     origin=IMPORTED, package_id=self.package_id)

    # ---- units and dossiers ---------------------------------------------------------------
    def _units(self, data: dict) -> None:
        for u in data.get("units", []):
            self.rows.upsert_unit(u)

    def _dossier(self, data: dict) -> None:
        p, r = data.get("proposal"), data["reply"]
        if p:
            self.rows.upsert("proposals", p)
        self.rows.upsert("replies", {**r, "proposal_id": p["id"] if p else None})

    # ---- items ----------------------------------------------------------------------------
    def _preinsert(self, recs: list[dict], seen: dict) -> None:
        """The package's new items, inserted together and indexed for search once
        (`store.bulk.insert_items`), with the fields `_item` would give them one by one: a
        parent is kept if it exists here or is a new item earlier in the package."""
        self.preinserted = {}
        rows = []
        for rec in recs:
            data = rec["data"]
            if (rec["kind"] != "item" or data.get("removed") or seen.get(rec["ruid"]) is not None
                    or data["id"] in self.preinserted):
                continue
            self._check_free(data["id"])
            fields = self._fields(data, self.preinserted)
            self.preinserted[data["id"]] = fields
            now = db.now(self.svc)
            rows.append({**fields, "created_at": now, "updated_at": now})
        self.store.bulk.insert_items(rows)

    def _fields(self, data: dict, new: dict | None = None) -> dict:
        fields = {k: data[k] for k in ITEM_FIELDS}
        parent = fields["parent_id"]
        fields["parent_id"] = parent if new and parent in new else \
            self._existing("items", parent)
        fields["reply_id"] = self._existing("replies", fields["reply_id"])
        fields["status"] = self._merged_status(data["id"], data)
        return fields

    def _item(self, data: dict) -> None:
        item_id = data["id"]
        fields = (self.preinserted or {}).pop(item_id, None)
        if fields is not None:        # inserted with the package's other new items
            self._inserted(fields)
        else:
            old = self.rows.item_row(item_id)
            fields = self._fields(data)
            if old is not None:
                self._update_item(old, fields)
            else:
                self._insert_item(fields)
        self._assignments(item_id, data["assignments"])
        self._events("extensions", EXT_FIELDS, EXT_DECISION, data["extensions"])
        self._events("completions", COMPLETION_FIELDS, COMPLETION_DECISION, data["completions"])
        self._chases(item_id, data["chases"])

    def _removed(self, data: dict) -> None:
        """The office no longer has this unit on the item: keep the history, read-only."""
        item_id = data["id"]
        row = self.rows.title_and_reason(item_id)
        if row is None:
            return
        gone = self.rows.drop_assignment(item_id, self.unit_id)
        reason = data.get("reason") or "督办方已调整承办单位，本单位不再承办"
        if not gone and row[1] == reason:
            return
        self.rows.set_status_reason(item_id, reason)
        self._log("item.sync", "item", item_id, item_id, before={"status_reason": row[1]},
                  after={"status_reason": reason, "unit_id": self.unit_id})
        self.report.note(self.store, item_id, f"{reason}；本机保留该事项的历史记录，只能查看")

    def _chases(self, item_id: int, rows: list[dict]) -> None:
        """Chases keep the office's record ids, so a 催办答复 names the same number both ways."""
        if self.replied is None:     # this unit's answers: the import never writes any
            self.replied = self.rows.answered_chases()
        replied = self.replied
        for r in rows:
            if self.rows.chase_id(r["uid"]) is not None:
                cols = tuple(c for c in CHASE_FIELDS[3:]
                             if not (c == "answer" and r["uid"] in replied))
                self._decide("chases", r, cols)
                continue
            row = {k: r[k] for k in CHASE_FIELDS}
            row.update(origin=IMPORTED, package_id=self.package_id, created_at=self.svc.now())
            if r.get("id") and not self.rows.exists("chases", r["id"]):
                row["id"] = r["id"]
            chase_id = self.rows.insert("chases", row)
            self._log("item.chase", "chase", chase_id, item_id,
                      after={k: r[k] for k in ("unit_id", "method", "chased_on", "number",
                                               "rung", "serial") if r.get(k) is not None})
            what = "，".join(x for x in (r["method"], r["rung"], r["serial"]) if x)
            self.report.note(self.store, item_id, f"催办（第 {r['number']} 次，{what}，"
                             f"{r['chased_on']}，催办记录编号 {chase_id}）：可用“package "
                             f"chase-reply {chase_id} --answer …”答复")
        self.rows.refresh_chase_count(item_id)

    def _existing(self, table: str, row_id):
        if row_id is None:
            return None
        return row_id if self.rows.exists(table, row_id) else None

    def _insert_item(self, fields: dict) -> None:
        now = db.now(self.svc)
        self.rows.insert("items", {**fields, "created_at": now, "updated_at": now})
        self._inserted(fields)

    def _inserted(self, fields: dict) -> None:
        self._log("item.sync", "item", fields["id"], fields["id"], after=fields)
        self.report.note(self.store, fields["id"], f"新交办事项：{fields['title']}，办结时限 "
                         f"{fields['current_deadline']}")

    def _update_item(self, old: dict, fields: dict) -> None:
        changed = {k: v for k, v in fields.items() if old.get(k) != v}
        if not changed:
            return
        self.rows.update_item(old["id"], changed, db.now(self.svc))
        self._log("item.sync", "item", old["id"], old["id"],
                  before={k: old[k] for k in changed}, after=changed)
        for key, value in changed.items():
            was, now = old[key], value
            if key == "lead_unit_id":
                was, now = self._unit_name(was), self._unit_name(now)
            self.report.note(self.store, old["id"], f"{_LABELS.get(key, key)}：{was or '—'} → "
                             f"{now or '—'}")

    def _unit_name(self, unit_id) -> str:
        name = self.rows.unit_short_name(unit_id)
        return name if name is not None else ("" if unit_id is None else str(unit_id))

    def _assignments(self, item_id: int, rows: list[dict]) -> None:
        self.rows.sync_assignments(item_id, rows)

    def _events(self, table: str, base: tuple, decision: tuple, rows: list[dict]) -> None:
        for r in rows:
            if not self.rows.event_exists(table, r["uid"]):
                row = {k: r[k] for k in base + decision}
                row.update(origin=IMPORTED, package_id=self.package_id, created_at=db.now(self.svc))
                self.rows.insert(table, row)
            else:
                self._decide(table, r, decision or base[3:])

    def _decide(self, table: str, r: dict, cols: tuple) -> None:
        old = self.rows.event_row(table, r["uid"], cols)
        changed = {k: r[k] for k in cols if old[k] != r[k]}
        if not changed:
            return
        self.rows.update_event(table, r["uid"], changed)
        self._log("item.sync", table[:-1], old["id"], r["item_id"],
                  before={k: old[k] for k in changed}, after=changed)
        if "decision" in changed:
            what = {"extensions": "延期申请", "completions": "办结申请"}.get(table, "")
            reason = r.get("decision_reason") or r.get("reason") or ""
            self.report.note(self.store, r["item_id"],
                             f"{what}：{r['decision']}" + (f"（{reason}）" if reason else ""))

    def _merged_status(self, item_id: int, data: dict) -> str:
        """The office's status, kept at what the unit's own not-yet-acknowledged steps made it."""
        status = data["status"]
        own = self.rows.own_assignment(item_id, self.unit_id)
        if status == "待签收" and own and own[0] == "牵头" and own[1] and own[2] != IMPORTED:
            status = "办理中"
        sent = {c["uid"] for c in data["completions"]}
        pending = self.rows.pending_completions(item_id, self.unit_id)
        if status == "办理中" and any(uid not in sent for uid in pending):
            status = "申请办结"
        return status

_LABELS = {"status": "状态", "current_deadline": "办结时限", "original_deadline": "原办结时限",
           "title": "事项名称", "requirements": "督办要求", "status_reason": "状态说明",
           "serial": "督办编号", "assigned_on": "交办日期", "next_feedback_due": "下次反馈",
           "cycle_kind": "反馈周期", "cycle_day": "反馈日", "category": "类别",
           "lead_unit_id": "牵头单位", "cycle_due": "反馈日期", "parent_id": "上级事项",
           "reply_id": "复函", "source_section": "来源章节", "source_quote": "来源原文",
           "percent": "进度"}
