"""Auto-stake on the Substrate façade: the real set_coldkey_auto_stake_hotkey maps to taonet's call,
AutoStakeDestination / AutoStakeDestinationColdkeys read back with the spec-461 metadata, and a
coldkey's destinations list by its key prefix (the real btcli's query_map), on a builder chain."""
from __future__ import annotations

from types import SimpleNamespace

from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, ChainSpec
from node.substrate import storage_rpc
from node.substrate.calls_map import to_neutral
from node.substrate.codec import codec
from node.substrate.events import convert
from tests.node.substrate.test_childkeys_facade import q

TAO = 10**9


def test_real_call_and_events_map():
    c = codec()
    alice, bob = DEV_ACCOUNTS["alice"], DEV_ACCOUNTS["bob"]
    call = c.decode_call(c.encode_call({"call_module": "SubtensorModule", "call_function": "set_coldkey_auto_stake_hotkey",
                                        "call_args": {"netuid": 3, "hotkey": bob}}))
    assert to_neutral(call["call_module"], call["call_function"], call["call_args"], alice) == \
        ("subtensor.set_coldkey_auto_stake_hotkey", {"netuid": 3, "hotkey": bob})
    records = convert([(None, "subtensor.AutoStakeAdded", {"netuid": 3, "destination": bob, "hotkey": alice,
                                                           "owner": alice, "incentive": 7})])
    assert [r.name for r in records] == ["SubtensorModule.AutoStakeAdded"]
    c.encode_events(records)  # encodable with the metadata's fields


def test_storage_items(tmp_path):
    spec = ChainSpec("taonet-as-facade", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0,
                     {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO})
    b = ChainBuilder(tmp_path / "chain", spec)

    def ok(who, call, /, **args):
        b.submit(who, call, args)
        b.block()
        assert b.last.results[-1].success, b.last.results[-1].message

    owner, miner = address_of("owner1"), address_of("miner")
    bob, charlie = DEV_ACCOUNTS["bob"], DEV_ACCOUNTS["charlie"]
    ok("alice", "subtensor.register_network", hotkey=owner)
    ok("bob", "subtensor.burned_register", netuid=1, hotkey=miner)
    ok("bob", "subtensor.set_coldkey_auto_stake_hotkey", netuid=1, hotkey=owner)
    ok("charlie", "subtensor.set_coldkey_auto_stake_hotkey", netuid=1, hotkey=owner)
    assert q(b.chain, "AutoStakeDestination", (bob, 1)) == owner
    assert q(b.chain, "AutoStakeDestination", (bob, 0)) is None
    assert sorted(q(b.chain, "AutoStakeDestinationColdkeys", (owner, 1))) == sorted([bob, charlie])
    assert q(b.chain, "AutoStakeDestinationColdkeys", (miner, 1)) == []
    c = codec()
    prefix = "0x" + c.storage_key("SubtensorModule", "AutoStakeDestination", [bob]).hex()
    keys = storage_rpc.get_keys_paged(SimpleNamespace(chain=b.chain), [prefix, 100])
    assert keys == ["0x" + c.storage_key("SubtensorModule", "AutoStakeDestination", [bob, 1]).hex()]
    b.close()
