"""The package preview dialog: header, per-item changes, conflicts; 导入 applies, 取消 does not."""

import pytest

from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import ensure_default
from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange import enrol, export, importer
from qjtasks.gui.session import Session


@pytest.fixture
def exchange(tmp_path):
    office = Services(Store.open(tmp_path / "office.db"))
    ensure_default(office)
    office.items.edit(2, ItemEdit(deadline="2027-02-25"))
    office.lifecycle.issue(2, "2026-11-25")
    unit = Services(Store.open(tmp_path / "unit.db"), actor="陈七")
    peer = enrol.receive_answer(office, enrol.accept(unit, enrol.invitation(office, "区科技局")))
    enrol.confirm(office, peer["id"], peer["fingerprint"])
    op = unit.store.exchange.peers()[0]
    enrol.confirm(unit, op["id"], op["fingerprint"])
    importer.import_package(unit, export.export_package(office, tmp_path / "o.qjpkg",
                                                        "区科技局").path)
    uid = unit.store.unit_by_name("区科技局").id
    unit.lifecycle.sign(2, uid, "陈七", "2026-11-26 10:00")
    unit.notes.add(2, uid, "陈七", "已发布产学研合作项目征集通知，收到申报 12 项", 30,
                   problems="评审专家不足", noted_on="2026-11-28")
    unit.extensions.request(2, uid, "专家评审延后", "2027-04-30", requested_on="2026-12-01")
    office.items.edit(2, ItemEdit(deadline="2027-03-31"))     # → a conflict with the request
    path = export.export_package(unit, tmp_path / "u.qjpkg").path
    yield office, path
    office.store.close()
    unit.store.close()


def test_preview_then_apply(qtbot, exchange, shots):
    from qjtasks.gui.dialogs.package_import import PackageImportDialog
    office, path = exchange
    dlg = PackageImportDialog(Session.of(office), path)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.apply_button.isEnabled()
    top = dlg.changes.topLevelItem(0)
    lines = [top.child(i).text(0) for i in range(top.childCount())]
    assert "进一步强化科研项目支撑" in top.text(0)
    assert any(line.startswith("签收：陈七") for line in lines)
    assert any("征集通知" in line for line in lines)
    assert dlg.conflicts.topLevelItemCount() == 1
    assert "2027-03-31" in dlg.conflicts.topLevelItem(0).text(1)
    assert office.store.notes.of(2) == []               # the preview changed nothing
    assert dlg.grab().save(str(shots / "package_import_preview.png"))
    with qtbot.waitSignal(dlg.package_imported) as signal:
        dlg.apply_button.click()
    # 签收 and the note are new; the extension was registered but counts as the conflict it is
    assert signal.args[0].applied == 2 and signal.args[0].conflicted == 1
    assert signal.args[0].records == 3
    assert len(office.store.notes.of(2)) == 1


def test_refused_package_disables_import(qtbot, exchange, shots):
    from qjtasks.gui.dialogs.package_import import PackageImportDialog
    office, path = exchange
    importer.import_package(office, path)
    dlg = PackageImportDialog(Session.of(office), path)
    qtbot.addWidget(dlg)
    assert not dlg.apply_button.isEnabled()
    assert "已于" in dlg.message.text() and "导入过" in dlg.message.text()
    assert dlg.grab().save(str(shots / "package_import_refused.png"))


def test_cancel_applies_nothing(qtbot, exchange):
    from qjtasks.gui.dialogs.package_import import PackageImportDialog
    office, path = exchange
    dlg = PackageImportDialog(Session.of(office), path)
    qtbot.addWidget(dlg)
    dlg.reject()
    assert office.store.notes.of(2) == [] and office.store.exchange.packages("in") == []
