"""Neuron burn, subnet lock cost and pruning: vectors from coinbase_swap_misc.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consensus import registration as R
from consensus.emission import block_emission

VECTORS = json.loads((Path(__file__).parents[1] / "vectors/yuma/coinbase_swap_misc.json").read_text())
BURN = VECTORS["neuron_burn_decay"]


@pytest.mark.parametrize("half_life,factor", sorted(BURN["decay_factor_q32"].items(), key=lambda kv: int(kv[0])))
def test_decay_factor_vectors(half_life: str, factor: int) -> None:
    assert R.decay_factor_q32(int(half_life)) == factor


def test_default_factor_and_disabled_decay() -> None:
    assert R.decay_factor_q32(R.DEFAULT_BURN_HALF_LIFE) == 4_286_705_684
    assert R.decay_factor_q32(0) == R.Q32_ONE
    assert R.decay_burn(10**9, half_life=0) == 10**9


def test_burn_path_vectors() -> None:
    """Replay blocks 1..730 from a 1 TAO burn: decay every block, registrations as listed."""
    path = {step["block"]: step for step in BURN["path_half_life_360_start_1TAO"]}
    factor = R.decay_factor_q32(360)
    burn = R.INITIAL_NEURON_BURN
    checked = 0
    for block in range(1, max(path) + 1):
        step = path.get(block)
        regs = len(step["registrations_paid"]) if step else 0
        result = R.burn_block(burn, regs, factor_q32=factor)
        burn = result.burn_after
        if step:
            assert result.burn_after == step["burn_after"], block
            assert list(result.registrations_paid) == step["registrations_paid"], block
            checked += 1
    assert checked == len(path)


def test_burn_clamps() -> None:
    assert R.decay_burn(R.DEFAULT_MIN_BURN) == R.DEFAULT_MIN_BURN
    assert R.bump_burn(R.DEFAULT_MAX_BURN) == R.DEFAULT_MAX_BURN
    assert R.bump_burn(10**9, increase_mult=0) == 10**9  # multiplier floored at 1
    assert R.bump_burn(10**9) == 1_260_000_000


@pytest.mark.parametrize("case", VECTORS["subnet_lock_cost"]["cases"], ids=lambda c: f"block{c['block']}-I{c['issuance']}")
def test_lock_cost_vectors(case: dict) -> None:
    emission = block_emission(case["issuance"])
    assert R.lock_reduction_interval(emission) == case["interval"]
    cost = R.subnet_lock_cost(case["last_lock"], case["last_lock_block"], case["block"], emission,
                              min_lock=case["min_lock"])
    assert cost == case["cost"]


def test_lock_cost_recovers_to_last_lock_after_interval() -> None:
    last = 1500 * R.RAO_PER_TAO
    cost = R.subnet_lock_cost(last, 100, 100 + R.NETWORK_LOCK_REDUCTION_INTERVAL, R.RAO_PER_TAO)
    assert abs(cost - last) <= R.NETWORK_LOCK_REDUCTION_INTERVAL  # only the floor's dust
    assert R.subnet_lock_cost(last, 100, 10**9, R.RAO_PER_TAO) == R.NETWORK_MIN_LOCK_COST


def test_prune_lowest_emission_non_immune() -> None:
    n = 14
    emission = [50] * n
    emission[3] = 1
    emission[5] = 1  # tie on emission: earlier registration wins
    reg = [0] * n
    reg[3] = 20
    reg[5] = 10
    assert R.neuron_to_prune(emission, reg, 10_000, 5000) == 5
    # owner-immortal uids are skipped
    assert R.neuron_to_prune(emission, reg, 10_000, 5000, owner_immortal_uids=[5]) == 3


def test_prune_tie_on_uid_and_immune_fallback() -> None:
    emission = [7, 3, 3, 9]
    reg = [0, 0, 0, 9_999]  # uid 3 is immune
    # only 3 non-immune < MinNonImmuneUids: pick the best immune one
    assert R.neuron_to_prune(emission, reg, 10_000, 5000) == 3
    assert R.neuron_to_prune(emission, reg, 10_000, 5000, min_non_immune=2) == 1
    # no immune candidate and too few free ones: nothing to prune
    assert R.neuron_to_prune([1, 2], [0, 0], 10_000, 5000) is None
    assert R.neuron_to_prune([1], [0], 10_000, 5000, owner_immortal_uids=[0]) is None
    with pytest.raises(ValueError):
        R.neuron_to_prune([1, 2], [0], 10, 5)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=5))
def test_burn_stays_within_bounds(burn: int, regs: int) -> None:
    step = R.burn_block(burn, regs, factor_q32=R.decay_factor_q32(360))
    assert R.DEFAULT_MIN_BURN <= step.burn_after <= R.DEFAULT_MAX_BURN
    assert all(R.DEFAULT_MIN_BURN <= p <= R.DEFAULT_MAX_BURN for p in step.registrations_paid)
