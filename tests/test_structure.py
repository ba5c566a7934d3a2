"""The store owns the connection (issue 18): the front ends never touch it or write SQL."""
import re
from pathlib import Path

ROOT = Path(__file__).parents[1] / "qjtasks"
RAW = re.compile(r"\.conn\b|\.execute(many)?\(|sqlite3\.connect")


def test_front_ends_never_touch_the_connection():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for folder in ("gui", "cli") for path in sorted((ROOT / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if RAW.search(line)]
    assert found == []
