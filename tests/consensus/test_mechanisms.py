"""Sub-mechanisms (consensus/mechanisms.py): the known answers of the real chain's own tests
(opentensor/subtensor pallets/subtensor/src/tests/mechanism.rs), restated here as data."""
from __future__ import annotations

import numpy as np
import pytest

from consensus import mechanisms as mech
from consensus.epoch import run_epoch
from consensus.epoch_types import EpochInputs, EpochParams

G = mech.GLOBAL_MAX_SUBNET_COUNT
FULL = 0xFFFF


@pytest.mark.parametrize("netuid,mecid", [(0, 0), (G // 2, 1), (G // 2, 7), (G // 2, 14), (G // 2, 15),
                                          (G - 1, 1), (G - 1, 7), (G - 1, 14), (G - 1, 15)])
def test_index_from_netuid_and_mechanism(netuid, mecid):  # test_index_from_netuid_and_subnet
    assert mech.storage_index(netuid, mecid) == mecid * G + netuid


@pytest.mark.parametrize("index", [0, 1, 14, 15, 16, 17, G - 1, G, G + 1, 0xFFFE // 2, 0xFFFE, 0xFFFF])
def test_netuid_and_mechanism_from_index(index):  # test_netuid_and_subnet_from_index
    assert mech.netuid_and_mecid(index) == (index % G, index // G)


def test_index_constants():  # test_netuid_index_math_constants
    assert G * mech.MAX_MECHANISM_COUNT_PER_SUBNET == 0x10000


def test_split_even_division():  # split_emissions_even_division
    assert mech.split_emission(25, 5, None) == [5] * 5


def test_split_rounding_to_first():  # split_emissions_rounding_to_first
    assert mech.split_emission(10, 4, None) == [4, 2, 2, 2]


def test_split_fibonacci():  # split_emissions_fibbonacci
    assert mech.split_emission(19, 5, [3450, 6899, 10348, 17247, 27594]) == [1, 2, 3, 5, 8]


def test_split_short_vector_pads_and_credits_mechanism_zero():
    assert mech.split_emission(100, 3, [FULL]) == [100, 0, 0]
    assert sum(mech.split_emission(10**18 + 7, 2, [FULL // 4, FULL - FULL // 4])) == 10**18 + 7


def test_count_and_split_problems():
    assert mech.count_problem(0, 2, 128) is not None
    assert mech.count_problem(3, 2, 64) is not None          # over MaxMechanismCount
    assert "TooManyUIDsPerMechanism" in mech.count_problem(2, 2, 256)
    assert mech.count_problem(2, 2, 128) is None
    assert mech.count_problem(17, 17, 8) is not None        # over the compile-time cap
    assert mech.split_problem([], 2) is not None
    assert mech.split_problem([FULL, 0, 0], 2) is not None  # longer than the count
    assert mech.split_problem([100, 200], 2) is not None    # must sum to 65535
    assert mech.split_problem([FULL // 4, FULL - FULL // 4], 2) is None
    assert mech.split_problem([FULL], 2) is None             # shorter is allowed (padded with 0)


def _two_neurons(weights0, weights1, permits=(True, True), n=2):
    """mock_epoch_state (+ mock_3_neurons): 1 alpha each on uids 0, 1; registered at 1, updated at 2."""
    stake = [10**9, 10**9] + [0] * (n - 2)
    base = {"stake": stake, "bonds": None, "last_update": [2] * n, "block_at_registration": [1] * n,
            "validator_permit": list(permits), "current_block": 1, "n": n}
    return EpochInputs(weights=weights0, **base), EpochInputs(weights=weights1, **base)


PARAMS = EpochParams(tempo=1, activity_cutoff=FULL, yuma3=False)


def _run(inputs, parts):
    return [run_epoch(i, PARAMS, p) for i, p in zip(inputs, parts)]


def test_epoch_per_mechanism_incentive():  # epoch_with_mechanisms_produces_per_mechanism_incentive
    both = [[(0, FULL), (1, FULL)], [(0, FULL), (1, FULL)]]
    outs = _run(_two_neurons(both, both), mech.split_emission(10**9, 2, None))
    for out in outs:
        assert out.incentive.tolist() == [FULL // 2, FULL // 2]


def test_epoch_per_mechanism_bonds():  # epoch_with_mechanisms_updates_bonds
    both = [[(0, FULL), (1, FULL)], [(0, FULL), (1, FULL)]]
    skew = [[(0, FULL), (1, 0)], [(0, FULL), (1, FULL)]]
    out0, out1 = _run(_two_neurons(both, skew), mech.split_emission(10**9, 2, None))
    assert out0.bonds.to_rows() == [[(1, FULL)], [(0, FULL)]]
    assert out1.bonds.to_rows() == [[], [(0, FULL)]]


def test_epoch_incentive_proportional_to_weights():  # epoch_with_mechanisms_incentives_proportional_to_weights
    w0 = [[(1, FULL // 5 * 4), (2, FULL // 5)], [(0, FULL), (1, FULL)], []]
    w1 = [[(1, FULL // 5), (2, FULL // 5 * 4)], [(0, FULL), (1, FULL)], []]
    out0, out1 = _run(_two_neurons(w0, w1, (True, False, False), n=3), mech.split_emission(10**9, 2, None))
    assert abs(out0.incentive[1] - FULL // 5 * 4) <= 1 and abs(out0.incentive[2] - FULL // 5) <= 1
    assert abs(out1.incentive[1] - FULL // 5) <= 1 and abs(out1.incentive[2] - FULL // 5 * 4) <= 1


def test_epoch_no_weight_no_incentive():  # epoch_with_mechanisms_no_weight_no_incentive
    w = [[(1, 1), (2, 0)], [(0, FULL), (1, FULL)], []]
    for out in _run(_two_neurons(w, w, (True, False, False), n=3), mech.split_emission(10**9, 2, None)):
        assert out.incentive.tolist() == [0, FULL, 0]


def test_aggregate_persists_weighted_terms():  # epoch_with_mechanisms_persists_and_aggregates_all_terms
    emission = 10**9
    split = [FULL // 4, FULL - FULL // 4]
    parts = mech.split_emission(emission, 2, split)
    w0 = [[(1, FULL // 5 * 3), (2, FULL // 5 * 2)], [(0, FULL), (1, FULL)], []]
    w1 = [[(1, FULL // 5), (2, FULL // 5 * 4)], [(0, FULL), (1, FULL)], []]
    outs = _run(_two_neurons(w0, w1, (True, False, False), n=3), parts)
    agg = mech.aggregate(outs, parts, emission)
    q0, q1 = (mech.mechanism_weight_q64(p, emission, m) for m, p in enumerate(parts))
    assert abs(q0 / 2**64 - 0.25) < 1e-4 and abs(q1 / 2**64 - 0.75) < 1e-4
    for uid in range(3):
        t0, t1 = outs
        assert agg.server_emission[uid] == t0.server_emission[uid] + t1.server_emission[uid]
        assert agg.validator_emission[uid] == t0.validator_emission[uid] + t1.validator_emission[uid]
        assert agg.active[uid] == (t0.active[uid] or t1.active[uid])
        assert agg.new_validator_permit[uid] == (t0.new_validator_permit[uid] or t1.new_validator_permit[uid])
        for field in ("emission", "consensus", "dividends", "validator_trust"):
            expected = (int(getattr(t0, field)[uid]) * q0 + int(getattr(t1, field)[uid]) * q1) >> 64
            assert abs(int(getattr(agg, field)[uid]) - expected) <= 1, field
    # everything paid adds up to the emission (up to the epoch's own fixed-point dust)
    paid = int(sum(agg.server_emission) + sum(agg.validator_emission))
    assert emission - 10 <= paid <= emission


def test_zero_emission_weighs_mechanism_zero_only():
    assert mech.mechanism_weight_q64(0, 0, 0) == 1 << 64
    assert mech.mechanism_weight_q64(0, 0, 1) == 0
    assert mech.weighted(np.array([FULL]), 1 << 63).tolist() == [FULL // 2]
