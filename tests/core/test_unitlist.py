"""Unit lists (core/unitlist.py): 、，, ；; / and spaces all separate names, against a plain
reference that walks the text one character at a time."""
from hypothesis import given
from hypothesis import strategies as st

from qjtasks.core.unitlist import split_units

SEPARATORS = "、，,；;/ \t\n\u3000"


def reference(text: str) -> list[str]:
    names, current = [], ""
    for ch in text + " ":
        if ch in SEPARATORS:
            if current and current not in names:
                names.append(current)
            current = ""
        else:
            current += ch
    return names


NAMES = st.sampled_from(["区科技局", "区交通局", "区财政局", "区国资委", "区住房城乡建委",
                         "重庆市綦江区发展和改革委员会", "区机关事务管理中心"])
SEPS = st.text(alphabet=SEPARATORS, min_size=1, max_size=3)


@given(st.lists(st.tuples(NAMES, SEPS), max_size=8), SEPS, st.booleans())
def test_any_mix_of_separators_gives_the_names_in_order(parts, lead, leading):
    text = (lead if leading else "") + "".join(name + sep for name, sep in parts)
    expected = list(dict.fromkeys(name for name, _sep in parts))
    assert split_units(text) == reference(text) == expected


@given(st.text(alphabet=SEPARATORS + "区科技局交通ab1", max_size=40))
def test_any_text_splits_like_the_reference(text):
    assert split_units(text) == reference(text)


@given(st.lists(st.text(alphabet=SEPARATORS + "区科技局交通", max_size=12), max_size=4))
def test_a_list_of_values_reads_as_their_concatenation(values):
    """`--co 区科技局、区交通局 --co 区财政局` is one list."""
    assert split_units(values) == reference(" ".join(values))


def test_examples_users_typed():
    assert split_units("区科技局、区交通局") == ["区科技局", "区交通局"]
    assert split_units("区科技局，区交通局, 区财政局") == ["区科技局", "区交通局", "区财政局"]
    assert split_units(" 区科技局  区交通局\u3000区科技局 ") == ["区科技局", "区交通局"]
    assert split_units(None) == [] and split_units("、，") == []
