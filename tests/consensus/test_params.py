"""Hyperparameter table and validation (spec §5)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from consensus import params as P
from consensus import pool, registration

BRIEF_NAMES = """tempo kappa immunity_period min_allowed_weights max_weights_limit activity_cutoff
max_allowed_uids max_allowed_validators burn min_burn max_burn bonds_moving_avg bonds_penalty
liquid_alpha_enabled alpha_low alpha_high alpha_sigmoid_steepness yuma3_enabled
commit_reveal_weights_enabled commit_reveal_period weights_rate_limit weights_version
serving_rate_limit registration_allowed target_regs_per_interval adjustment_interval
adjustment_alpha difficulty min_difficulty max_difficulty max_regs_per_block rho subnet_is_active
transfers_enabled bonds_reset_enabled user_liquidity_enabled immune_owner_uids_limit burn_half_life
burn_increase_mult owner_hparam_rate_limit""".split()


def test_every_named_hyperparameter_is_present() -> None:
    assert set(BRIEF_NAMES) <= set(P.HYPERPARAMS)


def test_init_defaults_win_over_runtime_defaults() -> None:
    d = P.default_hyperparams()
    assert d["immunity_period"] == 5000
    assert d["min_allowed_weights"] == 1
    assert d["max_allowed_validators"] == 64
    assert d["yuma3_enabled"] is True
    assert d["burn"] == 10**9
    assert (d["tempo"], d["kappa"], d["bonds_moving_avg"], d["alpha_low"], d["alpha_high"]) == (
        360, 32_767, 900_000, 45_875, 58_982)


def test_defaults_are_valid_and_in_range() -> None:
    for p in P.HYPERPARAMS.values():
        stored = P.validate(p.name, p.default)
        if p.type == "bool":
            assert stored is p.default
        elif p.type != "float":
            assert stored == p.default


def test_ownership_follows_admin_utils() -> None:
    owner = {n for n, p in P.HYPERPARAMS.items() if p.owner_settable}
    assert {"tempo", "immunity_period", "min_burn", "bonds_moving_avg", "commit_reveal_period",
            "liquid_alpha_enabled", "yuma3_enabled", "serving_rate_limit"} <= owner
    assert not owner & {"kappa", "weights_rate_limit", "max_allowed_validators", "difficulty",
                        "registration_allowed", "alpha_sigmoid_steepness", "subnet_is_active"}


def test_validate_parses_and_converts() -> None:
    assert P.validate("tempo", "720") == 720
    assert P.validate("yuma3_enabled", "false") is False
    assert P.validate("liquid_alpha_enabled", 1) is True
    assert P.validate("max_validators", 10) == 10  # btcli alias
    assert P.validate("burn_increase_mult", 2) == 2 << 64
    assert P.validate("burn_increase_mult", 1.26) == registration.DEFAULT_BURN_INCREASE_MULT
    assert P.validate("burn_increase_mult", "1.26") == round(Fraction("1.26") * 2**64)


@pytest.mark.parametrize("name,value,message", [
    ("tempo", 100, r"tempo must be in \[360, 50400\]"),
    ("kappa", 70_000, r"\[0, 65535\]"),
    ("kappa", 1.5, "whole number"),
    ("min_burn", True, "not a bool"),
    ("max_burn", 1, r"\[100000000, 18446744073709551615\]"),
    ("burn_increase_mult", 0.5, r"\[1.0, ∞\]"),
    ("commit_reveal_period", 0, r"\[1, 100\]"),
    ("yuma3_enabled", "maybe", "true or false"),
    ("tempo", "abc", "takes a number"),
    ("no_such_param", 1, "unknown hyperparameter"),
])
def test_validate_rejects_with_range(name: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        P.validate(name, value)


def test_constants_agree_with_the_maths_modules() -> None:
    assert P.FEE_RATE == pool.DEFAULT_FEE_RATE
    assert P.MINIMUM_RESERVE == pool.MINIMUM_RESERVE
    assert P.NETWORK_MIN_LOCK_COST == registration.NETWORK_MIN_LOCK_COST
    assert P.NETWORK_LOCK_REDUCTION_INTERVAL == registration.NETWORK_LOCK_REDUCTION_INTERVAL == 100_800
    assert P.DEFAULT_MIN_STAKE == 2_000_000 and P.DEFAULT_TAKE == 11_796
    assert abs(P.TAO_WEIGHT / P.U64_MAX - 0.18) < 1e-12
    assert P.MAX_EPOCHS_PER_BLOCK == 2
