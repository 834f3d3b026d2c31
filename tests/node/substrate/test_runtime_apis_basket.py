"""The runtime calls the bittensor 11.3 CLI's `wallet balance` makes beyond 10.5's:
BetaBasketRuntimeApi's `get_root_basket_owed` / `get_root_basket_positions`, on a builder chain
where root dividends wait to be claimed. Answers go through `state_call` and are decoded with the
spec-461 metadata."""
from __future__ import annotations

import pytest

from node.builder import address_of
from node.runtime import root_claim
from node.substrate import runtime_rpc
from node.substrate.codec import codec
from node.substrate.session import Session
from tests.economics.test_take_and_root_claims import rooted  # noqa: F401  (the fixture)


def call(chain, name: str, *params):
    c = codec()
    method = c.api_by_call_name(name)
    data = "0x" + c.encode_api_params(method, list(params)).hex()
    answer = runtime_rpc.state_call(Session(chain), [name, data])
    return c.decode_api_result(method, bytes.fromhex(answer[2:]))


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
