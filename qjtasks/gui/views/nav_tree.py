"""Navigation: saved views, the dossier (proposal + reply) tree with items and sub-items, units.

Dossiers and their items are loaded when a node is first expanded, so a database with
thousands of dossiers still opens at once. Emits `selected(dict)` with one of the keys
`view`, `reply_id`, `item_id` or `unit_id`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from qjtasks.core.filters import VIEWS
from qjtasks.gui.dialogs.base import as_plain

ROLE_TARGET = Qt.ItemDataRole.UserRole
ROLE_LOADED = Qt.ItemDataRole.UserRole + 1
SHOW_INDICATOR = QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator
VIEW_TIPS = {"全部": "所有督办事项", "待签收": "已交办、牵头单位尚未签收",
             "今日需催办": "已逾期或反馈超期、需要今天催办的事项",
             "本周到期": "本周内到达办结时限", "已逾期": "超过办结时限仍未办结",
             "反馈超期": "未按反馈周期报送进展", "申请办结待审核": "承办单位已申请办结，等待审核",
             "已办结": "已审结销号", "待交办": "已立项、尚未交办的事项",
             "未定时限": "尚未确定办结时限的未办结事项（不计为按期）"}


def reply_label(store, reply) -> tuple[str, str]:
    """The tree's text for one letter, 文号 first so two letters on one proposal differ even
    when the pane is narrow, and a tooltip with the proposal's title and the letter's date."""
    label = reply.doc_number or (f"{reply.date}复函" if reply.date else f"复函 {reply.id}")
    tip = [label]
    if reply.date and reply.doc_number:
        tip.append(f"复函日期：{reply.date}")
    if reply.proposal_id:
        p = store.dossiers.proposal(reply.proposal_id)
        label = f"{label} · 第{p.number}号提案"
        tip.append(f"第{p.number}号提案《{p.title}》" if p.title else f"第{p.number}号提案")
    return label, "\n".join(tip)


class NavTree(QTreeWidget):
    selected = Signal(dict)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("navTree")
        self.setHeaderHidden(True)
        self.views_node = self._top("视图", {"view": "全部"})
        for name in VIEWS:
            node = QTreeWidgetItem(self.views_node, [name])
            node.setData(0, ROLE_TARGET, {"view": name})
            node.setToolTip(0, VIEW_TIPS.get(name, name))
        self.dossiers_node = self._top("复函与事项", {"view": "全部"}, lazy=True)
        self.units_node = self._top("承办单位", {"view": "全部"}, lazy=True)
        self.views_node.setExpanded(True)
        # Every view's name whole, even at 1024 px ("今日需催办", "申请办结待审核").
        widest = max(self.fontMetrics().horizontalAdvance(n) for n in VIEWS)
        self.setMinimumWidth(widest + 2 * self.indentation() + 28)
        self.itemExpanded.connect(self._load_children)
        self.currentItemChanged.connect(self._emit)

    def _top(self, text: str, target: dict, lazy: bool = False) -> QTreeWidgetItem:
        node = QTreeWidgetItem(self, [text])
        node.setData(0, ROLE_TARGET, target)
        font = node.font(0)
        font.setBold(True)
        node.setFont(0, font)
        if lazy:
            node.setChildIndicatorPolicy(SHOW_INDICATOR)
        return node

    def _emit(self, current, _previous) -> None:
        if current is not None:
            self.selected.emit(dict(current.data(0, ROLE_TARGET) or {}))

    def select_view(self, name: str) -> None:
        for n in range(self.views_node.childCount()):
            node = self.views_node.child(n)
            if node.text(0) == name:
                self.setCurrentItem(node)
                return

    def current_view(self) -> str:
        node = self.currentItem()
        target = node.data(0, ROLE_TARGET) if node else None
        return (target or {}).get("view", "") if node and node.parent() is self.views_node else ""

    # ---- lazy children --------------------------------------------------------------------
    def _load_children(self, node: QTreeWidgetItem) -> None:
        if node.data(0, ROLE_LOADED):
            return
        node.setData(0, ROLE_LOADED, True)
        target = node.data(0, ROLE_TARGET) or {}
        if node is self.dossiers_node:
            self._add_dossiers(node)
        elif node is self.units_node:
            self._add_units(node)
        elif "reply_id" in target:
            self._add_items(node, self.session.store.children(None, target["reply_id"]))
        elif "item_id" in target:
            self._add_items(node, self.session.store.children(target["item_id"]))

    def _add_dossiers(self, node: QTreeWidgetItem) -> None:
        store = self.session.store
        for reply in store.dossiers.replies():
            label, tip = reply_label(store, reply)
            child = QTreeWidgetItem(node, [label])
            child.setToolTip(0, as_plain(tip))
            child.setData(0, ROLE_TARGET, {"reply_id": reply.id})
            child.setChildIndicatorPolicy(SHOW_INDICATOR)
        if node.childCount() == 0:
            QTreeWidgetItem(node, ["（尚无复函：导入复函后在此显示）"])

    def _add_units(self, node: QTreeWidgetItem) -> None:
        for unit in self.session.store.units():
            text = unit.short_name + ("" if unit.active else "（已停用）")
            child = QTreeWidgetItem(node, [text])
            child.setToolTip(0, unit.name)
            child.setData(0, ROLE_TARGET, {"unit_id": unit.id})

    def _add_items(self, node: QTreeWidgetItem, items) -> None:
        for item in items:
            child = QTreeWidgetItem(node, [item.title])
            child.setToolTip(0, as_plain(item.title))
            child.setData(0, ROLE_TARGET, {"item_id": item.id, "reply_id": item.reply_id})
            child.setChildIndicatorPolicy(SHOW_INDICATOR)
        if not items:
            node.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

    def refresh(self, units: bool = False, dossiers: bool = False) -> None:
        """Drop loaded children so they reload with the next expansion."""
        for flag, node in ((units, self.units_node), (dossiers, self.dossiers_node)):
            if not flag or not node.data(0, ROLE_LOADED):
                continue
            expanded = node.isExpanded()
            node.takeChildren()
            node.setData(0, ROLE_LOADED, False)
            if expanded:
                self._load_children(node)
