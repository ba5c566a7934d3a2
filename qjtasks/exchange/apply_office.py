"""Office side: apply a unit's records through the core services, never overwriting.

Records are applied in the unit's sequence order. The inbox remembers, per record uid, the
sequence and content hash last applied, so a record seen before is skipped (idempotence) and an
older copy arriving late changes nothing (order independence). Each record is applied by one
service call, itself one transaction: if the office's state no longer allows it (item closed,
deadline moved, note corrected here), nothing of it is written and the record goes to the
conflicts table for a decision instead of failing the package.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from qjtasks.core.errors import QjtasksError, ValidationError

from .bulk_notes import NoteBatch
from .errors import PackageError
from .records import content_hash, record_hash
from .report import CONFLICT, NEW, SAME, ImportReport

IMPORTED = "导入"
_KIND_NAMES = {"sign": "签收", "note": "进展反馈", "extension": "延期申请", "completion": "办结申请",
               "chase_reply": "催办答复"}


def _gist(rec: dict) -> str:
    d = rec["data"]
    text = (d.get("text") or d.get("reason") or d.get("report") or d.get("answer")
            or d.get("signed_by") or "")
    return str(text)[:40]


class OfficeApplier:
    def __init__(self, services, peer: dict, package_id: str, files: dict[str, bytes],
                 tmpdir: Path, report: ImportReport):
        self.svc = services
        self.store = services.store
        self.rows = services.store.arrivals
        self.peer = peer
        self.unit_id = peer["unit_id"]
        self.package_id = package_id
        self.files = files
        self.tmpdir = tmpdir
        self.report = report
        self.batch = NoteBatch(services, package_id)
        self.assigned: set | None = None
        self.handlers = {"sign": self._sign, "note": self._note, "extension": self._extension,
                         "completion": self._completion, "chase_reply": self._chase_reply}

    def run(self, recs: list[dict]) -> int:
        seen = self.store.exchange.inbox(self.peer["id"])
        self.known_notes = self._existing_notes(recs)
        self.chases = self._answered_chases(recs)
        inbox: list[tuple] = []
        top = 0
        for rec in recs:
            self.report.begin()
            top = max(top, rec["seq"])
            digest = record_hash(rec)
            have = seen.get(rec["ruid"])
            if have and (have[0] >= rec["seq"] or have[1] == digest):
                self.report.hit(SAME)
            else:
                self._one(rec, have)
                inbox.append((rec["ruid"], rec["seq"], digest))
                seen[rec["ruid"]] = (rec["seq"], digest)
            self.report.end(rec["kind"])
        self.batch.finish()
        self.store.exchange.put_inbox_many(self.peer["id"], inbox, self.package_id)
        return top

    def _existing_notes(self, recs: list[dict]) -> set[str]:
        """Which of the package's notes the office already has (one query per 500)."""
        uids = [r["data"]["uid"] for r in recs if r["kind"] == "note"]
        return self.rows.known_notes(uids)

    def _answered_chases(self, recs: list[dict]) -> dict[str, tuple[int, str]]:
        """uid → (id, answer) of the chases the package answers (one query per 500)."""
        uids = [r["data"]["chase_uid"] for r in recs if r["kind"] == "chase_reply"]
        return self.rows.chases_by_uid(uids)

    def _one(self, rec: dict, have) -> None:
        handler = self.handlers[rec["kind"]]     # the kinds scope.check_unit_records allows
        if not self._still_assigned(rec["data"]["item_id"]):
            return self._conflict(
                rec, "unit_removed",
                f"{self.peer['name']}已不再承办该事项（督办方已调整承办单位），其报送的"
                f"{_KIND_NAMES.get(rec['kind'], rec['kind'])}未登记：{_gist(rec)}；"
                "请决定是否采用（采用时作为督办方记录登记）", None)
        if rec["kind"] != "note":
            self.batch.forget_statuses()       # signs and submissions change an item's status
        # No savepoint per record: every write a handler makes is one service call (itself
        # one transaction, which a refusal rolls back) or a conflict row written after it.
        try:
            handler(rec, have)
        except PackageError:
            raise
        except QjtasksError as exc:
            self._conflict(rec, "state", f"未能自动登记：{exc}", None)

    def _still_assigned(self, item_id) -> bool:
        if self.assigned is None:     # records never change who works on what: read once
            self.assigned = self.rows.unit_item_ids(self.unit_id)
        return item_id in self.assigned

    def _conflict(self, rec: dict, kind: str, text: str, local) -> None:
        data = rec["data"]
        uid = f"{rec['ruid']}:{kind}:{content_hash(data)[:16]}"
        entry = {"uid": uid, "item_id": data.get("item_id"), "kind": kind, "description": text}
        self.store.exchange.add_conflict(uid=uid, package_id=self.package_id, peer_id=self.peer["id"],
                        item_id=data.get("item_id"), kind=kind, description=text, at=self.svc.now(),
                        local=local,
                        incoming=data)
        self.report.hit(CONFLICT)
        self.report.conflicts.append(entry)
        self.report.note(self.store, data.get("item_id"), f"冲突待决定：{text}")

    def _done(self, item_id: int, line: str) -> None:
        self.report.hit(NEW)
        self.report.note(self.store, item_id, line)

    # ---- record kinds ---------------------------------------------------------------------
    def _sign(self, rec: dict, have) -> None:
        d = rec["data"]
        here = self.rows.sign_here(d["item_id"], self.unit_id)
        if here and here[2]:
            return self._sign_again(rec, here[1:])
        ch = self.svc.lifecycle.sign(d["item_id"], self.unit_id, d["signed_by"], d["signed_at"],
                                     origin=IMPORTED, package_id=self.package_id)
        if ch.item_ids:
            self._done(d["item_id"], f"签收：{d['signed_by']}，{d['signed_at']}")
        else:
            self.report.hit(SAME)

    def _sign_again(self, rec: dict, here) -> None:
        """The office already has a 签收 for this unit: the same one, or a second version."""
        d = rec["data"]
        by, at, origin = here
        if by == d["signed_by"] and str(at)[:16] == str(d["signed_at"])[:16]:
            return self.report.hit(SAME)
        paper = "，纸质回执" if origin == "纸质" else ""
        self._conflict(rec, "sign_differs",
                       f"签收记录不同：督办方记录为 {by}（{str(at)[:16]}{paper}），承办单位记录为 "
                       f"{d['signed_by']}（{str(d['signed_at'])[:16]}）：请决定采用哪一份",
                       {"signed_by": by, "signed_at": at, "sign_origin": origin})

    def _note(self, rec: dict, have) -> None:
        d = rec["data"]
        if d["uid"] in self.batch.uids:   # the same note twice in one package: write the first
            self.batch.finish()
            self.known_notes.add(d["uid"])
        here = self.rows.note_row(d["uid"]) if d["uid"] in self.known_notes else None
        if here is not None:
            return self._note_again(rec, have, here)
        paths = [self._attachment(d["uid"], a) for a in d.get("attachments") or []]
        if paths:
            self._note_with_files(d, paths)
        else:
            self.batch.add(d, self.unit_id)
        pct = "" if d.get("percent") is None else f"（进度 {d['percent']}%）"
        files = f"，附件 {len(paths)} 个" if paths else ""
        self._done(d["item_id"], f"进展反馈 {d['noted_on']}{pct}：{d['text'][:40]}{files}")

    def _note_with_files(self, d: dict, paths: list[Path]) -> None:
        self.batch.finish()   # earlier notes' roll-up first, so the sequence order holds
        self.svc.notes.add(d["item_id"], self.unit_id, d.get("reporter", ""), d["text"],
                           d.get("percent"), d.get("problems", ""), d.get("next_steps", ""),
                           origin=IMPORTED, noted_on=d["noted_on"], attachments=paths,
                           uid=d["uid"], package_id=self.package_id)

    def _note_again(self, rec: dict, have, here: dict) -> None:
        """The unit sent a note the office already has, with different content."""
        d = rec["data"]
        fields = ("reporter", "noted_on", "text", "percent", "problems", "next_steps")
        if all(here[k] == d.get(k) for k in fields):
            self.report.hit(SAME)
            return
        incoming_prev = have[1] if have else None
        local_now = content_hash({**d, **{k: here[k] for k in fields}})
        if incoming_prev is not None and local_now == incoming_prev:
            return self._note_update(here, d, fields)   # edited at the unit only
        self._conflict(rec, "note_edited", "进展反馈在督办方和承办单位两边都被修改过，请决定采用哪一版",
                       {k: here[k] for k in fields})

    def _note_update(self, here: dict, d: dict, fields) -> None:
        new = {k: d.get(k) for k in fields}
        self.rows.update_note(here["id"], new)
        self.svc.log("item.note.edit", "note", here["id"], here["item_id"],
                     before={k: here[k] for k in fields}, after=new, origin=IMPORTED,
                     package_id=self.package_id)
        self._done(here["item_id"], f"进展反馈已由承办单位修改：{d['text'][:40]}")

    def _attachment(self, uid: str, att: dict) -> Path:
        name = str(att.get("name", ""))
        content = self.files.get(f"files/{uid}/{name}")
        if content is None or hashlib.sha256(content).hexdigest() != att.get("sha256"):
            raise PackageError(f"附件“{name[:60]}”缺失或内容与校验值不符，数据包已损坏；"
                               "未作任何改动")
        folder = self.tmpdir / uid
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(content)
        return path

    def _extension(self, rec: dict, have) -> None:
        d = rec["data"]
        if self.rows.extension_exists(d["uid"]):
            self.report.hit(SAME)
            return
        current = self.rows.current_deadline(d["item_id"])
        based = d.get("based_on_deadline")
        if based and current and based != current:
            self._conflict(rec, "deadline_changed",
                           f"督办方已将办结时限调整为 {current}，单位申请时依据的是 {based}，"
                           f"申请延期至 {d['proposed_deadline']}：请决定是否批准",
                           {"current_deadline": current})
        try:
            self.svc.extensions.request(
                d["item_id"], self.unit_id, d["reason"], d["proposed_deadline"],
                d.get("progress", ""), d.get("requested_by", ""), d["requested_on"],
                origin=IMPORTED, uid=d["uid"], package_id=self.package_id)
        except ValidationError as exc:
            return self._conflict(rec, "extension_invalid", f"延期申请未登记：{exc}",
                                  {"current_deadline": current})
        self._done(d["item_id"], f"延期申请：至 {d['proposed_deadline']}，理由：{d['reason'][:30]}")

    def _completion(self, rec: dict, have) -> None:
        d = rec["data"]
        ch = self.svc.lifecycle.submit(d["item_id"], self.unit_id, d["report"],
                                       d.get("submitted_by", ""), d["submitted_on"],
                                       origin=IMPORTED, uid=d["uid"], package_id=self.package_id)
        if not ch.item_ids:           # the office has it already (same uid)
            return self.report.hit(SAME)
        self._done(d["item_id"], f"申请办结：{d['report'][:40]}")

    def _chase_reply(self, rec: dict, have) -> None:
        d = rec["data"]
        chase_id, answer = self.chases[d["chase_uid"]]   # checked to exist (scope)
        if answer == d["answer"]:
            self.report.hit(SAME)
            return
        if answer and answer != self._last_reply(chase_id):
            return self._conflict(rec, "chase_answer",
                                  f"催办答复与督办方已记录的答复不同（督办方：{answer[:30]}；"
                                  f"单位：{d['answer'][:30]}），请决定",
                                  {"answer": answer})
        write_chase_answer(self.svc, chase_id, d, answer, origin=IMPORTED,
                           package_id=self.package_id)
        self.chases[d["chase_uid"]] = (chase_id, d["answer"])
        self._done(d["item_id"], f"催办答复（{d.get('replied_by') or '承办单位'}，"
                                 f"{d.get('replied_on') or ''}）：{d['answer'][:40]}")

    def _last_reply(self, chase_id: int) -> str | None:
        """The answer this unit's previous reply wrote, if the office's answer is still that."""
        after = self.rows.last_imported_answer(chase_id, IMPORTED)
        return (json.loads(after) or {}).get("answer") if after else None


def write_chase_answer(svc, chase_id: int, d: dict, old: str, origin: str,
                       package_id: str | None) -> None:
    """The unit's answer becomes the answer of the office's chase record, journalled."""
    svc.store.arrivals.set_chase_answer(chase_id, d["answer"])
    svc.log("item.chase.reply", "chase", chase_id, d["item_id"], before={"answer": old or ""},
            after={"answer": d["answer"], "replied_by": d.get("replied_by", ""),
                   "replied_on": d.get("replied_on", ""), "unit_id": d.get("unit_id")},
            origin=origin, package_id=package_id)
