"""GUI fixtures: a seeded session pinned to TODAY, the Qt app with the Chinese font, a window."""
import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def qapp_args():
    return ["qjtasks-gui"]


@pytest.fixture
def shots(tmp_path):
    """This test's own screenshot folder; QJTASKS_SHOTS=<folder> also copies the PNGs there."""
    import os
    import shutil
    folder = tmp_path / "shots"
    folder.mkdir()
    yield folder
    dest = os.environ.get("QJTASKS_SHOTS")
    if dest:
        os.makedirs(dest, exist_ok=True)
        for png in folder.glob("*.png"):
            shutil.copy(png, os.path.join(dest, png.name))


@pytest.fixture
def gui_app(qapp):
    from qjtasks.gui import polish
    from qjtasks.gui.app import install_translations
    from qjtasks.gui.fonts import apply_cjk_font
    if not getattr(qapp, "_qj_ready", False):
        install_translations(qapp)
        polish.install(qapp)
        apply_cjk_font(qapp)
        qapp._qj_ready = True
    return qapp


@pytest.fixture
def session(seeded, gui_app):
    from qjtasks.gui.operations import Operations
    from qjtasks.gui.session import Session
    s = Session(seeded.store, seeded, lambda: TODAY)
    s.ops = Operations()
    return s


@pytest.fixture
def window(session, qtbot):
    from gui_helpers import shown_window
    return shown_window(session, qtbot, 1366, 768)


from gui_helpers import find_item  # noqa: E402,F401 - kept importable from here too
