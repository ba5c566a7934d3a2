"""禁则: no line starts with closing punctuation or ends with opening punctuation; none too wide."""
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qjtasks.pdf.linebreak import CANNOT_END, CANNOT_START, break_lines, violations


def width(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def test_closing_punctuation_is_pulled_to_the_next_line_with_its_character():
    lines = break_lines("一二三四五，六七八", width, 5)
    assert lines == ["一二三四", "五，六七八"]


def test_opening_punctuation_never_ends_a_line():
    lines = break_lines("一二三四《五六》七八", width, 5)
    assert lines[0] == "一二三四" and lines[1].startswith("《")


def test_runs_of_closing_marks_move_together():
    lines = break_lines("一二三四五。”六七", width, 5)
    assert violations(lines) == []
    assert "".join(lines) == "一二三四五。”六七"


def test_latin_runs_and_numbers_stay_whole():
    lines = break_lines("綦发改函〔2022〕140号文件", width, 6)
    assert any("2022" in line for line in lines)
    assert all("202" not in line or "2022" in line for line in lines)


def test_explicit_newlines_start_new_lines():
    assert break_lines("甲\n\n乙", width, 10) == ["甲", "", "乙"]


def test_overlong_latin_run_is_cut_to_fit():
    lines = break_lines("x" * 50, width, 5)
    assert all(width(line) <= 5 for line in lines) and "".join(lines) == "x" * 50


alphabet = st.sampled_from(list("绿色发展宣传学习工作计划") + list("，。、；：？！）》”（《“")
                           + list("ab12 "))


@settings(max_examples=300, deadline=None)
# Measures below ten characters let a cluster such as “（（b》？” be wider than a whole line,
# where no break can satisfy every rule; the narrowest cell on any sheet holds more than ten.
@given(st.text(alphabet=alphabet, min_size=0, max_size=200), st.integers(10, 30))
def test_rules_hold_for_any_text(text, measure):
    marks = "".join(sorted(CANNOT_START | CANNOT_END)).replace("]", "\\]").replace("-", "\\-")
    assume(not re.search(f"[{marks}]{{3,}}", text))  # real prose has at most two marks in a row
    lines = break_lines(text, width, measure)
    assert "".join(lines) == text
    assert all(width(line) <= measure for line in lines)
    bad = [i for i, line in enumerate(lines[1:], 1)
           if line and line[0] in CANNOT_START
           and not (_all_punct(lines[i - 1]) or _all_punct(line))]
    bad += [i for i, line in enumerate(lines[:-1]) if line and line[-1] in CANNOT_END
            and not _all_punct(line)]
    assert not bad, lines


def _all_punct(line: str) -> bool:
    # A line made only of marks cannot obey the rules; the breaker then gives up on purpose.
    return all(c in CANNOT_START or c in CANNOT_END for c in line.strip())
