"""Ledger import: mapping, malformed sheets, one transaction, no duplicates, round trip."""
import datetime as dt

import pytest
from openpyxl import Workbook

from qjtasks.core.errors import QjtasksError, ValidationError
from qjtasks.core.ledger import signature
from qjtasks.core.models import ItemEdit
from qjtasks.exchange.xlsx import export_items
from qjtasks.importers import ledger as imp

D = dt.date
TODAY = D(2026, 11, 25)


def counts(svc):
    return {t: svc.store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("items", "assignments", "journal", "notes", "chases")}


def office_ledger(path, rows, header=("序号", "工作任务", "责任单位", "协办单位", "完成时限",
                                      "进度")):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年綦江区重点工作督办台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    return wb, ws


def test_round_trip_of_our_own_export_changes_nothing(seeded, tmp_path):
    seeded.items.edit(2, ItemEdit(assigned_on="2026-09-01", deadline="2027-02-26"))
    seeded.lifecycle.issue(2, D(2026, 9, 1))
    path = export_items(seeded.store, seeded.store.lists.items(today=TODAY, limit=None),
                        tmp_path / "导出.xlsx")
    before = counts(seeded)
    preview = imp.load(seeded.store, path)
    assert preview.parsed.errors == [] and len(preview.parsed.rows) == 17
    changes, report = imp.commit(seeded, preview)
    assert report.created == [] and len(report.unchanged) == 17
    assert counts(seeded) == before


def test_malformed_office_ledger(seeded, tmp_path):
    rows = [
        (1, "推进老旧小区改造", "区住房城乡建委", "区财政局、区国资委", "2027-03-31", "30%"),
        (2, "开展节能宣传周活动", None, None, D(2027, 1, 15), 0.5),
        (None, None, None, None, None, None),                       # empty row
        (3, "完成充电桩布点方案", "区交通局", None, "待定", None),     # text in a date column
        (4, "建设智慧停车平台", "区城市大脑办", None, "2027-06-30", None),  # unknown unit
        ("=ROW()-2", "编制节水型机关方案", "区机关事务管理中心", None, "=DATE(2027,5,1)", None),
        (6, "", "区科技局", None, "2027-06-30", None),                # no title
    ]
    wb, ws = office_ledger(tmp_path / "t.xlsx", rows)
    ws.merge_cells("C3:C4")                                          # 责任单位 merged down
    wb.save(tmp_path / "t.xlsx")
    preview = imp.load(seeded.store, tmp_path / "t.xlsx")
    assert preview.sheet.header_row == 2
    assert preview.mapping["title"] == "工作任务" and preview.mapping["deadline"] == "完成时限"
    errors = dict(preview.parsed.errors)
    assert set(errors) == {6, 7, 8, 9}
    assert "待定" in errors[6] and "区城市大脑办" in errors[7] and "公式" in errors[8]
    assert "事项名称不能为空" in errors[9]
    assert preview.parsed.empty == 1
    good = {r.title: r for r in preview.parsed.rows}
    assert good["开展节能宣传周活动"].lead_unit_id == seeded.units.resolve("区住房城乡建委")
    assert good["开展节能宣传周活动"].percent == 50 and good["推进老旧小区改造"].percent == 30
    assert len(good["推进老旧小区改造"].co_unit_ids) == 2
    before = counts(seeded)["items"]
    changes, report = imp.commit(seeded, preview)
    assert len(report.created) == 2 and counts(seeded)["items"] == before + 2
    item = seeded.store.item(report.created[0])
    assert item.current_deadline == D(2027, 3, 31) and item.status == "待交办"
    again = imp.load(seeded.store, tmp_path / "t.xlsx")
    _, report2 = imp.commit(seeded, again)
    assert report2.created == [] and counts(seeded)["items"] == before + 2


def test_one_bad_row_at_write_time_rolls_back_everything(seeded, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("督办编号,事项,牵头单位,办结时限,状态\n"
                    "綦发改督〔2025〕3号,甲事项,区科技局,2027-01-01,在办\n"
                    "綦发改督〔2025〕4号,乙事项,区科技局,2027-01-01,办理中\n",
                    encoding="gbk")
    preview = imp.load(seeded.store, path)
    assert [r.status for r in preview.parsed.rows] == ["办理中", "办理中"]
    preview.parsed.rows[1].title = "x" * 500
    before = counts(seeded)
    with pytest.raises(ValidationError, match="第3行"):
        imp.commit(seeded, preview)
    assert counts(seeded) == before
    preview = imp.load(seeded.store, path)
    _, report = imp.commit(seeded, preview)
    assert seeded.store.item(report.created[0]).serial == "綦发改督〔2025〕3号"


def test_mapping_overrides_are_remembered(seeded, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("名目,主管,截止\n节水宣传,区科技局,2027/2/1\n", encoding="utf-8")
    with pytest.raises(QjtasksError, match="表头"):
        imp.load(seeded.store, path)
    path.write_text("事项名称,主管,截止\n节水宣传,区科技局,2027/2/1\n", encoding="utf-8")
    preview = imp.load(seeded.store, path, imp.parse_mapping_arg("牵头单位=主管,办结时限=截止"))
    assert preview.parsed.rows[0].deadline == D(2027, 2, 1)
    imp.commit(seeded, preview)
    again = imp.load(seeded.store, path)          # no overrides: remembered for these headers
    assert again.mapping["lead"] == "主管" and again.mapping["deadline"] == "截止"
    assert signature(["截止", "主管", "事项名称"]) == signature(again.sheet.headers)
    with pytest.raises(ValidationError, match="没有名为"):
        imp.load(seeded.store, path, {"办结时限": "不存在"})


def test_unreadable_files_are_explained(seeded, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(QjtasksError, match="不是有效的 Excel"):
        imp.read_table(bad)
    with pytest.raises(QjtasksError, match="xls"):
        (tmp_path / "y.xls").write_bytes(b"x")
        imp.read_table(tmp_path / "y.xls")


def test_unit_names_as_offices_write_them(seeded, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("事项,牵头单位,配合单位\n甲,科技局,綦江区财政局\n乙,发展和改革委员会,局\n",
                    encoding="utf-8")
    preview = imp.load(seeded.store, path)
    (row,) = preview.parsed.rows
    assert row.lead_unit_id == seeded.units.resolve("区科技局")
    assert row.co_unit_ids == [seeded.units.resolve("区财政局")]
    assert [n for n, _ in preview.parsed.errors] == [3]


def test_imported_serials_are_never_issued_again(seeded, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("督办编号,事项,牵头单位,办结时限\n綦发改督〔2026〕7号,外部事项,区科技局,2027-01-01\n",
                    encoding="utf-8")
    imp.commit(seeded, imp.load(seeded.store, path))
    seeded.items.edit(1, ItemEdit(deadline="2027-02-25"))
    serial = seeded.lifecycle.issue(1, D(2026, 11, 25)).message
    assert serial == "綦发改督〔2026〕8号"


def test_dates_outside_any_supervision_year_are_row_errors(seeded, tmp_path):
    rows = [(1, "远期事项甲", "区科技局", None, D(9999, 12, 31), None),        # an Excel date cell
            (2, "远期事项乙", "区科技局", None, "3000-01-01", None),
            (3, "正常事项", "区科技局", None, D(2027, 6, 30), None)]
    wb, _ = office_ledger(tmp_path / "t.xlsx", rows)
    wb.save(tmp_path / "t.xlsx")
    preview = imp.load(seeded.store, tmp_path / "t.xlsx")
    errors = dict(preview.parsed.errors)
    assert set(errors) == {3, 4} and all("年份超出范围" in e for e in errors.values())
    assert [r.title for r in preview.parsed.rows] == ["正常事项"]
