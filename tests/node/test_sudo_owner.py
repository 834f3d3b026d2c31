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
