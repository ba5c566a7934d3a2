"""Terminal tables: the faster cell measuring (issue 20) gives the same table as the plain one."""
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from qjtasks.cli import fmt


def _plain_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _plain_table(headers, rows, limits):
    """The table as it was computed before: every cell normalised, measured and clipped."""
    def cell(value, limit):
        text = " ".join(("" if value is None else str(value)).split())
        size = _plain_width(text)
        if size <= limit:
            return text, size
        out, used = [], 0
        for ch in text:
            w = _plain_width(ch)
            if used + w > limit - 1:
                break
            out.append(ch)
            used += w
        return "".join(out) + "…", used + 1
    cells = [[cell(v, lim) for v, lim in zip(r, limits, strict=True)] for r in rows]
    head = [(h, _plain_width(h)) for h in headers]
    sizes = [max([head[i][1]] + [r[i][1] for r in cells]) for i in range(len(headers))]
    return "\n".join("  ".join(t + " " * (s - w) for (t, w), s in zip(row, sizes, strict=True)
                               ).rstrip()
                     for row in [head, *cells])


values = st.one_of(st.none(), st.integers(-10**25, 10**25),
                   st.text(st.sampled_from("綦发改督〔2026〕13号区交通局 、\t\n…·ーabcXYZ019%→"),
                           max_size=40),
                   st.text(max_size=12))


@settings(max_examples=200)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.integers(1, 30), min_size=n, max_size=n),
    st.lists(st.lists(values, min_size=n, max_size=n), max_size=6))))
def test_table_is_the_plain_table(case):
    limits, rows = case
    headers = [f"列{i}" for i in range(len(limits))]
    assert fmt.table(headers, rows, limits) == _plain_table(headers, rows, limits)
