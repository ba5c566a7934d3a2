"""The crash harness in CI: 31 kills on each write path (310 in all), 0 findings, and the
harness's self-test (a note batch written without a transaction must be reported torn).

The rest of the 1,000 kills: `python tests/crash/harness.py --kills 1000` (see its docstring).
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

KILLS = 31


def _hammer(tmp_path, name, kills, seed):
    setup = harness.Setup(tmp_path)
    specs = setup.build([name])
    lines = []
    harness.hammer(specs, setup, kills, seed, tmp_path, log=lines.append)
    print("\n" + harness.table(specs))
    return specs[name], lines


@pytest.mark.parametrize("name", harness.ALL)
def test_kills_leave_sound_whole_files_and_no_leftovers(tmp_path, name):
    spec, lines = _hammer(tmp_path, name, KILLS, seed=sum(map(ord, name)))
    stats = spec.stats
    assert stats["kills"] + stats["done"] == KILLS
    assert stats["kills"] >= KILLS // 3, stats          # most runs were killed, not finished
    assert (stats["unsound"], stats["partial"], stats["leftover"], stats["blocked"]) == \
        (0, 0, 0, 0), lines


def test_harness_finds_a_write_path_without_a_transaction(tmp_path):
    spec, _ = _hammer(tmp_path, "broken", 6, seed=5)
    assert spec.stats["kills"] == 6
    assert spec.stats["partial"] >= 4       # a kill mid-batch leaves a torn batch
    assert harness.failures({"broken": spec}) == 0
