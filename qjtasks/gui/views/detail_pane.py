"""The detail pane: the selected item's fields, each unit's 签收 state, and one timeline.

Rendered as simple HTML in a QTextBrowser (selectable, copyable, scales with the font).
Attachments are links opened with the system viewer (QDesktopServices).
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser

from qjtasks.core.errors import NotFoundError
from qjtasks.core.timeline import build_timeline
from qjtasks.gui.daily import ladder_html
from qjtasks.gui.models.task_table import LIGHT_COLOURS

EMPTY = "<p style='color:#555'>在左侧表格中选择一个事项，这里显示它的详情、签收情况和办理记录。</p>"


def esc(value) -> str:
    return html.escape("" if value is None else str(value)).replace("\n", "<br>")


# Cells Qt must not break at a hyphen (“2026-12 / -06” in a narrow pane): `<td nowrap>`.
DATE_ROWS = {"交办日期", "办结时限", "下次反馈", "最近反馈", "督办编号"}


def _href(path: str) -> str:
    """A link target for an attribute in single quotes. Qt decodes no entities there, so the
    quote a file name may hold is percent-encoded, like the rest of the URL."""
    url = QUrl.fromLocalFile(path).toString(QUrl.ComponentFormattingOption.FullyEncoded)
    return url.replace("'", "%27")


class DetailPane(QTextBrowser):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.item_id: int | None = None
        self.setObjectName("detailPane")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open_link)
        self.setHtml(EMPTY)

    def show_item(self, item_id: int | None) -> None:
        self.item_id = item_id
        if item_id is None:
            self.setHtml(EMPTY)
            return
        try:
            self.setHtml(self._html(item_id))
        except NotFoundError:
            self.item_id = None
            self.setHtml(EMPTY)

    def refresh(self) -> None:
        self.show_item(self.item_id)

    def _html(self, item_id: int) -> str:
        store, today = self.session.store, self.session.today
        item = store.item(item_id)
        light = str(store.light(item, today))
        colour = LIGHT_COLOURS.get(light, "#000")
        parts = [f"<h3>{esc(item.title)}</h3>",
                 f"<p><span style='color:{colour}; font-weight:bold'>● {light}</span>"
                 f"&nbsp;&nbsp;{esc(item.status)}&nbsp;&nbsp;进度 {item.percent or 0}%"
                 + ("&nbsp;&nbsp;<i>示例分工</i>" if item.is_sample else "") + "</p>",
                 self._fields(item), ladder_html(store, item_id, today),
                 self._assignments(item_id), self._timeline(item_id)]
        return "".join(parts)

    def _fields(self, item) -> str:
        deadline = str(item.current_deadline or "")
        if item.extended:
            deadline += f"（原时限 {item.original_deadline}）"
        rows = [("督办编号", item.serial or "（未交办）"), ("类别", item.category),
                ("来源", item.source_section), ("交办日期", item.assigned_on or ""),
                ("办结时限", deadline), ("反馈要求", item.cycle.describe()),
                ("下次反馈", item.next_feedback_due or ""),
                ("最近反馈", item.last_feedback_on or "（尚无）"),
                ("状态说明", item.status_reason), ("督办要求", item.requirements)]
        cells = "".join(f"<tr><td style='color:#444; padding-right:8px' valign='top' "
                        f"nowrap>{k}</td><td{' nowrap' if k in DATE_ROWS else ''}>{esc(v)}"
                        f"</td></tr>" for k, v in rows if v)
        return f"<table cellspacing='2'>{cells}</table>"

    def _assignments(self, item_id: int) -> str:
        rows = []
        for a in self.session.store.assignments(item_id):
            if a.signed_at:
                state = f"已签收（{esc(a.signed_by)}，{esc(a.signed_at)}，{esc(a.sign_origin)}）"
            else:
                state = "<span style='color:#d93025'>未签收</span>"
            due = f"；协办意见 {a.input_due} 前" if a.input_due else ""
            rows.append(f"<li><b>{esc(a.unit_name)}</b>（{a.role}）：{state}{due}</li>")
        body = "".join(rows) or "<li>尚未指定承办单位（菜单“事项 → 分配承办单位”）</li>"
        return f"<h4>承办单位</h4><ul>{body}</ul>"

    def _timeline(self, item_id: int) -> str:
        entries = build_timeline(self.session.store, item_id)
        if not entries:
            return "<h4>办理记录</h4><p>尚无记录。</p>"
        rows = [self._entry(e) for e in entries]
        return "<h4>办理记录（最新在前）</h4>" + "".join(rows)

    @staticmethod
    def _entry(e: dict) -> str:
        who = "，".join(x for x in (e["unit"], e["who"], f"来源：{e['origin']}") if x)
        files = "".join(f"<br>附件：<a href='{_href(p)}'>{esc(Path(p).name)}</a>"
                        for p in e.get("attachments", []))
        return (f"<p><b>{esc(e['date'])} {esc(e['kind'])}</b> <span style='color:#555'>"
                f"（{esc(who)}）</span><br>{esc(e['text'])}{files}</p>")

    @staticmethod
    def _open_link(url: QUrl) -> None:
        QDesktopServices.openUrl(url)
