"""Small screens (issue 22 part 3): at 1024×700 the tree shows every view's name whole, every
column of the table fits (the long texts elide first), the detail pane never breaks a date,
dialogs fit the screen, and the splitters come back as the user left them."""
import pytest
from gui_helpers import find_item, shown_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from qjtasks.core.filters import VIEWS
from qjtasks.core.models import ItemEdit


@pytest.fixture
def small(session, qtbot):
    win = shown_window(session, qtbot, 1024, 700)
    qtbot.wait(50)
    return win


def test_tree_shows_every_view_name_whole(small):
    nav = small.nav
    for n in range(nav.views_node.childCount()):
        node = nav.views_node.child(n)
        text_width = nav.fontMetrics().horizontalAdvance(node.text(0))
        room = nav.viewport().width() - nav.visualItemRect(node).left()
        assert text_width < room, node.text(0)
    assert {nav.views_node.child(n).text(0) for n in range(nav.views_node.childCount())} \
        >= set(VIEWS) - {"全部"} - set()


def test_every_column_fits_and_long_texts_give_way_first(small, session):
    table = small.table
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0           # no column behind a scrollbar
    assert header.length() <= table.viewport().width()
    em = table.fontMetrics().horizontalAdvance("中")
    default_title = 14 * em
    assert header.sectionSize(1) < default_title                # 事项 gave way …
    deadline = table.fontMetrics().horizontalAdvance("2026-11-20") + 8
    assert header.sectionSize(4) >= deadline                    # … dates stay whole
    for col in (5, 7, 8):                                       # numbers and their headers
        lines = table.model_.headerData(col, Qt.Orientation.Horizontal).split("\n")
        widest = max(header.fontMetrics().horizontalAdvance(x) for x in lines)
        assert header.sectionSize(col) >= widest, col
    row = table.model_.row_dict(0)
    assert table.model_.data(table.model_.index(0, 1), 3) == row["title"]   # full title on hover


def test_the_detail_pane_never_breaks_a_date(small, session):
    item_id = find_item(session, "科研项目")
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2027-02-25"))
    small.refresh_all()
    small.table.select_item(item_id)
    small.splitter.setSizes([150, 800, 150])                    # a very narrow pane
    doc = small.detail.document()
    doc.setTextWidth(small.detail.viewport().width())
    text = small.detail.toPlainText()
    assert "2027-02-25" in text
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            piece = block.text()[line.textStart():line.textStart() + line.textLength()]
            assert not piece.rstrip().endswith(("2027-", "2027-02-", "2026-", "2026-11-")), piece
        block = block.next()


def test_dialogs_fit_the_screen(small, session, qtbot):
    from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
    from qjtasks.gui.print_preview import PrintPreviewDialog
    room = QApplication.primaryScreen().availableGeometry()
    dialog = ImportReplyDialog(session, small)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.minimumSizeHint().height() < 700 and dialog.minimumSizeHint().width() < 1024
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    preview = PrintPreviewDialog(small, b"%PDF-1.4\n", "测试")
    qtbot.addWidget(preview)
    assert preview.height() <= room.height() and preview.width() <= room.width()


def test_splitters_are_remembered(session, qtbot):
    from qjtasks.gui.main_window import MainWindow
    first = MainWindow(session, restore=False)
    qtbot.addWidget(first)
    first.resize(780, 600)                 # within the test screen, so the geometry returns
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([200, 360, 200])
    wanted = first.splitter.sizes()
    first.save_state()
    again = MainWindow(session, restore=True)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes() == wanted


def test_a_window_larger_than_the_screen_is_fitted_to_it_before_it_shows(session, qtbot):
    """The window is made 1280×720 (or remembered larger on a big monitor); on a 1024×700 free
    area it shrinks into it before it shows, so the first split is for the real width."""
    from PySide6.QtCore import QRect

    from qjtasks.gui.app import fit_to_screen
    from qjtasks.gui.main_window import MainWindow
    win = MainWindow(session, restore=False)
    qtbot.addWidget(win)
    assert (win.width(), win.height()) == (1280, 720)
    fit_to_screen(win, QRect(0, 0, 1024, 700))
    assert win.width() <= 1024 and win.height() <= 700
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(50)
    assert win.table.horizontalScrollBar().maximum() == 0      # every column in view
    fit_to_screen(win, QRect(0, 0, 1920, 1080))                # a bigger screen: left alone
    assert win.width() <= 1024


def test_search_box_keeps_room_beside_the_deadline_range(small, qtbot):
    """At 1024×700 with an item open (the detail pane at its width) the search box is never
    squeezed to "…" by the two date fields, and each date field still shows a whole date."""
    from qjtasks.gui.views.filter_bar import FilterBar
    small.table.select_item(2)
    qtbot.wait(50)
    bar = small.findChild(FilterBar)
    em = bar.search.fontMetrics().horizontalAdvance("中")
    assert bar.search.width() >= 9 * em
    for field in (bar.due_after, bar.due_before):
        assert field.edit.width() >= field.edit.fontMetrics().horizontalAdvance("2026-12-31")
    assert bar.search.geometry().right() < bar.due_after.geometry().left()
