"""The File menu's 导入数据包… / 导出数据包… in the main window."""
from pathlib import Path

from qjtasks.core.models import ItemEdit
from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange import enrol, importer


def enrolled_unit(office, tmp_path: Path):
    unit = Services(Store.open(tmp_path / "unit.db"), actor="陈七")
    peer = enrol.receive_answer(office, enrol.accept(unit, enrol.invitation(office, "区科技局")))
    enrol.confirm(office, peer["id"], peer["fingerprint"])
    op = unit.store.exchange.peers()[0]
    enrol.confirm(unit, op["id"], op["fingerprint"])
    return unit


def test_file_menu_exports_and_imports_packages(window, session, qtbot, tmp_path):
    texts = [a.text() for a in window.actions_.menus["file"].actions()]
    assert texts[:3] == ["导入数据包…", "导出数据包…", "数据包冲突…"]
    office = session.services
    office.items.edit(2, ItemEdit(deadline="2027-02-25"))
    office.lifecycle.issue(2, "2026-11-25")
    unit = enrolled_unit(office, tmp_path)
    out = window.package_commands.export_to(str(tmp_path / "to-unit.qjpkg"), "区科技局")
    assert out.records >= 1 and "已导出" in window.statusBar().currentMessage()
    importer.import_package(unit, out.path)
    uid = unit.store.unit_by_name("区科技局").id
    unit.lifecycle.sign(2, uid, "陈七", "2026-11-26 10:00")
    from qjtasks.exchange.export import export_package
    back = export_package(unit, tmp_path / "back.qjpkg").path
    dialog = window.package_commands.make_import_dialog(str(back))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(session.ops.changed) as signal:
        dialog.apply_button.click()
    assert signal.args[0].action == "exchange.import" and 2 in signal.args[0].item_ids
    assert "已导入" in window.statusBar().currentMessage()
    assert session.store.assignments(2)[0].signed_by == "陈七"
    unit.store.close()


def test_conflicts_dialog_decides(window, session, qtbot, tmp_path, shots):
    from qjtasks.exchange.export import export_package
    from qjtasks.gui.dialogs.package_conflicts import PackageConflictsDialog
    office = session.services
    office.items.edit(2, ItemEdit(deadline="2027-02-25"))
    office.lifecycle.issue(2, "2026-11-25")
    unit = enrolled_unit(office, tmp_path)
    importer.import_package(unit, window.package_commands.export_to(
        str(tmp_path / "o.qjpkg"), "区科技局").path)
    uid = unit.store.unit_by_name("区科技局").id
    unit.notes.add(2, uid, "陈七", "初稿", 20, noted_on="2026-11-28")
    importer.import_package(office, export_package(unit, tmp_path / "u1.qjpkg").path)
    office.store.conn.execute("UPDATE notes SET text = '督办员更正'")
    unit.store.conn.execute("UPDATE notes SET text = '单位修改稿'")
    importer.import_package(office, export_package(unit, tmp_path / "u2.qjpkg").path)
    dialog = PackageConflictsDialog(session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 4).text() == "督办员更正"
    assert dialog.table.item(0, 5).text() == "单位修改稿"
    assert dialog.grab().save(str(shots / "package_conflicts.png"))
    dialog.remark.setText("以单位为准")
    with qtbot.waitSignal(session.ops.changed):
        dialog.take_button.click()
    assert dialog.table.rowCount() == 0 and "没有待决定" in dialog.message.text()
    assert session.store.notes.of(2)[0].text == "单位修改稿"
    unit.store.close()
