"""Proposals and the reply letters items are made from (`store.dossiers`)."""
from __future__ import annotations

from ..errors import NotFoundError
from ..models import Proposal, Reply
from ..rows import d
from .area import Area
from .rows import row_dicts


class Dossiers(Area):
    def add(self, proposal: dict, reply: dict) -> int:
        """A proposal and its reply letter (checked rows); returns the reply's id."""
        pid = self.conn.execute(
            "INSERT INTO proposals (session, number, title, proposer, filed_on, kind) "
            "VALUES (:session, :number, :title, :proposer, :filed_on, :kind)", proposal).lastrowid
        return self.conn.execute(
            "INSERT INTO replies (proposal_id, doc_number, issuer, date, signer, answer_class, "
            "full_text) VALUES (:pid, :doc_number, :issuer, :date, :signer, :answer_class, "
            ":full_text)", {**reply, "pid": pid}).lastrowid

    def set_reply(self, reply_id: int, changes: dict) -> None:
        """The reply letter's class and ratings (`answer_class`, `attitude_rating`,
        `result_rating`) as given."""
        for key in changes:
            if key not in ("answer_class", "attitude_rating", "result_rating"):
                raise ValueError(f"not a reply rating: {key}")
        for key, value in changes.items():
            self.conn.execute(f"UPDATE replies SET {key} = ? WHERE id = ?", [value, reply_id])

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
