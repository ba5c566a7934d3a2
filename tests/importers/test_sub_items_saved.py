"""A two-level plan is saved as parent items with their sub-items as child items (issue 17),
from the CLI's import-reply and from the import dialog."""
from qjtasks.cli import main

LETTER = ("关于区政协三届一次会议第031号提案的答复\n包安洪委员：\n您提出的《关于停车难的建议》收悉，现答复如下：\n"
          "一、基本情况\n我区已完成相关工作。\n二、下一步工作计划\n（一）加强基础建设\n1.加快建设停车场。\n"
          "2.推进智慧停车系统。\n（二）强化管理\n1.会同区公安局等部门开展整治。\n2.完善收费机制。\n"
          "感谢您对我们工作的关心和支持。\n重庆市綦江区科学技术局\n2022年5月30日\n")


def _tree(store, reply_id):
    items = [store.item(i) for i, _t, _s in store.dossiers.items_of(reply_id)]
    parents = [i for i in items if i.parent_id is None]
    return {p.title: sorted(c.title for c in items if c.parent_id == p.id) for p in parents}


def test_cli_import_saves_sub_items_under_their_parents(tmp_path, capsys):
    db, letter = tmp_path / "qj.db", tmp_path / "复函.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert main(["--db", str(db), "--today", "2026-11-25", "init"]) == 0
    assert main(["--db", str(db), "--today", "2026-11-25", "import-reply", str(letter)]) == 0
    from qjtasks.core.store import Store
    store = Store.open(db)
    reply = next(r for r in store.dossiers.replies() if "031" in (store.dossiers.proposal(r.proposal_id).number))
    tree = _tree(store, reply.id)
    assert tree == {"加强基础建设": ["加快建设停车场", "推进智慧停车系统"],
                    "强化管理": ["会同区公安局等部门开展整治", "完善收费机制"]}
    child = next(store.item(i) for i, t, _s in store.dossiers.items_of(reply.id) if t == "会同区公安局等部门开展整治")
    assert "区公安局" in [store.unit(a.unit_id).short_name for a in store.assignments(child.id)]
    store.close()


def test_the_dialog_shows_and_saves_sub_items(qtbot, seeded):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
    from qjtasks.gui.session import Session
    dlg = ImportReplyDialog(Session.of(seeded), text=LETTER)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.busy)
    labels = [dlg.items.item(i).text() for i in range(dlg.items.count())]
    assert "【计划】加强基础建设（含2项子事项）" in labels
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dlg.result() == dlg.DialogCode.Accepted
    reply = max(seeded.store.dossiers.replies(), key=lambda r: r.id)
    assert _tree(seeded.store, reply.id)["强化管理"] == ["会同区公安局等部门开展整治", "完善收费机制"]
