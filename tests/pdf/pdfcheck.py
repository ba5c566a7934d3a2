"""Helpers for reading printed sheets back (pdfplumber) and sample ledger rows."""
import datetime as dt
import io

from qjtasks.pdf.data import LedgerRow

MM = 72 / 25.4


def read(pdf: bytes):
    import pdfplumber
    return pdfplumber.open(io.BytesIO(pdf))


def flat(text: str) -> str:
    return "".join(text.split())


def page_text(pdf: bytes) -> str:
    with read(pdf) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


def ledger_row(no, light="红", **kw):
    base = dict(no=no, title=f"事项{no}", source="第024号提案；綦发改函〔2022〕140号",
                lead_unit="区发改委", co_units="区财政局", assigned_on=dt.date(2026, 9, 1),
                original_deadline=dt.date(2026, 11, 10), current_deadline=dt.date(2026, 12, 10),
                last_feedback_on=dt.date(2026, 10, 1), stale_days=55, summary="进展" * 100,
                percent=40, light=light, chases=2, status="办理中", remark="")
    base.update(kw)
    return LedgerRow(**base)
