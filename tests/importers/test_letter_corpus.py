"""The importer measured on the corpus of real published letters (tests/data/letters).

The corpus itself is checked: at least 25 letters from every level, each with its source and a
truth written for every field the scorer reads, and units a letter names that are not co-units
are never taken for co-units. The scores (per-letter table, floor) are in test_corpus.py.
"""
import json

import pytest
from letter_score import LETTERS, letter_text, score_all

KEYS = {"source", "level", "items", "items_alt", "co_units", "not_co_units", "date", "doc_number",
        "proposal_number", "kind"}


@pytest.fixture(scope="module")
def scores():
    return score_all()


def test_corpus_is_real_letters_with_sources_and_truths():
    letters = sorted(LETTERS.glob("*.txt"))
    assert len(letters) >= 25
    levels = set()
    for path in letters:
        assert path.read_text(encoding="utf-8").startswith("# 来源："), path.name
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert KEYS <= truth.keys(), (path.name, KEYS - truth.keys())
        assert not set(truth["co_units"]) & set(truth["not_co_units"]), path.name
        assert "# 来源" not in letter_text(path), path.name
        levels.add(truth["level"])
    assert {"区县", "市", "省", "部委"} <= levels


def test_units_named_but_not_co_units_are_never_co_units(scores):
    by_name = {s.name: s for s in scores}
    for path in sorted(LETTERS.glob("*.txt")):
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert not set(by_name[path.stem].co_found) & set(truth["not_co_units"]), path.name
