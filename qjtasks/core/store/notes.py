"""Progress notes and their attachments as recorded (`store.notes`)."""
from __future__ import annotations

from ..models import Note
from ..rows import d
from .area import Area
from .rows import chunks, row_dicts


class Notes(Area):
    def of(self, item_id: int) -> list[Note]:
        """An item's notes, newest first, each with its attachments' stored paths."""
        rows = row_dicts(self.conn, "SELECT * FROM notes WHERE item_id = ? "
                         "ORDER BY noted_on DESC, id DESC", [item_id])
        files = self._attachments([r["id"] for r in rows])
        return [_note(r, files.get(r["id"], ())) for r in rows]

    def attachments(self, note_id: int) -> list[dict]:
        return row_dicts(self.conn, "SELECT * FROM attachments WHERE note_id = ?", [note_id])

    def _attachments(self, note_ids: list[int]) -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = {}
        for chunk in chunks(note_ids, 500):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT note_id, stored_path FROM attachments "
                                       f"WHERE note_id IN ({marks})", chunk):
                out.setdefault(r[0], []).append(r[1])
        return {k: tuple(v) for k, v in out.items()}


def _note(r: dict, files: tuple[str, ...]) -> Note:
    return Note(r["id"], r["uid"], r["item_id"], r["unit_id"], r["reporter"], d(r["noted_on"]),
                r["text"], r["percent"], r["problems"], r["next_steps"], r["origin"],
                r["package_id"], files)
