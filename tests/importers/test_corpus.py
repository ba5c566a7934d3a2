"""The importer's score on the real-letter corpus (tests/data/letters) can only go up.

Prints the per-letter table (`pytest -s` shows it) and asserts the totals as a floor: when a
change to the importer raises a figure, raise it here too; a change that lowers one fails.
Issue 17's bar (≥ 95 % item counts and co-units, no false co-unit, 其他承诺 precision ≥ 80 %)
is the target the floor climbs toward.
"""
import pytest
from letter_score import score_all, table, totals

FLOOR = {"items_ok": 62, "co_right": 21, "dates_ok": 63, "numbers_ok": 63, "docs_ok": 63, "others_ok": 8}
MAX_CO_FALSE = 0
MIN_OTHERS_PRECISION = 0.8


@pytest.fixture(scope="module")
def scores():
    return score_all()


def test_corpus_scores_never_fall(scores):
    print("\n" + table(scores))
    t = totals(scores)
    got = {k: getattr(t, k) for k in FLOOR}
    assert all(got[k] >= v for k, v in FLOOR.items()), (got, FLOOR)
    assert t.co_false <= MAX_CO_FALSE, [(s.name, s.co_false) for s in scores if s.co_false]
    assert t.others_precision >= MIN_OTHERS_PRECISION - 1e-9, (t.others_ok, t.others)
