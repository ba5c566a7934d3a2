"""The main window: views, filters, search, sorting, overview, undo, memory, read-only."""
from gui_helpers import TODAY, answer_message_box, find_item
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from qjtasks.core.filters import ItemFilter
from qjtasks.core.models import ItemEdit
from qjtasks.gui.main_window import MainWindow, gui_settings


def shown_titles(win):
    model = win.table.model_
    return [model.row_dict(r)["title"] for r in range(model.rowCount())]


def prepare(session):
    """Issue a few items with deadlines around TODAY so views and lights differ."""
    ids = [c.id for c in session.store.children(None)][:4]
    for item_id, deadline in zip(ids, ["2026-11-20", "2026-11-27", "2027-02-25", "2027-03-31"],
                                 strict=True):
        session.services.items.edit(item_id, ItemEdit(assigned_on="2026-09-01", deadline=deadline))
        session.services.lifecycle.issue(item_id, "2026-09-01")
    return ids


def test_opens_on_all_items_with_count(window, session):
    total = session.store.lists.count(ItemFilter(), today=TODAY)
    assert window.table.model_.rowCount() == total == 17
    assert window.count_label.text() == f"显示 {total} 项"
    assert str(session.store.path) in window.db_label.text()


def test_saved_views_filter(window, session):
    prepare(session)
    window.refresh_all()
    window.nav.select_view("已逾期")
    assert shown_titles(window) == ["进一步加大绿色发展宣传学习"]
    window.nav.select_view("本周到期")
    assert shown_titles(window) == ["进一步强化科研项目支撑"]
    window.nav.select_view("待签收")
    assert window.table.model_.rowCount() == 4


def test_undated_and_draft_views_and_the_undated_light(window, session):
    ids = prepare(session)
    window.refresh_all()
    window.nav.select_view("未定时限")
    model = window.table.model_
    rows = [model.row_dict(r) for r in range(model.rowCount())]
    assert len(rows) == 17 - len(ids) and {r["light"] for r in rows} == {"未定时限"}
    assert not {r["id"] for r in rows} & set(ids)
    light = model.index(0, 6)
    assert model.data(light) == "● 未定" and "不计为按期" in model.data(light, 3)
    window.nav.select_view("待交办")
    assert model.rowCount() == 17 - len(ids)
    assert {model.row_dict(r)["status"] for r in range(model.rowCount())} == {"待交办"}


def test_filter_bar_unit_status_light_dates(window, session, qtbot):
    prepare(session)
    window.refresh_all()
    bar = window.filter_bar
    bar.unit.setCurrentIndex(bar.unit.findData(session.store.unit_by_name("区交通局").id))
    assert all("区交通局" in (r["lead_name"] + r["co_names"]) for r in
               (window.table.model_.row_dict(n) for n in range(window.table.model_.rowCount())))
    assert window.table.model_.rowCount() == 3
    bar.role.setCurrentIndex(bar.role.findData("配合"))
    assert window.table.model_.rowCount() == 0
    assert not window.table._empty.isHidden()
    assert "放宽筛选" in window.table._empty.text()
    bar.clear()
    bar.light.setCurrentIndex(bar.light.findData("红"))
    assert shown_titles(window) == ["进一步加大绿色发展宣传学习"]
    bar.light.setCurrentIndex(0)
    bar.status.setCurrentIndex(bar.status.findData("待签收"))
    assert window.table.model_.rowCount() == 4
    qtbot.keyClicks(bar.due_after.edit, "2027/1/1")       # typed, as people write dates
    bar.flush()
    assert window.table.model_.rowCount() == 2
    qtbot.keyClicks(bar.due_before.edit, "2027-03-01")
    bar.flush()
    assert shown_titles(window) == ["推行办公自动化与反食品浪费"]
    bar.category.setCurrentIndex(bar.category.findData("科研支撑"))
    assert window.table.model_.rowCount() == 0


def test_search_is_debounced(window, qtbot):
    seen = []
    window.table.model_.reloaded.connect(lambda n, exact: seen.append((n, exact)))
    window.filter_bar.search.setText("光盘")
    assert window.table.model_.rowCount() == 17  # not yet: waits for the pause
    # Searches fetch their first page off the UI thread; the table fills when it arrives.
    qtbot.waitUntil(lambda: (0, False) in seen, timeout=15000)
    qtbot.waitUntil(lambda: window.table.model_.rowCount() == 7, timeout=15000)
    assert window.count_label.text() == "显示 7 项"
    assert "广泛开展反食品浪费活动，常态化开展“光盘行动”" in shown_titles(window)
    window.filter_bar.search.setText("黄标车")  # three characters: full-text index
    window.filter_bar.flush()
    window.table.model_.wait_exact()
    assert "持续推进货运车辆“黄标车”淘汰" in shown_titles(window)
    assert window.table.model_.rowCount() == 3
    window.filter_bar.search.setText("没有这个词")
    window.filter_bar.flush()
    assert window.table.model_.wait_exact() == 0


def test_sorting_by_header_is_sql(window, session):
    prepare(session)
    window.refresh_all()
    header = window.table.horizontalHeader()
    window.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # 办结时限
    assert window.table.model_.order == "deadline"
    first = window.table.model_.row_dict(0)
    assert first["current_deadline"] == "2026-11-20"
    window.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # 灯: red first
    assert window.table.model_.row_dict(0)["light"] == "红"
    window.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    titles = shown_titles(window)
    assert titles == sorted(titles, reverse=True)
    assert header.sortIndicatorSection() == 1


def test_light_shows_dot_and_word(window, session):
    prepare(session)
    window.refresh_all()
    window.filter_bar.light.setCurrentIndex(window.filter_bar.light.findData("红"))
    index = window.table.model_.index(0, 6)
    assert index.data() == "● 红"
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#d93025"


def test_selection_drives_detail_and_actions(window, session):
    assert not window.actions_["edit_item"].isEnabled()
    window.table.selectRow(1)
    item_id = window.table.current_item_id()
    assert window.detail.item_id == item_id
    assert session.store.item(item_id).title in window.detail.toPlainText()
    assert "承办单位" in window.detail.toPlainText()
    assert window.actions_["edit_item"].isEnabled()
    assert "签收登记…" in [a.text() for a in window.table.context_actions if a]


def test_shortcuts(window):
    keys = {k: window.actions_[k].shortcut().toString() for k in
            ("new_item", "search", "edit_item", "undo", "open_item")}
    assert keys == {"new_item": "Ctrl+N", "search": "Ctrl+F", "edit_item": "F2",
                    "undo": "Ctrl+Z", "open_item": "Return"}
    window.actions_["search"].trigger()
    assert window.filter_bar.search.hasFocus() or window.focusWidget() is window.filter_bar.search


def test_undo_last_edit(window, session, qtbot):
    item_id = find_item(session, "科研项目")
    undo = window.actions_["undo"]
    assert not undo.isEnabled()                  # nothing edited in this window yet
    session.ops.attempt(lambda: session.services.items.edit(item_id, ItemEdit(title="改过的名称")))
    assert "改过的名称" in shown_titles(window)
    assert undo.isEnabled()
    seen = []
    answer_message_box("undoConfirm", QMessageBox.StandardButton.Yes, seen)
    undo.trigger()
    assert "名称：改过的名称 → 进一步强化科研项目支撑" in seen[0]
    assert session.store.item(item_id).title == "进一步强化科研项目支撑"
    assert "进一步强化科研项目支撑" in shown_titles(window)
    assert session.ops.last_edit_journal_id is None and not undo.isEnabled()


def test_overview_and_links(window, session):
    prepare(session)
    window.refresh_all()
    window.show_page(2)
    text = window.overview.summary.text()
    chase = session.store.lists.count(ItemFilter(view="今日需催办"), today=TODAY)
    assert f"今日需催办 {chase} 项" in text and "项反馈超期" in text
    rows = {window.overview.units.item(r, 0).text(): r
            for r in range(window.overview.units.rowCount())}
    assert "区科技局" in rows and "区发改委" in rows
    headers = [window.overview.units.horizontalHeaderItem(c).text()
               for c in range(window.overview.units.columnCount())]
    assert "逾期办结\n按原时限" in headers and "逾期办结\n按批准时限" in headers
    assert window.overview.chart.counts["红"] == 1
    window.overview.view_requested.emit("今日需催办")
    assert window.tabs.currentIndex() == 0
    assert window.table.model_.filter.view == "今日需催办"
    assert window.table.model_.rowCount() == chase


def test_dossier_highlight_both_ways(window, session):
    window.show_page(1)
    item_id = find_item(session, "光盘行动")
    window.dossier.select_item(item_id)
    assert "光盘行动" in window.dossier.highlighted_text()
    assert window.detail.item_id == item_id
    other = session.store.item(find_item(session, "车桩比"))
    cursor = window.dossier.letter.textCursor()
    cursor.setPosition(other.source_start + 2)
    window.dossier.letter.setTextCursor(cursor)
    assert window.dossier.items.currentItem().data(Qt.ItemDataRole.UserRole) == other.id


def test_nav_dossier_and_units(window, session):
    window.nav.dossiers_node.setExpanded(True)
    dossier = window.nav.dossiers_node.child(0)
    window.nav.setCurrentItem(dossier)
    assert window.table.model_.filter.reply_id is not None
    assert window.table.model_.rowCount() == 17
    dossier.setExpanded(True)
    third = dossier.child(2)  # 推行办公自动化与反食品浪费, with six sub-items
    window.nav.setCurrentItem(third)
    assert window.table.model_.rowCount() == 7
    window.nav.units_node.setExpanded(True)
    assert window.nav.units_node.childCount() == len(session.store.units())


def test_new_unit_reaches_filter_bar(window, session):
    session.ops.attempt(lambda: session.services.units.add("重庆市綦江区教育委员会", "区教委"))
    assert window.filter_bar.unit.findText("区教委") >= 0


def test_remembers_layout_and_last_view(window, session, qtbot):
    window.nav.select_view("已办结")
    window.table.setColumnWidth(1, 333)
    window.close()
    again = MainWindow(session)
    qtbot.addWidget(again)
    assert again.nav.current_view() == "已办结"
    assert again.table.columnWidth(1) == 333
    assert gui_settings().value("last_view") == "已办结"


def test_read_only_disables_writes(session, qtbot):
    from qjtasks.core.store import Store
    from qjtasks.gui.session import Session
    ro = Session.for_store(Store.open(session.store.path, readonly=True), TODAY)
    win = MainWindow(ro, restore=False)
    qtbot.addWidget(win)
    assert "只读" in win.windowTitle()
    assert not win.actions_["new_item"].isEnabled()
    assert win.actions_["search"].isEnabled()
    assert win.table.model_.rowCount() == 17


def test_background_backup(window, session, qtbot, tmp_path):
    target = tmp_path / "备份.db"
    worker = window.commands.run_backup(str(target))
    qtbot.waitUntil(lambda: not worker.running and target.exists(), timeout=5000)
    qtbot.waitUntil(lambda: "已备份" in window.statusBar().currentMessage(), timeout=15000)


def test_empty_database_says_what_to_do(services, gui_app, qtbot):
    from qjtasks.gui.session import Session
    s = Session(services.store, services, lambda: TODAY)
    win = MainWindow(s, restore=False)
    qtbot.addWidget(win)
    win.show()
    assert win.table.model_.rowCount() == 0
    assert win.table._empty.text() == "尚无督办事项：导入复函或新建事项（Ctrl+N）"
    assert not win.table._empty.isHidden()


def test_large_list_counts_aside_and_pages_lazily(window, session, qtbot):
    from qjtasks.core.models import ItemDraft
    from qjtasks.gui.models.task_table import PAGE_SIZE
    with session.services.tx():
        for n in range(450):
            session.services.items.add(ItemDraft(title=f"批量事项{n:03d}", category="批量"))
    window.refresh_all()
    model = window.table.model_
    assert model.rowCount() == PAGE_SIZE and not model.exact  # first page shown at once
    assert "正在统计" in window.count_label.text()
    assert model.wait_exact() == 467
    assert window.count_label.text() == "显示 467 项"
    assert len(model._pages) == 1
    assert model.row_dict(466)["title"] == "批量事项449"  # fetched when asked for
    assert sorted(model._pages) == [0, 2]
    window.filter_bar.category.setCurrentIndex(window.filter_bar.category.findData("批量"))
    assert model.wait_exact() == 450


def test_deep_pages_are_read_by_id_in_the_sorted_order(window, session, qtbot, monkeypatch):
    """Once the ids are listed aside, a deep page is one `lists.rows` call, never an OFFSET."""
    from qjtasks.core.models import ItemDraft
    with session.services.tx():
        for n in range(450):
            session.services.items.add(ItemDraft(title=f"批量事项{(n * 37) % 450:03d}",
                                                category="批量"))
    window.refresh_all()
    model = window.table.model_
    window.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)       # 事项, in SQL
    assert model.wait_exact() == 467
    qtbot.waitUntil(lambda: model._ids is not None, timeout=5000)
    assert len(model._ids) == 467
    expected = [r["id"] for r in session.store.lists.items(
        model.filter, today=TODAY, order="title", descending=True, limit=None)]
    assert list(model._ids) == expected
    offsets = []
    real = session.store.lists.items
    monkeypatch.setattr(session.store.lists, "items",
                        lambda *a, **k: offsets.append(k.get("offset")) or real(*a, **k))
    shown = [model.item_id(row) for row in (466, 250, 0, 399)]
    assert shown == [expected[466], expected[250], expected[0], expected[399]]
    assert offsets == []                    # pages 2 and 1 came from the id list


def test_keys_open_dialogs_for_the_current_item(window, session, qtbot, monkeypatch):
    from qjtasks.gui.dialogs import item_dialogs
    opened = []
    monkeypatch.setattr(item_dialogs.EditItemDialog, "exec",
                        lambda self: opened.append(("edit", self.context["item_id"])) or 0)
    monkeypatch.setattr(item_dialogs.NewItemDialog, "exec",
                        lambda self: opened.append(("new", None)) or 0)
    window.activateWindow()        # window shortcuts need the active window (an earlier
    qtbot.waitUntil(window.isActiveWindow)   # test's top-level may still hold it)
    window.table.setFocus()
    window.table.selectRow(2)
    item_id = window.table.current_item_id()
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == [("edit", item_id), ("new", None)]
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.detail.item_id == item_id
    assert window.detail.hasFocus()
