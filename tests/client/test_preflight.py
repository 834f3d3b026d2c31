"""client.preflight's checks on the shapes the node's RPC returns (the CLI test in
tests/cli/test_preflight_cli.py drives them against a real node; these reach the branches a short
chain does not): a full subnet, the validator permit, the version key, alpha_low/alpha_high,
keep-alive transfers, the owner's recycled incentive split."""
from __future__ import annotations

from client import preflight
from client.balance import Balance
from client.subnets import earnings

OWNER_COLD, OWNER_HOT, OTHER = "5Owner", "5OwnerHot", "5Other"


def metagraph(n: int = 3, **changes) -> dict:
    mg = {"netuid": 1, "head": 1000, "n": n, "uids": list(range(n)),
          "hotkeys": [OWNER_HOT] + [f"5Hot{i}" for i in range(1, n)], "coldkeys": [OWNER_COLD] + [OTHER] * (n - 1),
          "registered_at": [0] * n, "emission": [0] * n, "last_update": [0] * n, "validator_permit": [False] * n,
          "axons": [None] * n, "pool": {"owner_coldkey": OWNER_COLD, "owner_hotkey": OWNER_HOT},
          "hyperparameters": {"max_allowed_uids": 256, "immunity_period": 100, "immune_owner_uids_limit": 1,
                              "commit_reveal_weights_enabled": False, "weights_rate_limit": 0, "weights_version": 0,
                              "min_allowed_weights": 1, "max_allowed_validators": 64, "serving_rate_limit": 50}}
    mg.update(changes)
    return mg


def test_a_full_subnet_with_nobody_to_replace_is_refused():
    # every uid immune: the chain replaces the best immune uid, so registration goes on
    full = metagraph(3, registered_at=[990, 990, 990], hyperparameters={**metagraph()["hyperparameters"],
                                                                        "max_allowed_uids": 3})
    assert preflight.no_uid_to_take(full, 1001) is None
    # only owner-immortal uids (the owner hotkey and one more of its coldkey): nobody to replace
    owned = {**full, "coldkeys": [OWNER_COLD] * 3,
             "hyperparameters": {**full["hyperparameters"], "max_allowed_uids": 2, "immune_owner_uids_limit": 1}}
    owned = {**owned, "n": 2, "uids": [0, 1], "hotkeys": owned["hotkeys"][:2], "coldkeys": [OWNER_COLD] * 2,
             "registered_at": [0, 0], "emission": [0, 0]}
    problem = preflight.no_uid_to_take(owned, 1001)
    assert problem and problem.error == "subtensor.NoNeuronToPrune" and "full (2 uids)" in problem.message
    assert preflight.no_uid_to_take(metagraph(3), 1001) is None  # not full


def test_weights_permit_version_key_and_counts():
    mg = metagraph(3)
    assert preflight.weights_blocked(mg, OWNER_HOT, [1, 2], 2, 0, "set") is None  # the owner needs no permit
    no_permit = preflight.weights_blocked(mg, "5Hot1", [0, 2], 2, 0, "set")
    assert no_permit.error == "subtensor.NeuronNoValidatorPermit"
    assert preflight.weights_blocked(mg, "5Hot1", [1], 1, 0, "set") is None  # self-weight only
    versioned = metagraph(3, hyperparameters={**mg["hyperparameters"], "weights_version": 7})
    assert "--version-key 7" in preflight.weights_blocked(versioned, OWNER_HOT, [1], 1, 3, "set").message
    few = metagraph(3, hyperparameters={**mg["hyperparameters"], "min_allowed_weights": 2})
    assert preflight.weights_blocked(few, OWNER_HOT, [1], 1, 0, "set").error == "subtensor.WeightVecLengthIsLow"
    assert preflight.weights_blocked(mg, "5Stranger", [1], 1, 0, "set").error == "subtensor.HotKeyNotRegisteredInSubNet"
    assert preflight.weights_blocked(mg, OWNER_HOT, [1], 1, 0, "commit").error == "subtensor.CommitRevealDisabled"
    limited = metagraph(3, last_update=[995, 0, 0], hyperparameters={**mg["hyperparameters"], "weights_rate_limit": 10})
    assert "from block 1005" in preflight.weights_blocked(limited, OWNER_HOT, [1], 1, 0, "set").message


def test_hyperparameter_rules_the_chain_enforces():
    rows = [{"name": "alpha_low", "raw": 45 << 58, "settable": True, "owner_settable": True, "note": ""},
            {"name": "alpha_high", "raw": 58 << 58, "settable": True, "owner_settable": True, "note": ""},
            {"name": "kappa", "raw": 32767, "settable": True, "owner_settable": False, "note": ""},
            {"name": "subnet_is_active", "raw": False, "settable": False, "owner_settable": False, "note": "start_call"}]
    assert preflight.hyperparameter_blocked(rows, "alpha_low", 60 << 58, False, 1, 3).error == "admin_utils.ValueOutOfRange"
    assert preflight.hyperparameter_blocked(rows, "alpha_low", 40 << 58, False, 1, 3) is None
    kappa = preflight.hyperparameter_blocked(rows, "kappa", 100, False, 1, 3)
    assert kappa.error == "admin_utils.NotOwnerSettable" and "alpha_low, alpha_high" in kappa.message
    assert preflight.hyperparameter_blocked(rows, "kappa", 100, True, 1, 3) is None
    assert "start_call" in preflight.hyperparameter_blocked(rows, "subnet_is_active", True, True, 1, 3).message


def test_keep_alive_and_destination_deposit_in_tao():
    free, fee = Balance.from_tao("1"), Balance.from_rao(100_000)
    problem = preflight.transfer_blocked(free, fee, Balance.from_rao(free.rao - fee.rao - 100), True, Balance.from_rao(0),
                                         500, False)
    assert problem.error == "balances.KeepAlive" and "τ0.9998995" in problem.message and "rao" not in problem.message
    assert preflight.transfer_blocked(free, fee, Balance.from_tao("0.5"), True, Balance.from_rao(0), 500, False) is None


def test_recycled_incentive_is_not_earned():
    mg = {"n": 3, "recycled": [True, True, False], "emission": [400, 200, 200], "daily_emission": [4000, 2000, 2000],
          "dividends": [65535, 0, 0], "incentive_alpha": [0, 199, 200]}
    owner_validator, owner_miner, miner = earnings(mg)
    assert owner_validator == {"recycled": True, "earned_emission": 400, "recycled_emission": 0, "daily_earned": 4000}
    assert owner_miner == {"recycled": True, "earned_emission": 0, "recycled_emission": 200, "daily_earned": 0}
    assert miner == {"recycled": False, "earned_emission": 200, "recycled_emission": 0, "daily_earned": 2000}


def test_subnet_create_start_register_checks():
    lock = {"head": 99, "last_lock_block": 90, "rate_limit": 20, "subnets": 3, "subnet_limit": 128}
    assert "from block 110 (now 99, 10 blocks to wait)" in preflight.create_blocked(lock).message
    assert preflight.create_blocked({**lock, "rate_limit": 0}) is None
    assert preflight.create_blocked({**lock, "rate_limit": 0, "subnets": 128}).error == "subtensor.SubnetLimitReached"
    bound = {"hotkey": "5Hot", "coldkey": OTHER, "netuids": []}
    assert preflight.hotkey_elsewhere(bound, OWNER_COLD).error == "subtensor.NonAssociatedColdKey"
    assert preflight.hotkey_elsewhere({**bound, "coldkey": None}, OWNER_COLD) is None
    subnet = {"netuid": 1, "owner_coldkey": OWNER_COLD, "started": False, "first_emission_block": None}
    assert preflight.start_blocked(subnet, OTHER).error == "subtensor.NotSubnetOwner"
    assert preflight.start_blocked(subnet, OWNER_COLD) is None
    assert preflight.subnet_missing([{"netuid": 0}, {"netuid": 1}], 2).message.startswith("subnet 2 does not exist (subnets: 1)")
    burn = {"netuid": 1, "registration_allowed": True, "next_block_burn": 2 * 10**9}
    mine = {"hotkey": "5Hot", "coldkey": OWNER_COLD, "netuids": []}
    assert preflight.register_blocked(burn, mine, OWNER_COLD, 0) is None
    assert "τ1" in preflight.register_blocked(burn, mine, OWNER_COLD, 10**9).message
    assert preflight.register_blocked({**burn, "registration_allowed": False}, mine, OWNER_COLD, 0).error == \
        "subtensor.SubNetRegistrationDisabled"
    assert preflight.register_blocked(burn, bound, OWNER_COLD, 0).error == "subtensor.NonAssociatedColdKey"
