"""文件 → 导入复函 and the 打印 menu: each entry builds the right print job for the selection."""
import pytest
from gui_helpers import find_item

from qjtasks.core.models import ItemEdit
from qjtasks.gui import print_preview


@pytest.fixture
def jobs(monkeypatch):
    seen = []
    monkeypatch.setattr(print_preview, "run_batch", lambda parent, job: seen.append(job))
    return seen


def issue(session, item_id):
    session.services.items.edit(item_id, ItemEdit(assigned_on="2026-11-02", deadline="2026-11-20"))
    session.services.lifecycle.issue(item_id, "2026-11-02")


def test_print_menu_entries(window):
    texts = [a.text() for a in window.actions_.menus["print"].actions()]
    assert texts == ["本事项督办通知单…", "当前列表汇总表…", "逾期事项催办通知单…",
                     "单位办理情况表…", "提案办理情况报告…", "汇总表包括待交办事项"]
    assert window.actions_["ledger_drafts"].isCheckable()
    assert not window.actions_["ledger_drafts"].isChecked()
    assert not window.actions_["print_notice"].isEnabled()  # nothing selected yet


def test_print_notice_for_selected_item(window, session, jobs):
    item_id = find_item(session, "科研项目")
    issue(session, item_id)
    window.refresh_all()
    window.table.select_item(item_id)
    assert window.actions_["print_notice"].isEnabled()
    window.actions_["print_notice"].trigger()
    assert len(jobs) == 1 and "督办通知单" in jobs[0].title and len(jobs[0].sheets) == 3


def test_print_ledger_of_current_list(window, session, jobs):
    window.filter_bar.category.setCurrentIndex(window.filter_bar.category.findData("绿色交通"))
    window.actions_["print_ledger"].trigger()
    assert jobs[0].title == "督办事项汇总表（0项）"     # all three are still 待交办
    window.actions_["ledger_drafts"].trigger()
    window.actions_["print_ledger"].trigger()
    assert jobs[1].title == "督办事项汇总表（3项）"


def test_print_units_and_dossier(window, session, jobs):
    window.actions_["print_units"].trigger()
    window.nav.dossiers_node.setExpanded(True)
    window.nav.setCurrentItem(window.nav.dossiers_node.child(0))
    window.actions_["print_dossier"].trigger()
    assert [j.title for j in jobs] == ["单位办理情况表", "提案办理情况报告（第024号）"]


def test_print_chases_refused_when_nothing_overdue(window, jobs, monkeypatch):
    from qjtasks.gui import document_actions
    shown = []
    monkeypatch.setattr(document_actions, "show_error", lambda parent, err: shown.append(str(err)))
    window.actions_["print_chases"].trigger()
    assert jobs == [] and "没有可打印的内容" in shown[0]


def test_import_reply_opens_dialog(window, monkeypatch):
    from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
    opened = []
    monkeypatch.setattr(ImportReplyDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_["import_reply"].trigger()
    assert len(opened) == 1
    texts = [a.text() for a in window.actions_.menus["file"].actions()]
    assert texts.index("导入复函…") < texts.index("备份数据库…")
