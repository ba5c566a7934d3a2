"""Filtering, saved views, sorting and Chinese full-text search in SQL."""
import datetime as dt

from qjtasks.core.filters import ItemFilter
from qjtasks.core.models import ItemEdit
from qjtasks.core.summary import unit_summary

D = dt.date


def ids(store, today, **kw):
    return {r["id"] for r in store.lists.items(ItemFilter(**kw), today=today, limit=None)}


def test_unit_and_role(seeded, today):
    store = seeded.store
    tech = seeded.units.resolve("区科技局")
    assert ids(store, today, unit_id=tech) == {2}
    econ = seeded.units.resolve("区经济信息委")
    assert 1 in ids(store, today, unit_id=econ, role="配合")
    assert 1 not in ids(store, today, unit_id=econ, role="牵头")


def test_lights_views_and_counts_agree(seeded, today):
    seeded.items.edit(1, ItemEdit(assigned_on="2026-10-01", deadline="2026-11-20"))
    seeded.lifecycle.issue(1, D(2026, 10, 1))
    seeded.items.edit(2, ItemEdit(assigned_on="2026-11-01", deadline="2026-11-27"))
    seeded.lifecycle.issue(2, D(2026, 11, 1))
    store = seeded.store
    assert ids(store, today, lights=["红"]) == {1}
    assert ids(store, today, lights=["黄"]) == {2}
    assert ids(store, today, view="已逾期") == {1}
    assert ids(store, today, view="待签收") == {1, 2}
    assert ids(store, today, view="本周到期") == {2}
    assert 1 in ids(store, today, view="今日需催办")
    counts = store.lists.light_counts(today)
    assert counts["红"] == 1 and counts["黄"] == 1
    row = store.lists.items(ItemFilter(ids=[1]), today=today)[0]
    assert row["light"] == "红" and row["remaining_workdays"] < 0


def test_search_two_and_four_characters_and_hostile_queries(seeded, today):
    store = seeded.store
    assert 5 in ids(store, today, text="光盘")          # 2 characters: LIKE fallback
    assert 5 in ids(store, today, text="光盘行动")      # 4 characters: trigram FTS
    assert 1 in ids(store, today, text="宣")            # 1 character
    assert ids(store, today, text='"*<&>') == set()     # no FTS syntax error
    seeded.items.edit(2, ItemEdit(deadline="2027-01-01"))
    seeded.lifecycle.issue(2, D(2026, 11, 25))
    seeded.notes.add(2, None, "张三", "已征集产学研合作项目十二项")
    assert 2 in ids(store, today, text="十二项")


def test_sorting_and_paging(seeded, today):
    store = seeded.store
    rows = store.lists.items(ItemFilter(), today=today, order="title", limit=5)
    titles = [r["title"] for r in rows]
    assert titles == sorted(titles)
    page2 = store.lists.items(ItemFilter(), today=today, order="title", limit=5, offset=5)
    assert not {r["id"] for r in rows} & {r["id"] for r in page2}
    assert store.lists.count(ItemFilter(), today=today) == 17


def test_unit_summary_counts(seeded, today):
    rows = {r["unit"]: r for r in unit_summary(seeded.store, today)}
    assert rows["区机关事务管理中心"]["led"] == 9
    assert rows["区科技局"]["led"] == 1 and rows["区科技局"]["co"] == 0


def test_search_index_follows_title_edits_but_not_status_changes(seeded, today):
    seeded.items.edit(2, ItemEdit(title="征集产学研合作项目"))
    assert 2 in ids(seeded.store, today, text="产学研合作")
    seeded.items.edit(2, ItemEdit(percent=40))   # not a searched column: index untouched, still found
    assert 2 in ids(seeded.store, today, text="产学研合作")


def test_every_sort_key_has_its_sql():
    from qjtasks.core import filters
    from qjtasks.core.store.search import ORDER_SQL
    assert set(ORDER_SQL) == set(filters.ORDERS) and len(filters.ORDERS) == len(ORDER_SQL)
