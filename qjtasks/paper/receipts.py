"""Decoded scan pages → paper 签收, with the page image kept as evidence.

Each receipt code on a page is checked (this office? check value right? item and unit as
printed?) and, when it holds, the unit's 签收 is recorded through `services.lifecycle.sign` (origin 纸质,
evidence in the same transaction). A unit that has already signed is left alone, so running
the same scan again changes nothing. The `Summary` sorts every page into: recorded, already
signed, unreadable, another office's sheet, forged, not a receipt, or refused (with why).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qjtasks.core.errors import QjtasksError

from . import codes
from .scan import Page

PAPER_SIGNER = "纸质回执"
KEYS = ("recorded", "already_signed", "unreadable", "other_office", "forged", "not_receipt",
        "refused")
LABELS = {"recorded": "已登记签收", "already_signed": "此前已签收", "unreadable": "无法识别",
          "other_office": "其他督办单位的回执", "forged": "校验不符（伪造或误改）",
          "not_receipt": "不是签收回执", "refused": "未能登记"}


@dataclass
class Summary:
    pages: int = 0
    entries: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in KEYS})

    def add(self, kind: str, page: Page, **info) -> None:
        self.entries[kind].append({"page": page.label, "file": page.file,
                                   "page_number": page.number, "order": self.pages, **info})

    def count(self, kind: str) -> int:
        return len(self.entries[kind])

    def as_json(self) -> dict:
        return {"pages": self.pages, **{k: list(v) for k, v in self.entries.items()}}

    def lines(self) -> list[str]:
        out = [f"共读取 {self.pages} 页：" + "，".join(
            f"{LABELS[k]} {self.count(k)}" for k in KEYS if self.count(k) or k == "recorded")]
        for kind in KEYS:
            for e in self.entries[kind]:
                what = "".join(f"　{e[k]}" for k in ("serial", "unit") if e.get(k))
                why = f"（{e['reason']}）" if e.get("reason") else ""
                out.append(f"{LABELS[kind]}：{e['page']}{what}{why}")
        return out


class ReceiptRecorder:
    """Records pages one by one (the window calls `page` as the worker delivers them)."""

    def __init__(self, services, signer: codes.Signer | None, now: dt.datetime):
        self.services, self.signer, self.now = services, signer, now
        self.summary = Summary()

    def page(self, page: Page) -> None:
        self.summary.pages += 1
        if page.error:
            self.summary.add("unreadable", page, reason=page.error)
            return
        found = [c for c in map(codes.parse, page.texts) if c is not None]
        receipts = [c for c in found if c.is_receipt]
        if not receipts:
            kind = "not_receipt" if found else "unreadable"
            reason = "" if found else "未找到本系统的二维码"
            self.summary.add(kind, page, reason=reason)
            return
        for code in receipts:
            self._receipt(page, code)

    def _receipt(self, page: Page, code: codes.SheetCode) -> None:
        info = {"serial": code.serial, "item_id": code.item_id, "unit_id": code.unit_id}
        if self.signer is None or not self.signer.is_ours(code):
            self.summary.add("other_office", page, **info)
            return
        if not self.signer.verify(code):
            self.summary.add("forged", page, **info)
            return
        try:
            kind, unit = self._sign(page, code)
        except QjtasksError as exc:
            self.summary.add("refused", page, **info, reason=exc.message)
            return
        self.summary.add(kind, page, **info, unit=unit)

    def _sign(self, page: Page, code: codes.SheetCode) -> tuple[str, str]:
        from qjtasks.core.errors import ValidationError
        store = self.services.store
        item = store.item(code.item_id)
        if item.serial != code.serial:
            raise ValidationError(f"事项 {code.item_id} 的督办编号已不是“{code.serial}”")
        target = next((a for a in store.assignments(code.item_id) if a.unit_id == code.unit_id),
                      None)
        if target is None:
            raise ValidationError("该单位已不是这一事项的承办单位")
        if target.signed_at:
            return "already_signed", target.unit_name
        name = f"签收回执-{code.serial}-{target.unit_name}.jpg"
        self.services.lifecycle.sign(code.item_id, code.unit_id, PAPER_SIGNER, at=self.now,
                                     origin="纸质", evidence=(name, page.image))
        return "recorded", target.unit_name


def record_all(services, pages, now: dt.datetime) -> Summary:
    rec = ReceiptRecorder(services, codes.signer_for(services.store), now)
    for page in pages:
        rec.page(page)
    return rec.summary
