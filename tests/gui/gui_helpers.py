"""Helpers shared by the GUI tests (a uniquely named module, so no other conftest shadows it)."""
import datetime as dt

TODAY = dt.date(2026, 11, 25)


def find_item(session, title_part):
    from qjtasks.core.filters import ItemFilter
    rows = session.store.list_items(ItemFilter(), today=TODAY, limit=None)
    return next(r["id"] for r in rows if title_part in r["title"])
