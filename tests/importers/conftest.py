"""Shared fixtures for importer tests: the letters folder, the seed letter and its register."""
from pathlib import Path

import pytest

LETTERS = Path(__file__).parent / "letters"
SEED = Path(__file__).parents[2] / "resources" / "seed" / "reply-024.txt"


@pytest.fixture
def register():
    from qjtasks.core.seed import BUREAUS, OFFICE
    return [OFFICE, *BUREAUS]


@pytest.fixture
def letter():
    from qjtasks.importers.readers import read_letter

    def load(name: str) -> str:
        return read_letter(LETTERS / name if not Path(name).is_absolute() else name)
    return load


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")
