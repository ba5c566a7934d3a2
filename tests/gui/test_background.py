"""The one worker helper of the GUI (`qjtasks.gui.background.Runner`): results, failures and
progress reach the UI thread, and only the newest request's do. Waits on signals and gates only."""
import threading
import time

import pytest

from qjtasks.core.errors import DatabaseError
from qjtasks.gui.background import Runner, failure_text

LONG = 20000    # ms: a loaded 2-core machine may be slow, never wrong


def _on_ui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@pytest.fixture
def runner(gui_app):
    made = Runner("qjtasks-test")
    yield made
    made.forget()
    assert made.wait(10)


def test_result_and_progress_arrive_on_the_ui_thread_in_order(qtbot, runner):
    seen = []

    def work(task):
        worker = threading.current_thread().name
        task.progress("copy", 1, 4)
        task.progress("copy", 4, 4)
        return worker
    with qtbot.waitSignal(runner.busy_changed, timeout=LONG,
                          check_params_cb=lambda busy: not busy):
        runner.start(work, lambda result: seen.append(("done", result, _on_ui_thread())),
                     lambda exc: seen.append(("failed", exc)),
                     progress=lambda *args: seen.append(("progress", args, _on_ui_thread())))
        assert runner.busy
    assert seen == [("progress", ("copy", 1, 4), True), ("progress", ("copy", 4, 4), True),
                    ("done", "qjtasks-test", True)]
    assert not runner.busy and runner.outstanding == 0


@pytest.mark.parametrize("raised, text", [
    (ValueError("坏值"), "无法检查备份文件（技术细节已记录在 "),
    (DatabaseError("备份文件已损坏"), "备份文件已损坏"),
])
def test_a_failure_reaches_the_ui_thread_and_reads_in_chinese(qtbot, runner, raised, text):
    failures = []

    def work(_task):
        raise raised
    runner.start(work, lambda result: failures.append(("done", result)),
                 lambda exc: failures.append((exc, _on_ui_thread())))
    qtbot.waitUntil(lambda: bool(failures), timeout=LONG)
    assert failures == [(raised, True)]
    said = failure_text(failures[0][0], "无法检查备份文件")
    assert said.startswith(text) and "ValueError" not in said
    assert not runner.busy


def test_the_newest_request_wins_and_the_stale_one_is_told_to_stop(qtbot, runner):
    gate, first_seen, delivered, progressed = threading.Event(), [], [], []

    def slow(task):
        first_seen.append(task)
        assert gate.wait(LONG / 1000), "the test never opened the gate"
        task.progress("stale", 0, 0)                  # dropped: a newer request exists
        return "first"
    first = runner.start(slow, delivered.append, delivered.append,
                         progress=lambda *a: progressed.append(a))
    qtbot.waitUntil(lambda: bool(first_seen), timeout=LONG)
    assert not first.stopped()
    second = runner.start(lambda task: "second", delivered.append, delivered.append)
    assert first.stopped() and not second.stopped()
    qtbot.waitUntil(lambda: delivered == ["second"], timeout=LONG)
    assert runner.outstanding == 1                    # the first is still blocked
    gate.set()
    qtbot.waitUntil(lambda: runner.outstanding == 0, timeout=LONG)
    assert delivered == ["second"] and progressed == [] and not runner.busy


def test_cancel_drops_the_result_and_stops_the_work(qtbot, runner):
    delivered, states = [], []
    runner.busy_changed.connect(states.append)

    def until_stopped(task):
        while not task.stopped():                     # what a cancellable check does
            time.sleep(0.01)
        return "late"
    task = runner.start(until_stopped, delivered.append, delivered.append)
    runner.cancel()
    assert task.stopped() and not runner.busy and states == [True, False]
    qtbot.waitUntil(lambda: runner.outstanding == 0, timeout=LONG)
    assert delivered == [] and states == [True, False]


def test_inline_work_reports_before_start_returns(runner):
    seen = []
    runner.start(lambda task: task.progress(7, 9) or "done", seen.append, seen.append,
                 progress=lambda *a: seen.append(a), inline=True)
    assert seen == [(7, 9), "done"] and not runner.busy and runner.outstanding == 0
