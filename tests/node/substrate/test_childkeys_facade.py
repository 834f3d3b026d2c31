"""Childkeys on the Substrate façade: the real SetChildren / set_childkey_take calls map to taonet's
neutral calls, and ChildKeys / ParentKeys / ChildkeyTake / PendingChildKeys read back through
state_getStorage with the spec-461 metadata (a real builder chain, real signed extrinsics)."""
from __future__ import annotations

from types import SimpleNamespace

from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, ChainSpec
from node.substrate import storage_rpc
from node.substrate.calls_map import to_neutral
from node.substrate.codec import codec

TAO = 10**9
MAX = 2**64 - 1


def test_real_calls_map_to_neutral_calls():
    c = codec()
    alice, bob = DEV_ACCOUNTS["alice"], DEV_ACCOUNTS["bob"]
    raw = c.encode_call({"call_module": "SubtensorModule", "call_function": "set_children",
                         "call_args": {"hotkey": alice, "netuid": 3, "children": [[MAX // 2, bob]]}})
    call = c.decode_call(raw)
    assert to_neutral(call["call_module"], call["call_function"], call["call_args"], alice) == \
        ("subtensor.set_children", {"hotkey": alice, "netuid": 3, "children": [[MAX // 2, bob]]})
    raw = c.encode_call({"call_module": "SubtensorModule", "call_function": "set_childkey_take",
                         "call_args": {"hotkey": alice, "netuid": 3, "take": 1000}})
    call = c.decode_call(raw)
    assert to_neutral(call["call_module"], call["call_function"], call["call_args"], alice) == \
        ("subtensor.set_childkey_take", {"hotkey": alice, "netuid": 3, "take": 1000})


def q(chain, item: str, params):
    c = codec()
    key = "0x" + c.storage_key("SubtensorModule", item, list(params)).hex()
    raw = storage_rpc.get_storage(SimpleNamespace(chain=chain), [key])
    return c.decode_storage_value("SubtensorModule", item, None if raw is None else bytes.fromhex(raw[2:]))


def test_storage_items(tmp_path):
    spec = ChainSpec("taonet-ck-facade", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0,
                     {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO})
    b = ChainBuilder(tmp_path / "chain", spec)

    def ok(who, call, /, **args):
        b.submit(who, call, args)
        b.block()
        assert b.last.results[-1].success, b.last.results[-1].message

    owner, kid, kid2 = address_of("owner1"), address_of("kid"), address_of("kid2")
    ok("alice", "subtensor.register_network", hotkey=owner)
    ok("alice", "subtensor.set_children", hotkey=owner, netuid=1, children=[[MAX // 3, kid]])  # not started: now
    ok("alice", "subtensor.set_childkey_take", hotkey=owner, netuid=1, take=500)
    ok("alice", "subtensor.start_call", netuid=1)
    b.block(150)
    ok("alice", "subtensor.set_children", hotkey=owner, netuid=1, children=[[MAX // 4, kid2]])  # started: pending
    assert [tuple(x) for x in q(b.chain, "ChildKeys", (owner, 1))] == [(MAX // 3, kid)]
    assert [tuple(x) for x in q(b.chain, "ParentKeys", (kid, 1))] == [(MAX // 3, owner)]
    assert q(b.chain, "ChildkeyTake", (owner, 1)) == 500
    assert q(b.chain, "ChildkeyTake", (kid, 1)) == 0
    assert q(b.chain, "ChildKeys", (kid, 1)) == []
    children, cooldown = q(b.chain, "PendingChildKeys", (1, owner))
    assert [tuple(x) for x in children] == [(MAX // 4, kid2)] and cooldown == b.chain.head.number + 7200
    b.close()
