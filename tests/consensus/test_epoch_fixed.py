"""consensus.fixed against plain Python integer arithmetic (spec §1.11 rounding rules)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from consensus import fixed
from consensus.fixed import ONE

I64 = st.integers(-(1 << 63), (1 << 63) - 1)
UNIT = st.integers(0, ONE)
FAST = settings(max_examples=60, deadline=None)


def ref_mul(a: int, b: int) -> int:
    return (a * b) >> 32  # Python's >> floors, like the crate's shift of the wide product


def ref_div(a: int, b: int) -> int:
    magnitude = (abs(a) << 32) // abs(b)
    return -magnitude if (a < 0) != (b < 0) else magnitude


def ref_exp(x: int) -> int:
    magnitude = abs(x)
    result, term = magnitude + ONE, magnitude
    for i in range(2, 32):
        term = ((term * magnitude) >> 32) // i
        result += term
    return ref_div(ONE, result) if x < 0 else result


@FAST
@given(st.lists(st.tuples(st.integers(-(1 << 47), 1 << 47), st.integers(-(1 << 47), 1 << 47)),
                min_size=1, max_size=30))
def test_mul_floors_the_wide_product(pairs: list[tuple[int, int]]) -> None:
    a, b = np.array(pairs, dtype=np.int64).T
    assert fixed.mul(a, b).tolist() == [ref_mul(x, y) for x, y in pairs]


@FAST
@given(st.lists(st.tuples(UNIT, UNIT), min_size=1, max_size=30))
def test_mul_unit_equals_mul_on_proportions(pairs: list[tuple[int, int]]) -> None:
    a, b = np.array(pairs, dtype=np.int64).T
    assert fixed.mul_unit(a, b).tolist() == fixed.mul(a, b).tolist()


def test_one_times_one_is_one() -> None:
    assert fixed.mul_unit(np.array([ONE]), np.array([ONE])).tolist() == [ONE]


@FAST
@given(st.lists(st.tuples(st.integers(-(1 << 60), 1 << 60), I64), min_size=1, max_size=30))
def test_safe_div_truncates_and_guards(pairs: list[tuple[int, int]]) -> None:
    a, b = np.array(pairs, dtype=np.int64).T
    expected = []
    for x, y in pairs:
        q = ref_div(x, y) if y else 0
        expected.append(q if -(1 << 63) < q < (1 << 63) - 1 else 0)
    got = fixed.safe_div(a, b).tolist()
    assert [g for g, e in zip(got, expected) if e] == [e for e in expected if e]


@FAST
@given(st.lists(st.tuples(st.integers(0, 1 << 40), st.integers(1, (1 << 59))), min_size=1,
                max_size=30))
def test_div_nonneg_is_exact(pairs: list[tuple[int, int]]) -> None:
    pairs = [(x, y) for x, y in pairs if (x << 32) // y < (1 << 63)] or [(1, 3)]
    a, b = np.array(pairs, dtype=np.int64).T
    assert fixed.div_nonneg(a, b).tolist() == [(x << 32) // y for x, y in pairs]


def test_div_by_zero_is_zero() -> None:
    assert fixed.safe_div(np.array([ONE, -ONE, 0]), np.array([0, 0, 0])).tolist() == [0, 0, 0]


@FAST
@given(st.lists(st.integers(-20 * ONE, 20 * ONE), min_size=1, max_size=12))
def test_exp_is_the_crate_taylor_series(values: list[int]) -> None:
    assert fixed.exp(np.array(values, dtype=np.int64)).tolist() == [ref_exp(v) for v in values]


def test_exp_known_points_and_clamp() -> None:
    got = fixed.to_float(fixed.exp_safe(np.array([0, ONE, -5 * ONE, 40 * ONE])))
    assert got[0] == 1.0
    np.testing.assert_allclose(got[1:3], [np.e, np.exp(-5)], rtol=1e-8)
    assert fixed.exp_safe(np.array([40 * ONE])).tolist() == [ref_exp(20 * ONE)]


def test_round_half_away_from_zero_and_floor() -> None:
    x = np.array([ONE // 2, -(ONE // 2), ONE + ONE // 2 - 1, -3 * ONE // 2])
    assert fixed.round_half_away(x).tolist() == [1, -1, 1, -2]
    assert fixed.to_int(x).tolist() == [0, -1, 1, -2]


@FAST
@given(st.lists(st.integers(0, 65535), min_size=1, max_size=40))
def test_u16_proportions_round_trip(values: list[int]) -> None:
    bits = fixed.from_u16_proportion(values)
    assert bits.tolist() == [(v << 32) // 65535 for v in values]
    assert fixed.to_u16_proportion(bits).tolist() == [max(0, v - 1) if 0 < v < 65535 else v
                                                    for v in values]


def test_u16_saturates() -> None:
    assert fixed.to_u16_proportion(np.array([-5, 2 * ONE, ONE])).tolist() == [0, 65535, 65535]


@FAST
@given(I64, I64)
def test_saturating_add_and_sub(a: int, b: int) -> None:
    clamp = lambda v: max(-(1 << 63), min((1 << 63) - 1, v))  # noqa: E731
    assert int(fixed.sat_add(np.int64(a), np.int64(b))) == clamp(a + b)
    assert int(fixed.sat_sub(np.int64(a), np.int64(b))) == clamp(a - b)


@FAST
@given(st.lists(st.integers(0, (1 << 64) - 1), min_size=1, max_size=20))
def test_stake_normalisation_in_i64f64(stakes: list[int]) -> None:
    total = sum(stakes)
    expected = [((s << 64) // total) >> 32 if total else 0 for s in stakes]
    assert fixed.normalize_i64f64_to_i32f32(stakes).tolist() == expected
    if total:
        via_i64f64 = fixed.i64f64_to_i32f32(
            fixed.i64f64_div(fixed.i64f64_from_int(stakes), fixed.i64f64_from_int(total)))
        assert via_i64f64.tolist() == expected


def test_i64f64_mul_floors() -> None:
    half, third = 1 << 63, (1 << 64) // 3
    assert fixed.i64f64_mul([half, -half], [third, third]).tolist() == [third >> 1,
                                                                       -((third + 1) >> 1)]
