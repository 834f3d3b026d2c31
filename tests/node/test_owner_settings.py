"""The real btcli's hyperparameters taonet had not (issue 17 item 4) on a builder chain, each with
its effect: alpha_values (both bounds, liquid alpha on), the owner hotkey, owner_cut_enabled (no
owner cut), recycle_or_burn (Burn keeps the owner hotkeys' incentive in alpha_out, tallied),
min_childkey_take (a floor on childkey takes); replayed by node verify."""
from __future__ import annotations

import pytest

from node.builder import ChainBuilder, address_of
from node.pool import Refused
from node.replay import verify
from node.runtime import economy as eco
from tests.economics.conftest import Econ, economy_spec

SET = "admin_utils.set_hyperparameter"


def test_owner_settings_take_effect(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    netuid = econ.new_subnet("bob", "owner1")
    state = econ.b.chain.state

    # alpha_values: both bounds in one call, only with liquid alpha on, the chain's bounds
    alpha = "admin_utils.set_alpha_values"
    assert econ.fails("bob", alpha, netuid=netuid, alpha_low=2000, alpha_high=60000) == "subtensor.LiquidAlphaDisabled"
    econ.ok("bob", SET, netuid=netuid, parameter="liquid_alpha_enabled", value=True)
    assert econ.fails("charlie", alpha, netuid=netuid, alpha_low=2000, alpha_high=60000) == "subtensor.NotSubnetOwner"
    econ.ok("bob", alpha, netuid=netuid, alpha_low=2000, alpha_high=60000)
    assert (eco.param(state, netuid, "alpha_low"), eco.param(state, netuid, "alpha_high")) == (2000, 60000)
    assert econ.fails("bob", alpha, netuid=netuid, alpha_low=3000, alpha_high=60000) == "admin_utils.RateLimitExceeded"
    for low, high, error in ((5000, 4000, "AlphaLowOutOfRange"), (1000, 4000, "AlphaLowOutOfRange"),
                             (1638, 1000, "AlphaHighTooLow")):
        events = dict(econ.ok("alice", "sudo.sudo", call={"call": alpha, "args": {"netuid": netuid, "alpha_low": low,
                                                                                   "alpha_high": high}}))
        assert events["sudo.Sudid"]["error"] == f"subtensor.{error}"

    # the epoch every 2 blocks, the owner hotkey weighting itself: its incentive is the owner's
    econ.ok("bob", SET, netuid=netuid, parameter="commit_reveal_weights_enabled", value=False)
    econ.sudo(SET, netuid=netuid, parameter="tempo", value=2)
    econ.sudo(SET, netuid=netuid, parameter="weights_rate_limit", value=0)
    econ.ok("owner1", "subtensor.set_weights", netuid=netuid, dests=[0], weights=[1])

    # recycle_or_burn: Burn keeps the withheld incentive in alpha_out, tallied apart (the books still balance)
    assert eco.param(state, netuid, "recycle_or_burn") == "Recycle"
    econ.b.block(4)
    assert state.get_value(f"alpha_burned:{netuid}") is None
    with pytest.raises(Refused, match="recycle_or_burn takes one of Burn, Recycle"):
        econ.b.submit("bob", SET, {"netuid": netuid, "parameter": "recycle_or_burn", "value": "Melt"})
    econ.ok("bob", SET, netuid=netuid, parameter="recycle_or_burn", value="burn")
    assert eco.param(state, netuid, "recycle_or_burn") == "Burn"
    econ.b.block(4)
    assert state.get_value(f"alpha_burned:{netuid}", 0) > 0  # the builder checks alpha_out against the books each block

    # owner_cut_enabled: off, no owner cut accrues (twice in a row: no owner rate limit on it)
    econ.ok("bob", SET, netuid=netuid, parameter="owner_cut_enabled", value=True)
    econ.ok("bob", SET, netuid=netuid, parameter="owner_cut_enabled", value=False)
    econ.b.block(4)
    cuts = [d["owner_cut"] for o in econ.b.outcomes[-4:] for _, n, d in o.events if n == "subtensor.EmissionDistributed"]
    assert cuts and not any(cuts) and econ.state_subnet(netuid).pending_owner == 0

    # the owner hotkey: the owner cut is staked to the new one
    econ.ok("bob", SET, netuid=netuid, parameter="owner_cut_enabled", value=True)
    assert econ.fails("charlie", "admin_utils.set_sn_owner_hotkey", netuid=netuid,
                      hotkey=address_of("owner2")) == "subtensor.NotSubnetOwner"
    econ.ok("bob", "admin_utils.set_sn_owner_hotkey", netuid=netuid, hotkey=address_of("owner2"))
    assert econ.state_subnet(netuid).owner_hotkey == address_of("owner2")
    assert econ.fails("bob", "admin_utils.set_sn_owner_hotkey", netuid=netuid,
                      hotkey=address_of("owner1")) == "subtensor.TxRateLimitExceeded"
    econ.b.block(4)
    cuts = [d["owner_cut"] for o in econ.b.outcomes[-4:] for _, n, d in o.events if n == "subtensor.EmissionDistributed"]
    assert cuts and all(cuts) and econ.stake("bob", "owner2", netuid) > 0  # the cut goes to the new owner hotkey

    # min_childkey_take: a floor for every childkey take on the subnet
    econ.ok("bob", SET, netuid=netuid, parameter="min_childkey_take", value=1000)
    assert econ.fails("bob", "subtensor.set_childkey_take", hotkey=address_of("owner1"), netuid=netuid,
                      take=500) == "subtensor.InvalidChildkeyTake"
    from node.runtime.childkeys import childkey_take
    assert childkey_take(state, netuid, address_of("owner1")) == 1000
    econ.ok("bob", "subtensor.set_childkey_take", hotkey=address_of("owner1"), netuid=netuid, take=1500)

    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems
