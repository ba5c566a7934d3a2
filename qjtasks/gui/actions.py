"""Every QAction of the main window, with its shortcut and menu, built in one place.

`MENUS` fixes the menu order; `ACTIONS` lists (menu, key, text, shortcut, needs an item,
writes) and `slots` (key → callable, from the commands' `slots()`) what each one runs. Other
features add their own entries with `Actions.add(menu, key, text, slot, shortcut)`, e.g. the
print preview or the reply import, without touching the window class. Item actions are enabled
only when an item is selected; write actions are disabled when the database is read-only.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

from qjtasks.gui.item_state import RULES, why_not

MENUS = (("file", "文件(&F)"), ("item", "事项(&I)"), ("handle", "办理(&W)"),
         ("print", "打印(&P)"), ("view", "视图(&V)"), ("tools", "工具(&T)"), ("help", "帮助(&H)"))

# (menu, key, text, shortcut, needs an item, writes); what each key runs comes from the
# commands' `slots()` (`commands.ItemCommands`, `commands.Commands`)
ACTIONS = [
    ("file", "backup", "备份数据库…", None, False, False),
    ("file", "restore", "从备份恢复…", None, False, True),
    ("file", "-", "", None, False, False),
    ("file", "quit", "退出", QKeySequence.StandardKey.Quit, False, False),
    ("item", "new_item", "新建事项…", "Ctrl+N", False, True),
    ("item", "open_item", "打开事项", "Return", True, False),
    ("item", "edit_item", "修改事项…", "F2", True, True),
    ("item", "split_item", "拆分子事项…", None, True, True),
    ("item", "assign", "分配承办单位…", None, True, True),
    ("item", "-", "", None, False, False),
    ("item", "undo", "撤销上次修改", "Ctrl+Z", False, True),
    ("handle", "issue", "交办…", None, True, True),
    ("handle", "sign", "签收登记…", None, True, True),
    ("handle", "note", "登记进展反馈…", None, True, True),
    ("handle", "chase", "登记催办…", None, True, True),
    ("handle", "-", "", None, False, False),
    ("handle", "extension", "延期申请…", None, True, True),
    ("handle", "decide_extension", "审批延期…", None, True, True),
    ("handle", "complete", "申请办结…", None, True, True),
    ("handle", "review", "审核办结（审结/退回）…", None, True, True),
    ("handle", "-", "", None, False, False),
    ("handle", "pause", "暂缓…", None, True, True),
    ("handle", "resume", "恢复办理…", None, True, True),
    ("handle", "withdraw", "撤销事项…", None, True, True),
    ("handle", "reopen", "重新打开…", None, True, True),
    ("view", "search", "搜索", "Ctrl+F", False, False),
    ("view", "refresh", "刷新", "F5", False, False),
    ("view", "show_items", "事项列表", "Ctrl+1", False, False),
    ("view", "show_dossier", "复函对照", "Ctrl+2", False, False),
    ("view", "show_overview", "总览", "Ctrl+3", False, False),
    ("tools", "units", "承办单位…", None, False, False),
    ("tools", "settings", "设置…", None, False, True),
    ("help", "manual", "使用说明", "F1", False, False),
    ("help", "about", "关于", None, False, False),
]
CONTEXT_MENU = ("open_item", "edit_item", None, "issue", "sign", "note", "chase", None,
                "extension", "complete", "review", None, "split_item", "assign", None,
                "pause", "withdraw")
TOOLBAR = ("new_item", "edit_item", "issue", "sign", "note", "chase", "undo")
# what only the office (督办方) does; disabled on a unit (承办单位) installation (issue 15)
OFFICE_ONLY = ("new_item", "edit_item", "split_item", "assign", "issue", "chase",
               "decide_extension", "review", "pause", "resume", "withdraw", "reopen")


class Actions:
    def __init__(self, window, slots: dict[str, Callable], readonly: bool = False):
        self.window = window
        self.readonly = readonly
        self.by_key: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._item_actions: list[QAction] = []
        self._write_actions: list[QAction] = []
        self._office_only: dict[QAction, str] = {}
        self._build_menus(window.menuBar())
        for menu, key, text, shortcut, needs_item, writes in ACTIONS:
            if key == "-":
                self.menus[menu].addSeparator()
                continue
            action = self.add(menu, key, text, slots[key], shortcut)
            if writes:
                self._write_actions.append(action)
            if writes and readonly:
                action.setEnabled(False)
                action.setToolTip("只读方式打开，不能修改")
            elif needs_item:
                self._item_actions.append(action)
        # Enter opens only inside the table (it must still submit dialogs and search boxes).
        self.by_key["open_item"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.set_item_selected(False)
        self.set_undo_available(False)

    def _build_menus(self, bar: QMenuBar) -> None:
        for key, title in MENUS:
            self.menus[key] = bar.addMenu(title)
            self.menus[key].setToolTipsVisible(True)   # a disabled step says why

    def add(self, menu: str, key: str, text: str, slot, shortcut=None) -> QAction:
        """Create an action, put it in `menu` and register it under `key`."""
        action = QAction(text, self.window)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.menus[menu].addAction(action)
        self.by_key[key] = action
        return action

    def move_last(self, menu: str, key: str) -> None:
        """Put `key` at the end of `menu` after a separator (退出 stays the last entry of 文件
        whatever other features add)."""
        action, entries = self.by_key[key], self.menus[menu]
        entries.removeAction(action)
        if entries.actions() and not entries.actions()[-1].isSeparator():
            entries.addSeparator()
        entries.addAction(action)

    def track_item_action(self, action: QAction) -> None:
        """Enable `action` only while an item is selected (for actions added later)."""
        action.setEnabled(self.by_key["open_item"].isEnabled())
        self._item_actions.append(action)

    def __getitem__(self, key: str) -> QAction:
        return self.by_key[key]

    def set_item_selected(self, selected: bool) -> None:
        for action in self._item_actions:
            action.setEnabled(selected and action not in self._office_only
                              and (action not in self._write_actions or not self.readonly))

    def set_unit_installation(self, unit_name: str) -> str:
        """On a unit installation the office's own acts stay disabled, each saying why."""
        reason = (f"本机是“{unit_name}”的承办单位端：督办事项、承办单位、期限、催办和审批由督办单位"
                  "负责，随数据包同步到本机")
        for key in OFFICE_ONLY:
            action = self.by_key[key]
            self._office_only[action] = reason
            action.setEnabled(False)
            action.setToolTip(reason)
            action.setStatusTip(reason)
        for menu in self.menus.values():
            menu.setToolTipsVisible(True)
        return reason

    def set_item(self, state) -> None:
        """The selected item (an `item_state.ItemState`, or None): handling steps its state
        does not allow are disabled, their tooltip and status tip saying why."""
        self.set_item_selected(state is not None)
        if self.readonly:
            return
        for key in RULES:
            action = self.by_key[key]
            if action in self._office_only:     # a unit installation: says so, stays off
                continue
            reason = why_not(key, state) if state is not None else None
            if state is not None:
                action.setEnabled(reason is None)
            action.setToolTip(reason or action.text().rstrip("…"))
            action.setStatusTip(reason or "")

    def mark_write(self, action: QAction) -> None:
        """An action added later that writes: disabled now and whenever the window turns
        read-only."""
        self._write_actions.append(action)
        if self.readonly:
            action.setEnabled(False)
            action.setToolTip("只读方式打开，不能修改")

    def set_undo_available(self, available: bool) -> None:
        """撤销上次修改 is on only after an edit made in this window (and never read-only)."""
        action = self.by_key["undo"]
        action.setEnabled(available and not self.readonly)
        if not self.readonly:
            action.setToolTip("撤销本窗口中最近一次事项修改" if available
                              else "本窗口中还没有可以撤销的事项修改")

    def set_readonly(self, reason: str) -> None:
        """The window turned read-only while open (the start-up check found damage)."""
        self.readonly = True
        for action in self._write_actions:
            action.setEnabled(False)
            action.setToolTip(reason)

    def context_list(self) -> list:
        return [self.by_key[k] if k else None for k in CONTEXT_MENU]

    def fill_toolbar(self, bar: QToolBar) -> None:
        for key in TOOLBAR:
            bar.addAction(self.by_key[key])
