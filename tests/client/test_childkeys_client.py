"""client.childkeys: fractions to the chain's integers as the real btcli 9.23.2 makes them
(float_to_u64, float_to_u16, prepare_child_proportions), and one-line refusals."""
from __future__ import annotations

import pytest

from client.childkeys import U64_MAX, proportions_u64, take_u16


def test_proportions_as_the_real_btcli():
    assert proportions_u64([0.5]) == [int(0.5 * (2**64 - 1))] == [2**63]
    assert proportions_u64([0.3, 0.7]) == [int(0.3 * U64_MAX), int(0.7 * U64_MAX)]
    full = proportions_u64([0.5, 0.5])  # float rounding passes u64::MAX by 1: taken from the largest
    assert sum(full) == U64_MAX
    assert proportions_u64([1.0]) == [U64_MAX] or proportions_u64([1.0])[0] <= U64_MAX


def test_bad_proportions_and_takes():
    with pytest.raises(ValueError, match="add up to"):
        proportions_u64([0.7, 0.6])
    with pytest.raises(ValueError, match="between 0 and 1"):
        proportions_u64([-0.1])
    assert take_u16(0.1) == 6553 and take_u16(0.18) == 11_796 and take_u16(0) == 0
    with pytest.raises(ValueError, match="18%"):
        take_u16(0.19)
