"""The lifecycle of a supervision item (DOMAIN.md §3) as service methods.

立项 → 交办 → 签收 → 办理/反馈 → 催办 → 延期 → 申请办结 → 审结 | 退回重办. Each step checks the
allowed transitions, writes its record and journal row in one transaction, and returns Changes.
Records from a unit's package pass `origin="导入"`, their own `uid` and the `package_id`, so
importing the same record twice is a no-op.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
import uuid
from pathlib import Path

from . import feedback, validate
from .dbfile import os_reason
from .errors import TransitionError, ValidationError
from .models import Changes, ChaseMethod, CycleKind, FeedbackCycle, Origin, Role, Status
from .rows import d, iso

ALLOWED = {
    Status.DRAFT: (Status.AWAITING_SIGN, Status.WITHDRAWN),
    Status.AWAITING_SIGN: (Status.IN_PROGRESS, Status.WITHDRAWN),
    Status.IN_PROGRESS: (Status.SUBMITTED, Status.PAUSED),
    Status.SUBMITTED: (Status.CLOSED, Status.IN_PROGRESS),
    Status.CLOSED: (Status.IN_PROGRESS,),
    Status.PAUSED: (Status.IN_PROGRESS,),
    Status.WITHDRAWN: (),
}
ORIGINS = [o.value for o in Origin]


def _newest_pct(condition: str) -> str:
    """SQL for the newest reported percent of an item's notes that meet `condition`."""
    return (f"(SELECT percent FROM notes WHERE item_id = :i AND percent IS NOT NULL "
            f"AND {condition} ORDER BY noted_on DESC, uid DESC LIMIT 1)")


def check_transition(current: str, target: Status, verb: str) -> None:
    if target not in ALLOWED[Status(current)]:
        nxt = "、".join(s.value for s in ALLOWED[Status(current)]) or "无（已是终态）"
        raise TransitionError(f"事项当前状态为“{current}”，不能{verb}；此状态下只能转为：{nxt}")


class WorkflowMixin:
    """Lifecycle steps; mixed into `Services` (needs self.store, self.tx, self.log …)."""

    def _set_status(self, item_id: int, target: Status, verb: str, reason: str = "",
                    extra: dict | None = None, action: str = "", origin: str = "录入",
                    package_id: str | None = None, row: dict | None = None) -> int:
        """`row`: the item's row as just read in the same transaction, if the caller has it
        (the update still checks its version, so a stale row cannot overwrite a change)."""
        row = row or self.store.item_row(item_id)
        check_transition(row["status"], target, verb)
        changed = {"status": str(target), "status_reason": reason, **(extra or {})}
        return self._apply_item_update(item_id, row, changed, action, origin, package_id)

    def issue_item(self, item_id: int, on: dt.date | str | None = None) -> Changes:
        """交办: needs a lead unit and a deadline; gives the next serial number of the year."""
        self.office_only("交办")
        row = self.store.item_row(item_id)
        check_transition(row["status"], Status.AWAITING_SIGN, "交办")
        on = validate.date(on, "交办日期") or self.today()
        if not row["lead_unit_id"]:
            raise ValidationError("交办前请先指定牵头单位", field="lead")
        if not row["current_deadline"]:
            raise ValidationError("交办前请先填写办结时限", field="deadline")
        assigned = validate.date(row["assigned_on"], "交办日期") or on
        validate.deadline_after(assigned, validate.date(row["current_deadline"], "办结时限"))
        with self.tx():
            serial = row["serial"] or self._next_serial(on.year)
            extra = {"serial": serial, "assigned_on": iso(assigned)}
            self._set_status(item_id, Status.AWAITING_SIGN, "交办", extra=extra,
                             action="item.issue")
            self._refresh_feedback_due(item_id)
        return Changes("item.issue", item_ids=frozenset({item_id}), message=serial)

    def _not_future(self, day: dt.date, label: str, field: str,
                    package_id: str | None = None) -> dt.date:
        """An act cannot be dated after today (a unit's package keeps the unit's own dates)."""
        today = self.today()
        if package_id is None and day > today:
            raise ValidationError(f"{label} {day.isoformat()} 晚于今天（{today.isoformat()}），"
                                  "不能登记尚未发生的事；请填写实际日期", field=field)
        return day

    def _next_serial(self, year: int, setting: str = "serial_prefix") -> str:
        """督办编号 (or, with `chase_prefix`, 催办 numbers): per year and prefix, never reused."""
        prefix = self.store.setting(setting)
        self.conn.execute("INSERT INTO serials (prefix, year, last_no) VALUES (?, ?, 0) "
                          "ON CONFLICT DO NOTHING", [prefix, year])
        self.conn.execute("UPDATE serials SET last_no = last_no + 1 WHERE prefix = ? AND year = ?",
                          [prefix, year])
        number = self.conn.execute("SELECT last_no FROM serials WHERE prefix = ? AND year = ?",
                                   [prefix, year]).fetchone()[0]
        return f"{prefix}〔{year}〕{number}号"

    def _assignment_row(self, item_id: int, unit_id: int) -> dict:
        row = self.conn.execute("SELECT id, role, signed_at FROM assignments "
                                "WHERE item_id = ? AND unit_id = ?", [item_id, unit_id]).fetchone()
        if not row:
            unit = self.store.unit(unit_id)
            if unit_id == self.own_unit_id():
                why = self.store.item_row(item_id)["status_reason"] or "督办方已调整承办单位"
                raise ValidationError(f"本单位已不再承办该事项（{why}）：本机只保留历史记录，"
                                      "不能再登记；未作任何改动")
            raise ValidationError(f"单位“{unit.short_name}”不是该事项的承办单位")
        return {"id": row[0], "role": row[1], "signed_at": row[2]}

    def sign(self, item_id: int, unit_id: int, signer: str, at: dt.datetime | str | None = None,
             origin: str = "录入", package_id: str | None = None,
             evidence: tuple[str, bytes] | None = None) -> Changes:
        """签收 by one unit; the item moves to 办理中 when the lead unit signs.

        `evidence` (file name, bytes), e.g. the scanned receipt page, is kept in the attachment
        folder and recorded with the 签收 in the same transaction.
        """
        self.own_unit_only(unit_id, "签收")
        signer = validate.text(signer, "签收人", required=True, limit=50, field="signer")
        origin = validate.choice(origin, ORIGINS, "来源")
        when = _datetime(at, self.clock)
        self._not_future(validate.date(when[:10], "签收时间"), "签收时间", "at", package_id)
        row = self.store.item_row(item_id)
        if row["status"] not in (Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.SUBMITTED,
                                 Status.PAUSED):
            raise TransitionError(f"事项当前状态为“{row['status']}”，不能签收（需先交办）")
        assignment = self._assignment_row(item_id, unit_id)
        if assignment["signed_at"]:
            return Changes("item.sign", message="该单位已签收")
        kept = _store_bytes(*evidence, self.attachment_dir(), item_id) if evidence else None
        with self.tx():
            self.conn.execute("UPDATE assignments SET signed_by = ?, signed_at = ?, "
                              "sign_origin = ? WHERE id = ?",
                              [signer, when, origin, assignment["id"]])
            after = {"unit_id": unit_id, "signed_by": signer, "signed_at": when}
            if kept:
                self.conn.execute("INSERT INTO sign_evidence (assignment_id, filename, "
                                  "stored_path, sha256, size, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                  [assignment["id"], *kept, when])
                after["evidence"] = kept[0]
            self.log("item.sign", "assignment", assignment["id"], item_id, after=after,
                     origin=origin, package_id=package_id)
            if assignment["role"] == Role.LEAD and row["status"] == Status.AWAITING_SIGN:
                self._set_status(item_id, Status.IN_PROGRESS, "签收", action="item.status",
                                 origin=origin, package_id=package_id, row=row)
        return Changes("item.sign", item_ids=frozenset({item_id}))

    def add_note(self, item_id: int, unit_id: int | None, reporter: str, text: str,
                 percent=None, problems: str = "", next_steps: str = "",
                 origin: str = "录入", noted_on=None, attachments=(), uid: str | None = None,
                 package_id: str | None = None, attachment_dir: Path | None = None) -> Changes:
        if uid and self._exists("notes", uid):
            return Changes("item.note", message="已存在，未重复导入")
        self.own_unit_only(unit_id, "登记进展反馈")
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
                  "noted_on": iso(self._not_future(
                      validate.date(noted_on, "反馈日期") or self.today(), "反馈日期", "noted_on",
                      package_id)),
                  "package_id": package_id, "created_at": self.now()}
        if unit_id is not None:
            self._assignment_row(item_id, unit_id)
        sources = [Path(p) for p in attachments]
        for src in sources:            # all of them first: a refused note leaves no copies
            if not src.is_file():
                raise ValidationError(f"附件“{src}”不存在或不是文件", field="attachments")
        files = [_store_attachment(src, attachment_dir or self.attachment_dir(), item_id)
                 for src in sources]
        with self.tx():
            note_id = self._insert("notes", fields)
            for name, stored, sha, size in files:
                self.conn.execute("INSERT INTO attachments (note_id, filename, stored_path, "
                                  "sha256, size) VALUES (?, ?, ?, ?, ?)",
                                  [note_id, name, stored, sha, size])
            self._after_note(item_id, unit_id, fields)
            self.log("item.note", "note", note_id, item_id,
                     after={k: fields[k] for k in ("unit_id", "noted_on", "percent")},
                     origin=fields["origin"], package_id=package_id)
        return Changes("item.note", item_ids=frozenset({item_id}), note_id=note_id)

    def attachment_dir(self) -> Path:
        path = self.store.path
        return path.parent / f"{path.stem}-附件"

    def _after_note(self, item_id: int, unit_id: int | None, note: dict) -> None:
        """Roll a new note up into its assignment and item.

        Progress is the percent of the newest note by report date (ties broken by uid), not of
        the last one stored, so a backdated paper note or packages applied in any order end in
        the same figures.
        """
        on = note["noted_on"]
        lead = self.conn.execute("SELECT lead_unit_id FROM items WHERE id = ?",
                                 [item_id]).fetchone()[0]
        if unit_id is not None:
            self.conn.execute(
                "UPDATE assignments SET last_feedback_on = MAX(COALESCE(last_feedback_on, ''), "
                f":on), percent = COALESCE({_newest_pct('unit_id = :u')}, percent) "
                "WHERE item_id = :i AND unit_id = :u",
                {"on": on, "i": item_id, "u": unit_id})
        self.conn.execute(
            "UPDATE items SET last_feedback_on = MAX(COALESCE(last_feedback_on, ''), :on), "
            f"percent = COALESCE({_newest_pct('(unit_id IS NULL OR unit_id IS :lead)')}, "
            "percent) WHERE id = :i", {"on": on, "i": item_id, "lead": lead})
        self._refresh_feedback_due(item_id)

    _feedback_deferred: set[int] | None = None

    @contextlib.contextmanager
    def feedback_refresh_deferred(self):
        """Inside, 下次反馈 is worked out once per touched item at the end instead of after
        every act (a package brings a 签收, notes and a completion request for the same item).
        The rule reads only the item's state at the time, so the end state is the same; call
        it inside the transaction the acts run in."""
        if self._feedback_deferred is not None:
            yield
            return
        self._feedback_deferred = touched = set()
        try:
            yield
        finally:
            self._feedback_deferred = None
        co_count = feedback.counts_co_notes(self.conn)     # one setting, read once
        for item_id in sorted(touched):
            self._refresh_feedback_due(item_id, co_count)

    def _refresh_feedback_due(self, item_id: int, co_count: bool | None = None) -> None:
        """Store 下次反馈 by the feedback-cycle rule (`core.feedback`), read by every view."""
        if self._feedback_deferred is not None:
            self._feedback_deferred.add(item_id)
            return
        row = self.store.item_row(item_id)
        due = self._feedback_due(item_id, cycle_of(row), d(row["assigned_on"]),
                                 row["lead_unit_id"], co_count)
        self.conn.execute("UPDATE items SET next_feedback_due = ? WHERE id = ?",
                          [iso(due), item_id])

    def _feedback_due(self, item_id: int | None, cycle, assigned_on, lead_unit_id,
                      co_count: bool | None = None):
        reports = (feedback.report_dates(self.conn, item_id, lead_unit_id, co_count)
                   if item_id is not None else [])
        resting = (feedback.resting_days(self.conn, item_id) if item_id is not None
                   else (lambda _day: False))
        return feedback.next_due(cycle, assigned_on, reports,
                                 self.store.calendar.next_workday_on_or_after, resting)

    def refresh_all_feedback_due(self) -> int:
        """Recompute 下次反馈 of every open item (a setting the rule reads has changed)."""
        return feedback.refresh_all(self.conn, self.store.calendar.next_workday_on_or_after)

    def _exists(self, table: str, uid: str) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {table} WHERE uid = ?", [uid]).fetchone() is not None

    def _insert(self, table: str, fields: dict) -> int:
        cols = ", ".join(fields)
        marks = ", ".join(":" + k for k in fields)
        return self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                 fields).lastrowid

    def add_chase(self, item_id: int, unit_id: int | None, method: str = "电话",
                  chased_on=None, person_reached: str = "", answer: str = "",
                  by_whom: str | None = None, rung: str = "", origin: str = "录入",
                  uid: str | None = None, package_id: str | None = None) -> Changes:
        self.office_only("登记催办")
        if uid and self._exists("chases", uid):
            return Changes("item.chase", message="已存在，未重复导入")
        row = self.store.item_row(item_id)
        if row["status"] in (Status.DRAFT, Status.CLOSED, Status.WITHDRAWN):
            raise TransitionError(f"事项当前状态为“{row['status']}”，无需催办")
        if unit_id is not None:
            self._assignment_row(item_id, unit_id)
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "method": validate.choice(method, [m.value for m in ChaseMethod], "催办方式"),
                  "chased_on": iso(self._not_future(
                      validate.date(chased_on, "催办日期") or self.today(), "催办日期", "chased_on",
                      package_id)),
                  "person_reached": validate.text(person_reached, "联系对象", limit=100,
                                                  field="person_reached"),
                  "answer": validate.text(answer, "对方答复", field="answer"),
                  "by_whom": validate.text(by_whom or self.actor, "催办人", limit=50),
                  "rung": validate.text(rung, "催办层级", limit=50, field="rung"),
                  "origin": validate.choice(origin, ORIGINS, "来源"), "package_id": package_id,
                  "created_at": self.now()}
        with self.tx():
            fields["number"] = row["chase_count"] + 1
            if fields["method"] == "书面" and fields["origin"] == "录入" and not uid:
                # a written notice gets its number when it is recorded; reprints reuse it
                fields["serial"] = self._next_serial(int(fields["chased_on"][:4]), "chase_prefix")
            chase_id = self._insert("chases", fields)
            self.conn.execute("UPDATE items SET chase_count = chase_count + 1 WHERE id = ?",
                              [item_id])
            self.log("item.chase", "chase", chase_id, item_id, after={
                k: fields.get(k) for k in ("unit_id", "method", "chased_on", "number", "rung",
                                           "serial") if fields.get(k) is not None},
                origin=fields["origin"], package_id=package_id)
        return Changes("item.chase", item_ids=frozenset({item_id}), chase_id=chase_id)

    def request_extension(self, item_id: int, unit_id: int | None, reason: str,
                          proposed_deadline, progress: str = "", requested_by: str = "",
                          requested_on=None, origin: str = "录入", uid: str | None = None,
                          package_id: str | None = None) -> Changes:
        if uid and self._exists("extensions", uid):
            return Changes("item.extend.request", message="已存在，未重复导入")
        self.own_unit_only(unit_id, "申请延期")
        row = self.store.item_row(item_id)
        if row["status"] not in (Status.AWAITING_SIGN, Status.IN_PROGRESS, Status.PAUSED):
            raise TransitionError(f"事项当前状态为“{row['status']}”，不能申请延期")
        proposed = validate.date(proposed_deadline, "申请延期至", required=True,
                                 field="proposed_deadline")
        current = validate.date(row["current_deadline"], "办结时限")
        if current and proposed <= current:
            raise ValidationError(f"申请的期限 {proposed} 须晚于当前办结时限 {current}",
                                  field="proposed_deadline")
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "reason": validate.text(reason, "延期理由", required=True, field="reason"),
                  "proposed_deadline": iso(proposed),
                  "progress": validate.text(progress, "目前进展", field="progress"),
                  "requested_by": validate.text(requested_by, "申请人", limit=50,
                                                field="requested_by"),
                  "requested_on": iso(self._not_future(
                      validate.date(requested_on, "申请日期") or self.today(), "申请日期",
                      "requested_on", package_id)),
                  "origin": validate.choice(origin, ORIGINS, "来源"), "package_id": package_id,
                  "created_at": self.now()}
        with self.tx():
            ext_id = self._insert("extensions", fields)
            self.log("item.extend.request", "extension", ext_id, item_id,
                     after={"proposed_deadline": fields["proposed_deadline"],
                            "reason": fields["reason"]},
                     origin=fields["origin"], package_id=package_id)
        return Changes("item.extend.request", item_ids=frozenset({item_id}), extension_id=ext_id)

    def decide_extension(self, extension_id: int, approve: bool, reason: str = "",
                         approved_deadline=None, decided_on=None) -> Changes:
        """批准 moves the current deadline; the original deadline is always kept."""
        self.office_only("审批延期")
        rows = self.conn.execute("SELECT item_id, decision, proposed_deadline FROM extensions "
                                 "WHERE id = ?", [extension_id]).fetchall()
        if not rows:
            raise ValidationError(f"延期申请 {extension_id} 不存在")
        item_id, decision, proposed = rows[0]
        if decision != "待审批":
            raise TransitionError(f"该延期申请已{decision}，不能重复审批")
        reason = validate.text(reason, "审批意见", required=not approve, field="reason")
        new_deadline = (validate.date(approved_deadline, "批准期限", field="approved_deadline")
                        or validate.date(proposed, "期限"))
        current = validate.date(self.store.item_row(item_id)["current_deadline"], "办结时限")
        if approve and current and new_deadline <= current:
            raise ValidationError(f"批准期限 {new_deadline} 须晚于当前办结时限 {current}（延期不能提前"
                                  "时限）；如不同意延期，请选“不批准”", field="approved_deadline")
        on = validate.date(decided_on, "审批日期") or self.today()
        with self.tx():
            self.conn.execute(
                "UPDATE extensions SET decision = ?, decided_on = ?, decided_by = ?, "
                "decision_reason = ?, approved_deadline = ? WHERE id = ?",
                ["批准" if approve else "不批准", iso(on), self.actor, reason,
                 iso(new_deadline) if approve else None, extension_id])
            self.log("item.extend.decide", "extension", extension_id, item_id,
                     after={"approve": approve, "reason": reason,
                            "deadline": iso(new_deadline) if approve else None})
            if approve:
                row = self.store.item_row(item_id)
                self._apply_item_update(item_id, row, {"current_deadline": iso(new_deadline)},
                                        "item.deadline")
        return Changes("item.extend.decide", item_ids=frozenset({item_id}))

    def submit_completion(self, item_id: int, unit_id: int | None, report: str,
                          submitted_by: str = "", submitted_on=None, origin: str = "录入",
                          uid: str | None = None, package_id: str | None = None) -> Changes:
        if uid and self._exists("completions", uid):
            return Changes("item.submit", message="已存在，未重复导入")
        self.own_unit_only(unit_id, "申请办结")
        row = self.store.item_row(item_id)
        if self.own_unit_id() is not None and self._assignment_row(item_id, unit_id)["role"] != Role.LEAD:
            raise ValidationError(f"本单位是事项“{row['title']}”的配合单位，办结申请应由牵头单位提交")
        check_transition(row["status"], Status.SUBMITTED, "申请办结")
        fields = {"uid": uid or uuid.uuid4().hex, "item_id": item_id, "unit_id": unit_id,
                  "report": validate.text(report, "办结报告", required=True, field="report"),
                  "submitted_by": validate.text(submitted_by, "报送人", limit=50,
                                                field="submitted_by"),
                  "submitted_on": iso(self._not_future(
                      validate.date(submitted_on, "报送日期") or self.today(), "报送日期",
                      "submitted_on", package_id)),
                  "origin": validate.choice(origin, ORIGINS, "来源"), "package_id": package_id,
                  "created_at": self.now()}
        with self.tx():
            cid = self._insert("completions", fields)
            self._set_status(item_id, Status.SUBMITTED, "申请办结", action="item.submit",
                             origin=fields["origin"], package_id=package_id, row=row)
        return Changes("item.submit", item_ids=frozenset({item_id}), completion_id=cid)

    def review_completion(self, item_id: int, accept: bool, reason: str = "",
                          decided_on=None) -> Changes:
        """审结 closes the item; 退回重办 sends it back to 办理中 and needs a reason."""
        self.office_only("审核办结")
        row = self.store.item_row(item_id)
        target = Status.CLOSED if accept else Status.IN_PROGRESS
        verb = "审结" if accept else "退回重办"
        check_transition(row["status"], target, verb)
        if row["status"] != Status.SUBMITTED:
            raise TransitionError(f"事项当前状态为“{row['status']}”，没有待审核的办结申请")
        reason = validate.text(reason, "退回理由" if not accept else "审核意见",
                               required=not accept, field="reason")
        on = iso(validate.date(decided_on, "审核日期") or self.today())
        with self.tx():
            self.conn.execute(
                "UPDATE completions SET decision = ?, decided_on = ?, decided_by = ?, reason = ? "
                "WHERE item_id = ? AND decision = '待审核'",
                ["审结" if accept else "退回", on, self.actor, reason, item_id])
            extra = {"percent": 100} if accept else {}
            self._set_status(item_id, target, verb, reason, extra, action="item.review")
        return Changes("item.review", item_ids=frozenset({item_id}))

    def pause(self, item_id: int, reason: str) -> Changes:
        return self._simple(item_id, Status.PAUSED, "暂缓", "item.pause", reason)

    def resume(self, item_id: int, reason: str = "") -> Changes:
        self.office_only("恢复办理")
        row = self.store.item_row(item_id)
        if row["status"] != Status.PAUSED:
            raise TransitionError(f"事项当前状态为“{row['status']}”，不是暂缓状态，无需恢复")
        return self._simple(item_id, Status.IN_PROGRESS, "恢复办理", "item.resume", reason,
                            required=False)

    def withdraw(self, item_id: int, reason: str) -> Changes:
        return self._simple(item_id, Status.WITHDRAWN, "撤销", "item.withdraw", reason)

    def reopen(self, item_id: int, reason: str) -> Changes:
        self.office_only("重新打开")
        row = self.store.item_row(item_id)
        if row["status"] != Status.CLOSED:
            raise TransitionError(f"事项当前状态为“{row['status']}”，只有已办结事项可以重新打开")
        return self._simple(item_id, Status.IN_PROGRESS, "重新打开", "item.reopen", reason)

    def _simple(self, item_id: int, target: Status, verb: str, action: str, reason: str,
                required: bool = True) -> Changes:
        self.office_only(verb)
        reason = validate.text(reason, f"{verb}理由", required=required, field="reason")
        with self.tx():
            self._set_status(item_id, target, verb, reason, action=action)
        return Changes(action, item_ids=frozenset({item_id}))


def cycle_of(row: dict) -> FeedbackCycle:
    return FeedbackCycle(CycleKind(row["cycle_kind"]), row["cycle_day"], d(row["cycle_due"]))


def _datetime(value, clock) -> str:
    """Signing time as text; a bare date (from a paper receipt without time) stays a date."""
    if value is None or value == "":
        return clock.stamp(sep=" ", timespec="minutes")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip().replace("T", " ")
    if len(text) <= 11 or "年" in text:
        return validate.date(text, "签收时间", field="at").isoformat()
    try:
        return dt.datetime.fromisoformat(text).isoformat(sep=" ", timespec="minutes")
    except ValueError:
        raise ValidationError(f"签收时间“{text[:30]}”无法识别，请按 2026-11-26 10:30 填写",
                              field="at") from None


def _via_part(target: Path, write) -> None:
    """`write(tmp)` then rename `tmp` over `target`, so the content-addressed name is never a
    half-copied file; on any failure, Ctrl-C included, the `.part` is removed."""
    tmp = target.with_name(target.name + ".part")
    try:
        write(tmp)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def _store_bytes(name: str, data: bytes, folder: Path, item_id: int) -> tuple[str, str, str, int]:
    """Keep `data` as a file in the data folder, content-addressed like `_store_attachment`."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / str(item_id) / f"{digest[:12]}_{Path(name).name}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            _via_part(target, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise ValidationError(f"无法在附件文件夹中保存“{name}”：{os_reason(exc)}") from None
    return Path(name).name, str(target), digest, len(data)


def _store_attachment(src: Path, folder: Path, item_id: int) -> tuple[str, str, str, int]:
    """Copy a file into the data folder, content-addressed so a retry never duplicates it."""
    if not src.is_file():
        raise ValidationError(f"附件“{src}”不存在或不是文件", field="attachments")
    try:
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        target_dir = folder / str(item_id)
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{digest[:12]}_{src.name}"
        if not target.exists():
            _via_part(target, lambda tmp: shutil.copy2(src, tmp))
        return src.name, str(target), digest, src.stat().st_size
    except OSError as exc:
        raise ValidationError(f"附件“{src}”无法读取或复制：{os_reason(exc)}",
                              field="attachments") from None
