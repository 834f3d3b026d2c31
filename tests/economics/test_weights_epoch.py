"""Weights (spec §4), commit-reveal v2, and the epoch's distribution (§2.6) on a builder chain.

The builder checks after every block: issuance = free + Σ SubnetTAO, the alpha books
(alpha_out = Σ pools + pending + protocol alpha), share sums and the state root.
"""
from __future__ import annotations

import pytest

from node.builder import address_of
from node.runtime import staking
from node.runtime import weights as wt
from tests.economics.conftest import TAO


def _subnet(econ, tempo: int = 10, commit_reveal: bool = False) -> int:
    netuid = econ.new_subnet("alice", "owner1")
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo", value=tempo)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_rate_limit", value=0)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled",
              value=commit_reveal)
    return netuid


def _register(econ, netuid: int, coldkey: str, hotkey: str) -> int:
    events = dict(econ.ok(coldkey, "subtensor.burned_register", netuid=netuid, hotkey=address_of(hotkey)))
    return events["subtensor.NeuronRegistered"]["uid"]


def _epoch_row(econ, netuid: int, uid: int):
    return econ.b.chain.state.get("neuron_epoch", wt.row_key(netuid, uid))


def _until_epoch(econ, netuid: int) -> None:
    count = econ.state_subnet(netuid).epoch_count
    for _ in range(400):
        econ.b.block()
        if econ.state_subnet(netuid).epoch_count > count:
            return
    raise AssertionError("no epoch ran")


@pytest.fixture
def network(econ):
    """Subnet with validators val1 (bob, nominated by eve) and val2 (ferdie), miners m1, m2
    (charlie, dave) and an owner-owned miner (alice's 'ownminer'); permits given by one epoch."""
    netuid = _subnet(econ)
    uids = {name: _register(econ, netuid, cold, name) for name, cold in
            (("val1", "bob"), ("val2", "ferdie"), ("m1", "charlie"), ("m2", "dave"), ("ownminer", "alice"))}
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("val1"), netuid=netuid, amount_staked=100 * TAO)
    econ.ok("eve", "subtensor.add_stake", hotkey=address_of("val1"), netuid=netuid, amount_staked=100 * TAO)
    econ.ok("ferdie", "subtensor.add_stake", hotkey=address_of("val2"), netuid=netuid, amount_staked=100 * TAO)
    _until_epoch(econ, netuid)
    return netuid, uids


def test_distribution_flows_to_the_preferred_miner_nominators_and_owner(econ, network):
    netuid, uids = network
    assert _epoch_row(econ, netuid, uids["val1"])[6] == 1, "val1 holds a validator permit after an epoch"
    for val in ("val1", "val2"):
        econ.ok(val, "subtensor.set_weights", netuid=netuid, dests=[uids["m1"], uids["m2"], uids["ownminer"]],
                weights=[60000, 15000, 15000], version_key=0)
    eve0 = econ.stake("eve", "val1", netuid)
    bob0 = econ.stake("bob", "val1", netuid)
    owner0 = econ.stake("alice", "owner1", netuid)
    for _ in range(4):
        _until_epoch(econ, netuid)
    m1, m2 = econ.stake("charlie", "m1", netuid), econ.stake("dave", "m2", netuid)
    assert m1 > 3 * m2 > 0, (m1, m2)
    assert econ.stake("alice", "ownminer", netuid) == 0, "owner-owned miner incentive is burned"
    burned, total = econ.b.chain.state.get_value(f"miner_burned:{netuid}")
    assert 0 < burned < total and abs(burned / total - 15000 / 90000) < 0.02
    eve_gain = econ.stake("eve", "val1", netuid) - eve0
    bob_gain = econ.stake("bob", "val1", netuid) - bob0
    assert eve_gain > 0 and bob_gain > eve_gain, "the take goes to the hotkey's owner on top of the pro-rata share"
    assert econ.stake("alice", "owner1", netuid) > owner0, "owner cut staked to the owner hotkey"
    row = _epoch_row(econ, netuid, uids["m1"])
    assert row[3] > _epoch_row(econ, netuid, uids["m2"])[3] > 0, "incentive u16 ordered like the weights"
    s = econ.state_subnet(netuid)
    assert s.pending_server == s.pending_validator == s.pending_owner == 0


def test_weights_checks_in_order(econ, network):
    netuid, uids = network
    assert econ.fails("m1", "subtensor.set_weights", netuid=netuid, dests=[uids["m2"]], weights=[1]) == \
        "subtensor.NeuronNoValidatorPermit"
    econ.ok("m1", "subtensor.set_weights", netuid=netuid, dests=[uids["m1"]], weights=[1])  # self-weight
    assert econ.refused("nobody", "subtensor.set_weights", netuid=netuid, dests=[0], weights=[1]) == \
        "subtensor.HotKeyNotRegisteredInSubNet"
    assert econ.fails("val1", "subtensor.set_weights", netuid=netuid, dests=[1, 1], weights=[1, 2]) == \
        "subtensor.DuplicateUids"
    assert econ.fails("val1", "subtensor.set_weights", netuid=netuid, dests=[99], weights=[1]) == \
        "subtensor.UidVecContainInvalidOne"
    assert econ.fails("val1", "subtensor.set_weights", netuid=netuid, dests=[1, 2], weights=[1]) == \
        "subtensor.WeightVecNotEqualSize"
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="min_allowed_weights", value=3)
    assert econ.fails("val1", "subtensor.set_weights", netuid=netuid, dests=[2, 3], weights=[1, 1]) == \
        "subtensor.WeightVecLengthIsLow"
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_version", value=7)
    assert econ.fails("val1", "subtensor.set_weights", netuid=netuid, dests=[2, 3, 4], weights=[1, 1, 1],
                      version_key=3) == "subtensor.IncorrectWeightVersionKey"
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_rate_limit", value=50)
    assert econ.refused("val1", "subtensor.set_weights", netuid=netuid, dests=[2, 3, 4], weights=[1, 1, 1],
                        version_key=7) == "subtensor.SettingWeightsTooFast"
    econ.b.chain.state  # noqa: B018
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_rate_limit", value=0)
    econ.ok("val1", "subtensor.set_weights", netuid=netuid, dests=[2, 3, 4], weights=[10, 5, 0], version_key=7)
    assert wt.read_row(econ.b.chain.state, "weights", netuid, uids["val1"]) == [[2, 65535], [3, 32768], [4, 0]]
    econ.sudo("admin_utils.set_chain_setting", setting="stake_threshold", value=10**18)
    assert econ.refused("val1", "subtensor.set_weights", netuid=netuid, dests=[2, 3, 4], weights=[1, 1, 1],
                        version_key=7) == "subtensor.NotEnoughStakeToSetWeights"
    econ.sudo("admin_utils.set_chain_setting", setting="stake_threshold", value=0)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled", value=True)
    assert econ.refused("val1", "subtensor.set_weights", netuid=netuid, dests=[2], weights=[1]) == \
        "subtensor.CommitRevealEnabled"


def test_admitted_weights_are_checked_again_in_the_block(econ, network):
    """Admission sees the last committed block: two set_weights in one block both pass it, and the
    second fails the rate limit when the block applies it (free: the failure costs nothing)."""
    netuid, uids = network
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_rate_limit", value=50)
    econ.b.block(50)  # registration counts as the last update
    args = dict(netuid=netuid, dests=[uids["m1"]], weights=[1])
    econ.b.submit("val1", "subtensor.set_weights", args)
    econ.b.submit("val1", "subtensor.set_weights", {**args, "weights": [2]})
    econ.b.block()
    first, second = econ.b.last.results[-2:]
    assert first.success and not second.success and second.error == "subtensor.SettingWeightsTooFast"
    assert econ.b.free("val1") == 0
    assert econ.refused("val1", "subtensor.set_weights", **args) == "subtensor.SettingWeightsTooFast"


def test_weights_calls_are_free(econ, network):
    netuid, uids = network
    assert econ.b.free("val1") == 0
    econ.ok("val1", "subtensor.set_weights", netuid=netuid, dests=[uids["m1"]], weights=[1])
    assert econ.b.free("val1") == 0


def test_commit_reveal_timing(econ, network):
    netuid, uids = network
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled", value=True)
    hk = address_of("val1")
    uids_, values, salt = [uids["m1"], uids["m2"]], [100, 50], [1, 2, 3]
    digest = wt.commit_hash(hk, netuid, uids_, values, salt, 0)
    econ.ok("val1", "subtensor.commit_weights", netuid=netuid, commit_hash=digest)
    reveal = dict(netuid=netuid, uids=uids_, values=values, salt=salt, version_key=0)
    # a reveal that would fail is refused by the pool (free calls), with the same reasons
    assert econ.refused("val1", "subtensor.reveal_weights", **reveal) == "subtensor.RevealTooEarly"
    assert "epoch" in econ.refusal and "blocks to wait" in econ.refusal
    assert econ.refused("val1", "subtensor.reveal_weights", **{**reveal, "salt": [9]}) == \
        "subtensor.InvalidRevealCommitHashNotMatch"
    _until_epoch(econ, netuid)
    # two reveals of one commit in one block: both pass admission, the block fails the second
    econ.b.submit("val1", "subtensor.reveal_weights", reveal)
    econ.b.submit("val1", "subtensor.reveal_weights", reveal)
    econ.b.block()
    first, second = econ.b.last.results[-2:]
    assert first.success and (second.success, second.error) == (False, "subtensor.NoWeightsCommitFound")
    assert wt.read_row(econ.b.chain.state, "weights", netuid, uids["val1"]) == [[uids["m1"], 65535], [uids["m2"], 32768]]
    assert econ.refused("val1", "subtensor.reveal_weights", **reveal) == "subtensor.NoWeightsCommitFound"
    # expiry: commit, skip the reveal epoch
    econ.ok("val1", "subtensor.commit_weights", netuid=netuid, commit_hash=digest)
    _until_epoch(econ, netuid)
    _until_epoch(econ, netuid)
    assert econ.refused("val1", "subtensor.reveal_weights", **reveal) == "subtensor.ExpiredWeightCommit"
    # at most 10 unrevealed commits
    for i in range(10):
        econ.ok("val1", "subtensor.commit_weights", netuid=netuid, commit_hash=wt.commit_hash(hk, netuid, [1], [1], [i], 0))
    assert econ.fails("val1", "subtensor.commit_weights", netuid=netuid, commit_hash=digest) == \
        "subtensor.TooManyUnrevealedCommits"


def test_hotkey_stake_weight_counts_root_stake(econ, network):
    netuid, _ = network
    state = econ.b.chain.state
    alpha = staking.hotkey_pool(state, netuid, address_of("val1"))[0]
    assert wt.stake_weight(state, netuid, address_of("val1")) == alpha
