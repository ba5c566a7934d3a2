"""Sheet codes: what they say, and that only the office's key makes a code that checks."""
import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from qjtasks.exchange import keys
from qjtasks.paper import codes

PAIR = keys.KeyPair.generate()
OTHER = keys.KeyPair.generate()
serials = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
sheets = st.sampled_from(["R", "N", "C1-1", "C2-2"])


def reference_check(pair, body: str) -> str:
    """Plain restatement of the check value: HMAC-SHA256 under SHA-256(domain + signing key)."""
    import base64
    key = hashlib.sha256(b"qjtasks-paper-code-v1" + pair.sign_priv.private_bytes_raw()).digest()
    mac = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:10]


@given(st.integers(1, 10**9), st.integers(1, 10**6), serials, sheets)
def test_a_code_parses_back_and_checks(item_id, unit_id, serial, sheet):
    signer = codes.Signer(PAIR)
    text = signer.code(item_id, unit_id, serial, sheet)
    code = codes.parse(text)
    assert (code.item_id, code.unit_id, code.serial, code.sheet) == (item_id, unit_id, serial,
                                                                       sheet)
    assert code.office == keys.normalise_fingerprint(PAIR.public.fingerprint).replace("-", "")[:8]
    assert code.check == reference_check(PAIR, text.rsplit("|", 1)[0])
    assert signer.verify(code) and signer.is_ours(code)
    assert code.is_receipt == (sheet == "R")


@given(st.integers(1, 10**6), st.integers(1, 1000), serials, st.data())
def test_any_changed_field_fails_the_check(item_id, unit_id, serial, data):
    signer = codes.Signer(PAIR)
    code = codes.parse(signer.code(item_id, unit_id, serial, "R"))
    field = data.draw(st.sampled_from(["item_id", "unit_id", "serial", "sheet"]))
    changed = {"item_id": item_id + 1, "unit_id": unit_id + 1, "serial": serial + "1",
               "sheet": "N"}[field]
    forged = codes.SheetCode(**{**code.__dict__, field: changed})
    assert not signer.verify(forged)


def test_another_key_is_another_office_and_cannot_forge():
    mine, theirs = codes.Signer(PAIR), codes.Signer(OTHER)
    code = codes.parse(theirs.code(1, 2, "綦发改督〔2026〕1号", "R"))
    assert not mine.is_ours(code)
    # a code made with another key but claiming this office's tag still fails
    claimed = codes.SheetCode(mine.office, 1, 2, "綦发改督〔2026〕1号", "R", code.check)
    assert mine.is_ours(claimed) and not mine.verify(claimed)


def test_other_text_is_not_a_code():
    for text in ("", "https://example.org", "QJ1|x|y", "QJ1|AB|one|2|s|R|CHECK", "QJ2|a|1|2|s|R|c"):
        assert codes.parse(text) is None
    assert codes.parse("QJ1|AB|1|2|a|b|R|CHECK").serial == "a|b"


def test_signer_for_keeps_one_key_file_beside_the_database(store):
    first = codes.signer_for(store)
    assert keys.key_path(store.path).is_file()
    assert codes.signer_for(store).fingerprint == first.fingerprint
