"""Weighted dTAO pool: vectors from coinbase_swap_misc.json and hypothesis properties."""

from __future__ import annotations

import json
import math
import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from consensus import pool as P
from consensus.pool import PoolState, SwapError

VECTORS = json.loads((Path(__file__).parents[1] / "vectors/yuma/coinbase_swap_misc.json").read_text())
SWAP = VECTORS["balancer_swap"]
BASIC = PoolState(tao_reserve=10**9, alpha_reserve=4 * 10**9)  # test_swap_basic reserves


@pytest.mark.parametrize("case", SWAP["buys"], ids=lambda c: f"buy-{c['tao_in']}")
def test_buy_vectors(case: dict) -> None:
    r = P.buy(BASIC, case["tao_in"])
    assert r.fee == case["fee_to_block_author_tao"]
    assert r.amount_in_used - r.fee == case["tao_added_to_reserve"]
    assert abs(r.amount_out - case["alpha_out"]) <= 1
    assert r.pool.tao_reserve == BASIC.tao_reserve + case["tao_added_to_reserve"]


@pytest.mark.parametrize("case", SWAP["sells"], ids=lambda c: f"sell-{c['alpha_in']}")
def test_sell_vectors(case: dict) -> None:
    r = P.sell(BASIC, case["alpha_in"])
    assert r.fee == case["fee_alpha"]
    assert r.amount_in_used - r.fee == case["alpha_added_to_reserve"]
    assert abs(r.amount_out - case["tao_out"]) <= 1


@pytest.mark.parametrize("case", SWAP["weighted_no_fee"],
                         ids=lambda c: f"w{c['w_quote']}-d{c['delta']}")
def test_weighted_vectors(case: dict) -> None:
    w2 = int(Fraction(str(case["w_quote"])) * P.PERQUINTILL)
    pool = PoolState(case["tao"], case["alpha"], w2)
    tol = SWAP["weighted_tolerance_rao"]
    assert abs(P.buy_output(pool, case["delta"]) - case["buy_alpha_out"]) <= tol
    assert abs(P.sell_output(pool, case["delta"]) - case["sell_tao_out"]) <= tol


def test_price_and_u64f64() -> None:
    assert P.price(BASIC) == Fraction(1, 4)
    assert P.price_u64f64(BASIC) == P.U64F64_ONE // 4
    assert P.price(PoolState(0, 0)) == 0
    assert P.price(PoolState(5, 7, stable=True)) == 1


def test_pow_bounds_bracket_the_float_value() -> None:
    for num, den, a, b in [(3, 7, 1, 9), (1500, 1501, 1, 9), (10**12, 10**12 + 12345, 123, 877),
                           (9, 4, 1, 2), (5, 3, 7, 10)]:
        lo, hi = P.pow_bounds(num, den, a, b)
        assert lo <= hi and hi - lo < Fraction(1, 2**190)
        assert math.isclose(float(lo), (num / den) ** (a / b), rel_tol=1e-14)
    lo, hi = P.pow_bounds(9, 4, 1, 2)
    assert lo == hi == Fraction(3, 2)


def test_partial_fill_stops_at_limit_and_recomputes_fee() -> None:
    limit = P.price_to_limit(Fraction(3, 10))  # 0.25 → 0.30
    r = P.buy(BASIC, 10**9, limit_raw=limit)
    assert r.partial and r.price_after <= Fraction(3, 10)
    net = r.amount_in_used - r.fee
    assert r.fee == P.partial_fill_fee(net)
    assert net == P.tao_to_reach_price(BASIC, Fraction(3, 10))
    # w1 = ½ ⇒ Δy = y·(√(p′/p) − 1), exactly
    assert net == math.isqrt(10**18 * 6 // 5) - 10**9
    s = P.sell(BASIC, 10**10, limit_raw=P.price_to_limit(Fraction(1, 5)))
    assert s.partial and s.price_after >= Fraction(1, 5)


def test_guards() -> None:
    with pytest.raises(SwapError) as e:
        P.buy(PoolState(10**9, P.MINIMUM_RESERVE - 1), 10**6)
    assert e.value.reason == "reserves_too_low"
    with pytest.raises(SwapError) as e:
        P.buy(BASIC, 10**6, limit_raw=P.price_to_limit(Fraction(1, 5)))
    assert e.value.reason == "price_limit_exceeded"
    with pytest.raises(SwapError) as e:
        P.sell(BASIC, 10**6, limit_raw=P.price_to_limit(Fraction(1, 2)))
    assert e.value.reason == "price_limit_exceeded"
    with pytest.raises(SwapError) as e:
        P.buy(PoolState(10**6, 10**9), 2 * 10**9, drop_fees=True)
    assert e.value.reason == "input_too_large"
    with pytest.raises(SwapError) as e:
        P.buy(PoolState(10**9, 2 * 10**6), 1)  # ⌊2e6·1/(1e9+1)⌋ = 0: nothing to pay out
    assert e.value.reason == "reserves_too_low"
    with pytest.raises(SwapError) as e:
        P.sell(PoolState(2 * 10**6, 10**9), 10**12, drop_fees=True)
    assert e.value.reason == "insufficient_liquidity"


def test_stable_pool_is_one_to_one() -> None:
    root = PoolState(0, 0, stable=True)
    r = P.buy(root, 12345)
    assert (r.amount_out, r.fee, r.price_before) == (12345, 0, 1)
    assert P.sell(root, 777).amount_out == 777


def test_quote_matches_swap_and_mutates_nothing() -> None:
    q = P.quote(BASIC, "buy", 123456)
    r = P.buy(BASIC, 123456)
    assert q == (r.amount_in_used, r.fee, r.amount_out, r.price_before, r.price_after, r.price_impact)
    assert q.price_impact > 0 and BASIC == PoolState(10**9, 4 * 10**9)
    assert P.quote(BASIC, "sell", 1000).amount_out == 249
    with pytest.raises(ValueError):
        P.quote(BASIC, "hold", 1)


def test_injection_keeps_price_and_rejects_extreme_weights() -> None:
    after = P.inject(BASIC, 10**6, 10**9)
    assert after is not None and after.quote_weight < P.DEFAULT_QUOTE_WEIGHT
    assert abs(P.price(after) - P.price(BASIC)) < Fraction(1, 10**15)
    assert P.inject(BASIC, 0, 10**13) is None  # would push w2 below 0.01
    assert P.inject(BASIC, 10**12, 0) is None  # would push w2 above 0.99


def test_initial_pool_with_target_price() -> None:
    pool = P.initial_pool(10**12, 10**12, Fraction(1, 4))
    assert pool.quote_weight == 8 * 10**17  # y/(p·x + y) = 1/1.25
    assert abs(P.price(pool) - Fraction(1, 4)) < Fraction(1, 10**15)
    assert P.initial_pool(10**9, 10**9).quote_weight == P.DEFAULT_QUOTE_WEIGHT
    with pytest.raises(ValueError, match="outside"):
        P.initial_pool(10**9, 10**9, Fraction(1000))


# ---- properties ----------------------------------------------------------------------------

reserves = st.integers(min_value=P.MINIMUM_RESERVE, max_value=10**16)
weights = st.sampled_from([P.DEFAULT_QUOTE_WEIGHT, 10**17, 9 * 10**17, 123_456_789_012_345_678])
pools = st.builds(PoolState, reserves, reserves, weights)
amounts = st.integers(min_value=0, max_value=10**15)
FAST = settings(max_examples=int(os.environ.get("TAONET_HYPOTHESIS_EXAMPLES", "60")), deadline=None)


def _swap_or_none(fn, *args, **kw):  # type: ignore[no-untyped-def]
    try:
        return fn(*args, **kw)
    except SwapError:
        return None


@FAST
@given(pools, amounts)
def test_buy_then_sell_never_profits(pool: PoolState, tao: int) -> None:
    b = _swap_or_none(P.buy, pool, tao)
    assume(b is not None and b.amount_out > 0)
    s = _swap_or_none(P.sell, b.pool, b.amount_out)
    assume(s is not None)
    assert s.amount_out <= b.amount_in_used


@FAST
@given(pools, amounts, st.booleans())
def test_reserves_never_below_minimum(pool: PoolState, amount: int, is_buy: bool) -> None:
    r = _swap_or_none(P.buy if is_buy else P.sell, pool, amount)
    assume(r is not None)
    assert r.pool.tao_reserve >= P.MINIMUM_RESERVE and r.pool.alpha_reserve >= P.MINIMUM_RESERVE


@FAST
@given(pools, amounts, st.booleans())
def test_invariant_never_decreases(pool: PoolState, amount: int, is_buy: bool) -> None:
    r = _swap_or_none(P.buy if is_buy else P.sell, pool, amount)
    assume(r is not None)
    new = r.pool
    if pool.quote_weight == P.DEFAULT_QUOTE_WEIGHT:  # constant product, exactly
        assert new.tao_reserve * new.alpha_reserve >= pool.tao_reserve * pool.alpha_reserve
    w1, w2 = pool.base_weight / P.PERQUINTILL, pool.quote_weight / P.PERQUINTILL
    before = w1 * math.log(pool.alpha_reserve) + w2 * math.log(pool.tao_reserve)
    after = w1 * math.log(new.alpha_reserve) + w2 * math.log(new.tao_reserve)
    assert after >= before - 1e-12


@FAST
@given(pools, amounts, st.integers(min_value=1, max_value=400), st.booleans())
def test_partial_fill_never_passes_limit(pool: PoolState, amount: int, pct: int, is_buy: bool) -> None:
    p0 = P.price(pool)
    limit = P.price_to_limit(p0 * (100 + pct) / 100 if is_buy else p0 * 100 / (100 + pct))
    r = _swap_or_none(P.buy if is_buy else P.sell, pool, amount, limit_raw=limit)
    assume(r is not None)
    if is_buy:
        assert r.price_after <= P.limit_to_price(limit)
    else:
        assert r.price_after >= P.limit_to_price(limit)
    assert r.amount_in_used <= amount


@FAST
@given(pools, st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10**13))
def test_injection_keeps_price(pool: PoolState, tao: int, alpha: int) -> None:
    after = P.inject(pool, tao, alpha)
    assume(after is not None)
    before = P.price(pool)
    assert abs(P.price(after) - before) <= max(Fraction(1, 10**9), before / 10**12)
    assert P.MIN_WEIGHT <= after.quote_weight <= P.MAX_WEIGHT
