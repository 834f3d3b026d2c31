"""author_* and payment_queryInfo (node.substrate.author_rpc) on a real Chain through a real
Session whose sink collects what the connection would send."""
from __future__ import annotations

import threading

import pytest

from node.builder import ChainBuilder, address_of
from node.substrate import author_rpc, ingest
from node.substrate.dialect import SubstrateError
from node.substrate.session import Session
from tests.node.substrate.test_ingest import TAO, runtime, scale  # noqa: F401  (the runtime fixture)


class Connection:
    def __init__(self, chain):
        self.sent: list[dict] = []
        self.lock = threading.Lock()
        self.session = Session(chain, self.sink)

    def sink(self, message):
        with self.lock:
            self.sent.append(message)

    def call(self, method, params):
        """The handler's answer; a subscription id is released after it is answered, as the transport does."""
        result = author_rpc.TABLE[method](self.session, params)
        if method == "author_submitAndWatchExtrinsic":
            self.session.release(result)
        return result

    def updates(self, sub):
        return [m["params"]["result"] for m in self.sent if m["params"]["subscription"] == sub]


@pytest.fixture
def b(tmp_path):
    builder = ChainBuilder(tmp_path / "chain")
    yield builder
    builder.close()


def transfer(runtime, chain, **kwargs):
    raw = scale(runtime, chain, "alice", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO},
                **kwargs)
    return raw, "0x" + raw.hex()


def test_submit_answers_the_hash_and_the_block_includes_it(b, runtime):
    conn = Connection(b.chain)
    raw, text = transfer(runtime, b.chain)
    ext_hash = conn.call("author_submitExtrinsic", [text])
    assert ext_hash == ingest.build(raw, 1, b.chain.genesis_hash, lambda n: b.chain.genesis_hash).hash
    b.block()
    assert [e.hash for e in b.last.included] == [ext_hash]
    with pytest.raises(SubstrateError) as info:
        conn.call("author_submitExtrinsic", [text])
    assert info.value.code == 1012
    for bad in (["zz"], ["0xzz"], [], [1]):
        with pytest.raises(SubstrateError) as info:
            conn.call("author_submitExtrinsic", bad)
        assert info.value.code == -32602


def test_submit_and_watch_sends_ready_in_block_finalized_then_ends(b, runtime):
    conn = Connection(b.chain)
    _, text = transfer(runtime, b.chain)
    sub = conn.call("author_submitAndWatchExtrinsic", [text])
    assert conn.updates(sub) == ["ready"]
    b.block()
    head = b.chain.head.hash
    assert conn.updates(sub) == ["ready", {"inBlock": head}, {"finalized": head}]
    assert all(m["method"] == "author_extrinsicUpdate" for m in conn.sent)
    assert conn.session.subscriptions == 0  # the subscription ended with its last update


def test_a_watch_set_after_the_block_still_reports_it(b, runtime):
    """The outcome known inside the submitting handler waits for the id's answer, then arrives."""
    conn = Connection(b.chain)
    _, text = transfer(runtime, b.chain)
    real_watch = b.chain.watch

    def produce_first(ext_hash, event, box):  # a block is made between the submit and the watch
        b.block()
        return real_watch(ext_hash, event, box)

    b.chain.watch = produce_first
    sub = author_rpc.TABLE["author_submitAndWatchExtrinsic"](conn.session, [text])
    assert conn.sent == []  # nothing before the id is answered
    conn.session.release(sub)
    head = b.chain.head.hash
    assert conn.updates(sub) == ["ready", {"inBlock": head}, {"finalized": head}]


def test_a_refused_watch_opens_no_subscription(b, runtime):
    conn = Connection(b.chain)
    _, text = transfer(runtime, b.chain, nonce=0)
    b.transfer("alice", "bob", TAO).block()
    with pytest.raises(SubstrateError) as info:
        conn.call("author_submitAndWatchExtrinsic", [text])
    assert info.value.data == "Transaction is outdated"
    assert conn.session.subscriptions == 0 and conn.sent == []


def test_future_then_unwatch(b, runtime):
    conn = Connection(b.chain)
    _, text = transfer(runtime, b.chain, nonce=3)
    sub = conn.call("author_submitAndWatchExtrinsic", [text])
    assert conn.updates(sub) == ["future"]
    assert conn.call("author_unwatchExtrinsic", [sub]) is True
    assert conn.call("author_unwatchExtrinsic", [sub]) is False
    b.block()
    assert conn.updates(sub) == ["future"]


def test_watches_are_bounded_per_client_and_in_all(b, runtime):
    """Past the bounds a submit-and-watch answers TOO_MANY_SUBSCRIPTIONS and submits nothing; every
    way a watch ends (unwatch, inclusion, the connection closing) gives its place back."""
    from node.rpc_wait import Waiters

    watches = Waiters(total=3, per_client=2)
    first, second = Connection(b.chain), Connection(b.chain)
    first.session.client, second.session.client = "10.0.0.1", "10.0.0.2"
    first.session.watches = second.session.watches = watches
    texts = [transfer(runtime, b.chain, nonce=n)[1] for n in range(6)]  # nonce 0 ready, the rest future
    ready = first.call("author_submitAndWatchExtrinsic", [texts[0]])
    future = first.call("author_submitAndWatchExtrinsic", [texts[3]])
    with pytest.raises(SubstrateError) as info:  # the client's third
        first.call("author_submitAndWatchExtrinsic", [texts[4]])
    assert info.value.code == -32006 and "at most 2 from one client" in info.value.message
    assert len(b.chain.pool) == 2 and first.session.subscriptions == 2
    second.call("author_submitAndWatchExtrinsic", [texts[5]])
    with pytest.raises(SubstrateError) as info:  # the third in all
        second.call("author_submitAndWatchExtrinsic", [texts[2]])
    assert "3 in all" in info.value.message and watches.saturated and len(b.chain.pool) == 3
    assert first.call("author_unwatchExtrinsic", [future]) is True
    assert watches.count == 2
    b.block()  # nonce 0 is included: its watch ends
    assert first.updates(ready)[-1] == {"finalized": b.chain.head.hash} and watches.count == 1
    second.session.close()
    assert watches.count == 0 and not watches.saturated


def test_watch_over_http_is_refused_and_submits_nothing(b, runtime):
    _, text = transfer(runtime, b.chain)
    with pytest.raises(SubstrateError):
        author_rpc.TABLE["author_submitAndWatchExtrinsic"](Session(b.chain, None), [text])
    assert len(b.chain.pool) == 0


def test_payment_query_info_is_the_fee_the_block_charges(b, runtime):
    conn = Connection(b.chain)
    raw, text = transfer(runtime, b.chain)
    info = conn.call("payment_queryInfo", [text])
    assert info["class"] == "normal" and info["weight"] == {"ref_time": 0, "proof_size": 0}
    before = b.free("alice")
    conn.call("author_submitExtrinsic", [text])
    b.block()
    assert before - b.free("alice") - TAO == int(info["partialFee"]) == ingest.fee_of(b.chain, raw)


def test_block_extrinsics_list_every_extrinsic_at_its_events_index(b, runtime):
    """chain_getBlock's list: the SCALE bytes as submitted, a JSON one as a bare System.remark of
    its JSON, in block order (so ApplyExtrinsic(i) of System.Events names the i-th)."""
    import json

    from node.substrate.codec import codec

    raw, _ = transfer(runtime, b.chain, nonce=1)
    b.transfer("alice", "bob", TAO)  # JSON, nonce 0, first in the block
    ingest.submit(b.chain, raw)
    b.block()
    listed = ingest.block_extrinsics(b.chain, b.chain.head.number)
    assert listed[1] == "0x" + raw.hex() and len(listed) == 2
    remark = codec().decode_extrinsic(bytes.fromhex(listed[0][2:]))
    assert (remark.signed, remark.pallet, remark.function) == (False, "System", "remark")
    stored = b.chain.reader.extrinsics(b.chain.head.number)[0]["extrinsic"]
    assert json.loads(remark.args["remark"]) == stored


def test_a_watched_extrinsic_the_block_drops_is_reported_invalid(b, runtime):
    """Queued behind a transfer_all that empties the signer: it can no longer pay its fee when the
    block applies it, so the producer drops it and the watcher hears "invalid"."""
    conn = Connection(b.chain)
    b.submit("alice", "balances.transfer_all", {"dest": address_of("bob"), "keep_alive": False})
    _, text = transfer(runtime, b.chain)  # nonce 1
    sub = conn.call("author_submitAndWatchExtrinsic", [text])
    b.block()
    assert conn.updates(sub) == ["ready", "invalid"]
    assert len(b.chain.pool) == 0 and conn.session.subscriptions == 0
