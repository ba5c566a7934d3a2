"""Sheets as data: every field of DOMAIN.md §5 is on the sheet (pure, no PDF)."""
import datetime as dt

from pdfcheck import ledger_row

from qjtasks.pdf import sheets
from qjtasks.pdf.blocks import GBT, OF_TOTAL, Grid, Keep
from qjtasks.pdf.data import Ledger, Office, UnitReport, UnitSummaryRow


def test_notice_carries_every_field(notice):
    s = sheets.notice_sheet(notice)
    text = s.text()
    for want in ("督 办 通 知 单", "綦发改督〔2026〕7号", "区生态环境局（配合单位）", "第024号提案",
                 "綦发改函〔2022〕140号（B类）", "区发改委", "区经济信息委", "2026年11月25日",
                 "2027年2月25日", "每月25日前反馈", "王督办", "023-48600000", "办理情况",
                 "承办单位负责人（签字）", "（盖章）", "请于2026年12月25日前书面反馈",
                 "沿此线剪开", "签 收 回 执", "签 收 人", "签收时间"):
        assert want in text, want
    assert s.numbering == GBT and not s.landscape
    assert isinstance(s.blocks[-1], Keep), "the receipt stays together with its cut line"


def test_notice_for_an_extended_deadline_shows_both(notice):
    from dataclasses import replace
    s = sheets.notice_sheet(replace(notice, original_deadline=dt.date(2027, 1, 31)))
    assert "2027年2月25日（原2027年1月31日）" in s.text()


def test_chase_has_two_copies_and_the_chase_facts(chase):
    text = sheets.chase_sheet(chase).text()
    assert "第一联　单位留存联" in text and "第二联　存档联" in text
    for want in ("第2次", "已逾期18个工作日", "2026年9月20日：已完成无纸化办公系统招标。",
                 "2026年12月2日前书面回复", "抄送：分管领导", "綦发改催〔2026〕3-2号"):
        assert want in text, want


def test_ledger_columns_lights_in_words_and_symbols():
    lg = Ledger(Office(), dt.date(2026, 11, 25), (ledger_row(1), ledger_row(2, "黄"), ledger_row(3, "完成")))
    s = sheets.ledger_sheet(lg)
    assert s.landscape and s.numbering == OF_TOTAL
    grid = next(b for b in s.blocks if isinstance(b, Grid))
    header = [c.text for c in grid.rows[0].cells]
    assert header == [h for h, _ in sheets.LEDGER_COLS]
    assert grid.header_rows == 1
    assert round(sum(c.width for c in grid.rows[0].cells)) == 267
    cells = [c.text for c in grid.rows[1].cells]
    assert "●红" in cells and "2026年\n11月10日/\n2026年\n12月10日" in cells and "55" in cells
    assert [c.text for c in grid.rows[2].cells][12] == "◆黄"
    assert cells[10].endswith("…") and len(cells[10]) == sheets.LEDGER_SUMMARY_CHARS + 1


def test_unit_report_counts_and_rate_without_ranking():
    rep = UnitReport(Office(), dt.date(2026, 11, 25),
                     (UnitSummaryRow("区发改委", 2, 1, 2, 1, 1, 3, 1 / 3, 7, 5),
                      UnitSummaryRow("区科技局", 1, 0, 1, 0, 0, 1, 0.0, 2, 0)))
    sheet = sheets.unit_report_sheet(rep)
    text = sheet.text()
    assert "33.3%" in text and "合计" in text and "25.0%" in text and "不对个人排名" in text
    assert "逾期办结按原时限" in text and "逾期办结按批准时限" in text
    grid = next(b for b in sheet.blocks if hasattr(b, "rows"))
    total = [c.text for c in grid.rows[-1].cells]
    assert total[7:9] == ["9", "5"]
    assert sum(c.width for c in grid.rows[0].cells) <= sheets.W
