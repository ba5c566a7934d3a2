"""The import dialog driven through its real widgets: recognise, highlight, edit, merge, split,
assign, save in one transaction, cancel saves nothing, errors keep the dialog open."""
import os
from pathlib import Path

import pytest
from gui_helpers import capture_warnings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from qjtasks.gui.dialogs.import_reply import ImportReplyDialog
from qjtasks.gui.session import Session

ROOT = Path(__file__).parents[2]
SEED = ROOT / "resources" / "seed" / "reply-024.txt"
LETTERS = ROOT / "tests" / "importers" / "letters"


@pytest.fixture
def errors(monkeypatch):
    return capture_warnings(monkeypatch)


@pytest.fixture
def letter_141():
    """reply-024 under a new 文号 so it does not clash with the seeded dossier."""
    return SEED.read_text(encoding="utf-8").replace("140号", "141号")


@pytest.fixture
def dialog(qtbot, seeded, letter_141, errors):
    dlg = ImportReplyDialog(Session.of(seeded), text=letter_141)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.busy)         # recognised on a worker
    return dlg


def _button(dlg, which):
    return dlg.buttons.button(which)


def test_recognised_letter_fills_fields_items_and_highlights(dialog):
    assert dialog.fields["doc_number"].text() == "綦发改函〔2022〕141号"
    assert dialog.fields["date"].text() == "2022-06-27"
    assert dialog.fields["proposer"].text() == "包安洪"
    assert dialog.items.item(0).text() == "【计划】进一步加大绿色发展宣传学习"
    labels = [dialog.items.item(i).text() for i in range(dialog.items.count())]
    assert sum(x.startswith("【计划】") for x in labels) == 3
    assert sum(x.startswith("【承诺】") for x in labels) >= 5
    checked = [dialog.items.item(i).checkState() == Qt.Checked for i in range(len(labels))]
    assert checked[:3] == [True] * 3 and not any(checked[3:])
    spans = dialog.highlighted_spans()
    assert len(spans) == len(labels)
    start, end = spans[0]
    assert dialog.letter.toPlainText()[start:end].startswith("进一步加大绿色发展宣传学习")


def test_edit_assign_and_save_creates_draft_items(qtbot, dialog, seeded):
    dialog.items.setCurrentRow(0)
    dialog.editor.title.setText("加大绿色发展宣传")  # QTest cannot type CJK; ASCII goes by keys
    qtbot.keyClicks(dialog.editor.title, "2023")
    dialog.editor.lead.setCurrentIndex(dialog.editor.lead.findText("区发改委"))
    co = dialog.editor.co_units.findItems("区生态环境局", Qt.MatchExactly)[0]
    co.setCheckState(Qt.Checked)
    dialog.editor.has_deadline.setChecked(True)
    before = len(seeded.store.dossiers.replies())
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.Save), Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(seeded.store.dossiers.replies()) == before + 1
    ids = sorted(dialog.changes.item_ids)
    assert len(ids) == 3
    item = seeded.store.item(ids[0])
    assert item.title == "加大绿色发展宣传2023" and str(item.status) == "待交办"
    units = {seeded.store.unit(a.unit_id).short_name: str(a.role)
             for a in seeded.store.assignments(ids[0])}
    assert units == {"区发改委": "牵头", "区生态环境局": "配合"}


def test_merge_and_split(qtbot, dialog):
    dialog.items.setCurrentRow(1)
    dialog.items.item(2).setSelected(True)
    qtbot.mouseClick(dialog.merge_button, Qt.LeftButton)
    plans = [p for p in dialog.proposals if p.kind == "plan"]
    assert len(plans) == 2
    assert "面向全区征集" in plans[1].text and "光盘行动" in plans[1].text
    dialog.items.setCurrentRow(1)
    qtbot.mouseClick(dialog.split_button, Qt.LeftButton)  # cursor at 0 → split into sentences
    assert len([p for p in dialog.proposals if p.kind == "plan"]) > 3
    letter = dialog.parsed.text
    for p in dialog.proposals:
        assert "\n".join(letter[a:b] for a, b in p.spans) == p.text
    assert len(dialog.highlighted_spans()) == sum(len(p.spans) for p in dialog.proposals)


def test_cancel_saves_nothing(qtbot, dialog, seeded):
    before = (len(seeded.store.dossiers.replies()), len(seeded.store.units()))
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.Cancel), Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert (len(seeded.store.dossiers.replies()), len(seeded.store.units())) == before


def test_duplicate_letter_shows_chinese_error_and_stays_open(qtbot, seeded, errors):
    dlg = ImportReplyDialog(Session.of(seeded), text=SEED.read_text(encoding="utf-8"))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.busy)
    qtbot.mouseClick(_button(dlg, QDialogButtonBox.Save), Qt.LeftButton)
    assert errors and "已经导入过" in errors[-1]
    assert dlg.isVisible() and dlg.changes is None


def test_bad_file_and_pasted_text(qtbot, seeded, errors, tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    dlg = ImportReplyDialog(Session.of(seeded), path=bad)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.busy)
    assert errors and "PDF" in errors[-1]
    assert not _button(dlg, QDialogButtonBox.Save).isEnabled()
    dlg.letter.setPlainText((LETTERS / "13_county_zx_plain_sentence.txt").read_text("utf-8"))
    qtbot.mouseClick(dlg.recognise_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.fields["doc_number"].text() == "垫农函〔2022〕14号"
    assert _button(dlg, QDialogButtonBox.Save).isEnabled()


def test_screenshot(qtbot, dialog, shots):
    dialog.resize(1280, 800)
    dialog.items.setCurrentRow(1)
    path = str(shots / "import_dialog.png")
    assert dialog.grab().save(path)
    assert os.path.getsize(path) > 10_000


def test_small_screen_screenshot_with_warnings(qtbot, seeded, errors, shots):
    text = (LETTERS / "12_town_leadin_numbered.txt").read_text("utf-8")
    dlg = ImportReplyDialog(Session.of(seeded), text=text)
    qtbot.addWidget(dlg)
    dlg.resize(1366 - 40, 768 - 60)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.busy)
    assert "区文化旅游委" in dlg.warnings.text()
    assert dlg.editor.lead.findText("区文化旅游委") >= 0  # a new unit can be picked as lead
    assert dlg.grab().save(str(shots / "import_dialog_1366.png"))


# ---- reading on a worker -------------------------------------------------------------------

@pytest.fixture
def slow_reader(monkeypatch):
    """`load_letter` that holds files named slow* until `gate` is set; records what finished."""
    import threading

    from qjtasks.gui.dialogs import import_reply
    from qjtasks.importers.readers import Letter
    gate, finished = threading.Event(), []

    def read(path, progress=None, cancelled=None):
        path = Path(path)
        if path.name.startswith("slow"):
            assert gate.wait(10), "the test never opened the gate"
        text = path.read_text("utf-8")
        finished.append(path.name)
        return Letter(text)
    monkeypatch.setattr(import_reply, "load_letter", read)
    yield gate, finished
    gate.set()                     # never leave a worker blocked behind a failed assertion


def test_slow_read_shows_busy_state_and_dialog_stays_live(qtbot, seeded, errors, slow_reader,
                                                          letter_141, tmp_path, shots):
    from PySide6.QtCore import QTimer
    gate, finished = slow_reader
    slow = tmp_path / "slow-letter.txt"
    slow.write_text(letter_141, encoding="utf-8")
    dlg = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(dlg)
    dlg.resize(1280, 800)
    dlg.show()
    dlg.load_file(slow)
    assert not gate.is_set() and dlg.busy            # load_file returned while the read waits
    assert dlg.progress.isVisible() and dlg.status.text() == "正在读取“slow-letter.txt”…"
    assert not _button(dlg, QDialogButtonBox.Save).isEnabled()
    assert not dlg.recognise_button.isEnabled() and not dlg.right.isEnabled()
    assert dlg.open_button.isEnabled()               # another file may be chosen meanwhile
    ticks = []
    QTimer.singleShot(20, lambda: ticks.append(1))   # the event loop runs during the read
    qtbot.waitUntil(lambda: ticks == [1])
    assert dlg.busy and finished == []
    assert dlg.grab().save(str(shots / "import_dialog_busy.png"))
    gate.set()
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.fields["doc_number"].text() == "綦发改函〔2022〕141号"
    assert not dlg.progress.isVisible() and "已识别" in dlg.status.text()
    assert _button(dlg, QDialogButtonBox.Save).isEnabled() and dlg.right.isEnabled()
    assert errors == []
    dlg.items.setCurrentRow(0)
    assert dlg.grab().save(str(shots / "import_dialog_loaded.png"))


def test_stale_read_of_an_earlier_file_is_dropped(qtbot, seeded, errors, slow_reader,
                                                  letter_141, tmp_path):
    gate, finished = slow_reader
    first, second = tmp_path / "slow-first.txt", tmp_path / "second.txt"
    first.write_text(letter_141, encoding="utf-8")
    second.write_text((LETTERS / "13_county_zx_plain_sentence.txt").read_text("utf-8"),
                      encoding="utf-8")
    dlg = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(dlg)
    dlg.load_file(first)
    dlg.load_file(second)                            # the user picked another file
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.fields["doc_number"].text() == "垫农函〔2022〕14号"
    assert finished == ["second.txt"]
    gate.set()                                       # the first read ends now …
    qtbot.waitUntil(lambda: dlg._runner.outstanding == 0)
    assert finished == ["second.txt", "slow-first.txt"]
    assert dlg.fields["doc_number"].text() == "垫农函〔2022〕14号"   # … and is dropped
    assert "垫农" in dlg.letter.toPlainText() and "141号" not in dlg.letter.toPlainText()
    assert errors == []


def test_closing_while_reading_drops_the_result(qtbot, seeded, errors, slow_reader, letter_141,
                                                tmp_path):
    gate, finished = slow_reader
    slow = tmp_path / "slow.txt"
    slow.write_text(letter_141, encoding="utf-8")
    dlg = ImportReplyDialog(Session.of(seeded))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.load_file(slow)
    qtbot.mouseClick(_button(dlg, QDialogButtonBox.Cancel), Qt.LeftButton)
    assert dlg.result() == dlg.DialogCode.Rejected and not dlg.busy
    gate.set()
    qtbot.waitUntil(lambda: dlg._runner.outstanding == 0)
    assert finished == ["slow.txt"] and dlg.parsed is None and dlg.fields["doc_number"].text() == ""


def test_broken_file_shows_chinese_error_beside_the_buttons_and_saves_nothing(
        qtbot, seeded, errors, tmp_path):
    bad = tmp_path / "复函.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    before = (len(seeded.store.dossiers.replies()), seeded.store.conn.execute("SELECT count(*) FROM items"
                                                               ).fetchone()[0])
    dlg = ImportReplyDialog(Session.of(seeded), path=bad)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: not dlg.busy)
    assert errors and any("\u4e00" <= ch <= "\u9fff" for ch in errors[-1])
    assert dlg.status.isVisible() and dlg.status.text() == errors[-1]
    assert "c5221f" in dlg.status.styleSheet()
    assert not dlg.progress.isVisible() and not _button(dlg, QDialogButtonBox.Save).isEnabled()
    dlg.save()                                       # refused: nothing recognised
    assert "请先打开或粘贴复函" in errors[-1] and dlg.changes is None
    assert (len(seeded.store.dossiers.replies()),
            seeded.store.conn.execute("SELECT count(*) FROM items").fetchone()[0]) == before


def test_text_that_is_no_letter_is_shown_with_the_reason(qtbot, seeded, errors, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello world, no Chinese here", encoding="utf-8")
    dlg = ImportReplyDialog(Session.of(seeded), path=path)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.busy)
    assert errors and "没有中文" in errors[-1]
    assert dlg.letter.toPlainText() == "hello world, no Chinese here"
    assert not dlg.letter.isReadOnly()              # can be corrected and recognised again
    assert dlg.parsed is None and dlg.items.count() == 0


def test_dialog_deleted_while_reading_drops_the_result(qtbot, seeded, errors, slow_reader,
                                                       letter_141, tmp_path):
    import shiboken6
    gate, finished = slow_reader
    slow = tmp_path / "slow.txt"
    slow.write_text(letter_141, encoding="utf-8")
    dlg = ImportReplyDialog(Session.of(seeded))
    dlg.load_file(slow)
    runner = dlg._runner
    shiboken6.delete(dlg)                            # e.g. its parent window went away
    gate.set()
    qtbot.waitUntil(lambda: runner.outstanding == 0)  # delivered to nobody, no error
    assert finished == ["slow.txt"] and not runner.busy and errors == []


def test_default_deadline_is_three_months_from_the_sessions_today(qtbot, dialog, seeded):
    from PySide6.QtCore import QDate
    undated = [i for i, p in enumerate(dialog.proposals) if p.deadline is None]
    assert undated, "the letter has items without a written deadline"
    dialog.items.setCurrentRow(undated[0])
    want = QDate(seeded.today()).addMonths(3)       # the services' clock, never the wall clock
    assert dialog.editor.deadline.date() == want
