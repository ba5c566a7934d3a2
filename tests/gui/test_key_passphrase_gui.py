"""Issue 16, case 11 in the window: 本机密钥口令… sets and changes the passphrase, and a window
on a protected key file asks for it once (a wrong one is said in Chinese)."""
import pytest
from gui_helpers import capture_warnings
from PySide6.QtWidgets import QDialog, QInputDialog

from qjtasks.exchange import keys
from qjtasks.gui import key_passphrase
from qjtasks.gui.key_passphrase import PassphraseDialog


@pytest.fixture(autouse=True)
def _fresh_keys_state():
    keys.set_passphrase_source(None)
    keys._passphrases.clear()
    yield
    keys.set_passphrase_source(None)
    keys._passphrases.clear()


def _fill(dialog, **texts):
    for name, text in texts.items():
        getattr(dialog, name).setText(text)


def test_dialog_sets_then_changes_the_passphrase(session, qtbot):
    path = keys.key_path(session.store.path)
    d = PassphraseDialog(session)
    qtbot.addWidget(d)
    assert not d.current.isVisible() and not d.protected
    _fill(d, new="abc", again="abc")
    d.accept()
    assert "太短" in d.error.text() and d.result() != QDialog.DialogCode.Accepted
    _fill(d, new="督办口令2026", again="督办口令2027")
    d.accept()
    assert "不一致" in d.error.text() and not path.exists()
    _fill(d, again="督办口令2026")
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted and keys.is_protected(path)
    first = keys.load(path).public                       # remembered for the session
    keys._passphrases.clear()
    d2 = PassphraseDialog(session)
    qtbot.addWidget(d2)
    assert d2.protected
    _fill(d2, current="不对的口令", new="新的口令2028", again="新的口令2028")
    d2.accept()
    assert "口令不正确" in d2.error.text() and d2.result() != QDialog.DialogCode.Accepted
    _fill(d2, current="督办口令2026")
    d2.accept()
    assert d2.result() == QDialog.DialogCode.Accepted
    keys._passphrases.clear()
    keys.set_passphrase_source(lambda p, retry: "新的口令2028")
    assert keys.load(path).public == first
    d3 = PassphraseDialog(session)
    qtbot.addWidget(d3)
    _fill(d3, current="新的口令2028")
    d3.remove.setChecked(True)
    d3.accept()
    assert d3.result() == QDialog.DialogCode.Accepted and not keys.is_protected(path)


def test_window_asks_once_at_start_and_says_a_wrong_passphrase(session, qtbot, monkeypatch):
    path = keys.key_path(session.store.path)
    keys.save(keys.KeyPair.generate(), path, "督办口令2026")
    keys._passphrases.clear()
    answers, asked = ["错的口令", "错的口令", "错的口令"], []

    def get_text(parent, title, label, echo):
        asked.append(label)
        assert echo == key_passphrase.QLineEdit.EchoMode.Password
        return (answers.pop(0), True) if answers else ("", False)
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    warnings = capture_warnings(monkeypatch)
    from gui_helpers import shown_window
    window = shown_window(session, qtbot, 1024, 700)
    qtbot.waitUntil(lambda: bool(warnings))
    assert len(asked) == 3 and "本次运行只问一次" in asked[0] and "重新输入" in asked[1]
    assert "口令不正确" in warnings[-1]
    answers[:] = ["督办口令2026"]
    asked.clear()
    assert key_passphrase.ask_at_start(window)
    keys.load(path)
    keys.load(path)
    assert len(asked) == 1                                 # then never again this session
    action = window.actions_.by_key["key_passphrase"]
    assert action.text() == "本机密钥口令…" and action in window.actions_.menus["file"].actions()
