"""Sub-mechanisms on a builder chain: the owner's count and split calls (checks in the chain's
order, rate limits, the split reset, the cleanup of dropped mechanisms), per-mechanism weights and
commit-reveal, the epoch split across mechanisms, and a replay (`btcli node verify`) of it all.
The builder checks the issuance and alpha identities and the state root after every block."""
from __future__ import annotations

from consensus import mechanisms as cm
from node.builder import ChainBuilder, address_of
from node.replay import verify
from node.runtime import mechanisms
from node.weights_commit import commit_hash
from tests.economics.conftest import TAO, Econ, economy_spec
from tests.economics.test_weights_epoch import _register, _subnet, _until_epoch

FULL = 65535


def _econ(tmp_path, **settings) -> Econ:
    return Econ(ChainBuilder(tmp_path / "chain", economy_spec(**{"mechanism_count_rate_limit": 5,
                                                                 "mechanism_emission_rate_limit": 5, **settings})))


def _state(econ):
    return econ.b.chain.state


def _network(econ, commit_reveal: bool = False):
    netuid = _subnet(econ, commit_reveal=commit_reveal)
    econ.ok("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="max_allowed_uids", value=128)
    uids = {name: _register(econ, netuid, cold, name) for name, cold in
            (("val", "bob"), ("m1", "charlie"), ("m2", "dave"))}
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("val"), netuid=netuid, amount_staked=100 * TAO)
    return netuid, uids


def test_count_checks_rate_limit_and_cleanup(tmp_path):
    econ = _econ(tmp_path)
    netuid = _subnet(econ)
    assert econ.fails("bob", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2) == "subtensor.NotSubnetOwner"
    assert econ.fails("alice", "admin_utils.set_mechanism_count", netuid=99, mechanism_count=2) == \
        "subtensor.MechanismDoesNotExist"
    assert econ.fails("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=0) == "subtensor.InvalidValue"
    assert econ.fails("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=3) == "subtensor.InvalidValue"
    # 256 uids × 2 mechanisms is over DefaultMaxAllowedUids
    assert econ.fails("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2) == \
        "subtensor.TooManyUIDsPerMechanism"
    econ.ok("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="max_allowed_uids", value=128)
    events = dict(econ.ok("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2))
    assert events["admin_utils.MechanismCountSet"] == {"netuid": netuid, "mechanism_count": 2}
    assert mechanisms.count(_state(econ), netuid) == 2
    assert econ.fails("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=1) == \
        "subtensor.TxRateLimitExceeded"
    # with 2 mechanisms, max_allowed_uids may not go back over 128 (ensure_max_uids_over_all_mechanisms)
    sudid = dict(econ.ok("alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter", "args": {
        "netuid": netuid, "parameter": "max_allowed_uids", "value": 129}}))["sudo.Sudid"]
    assert sudid["error"] == "subtensor.TooManyUIDsPerMechanism"
    econ.sudo("admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=1)  # root is not rate limited
    for bad in (0, 17):  # MaxMechanismCount is 1..16
        sudid = dict(econ.ok("alice", "sudo.sudo", call={"call": "admin_utils.set_chain_setting", "args": {
            "setting": "max_mechanism_count", "value": bad}}))["sudo.Sudid"]
        assert sudid["error"] == "subtensor.InvalidValue"
    assert mechanisms.count(_state(econ), netuid) == 1
    econ.b.close()


def test_split_checks_and_reset(tmp_path):
    econ = _econ(tmp_path)
    netuid = _subnet(econ)
    econ.ok("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="max_allowed_uids", value=128)
    assert econ.fails("alice", "admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=[FULL // 2, FULL - FULL // 2]) \
        == "subtensor.InvalidValue"  # one mechanism: two parts are too many
    econ.ok("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2)
    econ.b.block(5)
    assert econ.fails("alice", "admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=[1, 2]) == \
        "subtensor.InvalidValue"
    econ.ok("alice", "admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=[FULL // 4, FULL - FULL // 4])
    assert mechanisms.split(_state(econ), netuid) == [FULL // 4, FULL - FULL // 4]
    assert econ.fails("alice", "admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=None) == \
        "subtensor.TxRateLimitExceeded"
    econ.b.block(5)
    econ.ok("alice", "admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=None)
    assert mechanisms.split(_state(econ), netuid) is None
    econ.sudo("admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=[FULL])
    econ.sudo("admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=1)  # a new count resets the split
    assert mechanisms.split(_state(econ), netuid) is None
    econ.b.close()


def test_mechanism_weights_epoch_and_replay(tmp_path):
    econ = _econ(tmp_path)
    netuid, uids = _network(econ)
    # mechanism 1 does not exist yet
    assert econ.refused("val", "subtensor.set_mechanism_weights", netuid=netuid, mecid=1, dests=[uids["m2"]],
                        weights=[FULL]) == "subtensor.MechanismDoesNotExist"
    econ.ok("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2)
    econ.b.block(5)
    econ.ok("alice", "admin_utils.set_mechanism_emission_split", netuid=netuid, maybe_split=[FULL // 4, FULL - FULL // 4])
    _until_epoch(econ, netuid)  # permits
    econ.ok("val", "subtensor.set_weights", netuid=netuid, dests=[uids["m1"]], weights=[FULL])
    events = dict(econ.ok("val", "subtensor.set_mechanism_weights", netuid=netuid, mecid=1, dests=[uids["m2"]],
                          weights=[FULL]))
    assert events["subtensor.WeightsSet"]["mecid"] == 1
    index = cm.storage_index(netuid, 1)
    assert _state(econ).get("weights", f"{index}:{uids['val']:05d}") is not None
    m1, m2 = econ.stake("charlie", "m1", netuid), econ.stake("dave", "m2", netuid)
    _until_epoch(econ, netuid)
    gain1, gain2 = econ.stake("charlie", "m1", netuid) - m1, econ.stake("dave", "m2", netuid) - m2
    assert gain1 > 0 and gain2 > 0
    assert abs(gain2 / (gain1 + gain2) - 0.75) < 0.01, (gain1, gain2)  # the split, 25% / 75%
    state = _state(econ)
    assert mechanisms.incentive(state, netuid, 0, uids["m1"]) == FULL
    assert mechanisms.incentive(state, netuid, 1, uids["m2"]) == FULL
    assert mechanisms.incentive(state, netuid, 1, uids["m1"]) == 0
    assert state.get("bonds", f"{index}:{uids['val']:05d}") is not None
    # lowering the count clears mechanism 1's rows
    econ.b.block(5)
    econ.ok("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=1)
    assert state.get("weights", f"{index}:{uids['val']:05d}") is None
    assert state.get("bonds", f"{index}:{uids['val']:05d}") is None
    assert state.get("mechanism_neurons", f"{index}:{uids['m2']:05d}") is None
    econ.b.close()
    report = verify(tmp_path / "chain")
    assert report.ok, report.problems


def test_mechanism_commit_reveal(tmp_path):
    econ = _econ(tmp_path)
    netuid, uids = _network(econ, commit_reveal=True)
    econ.ok("alice", "admin_utils.set_mechanism_count", netuid=netuid, mechanism_count=2)
    _until_epoch(econ, netuid)
    index = cm.storage_index(netuid, 1)
    hotkey = address_of("val")
    digest = commit_hash(hotkey, index, [uids["m2"]], [FULL], [7, 8], 0)
    events = dict(econ.ok("val", "subtensor.commit_mechanism_weights", netuid=netuid, mecid=1, commit_hash=digest))
    assert events["subtensor.WeightsCommitted"]["mecid"] == 1
    assert _state(econ).get("weight_commits", f"{index}:{hotkey}") is not None
    assert _state(econ).get("weight_commits", f"{netuid}:{hotkey}") is None
    reveal = {"netuid": netuid, "mecid": 1, "uids": [uids["m2"]], "values": [FULL], "salt": [7, 8], "version_key": 0}
    assert econ.refused("val", "subtensor.reveal_mechanism_weights", **reveal) == "subtensor.RevealTooEarly"
    reveal_epoch = events["subtensor.WeightsCommitted"]["reveal_epoch"]
    while econ.state_subnet(netuid).epoch_count < reveal_epoch:
        _until_epoch(econ, netuid)
    econ.ok("val", "subtensor.reveal_mechanism_weights", **reveal)
    assert _state(econ).get("weights", f"{index}:{uids['val']:05d}") is not None
    assert _state(econ).get("weights", f"{netuid}:{uids['val']:05d}") is None
    econ.b.close()
