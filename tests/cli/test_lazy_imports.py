"""What a short command imports (issue 20): `list` and `print notice` start in a fraction of a
second because the heavy libraries are imported only by the commands that use them."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openpyxl", "reportlab", "PySide6", "docx", "cryptography", "pypdf", "PIL.ImageFile",
         "qjtasks.core.services", "qjtasks.exchange.envelope", "shutil")
CHILD = """
import json, sys
from qjtasks.cli import main
code = main(sys.argv[2:])
print(json.dumps([code, [m for m in json.loads(sys.argv[1]) if m in sys.modules]]))
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lazy")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QJTASKS_DATA_DIR": str(folder)}
    db = folder / "l.db"
    subprocess.run([sys.executable, "-m", "qjtasks", "--db", str(db), "init"], env=env,
                   check=True, capture_output=True)
    return env, db


def _imported(env, db, *argv, watch=HEAVY) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(watch), "--db", str(db),
                           "--today", "2026-11-25", *argv], env=env, capture_output=True,
                          text=True)
    code, present = json.loads(proc.stdout.strip().splitlines()[-1])
    assert code == 0, proc.stderr
    return present


def test_list_imports_no_heavy_library(env):
    assert _imported(*env, "list", watch=(*HEAVY, "dateutil")) == []


def test_print_notice_imports_reportlab_only(env, tmp_path):
    present = _imported(*env, "print", "notice", "1", "-o", str(tmp_path / "n.pdf"),
                        watch=(*HEAVY, "dateutil", "hmac"))
    assert present == ["reportlab", "shutil"]           # shutil: reportlab's tempfile


ENTRY = """
import json, sys
from qjtasks import cli
sys.argv = ["qjtasks", *sys.argv[1:]]
try:
    cli.entry()
except SystemExit:
    pass
print(json.dumps({m: type(sys.modules[m]).__name__ for m in ("inspect", "tempfile", "copy")
                  if m in sys.modules}))
"""


@pytest.mark.parametrize("command", [["list"], ["print", "notice", "1"]])
def test_the_deferred_modules_stay_unloaded(env, tmp_path, command):
    """A dataclass without a docstring on these paths would load inspect (~5 ms) again."""
    env, db = env
    argv = [*command, "-o", str(tmp_path / "n.pdf")] if command[0] == "print" else command
    proc = subprocess.run([sys.executable, "-c", ENTRY, "--db", str(db), "--today",
                           "2026-11-25", *argv], env=env, capture_output=True, text=True)
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded == dict.fromkeys(("inspect", "tempfile", "copy"), "_Deferred"), proc.stderr
