"""Naming a reply letter (core/replyref.py) by number, 文号 or proposal."""
import pytest

from qjtasks.core.errors import NotFoundError, ValidationError
from qjtasks.core.replyref import Letter, find

KNOWN = [Letter(1, "綦发改函〔2022〕140号", "区政协三届一次会议", "024"),
         Letter(24, "綦交函〔2023〕9号", "区政协三届二次会议", "007"),
         Letter(30, "", "区人大三届一次会议", "7")]


@pytest.mark.parametrize("text,reply", [
    ("1", 1), ("24", 24), ("024", 1), ("第024号", 1), ("第24号提案", 1), ("綦交函【2023】9号", 24),
    ("〔2023〕9号", 24), ("区人大三届一次会议第7号建议", 30), ("区政协三届二次会议第007号提案", 24)])
def test_finds_the_letter(text, reply):
    assert find(text, KNOWN) == reply


def test_two_proposals_with_one_number_are_named_not_guessed():
    with pytest.raises(ValidationError, match="对应 2 份复函") as err:
        find("第7号", KNOWN)
    assert "编号 24" in err.value.message and "编号 30" in err.value.message


@pytest.mark.parametrize("text", ["綦发改函〔2022〕14号", "第8号", "99", "发改委"])
def test_nothing_found_says_what_to_write(text):
    with pytest.raises(NotFoundError, match="没有找到"):
        find(text, KNOWN)
