"""Weights, κ-median consensus, clipping, trust, incentive and the bonds penalty (spec §1.4–1.7).

Matrices are dense blocks over the rows in play (validators, at most MaxAllowedValidators of them)
× all n columns, with a ``present`` mask standing for "the sparse row holds this entry".  Cells
that are not present always hold 0, so sums need no masking.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from consensus import fixed
from consensus.fixed import ONE

Matrix = NDArray[np.int64]
Mask = NDArray[np.bool_]


def u16_ratio(value: int) -> int:
    """``I32F32(value) / I32F32(65535)`` as raw bits (kappa, bonds penalty, alpha bounds)."""
    return (value << fixed.FRAC_BITS) // fixed.U16_MAX


def mask_weights(present: Mask, row_uids: NDArray[np.int64], row_permitted: NDArray[np.bool_],
                 owner_uid: int | None, keep: Mask) -> Mask:
    """Drop rows of non-permitted uids, the diagonal except (owner, owner), and masked entries.

    ``keep`` combines the outdated and commit-reveal masks (``masks.weight_keep_mask``).
    spec §1.4
    """
    present = present & keep & row_permitted[:, None]
    rows = np.arange(len(row_uids))
    self_weight = row_uids != owner_uid if owner_uid is not None else np.ones(len(rows), bool)
    present[rows[self_weight], row_uids[self_weight]] = False
    return present


def masked_values(values: Matrix, present: Mask) -> Matrix:
    """Zero the cells that are not present (restores the block invariant), in place."""
    np.multiply(values, present, out=values)
    return values


def row_normalize_u16(values: Matrix) -> Matrix:
    """Row-normalise stored u16 weights read as plain numbers (spec §1.4).

    ``I32F32(u) / I32F32(Σu)`` has bits ``trunc(u * 2**32 / Σu)``; rows summing to 0 keep
    their values (all zero).
    """
    row_sum = values.sum(axis=1, keepdims=True)
    return fixed.div_nonneg(values, np.maximum(row_sum, 1))  # zero rows stay zero


def col_normalize(values: Matrix) -> Matrix:
    """Divide every (non-negative) entry by its column sum; zero columns stay zero."""
    col_sum = values.sum(axis=0)
    return fixed.div_nonneg(values, np.maximum(col_sum, 1)[None, :])


def weighted_median_consensus(active_stake: NDArray[np.int64], weights: Matrix,
                              kappa: int) -> NDArray[np.int64]:
    """Stake-weighted κ-median of every column (spec §1.5).

    Only rows with S^a > 0 vote; their stakes are renormalised to σ and m = Σσ − κ.  C_j is the
    smallest weight whose inclusive ascending cumulative stake exceeds m (the max when none
    does); missing entries count as zero weight.  Fixed-point sums are exact, so a cumulative sum
    over sorted values reproduces the chain's quickselect.
    """
    n = weights.shape[1]
    voters = np.flatnonzero(active_stake > 0)
    if len(voters) == 0:
        return np.zeros(n, dtype=np.int64)
    sigma = fixed.normalize(active_stake[voters])
    minority = int(sigma.sum()) - u16_ratio(kappa)
    index_bits = max(1, (len(voters) - 1).bit_length())
    scores = weights if len(voters) == weights.shape[0] else weights[voters]
    consensus = np.empty(n, dtype=np.int64)
    step = max(1, _MEDIAN_BLOCK // len(voters))  # columns per block: temporaries stay in cache
    for start in range(0, n, step):
        block = slice(start, start + step)
        consensus[block] = _median_block(scores[:, block], sigma, minority, index_bits)
    return consensus


_MEDIAN_BLOCK = 32768


def _median_block(scores: Matrix, sigma: NDArray[np.int64], minority: int,
                  index_bits: int) -> NDArray[np.int64]:
    """κ-median of a block of columns; keys pack (weight, voter) so one sort orders both."""
    keys = np.left_shift(scores.T, index_bits)  # columns × voters; absent cells hold weight 0
    keys |= np.arange(scores.shape[0])
    keys = np.ascontiguousarray(keys)
    keys.sort(axis=1)
    cumulative = sigma[np.bitwise_and(keys, (1 << index_bits) - 1)]
    np.cumsum(cumulative, axis=1, out=cumulative)
    exceeds = cumulative > minority
    exceeds[:, -1] = True  # when no prefix exceeds m, the largest value is taken
    first = exceeds.argmax(axis=1)
    return np.right_shift(keys[np.arange(keys.shape[0]), first], index_bits)


def clip_weights(weights: Matrix, present: Mask, consensus: NDArray[np.int64]
                 ) -> tuple[Matrix, Mask]:
    """Ŵ = min(W, C) per column (spec §1.6).

    [quirk] an entry above a zero consensus is removed rather than stored as 0; entries at or
    below C (explicit zeros included) are kept.
    """
    clipped = np.minimum(weights, consensus[None, :])  # cells that are not present stay 0
    zero_columns = consensus <= 0
    if not zero_columns.any():
        return clipped, present
    kept = present & ~((weights > 0) & zero_columns[None, :])  # above a zero consensus
    return clipped, kept


def validator_trust(clipped: Matrix) -> NDArray[np.int64]:
    """VT_i = Σ_j Ŵ_ij (spec §1.6)."""
    return clipped.sum(axis=1)


def incentive(active_stake_rows: NDArray[np.int64], clipped: Matrix) -> NDArray[np.int64]:
    """Rank R_j = Σ_i S^a_i·Ŵ_ij (each product floored), incentive I = norm(R) (spec §1.6)."""
    products = fixed.mul_unit(active_stake_rows[:, None], clipped)
    return fixed.normalize(products.sum(axis=0))


def bonds_weights(weights: Matrix, present: Mask, clipped: Matrix, clipped_present: Mask,
                  bonds_penalty: int) -> tuple[Matrix, Mask]:
    """W^b = W + β(Ŵ − W) with β = BondsPenalty/65535 (spec §1.7).

    β = 0 gives W and β = 1 gives Ŵ as they are; otherwise the blend is dense and only entries
    > 0 survive [quirk: explicit zeros disappear].
    """
    beta = u16_ratio(bonds_penalty)
    if beta == 0:
        return weights, present
    if beta == ONE:
        return clipped, clipped_present
    blended = fixed.sat_add(weights, fixed.mul(np.int64(beta), clipped - weights))
    return np.where(blended > 0, blended, 0), blended > 0
