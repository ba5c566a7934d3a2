"""Filters as data, turned into SQL with parameters (never pasted values).

`ItemFilter` describes what a list shows; `build(flt, ctx)` returns a WHERE clause and its
parameters over the `items` table aliased `i`. Lights depend on today, so the light rules of
`calendar.light_for` are mirrored here as a SQL expression that takes today and the yellow cutoff
as parameters. `text_arms` gives the same text match as sources of item ids to walk, for the
store's searches that would otherwise build an id list of every match first.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import bigrams

LIGHT_SQL = """CASE
    WHEN i.status IN ('已办结', '已撤销') THEN '完成'
    WHEN i.current_deadline IS NOT NULL AND i.current_deadline < :today THEN '红'
    WHEN (i.current_deadline IS NOT NULL AND i.current_deadline <= :cutoff)
      OR (i.next_feedback_due IS NOT NULL AND i.next_feedback_due < :fb_cutoff
          AND i.status IN ('待签收', '办理中')) THEN '黄'
    WHEN i.current_deadline IS NULL THEN '未定时限'
    ELSE '绿' END"""

VIEWS = ("全部", "待交办", "待签收", "今日需催办", "本周到期", "已逾期", "反馈超期", "未定时限",
         "申请办结待审核", "已办结")

_FINISHED = "('已办结', '已撤销')"
_CHASED = "('待签收', '办理中')"      # as ladder.CHASED_STATUSES: paused or submitted owe nothing
_VIEW_SQL = {
    "全部": None,
    "待交办": "i.status = '待交办'",
    "待签收": "i.status = '待签收'",
    "今日需催办": f"i.status IN {_CHASED} AND ("
                  "(i.current_deadline IS NOT NULL AND i.current_deadline < :today) OR "
                  "(i.next_feedback_due IS NOT NULL AND i.next_feedback_due < :fb_cutoff))",
    "本周到期": f"i.status NOT IN {_FINISHED} AND i.current_deadline BETWEEN :today AND :week_end",
    "已逾期": f"i.status NOT IN {_FINISHED} AND i.current_deadline < :today",
    "反馈超期": f"i.status IN {_CHASED} AND i.next_feedback_due < :fb_cutoff",
    "未定时限": f"i.status NOT IN {_FINISHED} AND i.current_deadline IS NULL",
    "申请办结待审核": "i.status = '申请办结'",
    "已办结": "i.status = '已办结'",
}

ORDERS = {
    "serial": "i.serial", "title": "i.title", "lead": "lead_name",
    "deadline": "i.current_deadline", "remaining": "i.current_deadline",
    "light": "light_rank", "stale": "COALESCE(i.last_feedback_on, i.assigned_on)",
    "percent": "i.percent", "status": "i.status", "id": "i.id", "assigned": "i.assigned_on",
    "co_units": "co_names", "chases": "i.chase_count",
}


@dataclass
class ItemFilter:
    view: str = "全部"
    unit_id: int | None = None
    role: str | None = None            # 牵头 / 配合 (with unit_id, or alone: any unit)
    statuses: list[str] = field(default_factory=list)
    lights: list[str] = field(default_factory=list)
    category: str | None = None
    due_after: dt.date | None = None
    due_before: dt.date | None = None
    text: str = ""
    reply_id: int | None = None
    parent_id: int | None = None
    ids: list[int] | None = None
    open_only: bool = False


def week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def build(flt: ItemFilter, today: dt.date, cutoff: dt.date, fb_cutoff: dt.date, *,
          first_rows: bool = False) -> tuple[str, dict]:
    """WHERE clause and parameters. `cutoff`: the yellow cutoff for deadlines; `fb_cutoff`:
    feedback owed before it is overdue (`calendar.feedback_cutoff`). `first_rows`: the caller
    reads a short page in id order (so SQLite may stop early) rather than every match (counts,
    whole lists, other sorts)."""
    params: dict = {"today": today.isoformat(), "cutoff": cutoff.isoformat(),
                    "fb_cutoff": fb_cutoff.isoformat(), "week_end": week_end(today).isoformat()}
    where: list[str] = []
    view_sql = _VIEW_SQL.get(flt.view)
    if view_sql:
        where.append(view_sql)
    _unit_clause(flt, where, params, first_rows)
    _list_clause("i.status", flt.statuses, "st", where, params)
    if flt.lights:
        _list_clause(f"({LIGHT_SQL})", flt.lights, "lt", where, params)
    for col, key, value in (("i.category", "cat", flt.category),
                            ("i.reply_id", "rid", flt.reply_id),
                            ("i.parent_id", "pid", flt.parent_id)):
        if value not in (None, ""):
            where.append(f"{col} = :{key}")
            params[key] = value
    if flt.due_after:
        where.append("i.current_deadline >= :due_after")
        params["due_after"] = flt.due_after.isoformat()
    if flt.due_before:
        where.append("i.current_deadline <= :due_before")
        params["due_before"] = flt.due_before.isoformat()
    if flt.ids is not None:
        _list_clause("i.id", list(flt.ids), "id", where, params)
    if flt.open_only:
        where.append(f"i.status NOT IN {_FINISHED}")
    _text_clause(search_text(flt.text), where, params)
    return (" AND ".join(where) or "1"), params


def _unit_clause(flt: ItemFilter, where: list[str], params: dict, first_rows: bool) -> None:
    if flt.unit_id is None and not flt.role:
        return
    parts = []
    if flt.unit_id is not None:
        parts.append("a.unit_id = :unit_id")
        params["unit_id"] = flt.unit_id
    if flt.role:
        parts.append("a.role = :role")
        params["role"] = flt.role
    if flt.unit_id is None or first_rows:
        # Test each item as it comes: a role alone matches most items, and a page in id order
        # stops after its first rows.
        where.append(f"EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND "
                     f"{' AND '.join(parts)})")
        return
    # Every match wanted: one unit holds a few per cent of the items, so read its item ids once
    # from the covering index idx_assign_unit_role_item instead of probing every item.
    where.append(f"i.id IN (SELECT a.item_id FROM assignments a WHERE {' AND '.join(parts)})")


def _list_clause(col: str, values: list, key: str, where: list[str], params: dict) -> None:
    if not values:
        if values == [] and key == "id":
            where.append("0")
        return
    names = []
    for n, value in enumerate(values):
        params[f"{key}{n}"] = value
        names.append(f":{key}{n}")
    where.append(f"{col} IN ({', '.join(names)})")


def fts_query(text: str) -> str:
    """Quote a user string as one FTS5 phrase per word (so `<&>"` never breaks the syntax)."""
    words = [w for w in text.split() if w]
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def search_text(text: str) -> str:
    """The words as searched: saved text has each NUL replaced (validate.text), and FTS5 would
    read one as the query's end."""
    return text.replace("\x00", "\ufffd").strip()


def _text_clause(text: str, where: list[str], params: dict) -> None:
    if not text:
        return
    words = text.split()
    if all(len(w) >= 3 for w in words):
        params["fts"] = fts_query(text)
        # One id list (UNION) rather than two ORed: SQLite then seeks the matching items by
        # rowid instead of scanning every item against both lists.
        where.append("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH :fts UNION "
                     "SELECT n.item_id FROM notes n WHERE n.id IN "
                     "(SELECT rowid FROM notes_fts WHERE notes_fts MATCH :fts))")
        return
    # Trigram cannot match one- or two-character words: those go to the bigram side index
    # (same matches as LIKE, see `bigrams`); longer words of a mixed query keep LIKE.
    for n, word in enumerate(words):
        key = f"like{n}"
        params[key] = _like_pattern(word)
        if len(word) <= 2:
            params[f"bg{n}"] = bigrams.query(word)
            where.append(bigrams.clause(f"bg{n}", key))
            continue
        where.append(
            f"(i.title LIKE :{key} ESCAPE '\\' OR i.requirements LIKE :{key} ESCAPE '\\' "
            f"OR i.serial LIKE :{key} ESCAPE '\\' OR i.id IN (SELECT n.item_id FROM notes n "
            f"WHERE n.text LIKE :{key} ESCAPE '\\'))")


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class Arm:
    """One source of the items a text search matches, for queries that walk the matches
    instead of testing every item against an id list built first (see `text_arms`).

    `source` is a FROM clause that joins a driver to `items i` (CROSS JOIN keeps the driver
    the outer loop: an FTS table probed once per item costs tens of microseconds a probe);
    `match` the WHERE terms of the arm; `walk` the column, equal to `i.id`, in whose order the
    driver yields its rows without sorting; `apart` a term that keeps this arm's items apart
    from the earlier arms' when every match is counted or listed once."""
    source: str
    match: str
    walk: str = "i.id"
    apart: str = ""


@dataclass(frozen=True)
class TextArms:
    """The text clause of `build` split into arms: together they match exactly its items.
    `driver` lists the first arm's driver ids (an FTS query, in rowid order when asked)."""
    arms: tuple[Arm, ...]
    driver: str
    params: dict


def text_arms(text: str) -> TextArms | None:
    """The same matches as `_text_clause`, as arms; None when there is no text or words of
    both lengths are mixed (those keep the plain clause).

    Short words: the bigram index for the items it is up to date on, LIKE for pending ones.
    Long words: the trigram index of the items' fields, then items whose notes match."""
    text = search_text(text)
    words = text.split()
    if not words:
        return None
    if all(len(w) <= 2 for w in words):
        params: dict = {"bgq": " AND ".join(bigrams.query(w) for w in words)}
        likes = []
        for n, word in enumerate(words):
            params[f"like{n}"] = _like_pattern(word)
            likes.append(bigrams.like("i", f"like{n}"))
        return TextArms((
            Arm("search_bigrams b CROSS JOIN items i ON i.id = b.rowid",
                "b.search_bigrams MATCH :bgq AND i.id NOT IN (SELECT item_id FROM bigram_pending)",
                "b.rowid"),
            Arm("bigram_pending p CROSS JOIN items i ON i.id = p.item_id", " AND ".join(likes)),
        ), "SELECT rowid FROM search_bigrams WHERE search_bigrams MATCH :bgq", params)
    if all(len(w) >= 3 for w in words):
        return TextArms((
            Arm("items_fts f CROSS JOIN items i ON i.id = f.rowid", "f.items_fts MATCH :fts",
                "f.rowid"),
            Arm("items i", "i.id IN (SELECT n.item_id FROM notes n WHERE n.id IN "
                "(SELECT rowid FROM notes_fts WHERE notes_fts MATCH :fts))",
                apart="i.id NOT IN (SELECT rowid FROM items_fts WHERE items_fts MATCH :fts)"),
        ), "SELECT rowid FROM items_fts WHERE items_fts MATCH :fts", {"fts": fts_query(text)})
    return None


def has_short_word(flt: ItemFilter) -> bool:
    """True when the filter's text uses the bigram index (which may want a sync first)."""
    return any(len(w) <= 2 for w in flt.text.split())
