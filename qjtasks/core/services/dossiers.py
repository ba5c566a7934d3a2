"""Proposals and their reply letters (提案复函): registered by hand, imported with the items
the letter promises, and rated."""
from __future__ import annotations

from collections.abc import Iterable

from .. import validate
from ..models import (
    KEEP,
    AnswerClass,
    Changes,
    ItemDraft,
    Keep,
    ProposalDraft,
    ReplyDraft,
    Satisfaction,
)
from ..rows import iso
from .part import Part


class Dossiers(Part):

    def create(self, proposal: ProposalDraft, reply: ReplyDraft) -> Changes:
        self.svc.office_only("登记提案复函")
        with self.svc.tx():
            reply_id = self._insert_reply(proposal, reply)
        return Changes("dossier.create", dossiers=True, reply_id=reply_id)

    def _insert_reply(self, proposal: ProposalDraft, reply: ReplyDraft) -> int:
        p = {"session": validate.text(proposal.session, "会议届次", limit=100),
             "number": validate.text(proposal.number, "提案编号", limit=50),
             "title": validate.text(proposal.title, "提案标题", limit=300),
             "proposer": validate.text(proposal.proposer, "提案人", limit=200),
             "filed_on": iso(validate.date(proposal.filed_on, "提案日期")),
             "kind": validate.text(proposal.kind or "政协提案", "类型", limit=20)}
        answer = (reply.answer_class or "").strip().upper()
        if answer:
            validate.choice(answer, AnswerClass, "答复类别", field="answer_class")
        r = {"doc_number": validate.text(reply.doc_number, "文号", limit=100),
             "issuer": validate.text(reply.issuer, "发文单位", limit=100),
             "date": iso(validate.date(reply.date, "复函日期")),
             "signer": validate.text(reply.signer, "签发人", limit=50),
             "answer_class": answer,
             "full_text": validate.text(reply.full_text, "复函全文", limit=2_000_000,
                                        strip=False)}
        rid = self.store.dossiers.add(p, r)
        self.svc.log("dossier.create", "reply", rid, after={**p, **{k: v for k, v in r.items()
                                                               if k != "full_text"}})
        return rid

    def import_reply(self, proposal: ProposalDraft, reply: ReplyDraft, items: Iterable[ItemDraft],
                     new_units: Iterable[tuple[str, str]] = ()) -> Changes:
        """Dossier, any new units and draft items, all in one transaction or nothing."""
        self.svc.office_only("导入复函")
        created: list[int] = []
        with self.svc.tx():
            for name, short in new_units:
                self.svc.units.add(name, short)
            rid = self._insert_reply(proposal, reply)
            for draft in items:
                draft.reply_id = rid
                parent = self.svc.items.insert(draft)
                created.append(parent)
                for child in draft.children:      # a two-level plan: its sub-items
                    child.reply_id, child.parent_id = rid, parent
                    created.append(self.svc.items.insert(child))
        return Changes("dossier.import", item_ids=frozenset(created), dossiers=True,
                       units=bool(list(new_units)), reply_id=rid)

    def edit(self, reply_id: int, *, answer_class: str | Keep = KEEP,
             attitude_rating: str | Keep = KEEP, result_rating: str | Keep = KEEP
                     ) -> Changes:
        """Rate a reply: its answer class (A/B/C) and the proposer's two satisfactions; a
        field left KEEP is not touched, an empty one is cleared."""
        self.svc.office_only("修改提案复函")
        reply = self.store.dossiers.reply(reply_id)
        ratings = (*Satisfaction, "")
        given = {"answer_class": (answer_class, AnswerClass, "答复类别"),
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
        with self.svc.tx():
            before = {k: getattr(reply, k) for k in changes}
            self.store.dossiers.set_reply(reply_id, changes)
            self.svc.log("dossier.edit", "reply", reply_id, before=before, after=changes)
        return Changes("dossier.edit", dossiers=True)
