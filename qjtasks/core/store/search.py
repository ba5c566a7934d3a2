"""Lists of items as SQL (`store.lists`): filters turned into WHERE clauses with parameters
(never pasted values), sorted and paged in SQL so that 100,000 items stay fast, and text search
over the trigram FTS tables and the bigram side index (core/store/bigrams.py).

`ItemFilter` (core/filters.py) describes what a list shows; `build` returns a WHERE clause and
its parameters over the `items` table aliased `i`. Lights depend on today, so the light rules of
`calendar.light_for` are mirrored here as a SQL expression (`LIGHT_SQL`) that takes today and the
yellow cutoff as parameters. `text_arms` gives the same text match as sources of item ids to
walk, for the searches that would otherwise build an id list of every match first.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from array import array
from dataclasses import dataclass

from ..calendar import light_for
from ..filters import ItemFilter, week_end
from ..models import CHASED_STATUSES, FINISHED_STATUSES, Role, Status
from ..rows import d
from ..tx import transaction
from . import bigrams
from .area import Area
from .rows import row_dicts, sql_in

_FINISHED = sql_in(FINISHED_STATUSES)
_CHASED = sql_in(CHASED_STATUSES)     # paused or submitted items owe nothing

LIGHT_SQL = f"""CASE
    WHEN i.status IN {_FINISHED} THEN '完成'
    WHEN i.current_deadline IS NOT NULL AND i.current_deadline < :today THEN '红'
    WHEN (i.current_deadline IS NOT NULL AND i.current_deadline <= :cutoff)
      OR (i.next_feedback_due IS NOT NULL AND i.next_feedback_due < :fb_cutoff
          AND i.status IN {_CHASED}) THEN '黄'
    WHEN i.current_deadline IS NULL THEN '未定时限'
    ELSE '绿' END"""

_VIEW_SQL = {
    "全部": None,
    "待交办": f"i.status = '{Status.DRAFT}'",
    "待签收": f"i.status = '{Status.AWAITING_SIGN}'",
    "今日需催办": f"i.status IN {_CHASED} AND ("
                  "(i.current_deadline IS NOT NULL AND i.current_deadline < :today) OR "
                  "(i.next_feedback_due IS NOT NULL AND i.next_feedback_due < :fb_cutoff))",
    "本周到期": f"i.status NOT IN {_FINISHED} AND i.current_deadline BETWEEN :today AND :week_end",
    "已逾期": f"i.status NOT IN {_FINISHED} AND i.current_deadline < :today",
    "反馈超期": f"i.status IN {_CHASED} AND i.next_feedback_due < :fb_cutoff",
    "未定时限": f"i.status NOT IN {_FINISHED} AND i.current_deadline IS NULL",
    "申请办结待审核": f"i.status = '{Status.SUBMITTED}'",
    "已办结": f"i.status = '{Status.CLOSED}'",
}

# The SQL each sort key of `filters.ORDERS` sorts by.
ORDER_SQL = {
    "serial": "i.serial", "title": "i.title", "lead": "lead_name",
    "deadline": "i.current_deadline", "remaining": "i.current_deadline",
    "light": "light_rank", "stale": "COALESCE(i.last_feedback_on, i.assigned_on)",
    "percent": "i.percent", "status": "i.status", "id": "i.id", "assigned": "i.assigned_on",
    "co_units": "co_names", "chases": "i.chase_count",
}


# The light's sort rank (红 0, 黄 1, 绿 2, 完成 3) from the same conditions as LIGHT_SQL, as
# one flat CASE: wrapping LIGHT_SQL in a second CASE cost a third more on a 100,000-row sort.
_LIGHT_RANK = (LIGHT_SQL.replace("THEN '完成'", "THEN 3").replace("THEN '红'", "THEN 0")
               .replace("THEN '黄'", "THEN 1").replace("THEN '未定时限'", "THEN 2")
               .replace("ELSE '绿'", "ELSE 2"))
_NEVER_NULL = {"light_rank"}
_CO_NAMES = f"""(SELECT group_concat(u.short_name, '、') FROM assignments a
               JOIN units u ON u.id = a.unit_id WHERE a.item_id = i.id AND a.role = '{Role.CO}')"""


# Sort keys that are not columns of `items`, computed only when a list is sorted by them.
_SORT_EXPR = {
    "light_rank": f"({_LIGHT_RANK})",
    "lead_name": "(SELECT short_name FROM units WHERE id = i.lead_unit_id)",
    "co_names": _CO_NAMES,
}
_ORDER_COLUMNS = {key: f", {expr} AS {key}" for key, expr in _SORT_EXPR.items()}
# How many ids of the text index a first page may walk (see `_walk_first`): first a few to
# see how often they fill it, then as many as that suggests, up to WALK.
FIRST_WALK = 500
WALK = 10_000


def _order_by(key: str, direction: str, column: str | None = None, id_col: str = "i.id") -> str:
    """Rows without a value last; ties by id. Sorted by id alone, the plain `i.id` term lets
    SQLite walk an index in rowid order and stop at LIMIT instead of sorting every match.
    `column`: the name the sort key has in a subquery (else the key itself)."""
    if key == "i.id":
        return f"{id_col} {direction}"
    column = column or key
    if key in _NEVER_NULL:
        return f"{column} {direction}, {id_col} {direction}"
    return f"{column} IS NULL, {column} {direction}, {id_col} {direction}"


def _union(arms: TextArms, where: str, select: str) -> str:
    """Every match once: the arms of a text search, each with the other filters."""
    return " UNION ALL ".join(
        f"SELECT {select} FROM {arm.source} WHERE {arm.match} "
        f"{'AND ' + arm.apart if arm.apart else ''} AND {where}" for arm in arms.arms)



class ItemLists(Area):
    """Item lists, counts and searches on the store's connection."""

    def items(self, flt: ItemFilter | None = None, *, today: dt.date,
                   order: str = "id", descending: bool = False, limit: int | None = 200,
                   offset: int = 0) -> list[dict]:
        """One page of item rows for tables, lists and exports, filtered and sorted in SQL."""
        ids = self.ids(flt, today=today, order=order, descending=descending,
                                 limit=limit, offset=offset)
        return self.rows(list(ids), today)

    def ids(self, flt: ItemFilter | None = None, *, today: dt.date,
                      order: str = "id", descending: bool = False, limit: int | None = None,
                      offset: int = 0) -> array:
        """The ids `items` would show, in its order (all of them unless `limit`).

        The window fetches the whole list aside once per filter and then asks `rows` for
        a page of it, so a page deep in 100,000 rows costs what the first one does.
        """
        flt = flt or ItemFilter()
        key = ORDER_SQL.get(order, "i.id")
        direction = "DESC" if descending else "ASC"
        arms = text_arms(flt.text)
        if arms is not None:
            ids = self._search_ids(flt, arms, today, key, descending, limit, offset)
            if ids is not None:
                return ids
        where, params = self._where(flt, today, first_rows=limit is not None and key == "i.id")
        params.update(limit=-1 if limit is None else limit, offset=offset)
        cursor = self.conn.execute(
            f"""SELECT i.id{_ORDER_COLUMNS.get(key, "")} FROM items i WHERE {where}
                ORDER BY {_order_by(key, direction)} LIMIT :limit OFFSET :offset""", params)
        return array("q", [r[0] for r in cursor])

    def _search_ids(self, flt: ItemFilter, arms: TextArms, today: dt.date,
                    key: str, descending: bool, limit: int | None, offset: int) -> array | None:
        """`ids` of a text search by walking the text index (`text_arms`);
        None where the plain WHERE clause is the better plan.

        A first page in id or light order stops early (`_walk_first`). Otherwise the arms
        serve only a search without other filters: with a view, unit or status, SQLite drives
        the plain query from their indexes and probes the text's id list, which costs less
        than walking every match of a common word."""
        if limit is not None and key in ("i.id", "light_rank"):
            where, params = self._where(flt, today, first_rows=True, text=False)
            ids = self._walk_first(arms, where, params, key == "light_rank", descending,
                                   offset + limit)
            if ids is not None:
                return array("q", ids[offset:])
        where, params = self._where(flt, today, text=False)
        if where != "1":
            return None
        params.update(arms.params, limit=-1 if limit is None else limit, offset=offset)
        direction = "DESC" if descending else "ASC"
        sort_key = "" if key == "i.id" else f", {_SORT_EXPR.get(key, key)} AS sort_key"
        cursor = self.conn.execute(
            f"SELECT id FROM ({_union(arms, where, 'i.id AS id' + sort_key)}) "
            f"ORDER BY {_order_by(key, direction, 'sort_key', 'id')} "
            "LIMIT :limit OFFSET :offset", params)
        return array("q", [r[0] for r in cursor])

    def _walk_first(self, arms: TextArms, where: str, params: dict, by_light: bool,
                    descending: bool, need: int) -> list[int] | None:
        """The first `need` matches in id order or (light, id) order, found by walking the
        text index in id order and stopping once enough are found: a word in most items fills
        a page after a few hundred, where listing and sorting every match costs 50 ms at
        100,000 items. In (light, id) order only items of the first light are taken (red;
        finished when descending), which is right whenever they fill the page.

        None (the caller then lists every match) when the index holds few matches, or when the
        first `FIRST_WALK` ids show that `WALK` would not fill the page: walking costs about
        a microsecond an id where the matches lie far apart."""
        params = {**params, **arms.params}
        direction, ahead, behind = ("DESC", "<", ">=") if descending else ("ASC", ">", "<=")
        light = f"({_LIGHT_RANK}) = {3 if descending else 0} AND " if by_light else ""
        first, *rest = arms.arms

        def edge(steps: int) -> int | None:
            row = self.conn.execute(f"{arms.driver} ORDER BY rowid {direction} LIMIT 1 "
                                    "OFFSET :steps", {**params, "steps": steps}).fetchone()
            return None if row is None else row[0]

        def walk(arm: Arm, upto: int | None, after: int | None = None,
                 limit: int = need) -> list[int]:
            bounds = "" if upto is None else f" AND {arm.walk} {behind} :upto"
            bounds += "" if after is None else f" AND {arm.walk} {ahead} :after"
            return [r[0] for r in self.conn.execute(
                f"SELECT i.id FROM {arm.source} WHERE {light}{arm.match} AND {where}{bounds} "
                f"ORDER BY {arm.walk} {direction} LIMIT :limit",
                {**params, "upto": upto, "after": after, "limit": limit})]

        upto = edge(FIRST_WALK)
        if upto is None:
            return None              # few matches: listing them all costs little
        found = walk(first, upto)
        if len(found) < need:
            # as many ids as the first ones suggest, with a margin; give up when that is more
            # than WALK or than the index holds
            wanted = FIRST_WALK * need / max(len(found), 1)
            if not found or wanted * 1.5 > WALK or edge(int(wanted)) is None:
                return None
            after, upto = upto, edge(int(wanted * 1.5))
            found += walk(first, upto, after, need - len(found))
        ids = sorted({*found, *(i for arm in rest for i in walk(arm, upto))},
                     reverse=descending)[:need]
        return ids if len(ids) == need else None

    def _where(self, flt: ItemFilter | None, today: dt.date,
               first_rows: bool = False, text: bool = True) -> tuple[str, dict]:
        """WHERE clause and parameters (`build`); without the text words when `text`
        is false (the caller matches them with `text_arms`)."""
        flt = flt or ItemFilter()
        if has_short_word(flt):
            self.sync()
        if not text:
            flt = dataclasses.replace(flt, text="")
        return build(flt, today, self.store.cutoff(today), self.store.feedback_cutoff(today),
                             first_rows=first_rows)

    def sync(self) -> None:
        """Bring the bigram index up to date with the items changed since (see core/store/bigrams.py).

        Only an optimisation: queries already answer pending items by LIKE. Skipped on a
        read-only store or while another process holds the write lock.
        """
        if self.store.readonly or not self.conn.execute(
                "SELECT 1 FROM bigram_pending LIMIT 1").fetchone():
            return
        try:
            with transaction(self.conn):
                bigrams.sync(self.conn)
        except sqlite3.OperationalError:
            pass

    def count(self, flt: ItemFilter | None = None, *, today: dt.date) -> int:
        flt = flt or ItemFilter()
        arms = text_arms(flt.text)
        if arms is not None:     # a search alone: walk the text index (see `_search_ids`)
            where, params = self._where(flt, today, text=False)
            if where == "1":
                return self.conn.execute(f"SELECT count(*) FROM ({_union(arms, where, 'i.id')})",
                                         {**params, **arms.params}).fetchone()[0]
        where, params = self._where(flt, today)
        return self.conn.execute(f"SELECT count(*) FROM items i WHERE {where}", params).fetchone()[0]

    def rows(self, ids: list[int], today: dt.date) -> list[dict]:
        """Display rows for the given ids, in that order, with derived columns."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = row_dicts(self.conn, f"""SELECT i.*, lu.short_name AS lead_name,
            {_CO_NAMES} AS co_names FROM items i LEFT JOIN units lu ON lu.id = i.lead_unit_id
            WHERE i.id IN ({marks})""", ids)
        by_id = {r["id"]: r for r in rows}
        cutoffs = self.store.cutoff(today), self.store.feedback_cutoff(today)
        return [self._decorate(by_id[i], today, cutoffs) for i in ids if i in by_id]

    def _decorate(self, row: dict, today: dt.date, cutoffs: tuple[dt.date, dt.date]) -> dict:
        deadline = d(row["current_deadline"])
        row["light"] = str(light_for(row["status"], deadline, d(row["next_feedback_due"]),
                                     today, *cutoffs))
        finished = row["status"] in (Status.CLOSED, Status.WITHDRAWN)
        row["remaining_workdays"] = (None if finished or deadline is None
                                     else self.store.calendar.workdays_between(today, deadline))
        since = d(row["last_feedback_on"]) or d(row["assigned_on"])
        row["stale_days"] = None if since is None or finished else (today - since).days
        row["co_names"] = row["co_names"] or ""
        row["lead_name"] = row["lead_name"] or ""
        return row

    def search(self, text: str, *, today: dt.date, limit: int = 200) -> list[dict]:
        return self.items(ItemFilter(text=text), today=today, limit=limit)

    def light_counts(self, today: dt.date, flt: ItemFilter | None = None) -> dict:
        where, params = self._where(flt, today)
        sql = (f"SELECT ({LIGHT_SQL}) AS light, count(*) FROM items i "
               f"WHERE {where} GROUP BY light")
        counts = {"绿": 0, "黄": 0, "红": 0, "未定时限": 0, "完成": 0}
        counts.update(dict(self.conn.execute(sql, params).fetchall()))
        return counts

    def categories(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT category FROM items WHERE category <> '' ORDER BY category")]


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
