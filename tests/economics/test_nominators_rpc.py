"""`taonet_nominators`: the coldkeys staking to a hotkey on a subnet, their alpha as the chain
values it (the same numbers an unstake would take), largest first."""
from __future__ import annotations

import pytest

from node.builder import address_of as A
from node.rpc_params import InvalidParams
from node.rpc_registry import call
from tests.economics.conftest import TAO


def test_nominators_of_a_hotkey_on_a_subnet(econ):
    n1 = econ.new_subnet("alice", "owner1")
    n2 = econ.new_subnet("bob", "owner2")
    econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=n1, amount_staked=20 * TAO)
    econ.ok("charlie", "subtensor.add_stake", hotkey=A("owner1"), netuid=n1, amount_staked=5 * TAO)
    econ.ok("charlie", "subtensor.add_stake", hotkey=A("owner1"), netuid=n2, amount_staked=5 * TAO)  # another subnet
    econ.ok("dave", "subtensor.add_stake", hotkey=A("owner2"), netuid=n1, amount_staked=5 * TAO)  # another hotkey

    got = call(econ.b.chain, "taonet_nominators", [A("owner1"), n1])
    assert got["hotkey"] == A("owner1") and got["netuid"] == n1 and got["owner"] == A("alice")
    assert got["uid"] is not None and got["take"] == 11_796
    rows = got["nominators"]
    assert [r["coldkey"] for r in rows[:2]] == [A("bob"), A("charlie")]
    assert {r["coldkey"] for r in rows} <= {A("alice"), A("bob"), A("charlie")} and got["count"] == len(rows)
    for r in rows:
        assert r["alpha"] == econ.stake(r["coldkey"], "owner1", n1) > 0
        assert r["owner"] == (r["coldkey"] == A("alice"))
    assert [r["alpha"] for r in rows] == sorted((r["alpha"] for r in rows), reverse=True)
    assert sum(r["alpha"] for r in rows) <= got["pool_alpha"]
    assert sum(r["shares"] for r in rows) == got["pool_shares"]
    assert abs(sum(r["proportion"] for r in rows) - 1) < 1e-9

    top = call(econ.b.chain, "taonet_nominators", {"hotkey": A("owner1"), "netuid": n1, "limit": 1})
    assert top["nominators"] == rows[:1] and top["count"] == got["count"]
    econ.ok("alice", "subtensor.decrease_take", hotkey=A("owner1"), take=5_000)
    assert call(econ.b.chain, "taonet_nominators", [A("owner1"), n1])["take"] == 5_000
    nobody = call(econ.b.chain, "taonet_nominators", [A("eve"), n1])
    assert nobody["nominators"] == [] and nobody["count"] == 0 and nobody["owner"] is None and nobody["uid"] is None


@pytest.mark.parametrize("params, fragment", [
    (["nope", 1], "valid ss58"), ([A("alice"), -1], "netuid must be a non-negative integer"),
    ([A("alice"), 9], "subnet 9 does not exist"), ([A("alice"), 0, 10_001], "limit must be in 1..10000"),
])
def test_bad_params_are_invalid_params(econ, params, fragment):
    with pytest.raises(InvalidParams, match=fragment):
        call(econ.b.chain, "taonet_nominators", params)
