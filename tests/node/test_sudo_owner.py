"""A subnet owner's sudo calls on a builder chain: trigger_epoch (node.runtime.tempo_control),
with the chain's refusals, the epoch firing ten blocks later, and the replay (node verify)."""
from __future__ import annotations

from node.builder import ChainBuilder
from node.replay import verify
from tests.economics.conftest import Econ, economy_spec


def _econ(tmp_path) -> Econ:
    return Econ(ChainBuilder(tmp_path / "chain", economy_spec()))


def _verified(econ: Econ) -> None:
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_trigger_epoch_fires_ten_blocks_later(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("bob", "owner1")
    assert econ.fails("bob", "subtensor.trigger_epoch", netuid=netuid) == "subtensor.DynamicTempoBlockedByCommitReveal"
    econ.ok("bob", "admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled",
            value=False)
    assert econ.fails("charlie", "subtensor.trigger_epoch", netuid=netuid) == "subtensor.NotSubnetOwner"
    before = econ.state_subnet(netuid)
    events = dict(econ.ok("bob", "subtensor.trigger_epoch", netuid=netuid))
    at = econ.b.last.header.number
    fires_at = events["subtensor.EpochTriggered"]["fires_at"]
    assert fires_at == at + 10 and econ.state_subnet(netuid).pending_epoch_at == fires_at
    assert econ.fails("bob", "subtensor.trigger_epoch", netuid=netuid) == "subtensor.EpochTriggerAlreadyPending"
    while econ.b.last.header.number < fires_at:
        econ.b.block()
    s = econ.state_subnet(netuid)
    assert (s.epoch_count, s.last_epoch_block, s.pending_epoch_at) == (before.epoch_count + 1, fires_at, 0)
    assert any(n == "subtensor.EpochRun" and d["netuid"] == netuid for _, n, d in econ.b.last.events)
    # once per owner_hparam_rate_limit (2) tempos (360 blocks each)
    assert econ.fails("bob", "subtensor.trigger_epoch", netuid=netuid) == "subtensor.TxRateLimitExceeded"
    _verified(econ)


def test_trigger_epoch_refused_when_the_epoch_is_imminent(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("bob", "owner1")
    econ.ok("bob", "admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled",
            value=False)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo", value=5)
    assert econ.fails("bob", "subtensor.trigger_epoch", netuid=netuid) == "subtensor.AutoEpochAlreadyImminent"


def test_trim_drops_the_lowest_emitters_and_compacts_the_uids(tmp_path):
    import json

    from node.builder import address_of
    from node.runtime import economy as eco

    econ = _econ(tmp_path)
    netuid = econ.new_subnet("bob", "owner1")
    econ.ok("bob", "admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled",
            value=False)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="min_allowed_uids", value=2)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="immunity_period", value=0)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_rate_limit", value=0)
    for name in ("h1", "h2", "h3"):
        econ.ok("charlie", "subtensor.burned_register", netuid=netuid, hotkey=address_of(name))
    econ.ok("owner1", "subtensor.set_weights", netuid=netuid, dests=[0, 1, 2, 3], weights=[10, 20, 30, 40])
    assert econ.fails("charlie", "admin_utils.trim_to_max_allowed_uids", netuid=netuid, max_n=3) == "subtensor.NotSubnetOwner"
    assert econ.fails("bob", "admin_utils.trim_to_max_allowed_uids", netuid=netuid, max_n=1) == "subtensor.InvalidValue"
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="immunity_period", value=4)
    econ.ok("charlie", "subtensor.burned_register", netuid=netuid, hotkey=address_of("h4"))  # immune: uid 4 stays
    econ.ok("h4", "subtensor.set_weights", netuid=netuid, dests=[4], weights=[1])
    events = econ.ok("bob", "admin_utils.trim_to_max_allowed_uids", netuid=netuid, max_n=3)
    assert sorted(d["uid"] for n, d in events if n == "subtensor.NeuronDeregistered") == [2, 3]  # equal emission: highest first
    state = econ.b.chain.state
    s = econ.state_subnet(netuid)
    assert s.neurons == 3 and eco.params(state, netuid)["max_allowed_uids"] == 3
    hotkeys = [state.get("neurons", eco.neuron_key(netuid, u))[0] for u in range(3)]
    assert hotkeys == [address_of("owner1"), address_of("h1"), address_of("h4")]
    assert state.get("neurons", eco.neuron_key(netuid, 3)) is None and state.get("neurons", eco.neuron_key(netuid, 4)) is None
    assert eco.uid_of(state, netuid, address_of("h4")) == 2 and eco.uid_of(state, netuid, address_of("h2")) is None
    owner_row = json.loads(state.get("weights", f"{netuid}:00000")[0])
    assert [t for t, _ in owner_row] == [0, 1]  # the weights to the dropped uids are gone
    assert json.loads(state.get("weights", f"{netuid}:00002")[0]) == [[2, 65535]]  # h4's row moved, its target renumbered
    assert state.get("weights", f"{netuid}:00004") is None
    # the owner's rate limit; root may trim again, but not with 80% of the kept uids immune
    assert econ.fails("bob", "admin_utils.trim_to_max_allowed_uids", netuid=netuid, max_n=3) == "subtensor.TxRateLimitExceeded"
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="immunity_period", value=1000)
    events = dict(econ.ok("alice", "sudo.sudo", call={"call": "admin_utils.trim_to_max_allowed_uids",
                                                       "args": {"netuid": netuid, "max_n": 2}}))
    assert events["sudo.Sudid"]["error"] == "subtensor.TrimmingWouldExceedMaxImmunePercentage"
    _verified(econ)


def test_trim_helpers():
    from node.runtime.trim import percent_of, trim_order

    assert [percent_of(p, w) for p, w in ((4, 5), (79, 100), (159, 200), (161, 200), (163, 200), (3, 2))] == [80, 79, 79, 80, 81, 100]
    assert trim_order([5, 0, 7, 0, 1], keep={1}, max_n=3) == [0, 1, 2]
    assert trim_order([0, 0, 0, 0], keep=set(), max_n=2) == [0, 1]


def test_stake_burn_buys_alpha_and_burns_it(tmp_path):
    from node.builder import address_of

    econ = _econ(tmp_path)
    netuid = econ.new_subnet("bob", "owner1")
    state = econ.b.chain.state
    burn = "subtensor.add_stake_burn"
    args = {"hotkey": address_of("owner1"), "netuid": netuid, "amount": 10 * 10**9, "limit": None}
    assert econ.fails("charlie", burn, **args) == "subtensor.NotSubnetOwner"
    stake_before, free_before = econ.stake("bob", "owner1", netuid), econ.b.free("bob")
    tao_before = econ.state_subnet(netuid).tao_in
    events = dict(econ.ok("bob", burn, **args))
    bought = events["subtensor.AddStakeBurn"]["alpha"]
    assert bought > 0 and events["subtensor.AlphaBurned"]["alpha"] == bought
    assert econ.stake("bob", "owner1", netuid) == stake_before  # everything bought was burned
    assert state.get_value(f"alpha_burned:{netuid}") == bought  # still in alpha_out: the builder checks the books
    assert econ.state_subnet(netuid).tao_in >= tao_before + 10 * 10**9 - 10**7  # the TAO stays in the pool
    assert free_before - econ.b.free("bob") >= 10 * 10**9
    assert econ.fails("bob", burn, **args) == "subtensor.AddStakeBurnRateLimitExceeded"  # once per tempo
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo", value=3)
    econ.b.block(3)
    price = econ.state_subnet(netuid).price
    assert econ.fails("bob", burn, **{**args, "limit": int(price * 10**9 * 0.999)}) == "subtensor.SlippageTooHigh"
    econ.ok("bob", burn, **{**args, "limit": int(price * 10**9 * 2)})
    _verified(econ)
