"""Sheets filled from the Store: notices per unit, serials kept on reprint, chases, ledger, dossier."""
import datetime as dt

import pytest

from qjtasks.core.errors import NotFoundError, ValidationError
from qjtasks.core.models import ItemEdit
from qjtasks.pdf import adapters, sheets


def _issue(services, item_id, deadline=dt.date(2026, 11, 10)):
    services.items.edit(item_id, ItemEdit(assigned_on=dt.date(2026, 9, 1), deadline=deadline))
    return services.lifecycle.issue(item_id, on=dt.date(2026, 9, 1)).message


def test_one_notice_per_unit_and_the_serial_survives_reprints(seeded, today):
    store = seeded.store
    serial = _issue(seeded, 1)
    first = adapters.notices_from_store(store, 1, today=today)
    assert [n.unit for n in first] == ["区发改委", "区生态环境局", "区经济信息委"]
    assert [n.role for n in first] == ["牵头", "配合", "配合"]
    assert all(n.serial == serial == "綦发改督〔2026〕1号" for n in first)
    second_serial = _issue(seeded, 2)
    assert second_serial == "綦发改督〔2026〕2号"
    again = adapters.notices_from_store(store, 1, today=today + dt.timedelta(days=30))
    assert {n.serial for n in again} == {serial}
    only = adapters.notices_from_store(store, 1, store.unit_by_name("区生态环境局").id, today)
    assert len(only) == 1 and only[0].lead_unit == "区发改委"
    assert "第024号政协提案" in only[0].source and "綦发改函〔2022〕140号（B类）" in only[0].source
    with pytest.raises(NotFoundError):
        adapters.notices_from_store(store, 1, store.unit_by_name("区科技局").id, today)


def test_chase_counts_overdue_working_days_and_shows_last_feedback(seeded, today):
    store = seeded.store
    _issue(seeded, 3, deadline=dt.date(2026, 11, 10))
    lead = store.assignments(3)[0]
    seeded.lifecycle.sign(3, lead.unit_id, "李四")
    seeded.notes.add(3, lead.unit_id, "李四", "已完成无纸化办公系统招标。", percent=30,
                     noted_on=dt.date(2026, 10, 20))
    seeded.chases.add(3, lead.unit_id, method="书面", chased_on=today)
    c = adapters.chase_from_store(store, 3, today=today)
    assert c.unit == lead.unit_name and c.number == 1
    # 11-10 (Tue) to 11-25 (Wed): eleven working days late, weekends not counted
    assert c.days_overdue == store.calendar.workdays_between(dt.date(2026, 11, 10), today) == 11
    assert c.last_feedback == "已完成无纸化办公系统招标。"
    assert c.reply_by == store.calendar.add_workdays(today, 5)
    with pytest.raises(ValidationError):
        adapters.chase_from_store(store, 4, today=today)  # still a draft


def test_ledger_defaults_to_open_items_and_dossier_lists_every_item(seeded, today):
    store = seeded.store
    _issue(seeded, 1)
    lg = adapters.ledger_from_store(store, None, today)
    assert [r.serial for r in lg.rows] == ["綦发改督〔2026〕1号"]    # 待交办 left out
    assert lg.scope == "全部未办结事项（不含待交办）"
    lg = adapters.ledger_from_store(store, None, today, include_drafts=True)
    assert len(lg.rows) == 17 and lg.rows[0].light == "红"
    assert lg.rows[0].source == "第024号提案；綦发改函〔2022〕140号"
    assert {r.status for r in lg.rows[1:]} == {"待交办"} and lg.rows[1].serial == ""
    rep = adapters.dossier_from_store(store, store.item(1).reply_id, today)
    assert rep.number == "024" and rep.proposer == "包安洪" and len(rep.items) == 17
    assert "六、下一步工作计划" in rep.reply_summary
    text = sheets.dossier_sheet(rep).text()
    assert "綦发改督〔2026〕1号" in text and "区生态环境局" in text


def test_unit_report_rows_come_from_the_store_summary(seeded, today):
    rep = adapters.unit_report_from_store(seeded.store, today)
    names = [r.unit for r in rep.rows]
    assert "区机关事务管理中心" in names
    assert sum(r.led for r in rep.rows) == 17
