"""taonet_transfers: an address's balances.Transfer events, newest first, paged by whole blocks."""
from __future__ import annotations

from node import rpc_registry
from node.builder import ChainBuilder, address_of
from node.genesis import dev_spec

TAO = 10**9


def test_transfers_newest_first_paged_by_whole_blocks(tmp_path):
    b = ChainBuilder(tmp_path / "chain", dev_spec())
    try:
        b.transfer("alice", "bob", 1 * TAO).block()
        b.transfer("alice", "bob", 2 * TAO).transfer("bob", "alice", 3 * TAO, nonce=0).block()  # one block, two
        b.transfer("charlie", "dave", 4 * TAO).block()  # not alice's
        b.transfer("alice", "charlie", 5 * TAO).block()
        alice = address_of("alice")
        page = rpc_registry.call(b.chain, "taonet_transfers", [alice, 2])
        assert [t["amount"] for t in page["transfers"]] == [5 * TAO, 3 * TAO, 2 * TAO]  # block 2 whole
        assert [t["direction"] for t in page["transfers"]] == ["out", "in", "out"]
        assert page["transfers"][0]["extrinsic_id"] == f"{page['transfers'][0]['block_number']}-0"
        rest = rpc_registry.call(b.chain, "taonet_transfers", {"address": alice, "limit": 2,
                                                                "before_block": page["next_before"]})
        assert [t["amount"] for t in rest["transfers"]] == [1 * TAO] and rest["next_before"] is None
        assert rpc_registry.call(b.chain, "taonet_transfers", [address_of("eve")])["transfers"] == []
    finally:
        b.close()
