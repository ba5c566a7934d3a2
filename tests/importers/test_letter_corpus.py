"""The importer measured on the corpus of real published letters (tests/data/letters).

Prints the per-letter table (`pytest -s` shows it) and holds the importer to issue 17's bar:
at least 95 % of item counts and co-units right, no false co-unit, every date, 文号 and number
right, and 其他承诺 precision of at least 80 %. The corpus itself is checked too: at least 25
letters, each with its source and a truth written for every field the scorer reads.
"""
import json

import pytest
from letter_score import LETTERS, letter_text, score_all, table, totals

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


def test_scores_meet_the_bar(scores):
    print("\n" + table(scores))
    t = totals(scores)
    assert t.items_ok >= 0.95 * t.letters, [s.name for s in scores if not s.items_ok]
    assert t.co_recall >= 0.95, [(s.name, s.co_missed) for s in scores if s.co_missed]
    assert t.co_false == 0, [(s.name, s.co_false) for s in scores if s.co_false]
    assert t.dates_ok == t.numbers_ok == t.docs_ok == t.letters, [
        s.name for s in scores if not (s.date_ok and s.number_ok and s.doc_ok)]
    assert t.others_precision >= 0.8


def test_units_named_but_not_co_units_are_never_co_units(scores):
    by_name = {s.name: s for s in scores}
    for path in sorted(LETTERS.glob("*.txt")):
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert not set(by_name[path.stem].co_found) & set(truth["not_co_units"]), path.name
