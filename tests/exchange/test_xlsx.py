"""The .xlsx ledger: columns, frozen header, widths, real dates, light as text and fill."""
import datetime as dt

from openpyxl import load_workbook

from qjtasks.core.ledger import EXPORT_ORDER, FIELDS
from qjtasks.core.models import ItemEdit
from qjtasks.exchange.xlsx import export_items

D = dt.date
TODAY = D(2026, 11, 25)


def test_export_writes_a_ledger_excel_can_use(seeded, tmp_path):
    seeded.items.edit(1, ItemEdit(assigned_on="2026-09-01", deadline="2026-11-20"))
    seeded.lifecycle.issue(1, D(2026, 9, 1))
    seeded.lifecycle.sign(1, seeded.store.item(1).lead_unit_id, "王五", "2026-09-02 09:00")
    seeded.notes.add(1, None, "王五", "=HYPERLINK(\"x\") 已完成宣传册印制", percent=40,
                     noted_on="2026-11-02")
    rows = seeded.store.lists.items(today=TODAY, limit=None)
    path = export_items(seeded.store, rows, tmp_path / "台账.xlsx")
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]] == [FIELDS[k][0] for k in EXPORT_ORDER]
    assert ws.freeze_panes == "A2" and ws.column_dimensions["C"].width == 40
    col = {FIELDS[k][0]: i for i, k in enumerate(EXPORT_ORDER)}
    first = [c for c in ws[2]]
    assert first[col["督办编号"]].value == "綦发改督〔2026〕1号"
    assert first[col["办结时限"]].value == dt.datetime(2026, 11, 20)
    assert first[col["办结时限"]].number_format == "yyyy-mm-dd"
    light = first[col["灯色"]]
    assert light.value == "红" and light.fill.fgColor.rgb.endswith("FFC7CE")
    progress = first[col["进展摘要"]]
    assert progress.value.startswith("=HYPERLINK") and progress.data_type == "s"
    assert first[col["来源"]].value == "区政协三届一次会议第024号提案；綦发改函〔2022〕140号"
    assert ws.max_row == 18
    assert not list(tmp_path.glob("*.part"))
