"""The runtime calls the bittensor 11.3 CLI's `wallet balance` makes beyond 10.5's:
`StakeInfoRuntimeApi_get_stake_availability_for_coldkeys` (a BTreeMap of BTreeMaps, which the
codec writes itself: scalecodec cannot encode the registry's BTreeMap) and BetaBasketRuntimeApi's
`get_root_basket_owed` / `get_root_basket_positions`, on a builder chain where root dividends wait
to be claimed. Answers go through `state_call` and are decoded with the spec-461 metadata."""
from __future__ import annotations

import pytest

from node.builder import address_of
from node.read_model import stakes as rm_stakes
from node.reader import View
from node.runtime import root_claim
from node.substrate import runtime_rpc
from node.substrate.apis_encode import account_bytes
from node.substrate.codec import codec
from node.substrate.session import Session
from tests.economics.conftest import TAO
from tests.economics.test_take_and_root_claims import rooted  # noqa: F401  (the fixture)


def call(chain, name: str, *params):
    c = codec()
    method = c.api_by_call_name(name)
    data = "0x" + c.encode_api_params(method, list(params)).hex()
    answer = runtime_rpc.state_call(Session(chain), [name, data])
    return c.decode_api_result(method, bytes.fromhex(answer[2:]))


def test_the_codec_encodes_btreemaps_nested_in_structs_and_sequences():
    c = codec()
    method = c.api_method("StakeInfoRuntimeApi", "get_stake_availability_for_coldkeys")
    alice, bob = address_of("alice"), address_of("bob")
    value = {alice: {1: {"total": 5, "locked": 0, "available": 5}, 300: {"total": 2**40, "locked": 1,
                                                                        "available": 2**40 - 1}},
             bob: {}}
    raw = c.encode(method.output, value)
    inner = (b"\x08" + (1).to_bytes(2, "little") + b"\x14\x00\x14" + (300).to_bytes(2, "little")
             + c.encode("Compact<u64>", 2**40) + b"\x04" + c.encode("Compact<u64>", 2**40 - 1))
    assert raw == b"\x08" + account_bytes(alice) + inner + account_bytes(bob) + b"\x00"
    assert c.decode(method.output, raw) == value
    assert c.encode(method.output, [(alice, [(1, value[alice][1]), (300, value[alice][300])]), (bob, [])]) == raw


def test_stake_availability_is_every_stake_unlocked(rooted):  # noqa: F811
    econ, a, _ = rooted
    chain = econ.b.chain
    keys = [address_of(n) for n in ("bob", "charlie", "dave", "eve")]
    view = View(chain.reader.conn())
    held = {k: {} for k in keys}
    for k in keys:
        for r in rm_stakes.stakes(view, k):
            held[k][r["netuid"]] = held[k].get(r["netuid"], 0) + r["alpha"]
    assert held[keys[0]][a] > 0 and held[keys[1]][0] == 100 * TAO and not held[keys[3]]
    everything = call(chain, "StakeInfoRuntimeApi_get_stake_availability_for_coldkeys", keys, None)
    assert everything == {k: {n: {"total": v, "locked": 0, "available": v} for n, v in held[k].items()} for k in keys}
    asked = call(chain, "StakeInfoRuntimeApi_get_stake_availability_for_coldkeys", keys[:2], [0, a])
    assert asked == {keys[0]: {0: {"total": 0, "locked": 0, "available": 0}, a: everything[keys[0]][a]},
                     keys[1]: {0: everything[keys[1]][0], a: {"total": 0, "locked": 0, "available": 0}}}


@pytest.mark.parametrize("who", ["charlie", "dave"])
def test_root_basket_owed_is_what_a_swap_claim_realizes(rooted, who):  # noqa: F811
    econ, a, _ = rooted
    chain, coldkey = econ.b.chain, address_of(who)
    owed_alpha = root_claim.owed(chain.state, coldkey, address_of("val1"), a)
    assert owed_alpha > 0
    owed = call(chain, "BetaBasketRuntimeApi_get_root_basket_owed", coldkey)
    assert call(chain, "BetaBasketRuntimeApi_get_root_basket_positions", coldkey) == []
    assert call(chain, "BetaBasketRuntimeApi_get_root_basket_owed", address_of("eve")) == 0
    events = dict(econ.ok(who, "subtensor.claim_root", subnets=[a]))
    (claim,) = events["subtensor.RootClaimed"]["claims"]
    assert claim["alpha"] == owed_alpha and not claim["kept"]
    # the claim's block first adds that block's emission to the pool, which moves its price a little
    assert claim["tao"] > 0 and abs(owed - claim["tao"]) <= claim["tao"] // 10_000
