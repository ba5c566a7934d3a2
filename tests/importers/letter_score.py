"""Score the reply-letter importer on the corpus of real published letters in tests/data/letters.

Each letter `NN_slug.txt` (its `# ` lines name the source page) has a truth file `NN_slug.json`
written by reading the letter: the number of next-step items (`items`, with `items_alt` where a
reasonable reader could split differently), the co-handling units (`co_units`, spellings in
`co_unit_aliases`), bodies that are named but are not co-units (`not_co_units`), the letter's
date, 文号 and proposal number, and `other_ok`: words that mark the importer's "其他承诺" drafts
that are real checkable promises (a draft counts as right when its text contains one of them).

Run by hand for the per-letter table: `.venv/bin/python tests/importers/letter_score.py`.
`test_letter_corpus.py` runs the same scoring and holds the importer to the issue's bar.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

LETTERS = Path(__file__).parents[1] / "data" / "letters"


@dataclass
class LetterScore:
    name: str
    level: str
    items_found: int
    items_ok: bool
    items_expected: str
    co_found: list[str]
    co_right: list[str]
    co_false: list[str]
    co_missed: list[str]
    date_ok: bool
    number_ok: bool
    doc_ok: bool
    others: int
    others_ok: int
    notes: list[str] = field(default_factory=list)


def letter_text(path: Path) -> str:
    """The letter as published: the file without its leading `# ` source lines."""
    lines = path.read_text(encoding="utf-8").split("\n")
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "\n".join(lines)


def truths() -> list[tuple[Path, dict]]:
    return [(p, json.loads(p.with_suffix(".json").read_text(encoding="utf-8")))
            for p in sorted(LETTERS.glob("*.txt"))]


def score_one(path: Path, truth: dict) -> LetterScore:
    from qjtasks.importers import parse_letter
    r = parse_letter(letter_text(path))
    d = r.document
    wanted = [truth["items"], *truth.get("items_alt", [])]
    names = {n: n for n in truth["co_units"]}
    for n, aliases in truth.get("co_unit_aliases", {}).items():
        names.update({a: n for a in aliases})
    found = [u.name for u in r.co_units]
    right = [f for f in found if f in names]
    ok_words = truth.get("other_ok", [])
    others_ok = sum(1 for c in r.other_commitments if any(w in c.text for w in ok_words))
    return LetterScore(
        name=path.stem, level=truth["level"], items_found=len(r.plan_items),
        items_ok=len(r.plan_items) in wanted, items_expected="/".join(map(str, wanted)),
        co_found=found, co_right=right, co_false=[f for f in found if f not in names],
        co_missed=[n for n in truth["co_units"] if n not in {names[f] for f in right}],
        date_ok=(d.date.isoformat() if d.date else None) == truth["date"],
        number_ok=d.proposal_number == truth["proposal_number"],
        doc_ok=d.doc_number == truth["doc_number"],
        others=len(r.other_commitments), others_ok=others_ok)


def score_all() -> list[LetterScore]:
    return [score_one(p, t) for p, t in truths()]


@dataclass
class Totals:
    letters: int
    items_ok: int
    co_expected: int
    co_right: int
    co_false: int
    dates_ok: int
    numbers_ok: int
    docs_ok: int
    others: int
    others_ok: int

    @property
    def co_recall(self) -> float:
        return self.co_right / self.co_expected if self.co_expected else 1.0

    @property
    def others_precision(self) -> float:
        return self.others_ok / self.others if self.others else 1.0


def totals(scores: list[LetterScore]) -> Totals:
    return Totals(
        letters=len(scores), items_ok=sum(s.items_ok for s in scores),
        co_expected=sum(len(s.co_right) + len(s.co_missed) for s in scores),
        co_right=sum(len(s.co_right) for s in scores), co_false=sum(len(s.co_false) for s in scores),
        dates_ok=sum(s.date_ok for s in scores), numbers_ok=sum(s.number_ok for s in scores),
        docs_ok=sum(s.doc_ok for s in scores), others=sum(s.others for s in scores),
        others_ok=sum(s.others_ok for s in scores))


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def table(scores: list[LetterScore]) -> str:
    rows = ["信件                                    层级  事项(得/应)  协办单位(对/错/漏)       日期 编号 文号 其他承诺(对/共)"]
    for s in scores:
        co = f"{len(s.co_right)}/{len(s.co_false)}/{len(s.co_missed)}"
        extra = (" 错：" + "、".join(s.co_false) if s.co_false else "") + (
            " 漏：" + "、".join(s.co_missed) if s.co_missed else "")
        rows.append(f"{s.name[:40]:<40}{s.level:<5}{_mark(s.items_ok)} {s.items_found}/{s.items_expected:<8}"
                    f"{co:<8}{extra[:26]:<26}{_mark(s.date_ok):>3}{_mark(s.number_ok):>5}{_mark(s.doc_ok):>5}"
                    f"  {s.others_ok}/{s.others}")
    t = totals(scores)
    rows.append(f"合计 {t.letters} 封：事项数正确 {t.items_ok}/{t.letters}（{t.items_ok / t.letters:.0%}）；"
                f"协办单位找到 {t.co_right}/{t.co_expected}（{t.co_recall:.0%}），错认 {t.co_false} 个；"
                f"日期 {t.dates_ok}/{t.letters}；编号 {t.numbers_ok}/{t.letters}；文号 {t.docs_ok}/{t.letters}；"
                f"其他承诺准确率 {t.others_ok}/{t.others}（{t.others_precision:.0%}）")
    return "\n".join(rows)


def main() -> int:
    print(table(score_all()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parents[2]))
    sys.exit(main())
