"""Known answers for the childkeys maths, restated from the real chain's own tests
(subtensor pallets/subtensor/src/tests/children.rs), plus properties."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from consensus.childkeys import (
    U16_MAX,
    U64_MAX,
    ParentStake,
    inherited_stake,
    self_contribution,
    split_dividends,
)


def test_children_stake_values_exact():
    # children.rs test_children_stake_values: 100 000 αTAO... (10^14 rao) lent 1/4 to each of 3 children
    own = [100_000_000_000_000, 0, 0, 0]
    out = inherited_stake(own, [0, 0, 0], [U64_MAX // 4] * 3, [1, 2, 3], [own[0]] * 3, [U64_MAX // 4] * 3)
    assert list(out) == [25_000_000_069_849, 24_999_999_976_716, 24_999_999_976_716, 24_999_999_976_716]
    assert sum(out) == 99_999_999_999_997


def test_single_parent_child_all_lent():
    # test_get_stake_for_hotkey_on_subnet_single_parent_child: u64::MAX moves everything
    out = inherited_stake([1_000_000_000, 0], [0], [U64_MAX], [1], [1_000_000_000], [U64_MAX])
    assert list(out) == [0, 1_000_000_000]


def test_multiple_parents_single_child():
    # test_get_stake_for_hotkey_on_subnet_multiple_parents_single_child: 500, 1000, 1499 (±10 there)
    out = inherited_stake([1000, 2000, 0], [0, 1], [U64_MAX // 2] * 2, [2, 2], [1000, 2000], [U64_MAX // 2] * 2)
    assert list(out) == [500, 1000, 1499]


def test_edge_cases_zero_and_full():
    # test_get_stake_for_hotkey_on_subnet_edge_cases: (0, child1), (u64::MAX, child2)
    stake = 600_000_000_000_000
    out = inherited_stake([stake, 0, 0], [0, 0], [0, U64_MAX], [1, 2], [stake, stake], [0, U64_MAX])
    assert list(out) == [0, 0, stake]


def test_complex_hierarchy_is_one_level_deep():
    # test_get_stake_for_hotkey_on_subnet_complex_hierarchy: parent 1000 → two children at 1/2,
    # child1 → grandchild at u64::MAX: the grandchild inherits child1's own stake (0), not 499
    own = [1000, 0, 0, 0]
    out = inherited_stake(own, [0, 0, 1], [U64_MAX // 2, U64_MAX // 2, U64_MAX],
                          [1, 2, 3], [1000, 1000, 0], [U64_MAX // 2, U64_MAX // 2, U64_MAX])
    assert list(out) == [0, 499, 499, 0]


def _rel(stakes):
    total = sum(stakes)
    return [s / total for s in stakes]


def test_dividend_distribution_with_children():
    # test_dividend_distribution_with_children: A(300k) → B at 1/2, B(100k) → C at 1/2, childkey take
    # 1/9 on B and C, TaoWeight 0, 1 000 000 of dividends for each hotkey in turn
    a, b, c = 300_000_000, 100_000_000, 50_000_000
    take = int(U16_MAX / 9)
    emission = 1_000_000
    parents_a, child_a = split_dividends(emission, 0, a, 0, [U64_MAX // 2], [], 0)
    assert parents_a == [] and child_a == emission
    parents_b, child_b = split_dividends(emission, take, b, 0, [U64_MAX // 2],
                                         [ParentStake("A", U64_MAX // 2, a, 0, False)], 0)
    total_b = b / 2 + a / 2
    expected_bb = (b / 2) / total_b * emission + (a / 2) / total_b * emission * take / U16_MAX
    assert abs(child_b - expected_bb) <= emission // 1000
    assert abs(parents_b[0][1] - (emission - expected_bb)) <= emission // 1000
    assert parents_b[0][0] == "A" and emission - 2 <= child_b + parents_b[0][1] <= emission
    parents_c, child_c = split_dividends(emission, take, c, 0, [],
                                         [ParentStake("B", U64_MAX // 2, b, 0, False)], 0)
    total_c = c + b / 2
    expected_cc = c / total_c * emission + (b / 2) / total_c * emission * take / U16_MAX
    assert abs(child_c - expected_cc) <= emission // 1000
    assert abs(parents_c[0][1] - (emission - expected_cc)) <= emission // 1000


def test_epoch_stake_shares_with_children():
    # the same test's epoch: inherited stakes A 150k, B 200k, C 100k give 1/3, 4/9, 2/9
    a, b, c = 300_000, 100_000, 50_000
    out = inherited_stake([a, b, c], [0, 1], [U64_MAX // 2] * 2, [1, 2], [a, b], [U64_MAX // 2] * 2)
    for got, want in zip(_rel(list(out)), [1 / 3, 4 / 9, 2 / 9]):
        assert abs(got - want) <= 1e-4


def test_same_owner_pays_no_take():
    # test_dividend_distribution_with_children_same_coldkey_owner: no childkey take between keys of
    # one coldkey, the split follows the contributions only
    parents, child = split_dividends(1_000_000, U16_MAX // 9, 100_000_000, 0, [],
                                     [ParentStake("A", U64_MAX // 2, 300_000_000, 0, True)], 0)
    assert abs(parents[0][1] - 600_000) <= 1 and abs(child - 400_000) <= 1


def test_root_stake_counts_with_tao_weight():
    # a parent with only root stake contributes root·p·TaoWeight (TaoWeight 1/2 here)
    parents, child = split_dividends(1000, 0, 100, 0, [], [ParentStake("R", U64_MAX, 0, 200, True)], U64_MAX // 2)
    assert abs(parents[0][1] - 500) <= 1 and abs(child - 500) <= 1
    assert self_contribution(100, 200, [U64_MAX // 2], U64_MAX // 2) in (99, 100)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**15), min_size=2, max_size=6), st.data())
def test_inherited_never_creates_stake(own, data):
    n = len(own)
    props = [data.draw(st.integers(0, U64_MAX // 5)) for _ in range(n - 1)]
    # hotkey 0 lends to every other one
    out = inherited_stake(own, [0] * (n - 1), props, list(range(1, n)), [own[0]] * (n - 1), props)
    assert all(v >= 0 for v in out)
    assert sum(own) - n <= sum(out) <= sum(own)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**12), st.integers(0, U16_MAX), st.lists(st.tuples(
    st.integers(0, U64_MAX), st.integers(0, 10**15), st.integers(0, 10**15), st.booleans()), max_size=5))
def test_split_never_pays_more_than_the_dividend(dividend, take, parents):
    ps = [ParentStake(str(i), p, a, r, same) for i, (p, a, r, same) in enumerate(parents)]
    out, own = split_dividends(dividend, take, 10**9, 10**9, [], ps, U64_MAX // 10)
    paid = own + sum(v for _, v in out)
    assert dividend - len(ps) - 1 <= paid <= dividend
