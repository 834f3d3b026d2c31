"""Coinbase maths: block emission vectors, the float coinbase illustration, EMA and scheduling."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consensus import emission as E
from consensus.pool import PoolState, price, price_u64f64

VECTORS = json.loads((Path(__file__).parents[1] / "vectors/yuma/coinbase_swap_misc.json").read_text())
COINBASE = VECTORS["coinbase_block_example_float"]


@pytest.mark.parametrize("case", VECTORS["block_emission"]["cases"], ids=lambda c: str(c["issuance_rao"]))
def test_block_emission_vectors(case: dict) -> None:
    assert E.block_emission(case["issuance_rao"]) == case["emission_rao"]


def test_block_emission_halving_boundaries() -> None:
    assert E.block_emission(15_749_999_999_999_999) == 500_000_000
    assert E.block_emission(15_750_000_000_000_000) == 250_000_000
    assert E.block_emission(10**30) == 0


def _close(got: int | Fraction, want: float, rao: float = 1.0) -> bool:
    return abs(float(got) - want) <= rao + abs(want) * 1e-12


def test_coinbase_block_example() -> None:
    """The spec's worked block for three subnets; float illustration, so ±1 rao."""
    subnets = COINBASE["subnets"]
    netuids = sorted(subnets, key=int)
    inputs = [subnets[k]["inputs"] for k in netuids]
    shares = E.subnet_shares([i["ema_price"] for i in inputs], [i["miner_burned"] for i in inputs])
    assert sum(shares) == 1
    tao = E.tao_emissions(COINBASE["block_emission_rao"], shares)
    cut = round(Fraction(str(COINBASE["subnet_owner_cut"])) * E.U16_MAX)
    assert cut == E.DEFAULT_SUBNET_OWNER_CUT
    for k, inp, share, tao_emission in zip(netuids, inputs, shares, tao):
        want = subnets[k]
        assert abs(float(share) - want["share"]) < 1e-15
        assert _close(tao_emission, want["tao_emission"])
        issuance = int(inp["alpha_in"] + inp["alpha_out"])
        alpha_emission = E.block_emission(issuance)
        assert alpha_emission == want["alpha_block_emission"]
        root_prop = E.root_proportion(COINBASE["tao_weight"], int(COINBASE["root_tao"]), issuance)
        assert abs(float(root_prop) - want["root_proportion"]) < 1e-15
        inj = E.subnet_injection(tao_emission, inp["spot_price"], root_prop, alpha_emission)
        assert _close(inj.tao_in, want["tao_in_injected"])
        assert _close(inj.alpha_in, want["alpha_in_injected"])
        assert _close(inj.excess_tao, want["excess_tao_used_for_chain_buy"])
        assert inj.tao_in + inj.excess_tao == tao_emission
        assert inj.alpha_out == want["alpha_out_minted"]
        split = E.split_alpha_out(inj.alpha_out, root_prop, cut)
        assert sum(split) == inj.alpha_out
        assert _close(split.owner_cut, want["owner_cut"])
        assert _close(split.server, want["pending_server"])
        assert _close(split.validator, want["pending_validator"])
        assert _close(split.root, want["pending_root_alpha"])


def test_shares_edge_cases() -> None:
    assert E.subnet_shares([Fraction(1), Fraction(3)]) == [Fraction(1, 4), Fraction(3, 4)]
    # everyone burned everything: fall back to price shares
    assert E.subnet_shares([1, 1], [1, 1]) == [Fraction(1, 2), Fraction(1, 2)]
    assert E.subnet_shares([1, 3], emission_enabled=[True, False]) == [Fraction(1), Fraction(0)]
    assert E.subnet_shares([0, 0]) == [0, 0]
    assert E.root_proportion(0.18, 0, 0) == 0


def test_injection_uncapped_and_zero_price() -> None:
    inj = E.subnet_injection(1000, Fraction(1, 2), Fraction(1), 10**9)
    assert inj == E.Injection(1000, 2000, 0, 10**9)
    assert E.subnet_injection(1000, 0, Fraction(1, 10), 10**9) == E.Injection(1000, 0, 0, 10**9)


def test_owner_cut_disabled_and_root_flag() -> None:
    split = E.split_alpha_out(1001, Fraction(1, 2), owner_cut_enabled=False)
    assert split == E.AlphaSplit(0, 500, 251, 250)
    assert E.root_sell_flag([0.6, 0.5]) and not E.root_sell_flag([0.5, 0.5])


def test_inject_and_buy() -> None:
    pool = PoolState(10**12, 4 * 10**12)
    inj = E.subnet_injection(10**9, price(pool), Fraction(1, 10), 10**9)
    new_pool, bought, spent = E.inject_and_buy(pool, inj)
    assert spent == inj.excess_tao > 0 and bought > 0
    assert new_pool.tao_reserve == pool.tao_reserve + inj.tao_in + spent
    assert new_pool.alpha_reserve == pool.alpha_reserve + inj.alpha_in - bought


def test_ema_price_update() -> None:
    one_q32 = E.Q32_ONE
    ema = one_q32 // 100  # 0.01
    spot = price_u64f64(PoolState(2 * 10**9, 10**9))  # 2.0, capped at 1 inside the EMA
    new = E.update_ema_price(ema, spot, blocks_since_start=201_600)
    alpha = 3e-6 / 2
    expected = alpha * 1.0 + (1 - alpha) * 0.01
    assert abs(float(E.ema_price_fraction(new)) - expected) < 2 / one_q32
    assert E.update_ema_price(ema, spot, blocks_since_start=0) == ema  # no weight at start


def test_epoch_scheduling() -> None:
    assert E.should_run_epoch(1360, 360, 1000)
    assert not E.should_run_epoch(1359, 360, 1000)
    assert E.should_run_epoch(1200, 360, 1000, pending_epoch_at=1200)
    assert E.should_run_epoch(1001, 360, 1000, blocks_since_last_step=50_401)
    assert not E.should_run_epoch(5000, 0, 0)
    assert E.blocks_until_next_epoch(1100, 360, 1000) == 260
    assert E.blocks_until_next_epoch(2000, 360, 1000) == 0
    assert E.initial_last_epoch_block(7, 360, 10_000) == 9993
    assert E.blocks_until_next_epoch_legacy(1, 360, 0) == 358
    assert E.blocks_until_next_epoch_legacy(1, 0, 0) is None
    run, deferred = E.schedule_epochs([3, 1, 4, 5], block=99)
    assert run == [3, 1] and deferred == {4: 100, 5: 100}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fractions(min_value=0, max_value=10), min_size=1, max_size=8),
       st.integers(min_value=0, max_value=10**9))
def test_shares_sum_to_one_and_emission_never_exceeds_block(prices: list[Fraction], emission: int) -> None:
    shares = E.subnet_shares(prices)
    assert sum(shares) in (0, 1)
    assert sum(E.tao_emissions(emission, shares)) <= emission


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.fractions(min_value=0, max_value=1))
def test_split_conserves_alpha(alpha_out: int, root_prop: Fraction) -> None:
    split = E.split_alpha_out(alpha_out, root_prop)
    assert sum(split) == alpha_out and min(split) >= 0
