"""Childkeys maths: the stake a hotkey holds after parents lend it theirs, and how a hotkey's
dividends are split with its parents.  (README "Childkeys"; the real chain's
`get_inherited_for_hotkey_on_subnet` and `get_parent_child_dividends_distribution`.)

Both follow the chain's U96F32 arithmetic (32 fractional bits) on unsigned values, so the results
are bit-exact with it:
* a proportion p (u64 of u64::MAX) is ``norm(p) = floor(p·2³² / u64::MAX)``;
* ``mul(a, b) = floor(a·b / 2³²)``; ``div(a, b) = floor(a·2³² / b)`` (0 when b = 0);
* subtraction saturates at 0; a fixed value becomes an integer by flooring.

Relations are one level deep, as on chain: a hotkey inherits a share of each parent's *own* stake
(never what the parent inherited), so a grandchild gets nothing through a child that has no stake.
Arrays are numpy object arrays of Python ints (values pass 2⁹⁶ mid-way).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

U64_MAX = 2**64 - 1
U16_MAX = 65_535
FRAC = 32
ONE = 1 << FRAC
MAX_CHILDREN = 5


def norm(proportion: int) -> int:
    """A u64 proportion as U96F32 raw bits: floor(p·2³² / u64::MAX)."""
    return (proportion << FRAC) // U64_MAX


def _ints(values: Sequence[int] | NDArray[np.object_]) -> NDArray[np.object_]:
    out = np.empty(len(values), dtype=object)
    out[:] = [int(v) for v in values]
    return out


def inherited_stake(own: Sequence[int], child_owner: Sequence[int], child_proportion: Sequence[int],
                    parent_of: Sequence[int], parent_stake: Sequence[int],
                    parent_proportion: Sequence[int]) -> NDArray[np.object_]:
    """Stake of n hotkeys after childkeys: own − Σ given to children + Σ received from parents.

    own[i]: the hotkey's own stake (rao). Edges to children: (child_owner[j] = i, child_proportion[j]).
    Edges from parents: (parent_of[k] = i, parent_stake[k] = the parent's own stake,
    parent_proportion[k]). Each term is floor(stake·norm(p)/2³²) in U96F32 raw bits; the sum given
    away is subtracted once (saturating), then the received sum added, then floored to rao.
    """
    n = len(own)
    own_raw = _ints(own) * ONE if n else np.zeros(0, dtype=object)
    given = np.zeros(n, dtype=object)
    received = np.zeros(n, dtype=object)
    if len(child_owner):
        owners = np.asarray(child_owner, dtype=np.int64)
        shares = own_raw[owners] * _ints([norm(p) for p in child_proportion]) >> FRAC
        np.add.at(given, owners, shares)
    if len(parent_of):
        heirs = np.asarray(parent_of, dtype=np.int64)
        shares = _ints(parent_stake) * ONE * _ints([norm(p) for p in parent_proportion]) >> FRAC
        np.add.at(received, heirs, shares)
    kept = own_raw - given
    kept = np.where(kept > 0, kept, 0).astype(object)
    return (kept + received) >> FRAC


@dataclass(frozen=True)
class ParentStake:
    """One parent of a hotkey: its proportion (u64), its own alpha and root stake (rao), and whether
    the same coldkey owns parent and child (no childkey take between them)."""

    hotkey: str
    proportion: int
    alpha: int
    root: int
    same_owner: bool


def tao_weight_fixed(tao_weight: int) -> int:
    """TaoWeight (u64 of u64::MAX) as U96F32 raw bits."""
    return norm(tao_weight)


def _contribution(alpha: int, root: int, proportion_raw: int, weight_raw: int) -> int:
    """alpha·p + (root·p)·w in U96F32 raw bits (the chain's order of operations)."""
    alpha_part = (alpha * ONE * proportion_raw) >> FRAC
    root_part = (((root * ONE * proportion_raw) >> FRAC) * weight_raw) >> FRAC
    return alpha_part + root_part


def self_contribution(alpha: int, root: int, child_proportions: Sequence[int], tao_weight: int) -> int:
    """The hotkey's own stake left after lending to its children, alpha + root·TaoWeight (rao, floored)."""
    remaining = ONE
    for p in child_proportions:
        remaining = max(remaining - norm(p), 0)
    return _contribution(alpha, root, remaining, tao_weight_fixed(tao_weight)) >> FRAC


def split_dividends(dividend: int, childkey_take: int, own_alpha: int, own_root: int,
                    child_proportions: Sequence[int], parents: Sequence[ParentStake],
                    tao_weight: int) -> tuple[list[tuple[str, int]], int]:
    """Split a hotkey's dividend (alpha rao) between its parents and itself.

    Each parent earns dividend × its contribution / (self contribution + Σ parent contributions),
    where a contribution is alpha·p + root·p·TaoWeight. From a parent owned by another coldkey the
    childkey take (u16 of 65535) is kept by the child first. Returns ([(parent hotkey, alpha)], the
    child's own part = what is left + the takes), all floored to rao as the chain does (CKBurn 0).
    """
    weight_raw = tao_weight_fixed(tao_weight)
    validating = dividend * ONE
    remaining = validating
    take_raw = (childkey_take * ONE) // U16_MAX
    total = self_contribution(own_alpha, own_root, child_proportions, tao_weight) * ONE
    contributions = []
    for parent in parents:
        c = _contribution(parent.alpha, parent.root, norm(parent.proportion), weight_raw)
        total += c
        contributions.append(c)
    out: list[tuple[str, int]] = []
    total_take = 0
    for parent, c in zip(parents, contributions):
        factor = (c * ONE) // total if total else 0
        emission = (validating * factor) >> FRAC
        remaining = max(remaining - emission, 0)
        if not parent.same_owner:
            take = (take_raw * emission) >> FRAC
            emission -= take
            total_take += take
        out.append((parent.hotkey, emission >> FRAC))
    return out, (remaining + total_take) >> FRAC
