"""`qjtasks-gui FILE` (a double-click on a .qjpkg / .qjenrol in the file manager) opens it."""
from PySide6.QtWidgets import QApplication

from qjtasks.core.models import ItemEdit
from qjtasks.exchange.export import export_package
from qjtasks.gui import app
from qjtasks.gui.dialogs.enrolment import EnrolmentDialog
from qjtasks.gui.dialogs.package_import import PackageImportDialog
from tests.gui.test_package_actions import enrolled_unit


def test_parse_args_keeps_only_files_it_can_open():
    assert app.parse_args(["/tmp/区科技局.qjpkg"]).file == "/tmp/区科技局.qjpkg"
    assert app.parse_args(["--readonly", "a.QJENROL"]).file == "a.QJENROL"
    assert app.parse_args(["-platform", "offscreen"]).file is None
    assert app.parse_args([]).file is None


def test_package_given_on_the_command_line_opens_the_import_preview(
        window, session, qtbot, tmp_path, monkeypatch):
    office = session.services
    office.items.edit(2, ItemEdit(deadline="2027-02-25"))
    office.lifecycle.issue(2, "2026-11-25")
    unit = enrolled_unit(office, tmp_path)
    package = export_package(unit, tmp_path / "back.qjpkg").path
    shown = []
    monkeypatch.setattr(PackageImportDialog, "exec", lambda self: shown.append(self) or 0)
    app.open_file_later(window, str(package))
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert isinstance(shown[0], PackageImportDialog) and shown[0].parent() is window
    qtbot.addWidget(shown[0])
    unit.store.close()


def test_enrolment_file_opens_enrolment_dialog(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(EnrolmentDialog, "exec", lambda self: shown.append(self) or 0)
    app.FileOpener(window, str(tmp_path / "区科技局.qjenrol")).open()
    assert len(shown) == 1
    qtbot.addWidget(shown[0])
    QApplication.processEvents()
