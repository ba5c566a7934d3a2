"""The outbox decides what a package carries: every record above what the peer acknowledged,
in sequence order, with its text — also records no longer current (the peer must still get
them once), whose text is read back from the outbox."""
from qjtasks.core.store import Store
from qjtasks.core.tx import transaction
from qjtasks.exchange.export import _sync_outbox
from qjtasks.exchange.records import Record


def _sent(pending):
    return [(p["ruid"], p["text"]) for p in pending]


def test_pending_records_in_order_with_those_no_longer_current_read_back():
    store = Store.memory()
    conn = store.conn
    peer = {"id": 7, "out_seq": 0, "acked_by_peer": 0}
    first = [Record.of_text("a", "note", '{"x":1}'), Record.of_text("b", "note", '{"x":2}')]
    with transaction(conn):
        seq1, pending = _sync_outbox(store, peer, first)
    assert _sent(pending) == [("a", '{"x":1}'), ("b", '{"x":2}')]
    assert [p["seq"] for p in pending] == [seq1 - 1, seq1]
    # "a" is gone from the current records, "b" changed, "c" is new; nothing acknowledged yet
    peer["out_seq"] = seq1
    second = [Record.of_text("c", "sign", '{"y":1}'), Record.of_text("b", "note", '{"x":3}')]
    with transaction(conn):
        seq2, pending = _sync_outbox(store, peer, second)
    assert _sent(pending) == [("a", '{"x":1}'), ("c", '{"y":1}'), ("b", '{"x":3}')]
    assert [p["kind"] for p in pending] == ["note", "sign", "note"]
    assert pending[0]["hash"] == first[0].digest
    # the peer acknowledged everything up to the first export: "a" is not sent again
    peer.update(out_seq=seq2, acked_by_peer=seq1)
    with transaction(conn):
        _, pending = _sync_outbox(store, peer, second)
    assert _sent(pending) == [("c", '{"y":1}'), ("b", '{"x":3}')]
    peer["acked_by_peer"] = seq2
    with transaction(conn):
        seq3, pending = _sync_outbox(store, peer, second)
    assert pending == [] and seq3 >= seq2
