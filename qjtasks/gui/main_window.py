"""The main window: composes navigation, filter bar, item table, detail pane, dossier view,
overview and status bar. It wires signals and remembers its layout; it holds no business logic.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from qjtasks import paths
from qjtasks.core.filters import ItemFilter
from qjtasks.core.models import Changes
from qjtasks.gui import document_actions, package_actions
from qjtasks.gui.actions import Actions
from qjtasks.gui.commands import Commands, ItemCommands
from qjtasks.gui.item_state import ItemState
from qjtasks.gui.operations import Operations
from qjtasks.gui.views.detail_pane import DetailPane
from qjtasks.gui.views.dossier_view import DossierView
from qjtasks.gui.views.filter_bar import FilterBar
from qjtasks.gui.views.item_table import ItemTable
from qjtasks.gui.views.nav_tree import NavTree
from qjtasks.gui.views.overview import Overview

PAGE_ITEMS, PAGE_DOSSIER, PAGE_OVERVIEW = 0, 1, 2
APP_TITLE = "qjtasks 督办事项管理"  # also the application's display name (app.APP_NAME)
SHAPING_ACTIONS = {"item.add", "item.edit", "item.split", "item.undo", "refresh"}


# Success said in the status bar, so a step that changes little on screen is still confirmed.
CONFIRMATIONS = {
    "item.issue": lambda c, _s: f"已交办，督办编号 {c.message}；可打印督办通知单（Ctrl+P）",
    "dossier.import": lambda c, s: f"已导入复函，新增 {len(c.item_ids)} 项待交办事项"
                                   + _without_lead(c, s),
    "ledger.import": lambda c, _s: f"已导入台账：{c.message}",
    "item.add": lambda c, _s: "已新建事项",
    "item.sign": lambda c, _s: c.message or "已登记签收",
    "item.review": lambda c, _s: "已审核办结申请",
}


def _without_lead(changes, store) -> str:
    """A letter's items (a few dozen at most) that still need a lead unit."""
    ids = [i for i in changes.item_ids
           if not any(a.role == "牵头" for a in store.assignments(i))]
    return f"；其中 {len(ids)} 项尚未指定牵头单位，交办前请先分配承办单位" if ids else ""


CONFIRM_MS = 10_000


def gui_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "gui.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, session, restore: bool = True):
        super().__init__()
        self.session = session
        session.ops = Operations(self)
        self._nav_target: dict = {"view": "全部"}
        self._dirty_pages: set[int] = {PAGE_DOSSIER, PAGE_OVERVIEW}
        self._build_views()
        self._build_status_bar()
        self.item_commands = ItemCommands(self)
        self.commands = Commands(self)
        self.actions_ = Actions(self, self.item_commands.slots() | self.commands.slots(),
                                readonly=session.readonly)
        self.document_commands = document_actions.install(self)
        self.package_commands = package_actions.install(self)
        self._build_toolbar()
        self._connect()
        from qjtasks.gui.daily import install as install_daily
        self.daily = install_daily(self, start=False)  # app.main starts the hourly check
        self.actions_.move_last("file", "quit")
        self.startup_check = None
        self._set_title()
        self.resize(1280, 720)
        self._split_fitted = False
        if restore:
            self.restore_state()
        self.apply_filter()

    # ---- composition ----------------------------------------------------------------------
    def _set_title(self) -> None:
        # The program's name ends the title: Qt then adds no second copy of the application's
        # display name (QPlatformWindow::formatWindowTitle appends it unless the title ends so).
        ro = "（只读）" if self.session.readonly else ""
        self.setWindowTitle(f"{self.session.store.path}{ro} — {APP_TITLE}")

    def start_check(self, full: bool = False) -> None:
        """Check the file and take the day's backup in the background (after the first paint)."""
        from qjtasks.gui.startup_check import StartupCheck
        self.startup_check = StartupCheck(self, full=full)
        self.startup_check.start()

    def set_readonly(self, reason: str) -> None:
        self.actions_.set_readonly(reason)
        self.db_label.setText(f"数据库：{self.session.store.path}（只读）")
        self.db_label.setToolTip(reason)
        self._set_title()

    def _build_views(self) -> None:
        s = self.session
        self.nav, self.filter_bar = NavTree(s), FilterBar(s)
        self.table, self.detail = ItemTable(s), DetailPane(s)
        self.dossier, self.overview = DossierView(s), Overview(s)
        items_page = QWidget()
        column = QVBoxLayout(items_page)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.filter_bar)
        column.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pages")
        for page, label in ((items_page, "事项列表"), (self.dossier, "复函对照"),
                            (self.overview, "总览")):
            self.tabs.addTab(page, label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.nav, self.tabs, self.detail):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setCollapsible(2, True)       # the detail pane may be closed, not the rest
        self.splitter.setSizes(self.default_split(1280))
        self.setCentralWidget(self.splitter)

    def default_split(self, width: int) -> list[int]:
        """Tree as wide as its names, detail pane a quarter (at least 14 characters), the
        table the rest: at 1024 px the table keeps every column."""
        em = self.fontMetrics().horizontalAdvance("中")
        nav = self.nav.minimumWidth()
        detail = max(int(14 * em), min(int(width * 0.24), 26 * em))
        return [nav, max(width - nav - detail, 200), detail]

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        ro = "（只读）" if self.session.readonly else ""
        self.db_label = QLabel(f"数据库：{self.session.store.path}{ro}")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningLabel")
        self.warning_label.setStyleSheet("color: #b05a00;")
        bar.addWidget(self.db_label)
        bar.addWidget(self.warning_label, 1)
        bar.addPermanentWidget(self.count_label)
        self.update_warnings()

    def _build_toolbar(self) -> None:
        bar = QToolBar("常用操作")
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_.fill_toolbar(bar)
        self.addToolBar(bar)
        self.table.context_actions = self.actions_.context_list()
        self.table.addAction(self.actions_["open_item"])

    def _connect(self) -> None:
        self.nav.selected.connect(self.apply_nav)
        self.filter_bar.changed.connect(self.apply_filter)
        self.table.current_changed.connect(self._item_changed)
        self.table.opened.connect(self.open_item)
        self.table.edit_requested.connect(self.edit_item)
        self.table.model_.reloaded.connect(
            lambda n, exact: self.count_label.setText(
                f"显示 {n} 项" if exact else f"显示 {n}+ 项（正在统计…）" if n
                else "正在搜索…"))
        self.dossier.item_chosen.connect(self._item_changed)
        self.overview.view_requested.connect(self.go_to_view)
        self.tabs.currentChanged.connect(self._page_shown)
        self.session.ops.changed.connect(self.on_changes)

    # ---- filtering ------------------------------------------------------------------------
    def apply_nav(self, target: dict) -> None:
        self._nav_target = target
        if "reply_id" in target:
            self.dossier.reply_id = target["reply_id"]
            self._dirty_pages.add(PAGE_DOSSIER)
        self.apply_filter()
        if "item_id" in target:
            self._item_changed(target["item_id"])

    def current_filter(self) -> ItemFilter:
        t = self._nav_target
        flt = ItemFilter(view=t.get("view", "全部"), unit_id=t.get("unit_id"))
        if "item_id" in t:
            kids = [c.id for c in self.session.store.children(t["item_id"])]
            flt.ids = [t["item_id"], *kids]
        elif "reply_id" in t:
            flt.reply_id = t["reply_id"]
        for key, value in self.filter_bar.values().items():
            if value not in (None, "", []):
                setattr(flt, key, value)
        return flt

    def apply_filter(self) -> None:
        self.table.model_.filter = self.current_filter()
        self.table.bar_unit = self.filter_bar.values()["unit_id"] is not None
        self.table.reload()

    def go_to_view(self, name: str) -> None:
        self.filter_bar.clear()
        self.nav.select_view(name)
        self.show_page(PAGE_ITEMS)

    # ---- selection ------------------------------------------------------------------------
    def current_item_id(self) -> int | None:
        return self.detail.item_id

    def current_reply_id(self) -> int | None:
        return self._nav_target.get("reply_id")

    def _item_changed(self, item_id) -> None:
        self.detail.show_item(item_id)
        self._follow_state()

    def _follow_state(self) -> None:
        """Enable the handling steps the shown item's state allows (`item_state`)."""
        item_id = self.detail.item_id
        self.actions_.set_item(None if item_id is None
                               else ItemState.read(self.session.store, item_id))

    def open_item(self, item_id: int) -> None:
        self._item_changed(item_id)
        sizes = self.splitter.sizes()
        if sizes[2] == 0:
            self.splitter.setSizes([sizes[0], max(sizes[1] - 360, 200), 360])
        self.detail.setFocus()

    def edit_item(self, item_id: int) -> None:
        """Double-click: the 修改事项 form; read-only, the item opens in the pane instead."""
        self._item_changed(item_id)
        action = self.actions_["edit_item"]
        if action.isEnabled():
            action.trigger()
        else:
            self.open_item(item_id)

    def reveal_item(self, item_id: int) -> None:
        if not self.table.select_item(item_id):
            self._item_changed(item_id)

    def focus_search(self) -> None:
        self.show_page(PAGE_ITEMS)
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    # ---- pages and refresh ----------------------------------------------------------------
    def show_page(self, page: int) -> None:
        self.tabs.setCurrentIndex(page)
        self._page_shown(page)

    def _page_shown(self, page: int) -> None:
        if page not in self._dirty_pages:
            return
        self._dirty_pages.discard(page)
        if page == PAGE_DOSSIER:
            self.dossier.load_replies()
        elif page == PAGE_OVERVIEW:
            self.overview.refresh()

    def on_changes(self, changes) -> None:
        self.actions_.set_undo_available(self.session.ops.last_edit_journal_id is not None)
        confirm = CONFIRMATIONS.get(changes.action)
        if confirm is not None:
            self.statusBar().showMessage(confirm(changes, self.session.store), CONFIRM_MS)
        shaped = changes.action in SHAPING_ACTIONS  # titles or the tree's shape changed
        if changes.units or changes.dossiers or shaped:
            self.filter_bar.refresh_choices()
        self.nav.refresh(units=changes.units, dossiers=changes.dossiers or shaped)
        if changes.settings:
            self.update_warnings()
        self.table.reload()
        if self.detail.item_id is None and changes.item_id and changes.action == "item.add":
            self.detail.show_item(changes.item_id)
        else:
            self.detail.refresh()
        self._follow_state()
        self._dirty_pages.update({PAGE_DOSSIER, PAGE_OVERVIEW})
        self._page_shown(self.tabs.currentIndex())

    def refresh_all(self) -> None:
        self.on_changes(Changes("refresh", units=True, dossiers=True, settings=True))

    def update_warnings(self) -> None:
        warnings = self.session.store.calendar.warnings(self.session.today)
        self.warning_label.setText("；".join(warnings))
        self.warning_label.setToolTip("\n".join(warnings))

    # ---- remembered layout ----------------------------------------------------------------
    def restore_state(self) -> None:
        st = gui_settings()
        for key, apply in (("geometry", self.restoreGeometry), ("state", self.restoreState),
                           ("splitter", self.splitter.restoreState),
                           ("dossier_splitter", self.dossier.splitter.restoreState),
                           ("columns", self.table.horizontalHeader().restoreState)):
            value = st.value(key)
            if value is not None:
                apply(value)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view = st.value("last_view", "全部")
        self.nav.select_view(view if isinstance(view, str) else "全部")

    def save_state(self) -> None:
        st = gui_settings()
        st.setValue("geometry", self.saveGeometry())
        st.setValue("state", self.saveState())
        st.setValue("splitter", self.splitter.saveState())
        st.setValue("dossier_splitter", self.dossier.splitter.saveState())
        st.setValue("columns", self.table.horizontalHeader().saveState())
        st.setValue("last_view", self.nav.current_view() or "全部")
        st.sync()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._split_fitted and not gui_settings().contains("splitter"):
            self.splitter.setSizes(self.default_split(self.width()))   # first start only
        self._split_fitted = True

    def closeEvent(self, event) -> None:
        self.save_state()
        if self.startup_check is not None:
            self.startup_check.stop()
        self.daily.check.stop()         # ends a reminder check's child process, if running
        self.table.model_.stop()
        super().closeEvent(event)
