"""Proposals and the reply letters items are made from (`store.dossiers`)."""
from __future__ import annotations

from ..errors import NotFoundError
from ..models import Proposal, Reply
from ..rows import d
from .area import Area
from .rows import row_dicts


class Dossiers(Area):
    def proposal(self, proposal_id: int) -> Proposal:
        rows = row_dicts(self.conn, "SELECT * FROM proposals WHERE id = ?", [proposal_id])
        if not rows:
            raise NotFoundError(f"提案编号 {proposal_id} 不存在")
        r = rows[0]
        return Proposal(r["id"], r["session"], r["number"], r["title"], r["proposer"],
                        d(r["filed_on"]), r["kind"])

    def reply(self, reply_id: int) -> Reply:
        rows = row_dicts(self.conn, "SELECT * FROM replies WHERE id = ?", [reply_id])
        if not rows:
            raise NotFoundError(f"复函编号 {reply_id} 不存在")
        return _reply(rows[0])

    def replies(self) -> list[Reply]:
        return [_reply(r) for r in row_dicts(self.conn, "SELECT * FROM replies ORDER BY id")]

    def item_counts(self) -> dict[int, int]:
        """How many items each reply letter has (letters without items are absent)."""
        return dict(self.conn.execute(
            "SELECT reply_id, count(*) FROM items WHERE reply_id IS NOT NULL GROUP BY reply_id"))

    def items_of(self, reply_id: int) -> list[tuple[int, str, str]]:
        """(id, title, status) of a letter's items, in the order they were made."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT id, title, status FROM items WHERE reply_id = ? ORDER BY id", [reply_id])]


def _reply(r: dict) -> Reply:
    return Reply(r["id"], r["proposal_id"], r["doc_number"], r["issuer"], d(r["date"]),
                 r["signer"], r["answer_class"], r["full_text"], r["attitude_rating"],
                 r["result_rating"])
