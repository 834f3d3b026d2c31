"""Bonds and dividends: original Yuma (spec §1.8a) and Yuma 3 with liquid alpha v2 (§1.8b).

Both mechanisms take the bonds weights W^b (§1.7), the stored u16 bond block of the rows in play
and the recently-registered column mask, and return the new bonds as I32F32 bits with their
sparse presence, the u16 values to store and the dividends (normalised, I32F32).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from consensus import fixed
from consensus.fixed import ONE
from consensus.weights_math import Mask, Matrix, col_normalize, u16_ratio


@dataclass(frozen=True)
class BondsResult:
    """New bonds (I32F32 bits and presence), their stored u16 form, and dividends."""

    bonds: Matrix
    present: Mask
    stored_u16: Matrix
    dividends: NDArray[np.int64]


def moving_average_alpha(bonds_moving_average: int) -> int:
    """α = 1 − BondsMovingAverage/1e6; the I64F64 quotient narrows to I32F32 by flooring."""
    return ONE - (bonds_moving_average << fixed.FRAC_BITS) // 1_000_000


def ema(new: Matrix, new_present: Mask, old: Matrix, old_present: Mask,
        alpha: int) -> tuple[Matrix, Mask]:
    """α·new + (1−α)·old over the union of entries, keeping those > 0 (``mat_ema_sparse``)."""
    blended = fixed.mul_unit(np.int64(alpha), new) + fixed.mul_unit(np.int64(ONE - alpha), old)
    return blended, blended > 0  # a positive cell is present in new or old (zeros elsewhere)


def row_dot(matrix: Matrix, column_weights: NDArray[np.int64]) -> NDArray[np.int64]:
    """Σ_j M_ij·x_j with every product floored (``matmul_transpose_sparse``)."""
    return fixed.mul_unit(matrix, column_weights[None, :]).sum(axis=1)


def scatter_rows(row_values: NDArray[np.int64], row_uids: NDArray[np.int64],
                 n: int) -> NDArray[np.int64]:
    """Place per-row values at their uids in an n-vector of zeros."""
    out = np.zeros(n, dtype=np.int64)
    out[row_uids] = row_values
    return out


def original_yuma(weights_b: Matrix, weights_b_present: Mask, stored_u16: Matrix,
                  stored_present: Mask, recent: Mask, active_stake: NDArray[np.int64],
                  incentive: NDArray[np.int64], row_uids: NDArray[np.int64],
                  bonds_moving_average: int) -> BondsResult:
    """Original Yuma bonds (spec §1.8a): stake-weighted, column-normalised, EMA, upscaled."""
    old_present = stored_present & ~recent[None, :]
    old_u16 = np.where(old_present, stored_u16, 0)
    old = fixed.div_nonneg(old_u16, np.maximum(old_u16.sum(axis=0), 1))  # u16 / Σu16 exactly
    delta = col_normalize(fixed.mul_unit(weights_b, active_stake[row_uids][:, None]))
    bonds, present = ema(delta, weights_b_present, old, old_present,
                         moving_average_alpha(bonds_moving_average))
    bonds = col_normalize(bonds)
    dividends = fixed.normalize(scatter_rows(row_dot(bonds, incentive), row_uids,
                                             len(incentive)))
    return BondsResult(bonds, present, col_max_upscale_u16(bonds), dividends)


def col_max_upscale_u16(bonds: Matrix) -> Matrix:
    """Each column divided by its max, then ``floor(x·65535)`` (spec §1.8a step 6)."""
    col_max = bonds.max(axis=0, initial=0)
    return fixed.to_u16_proportion(fixed.div_nonneg(bonds, np.maximum(col_max, 1)[None, :]))


def liquid_alpha(weights_b: NDArray[np.int64], bonds: NDArray[np.int64],
                 consensus: NDArray[np.int64], alpha_low: int, alpha_high: int,
                 steepness: int) -> NDArray[np.int64]:
    """Per-entry liquid alpha v2 (``alpha_sigmoid``, spec §1.8b step 2).

    d = clamp(W − C, 0, 1) when buying (W ≥ B) else clamp(B − W, 0, 1);
    α = clamp(lo + sigmoid·(hi − lo), lo, hi), sigmoid = 1/(1 + exp((−k)·(d − ½))), where
    −k = steepness / (−100) truncates toward zero.  Arguments are flat arrays of entries.
    """
    lo, hi = u16_ratio(alpha_low), u16_ratio(alpha_high)
    negative_k = -((steepness << fixed.FRAC_BITS) // 100)
    # d = 0 (weight at or below consensus while buying) is the commonest case in practice:
    # its alpha is evaluated once.  Blocks keep the ~30 passes of the series in cache.
    alpha_at_zero = int(_alpha_of_diff(np.zeros(1, dtype=np.int64), negative_k, lo, hi)[0])
    alpha = np.empty_like(weights_b)
    for start in range(0, weights_b.size, fixed.EXP_CHUNK):
        block = slice(start, start + fixed.EXP_CHUNK)
        weight, bond = weights_b[block], bonds[block]
        diff = np.where(weight >= bond, weight - consensus[block], bond - weight)
        np.clip(diff, 0, ONE, out=diff)
        moving = diff != 0
        if moving.all():
            alpha[block] = _alpha_of_diff(diff, negative_k, lo, hi)
        else:
            alpha[block] = alpha_at_zero
            alpha[block][moving] = _alpha_of_diff(diff[moving], negative_k, lo, hi)
    return alpha


def _alpha_of_diff(diff: NDArray[np.int64], negative_k: int, lo: int, hi: int
                   ) -> NDArray[np.int64]:
    """α(d) = clamp(lo + sigmoid·(hi − lo), lo, hi), sigmoid = 1/(1 + exp((−k)·(d − ½)))."""
    exponent = fixed.mul(np.int64(negative_k), diff - (ONE >> 1))
    sigmoid = fixed.div_nonneg(np.int64(ONE), ONE + fixed.exp_safe(exponent))
    alpha = lo + fixed.mul_unit(sigmoid, np.int64(hi - lo))
    return np.clip(alpha, lo, hi)


def yuma3(weights_b: Matrix, weights_b_present: Mask, stored_u16: Matrix, stored_present: Mask,
          recent: Mask, consensus: NDArray[np.int64], active_stake: NDArray[np.int64],
          incentive: NDArray[np.int64], row_uids: NDArray[np.int64], bonds_moving_average: int,
          liquid_alpha_on: bool, alpha_low: int, alpha_high: int,
          steepness: int) -> BondsResult:
    """Yuma 3 bonds (spec §1.8b): per-pair bonds in [0, 1], stake enters at dividends only."""
    old_present = stored_present & ~recent[None, :]
    n = len(consensus)
    if liquid_alpha_on and consensus.any():
        # Only entries of W^b are emitted (``mat_ema_alpha_sparse``), so work on those alone.
        entries = np.flatnonzero(weights_b_present)
        columns = entries % n
        new_entries = weights_b.ravel()[entries]
        old_entries = fixed.from_u16_proportion(stored_u16.ravel()[entries])
        old_entries[recent[columns]] = 0  # stored_u16 is already 0 where nothing is stored
        alpha = liquid_alpha(new_entries, old_entries, consensus[columns], alpha_low,
                             alpha_high, steepness)
        decayed = fixed.mul_unit(ONE - alpha, old_entries)
        decayed += fixed.mul_unit(alpha, new_entries)  # both ≥ 0: max(0, ·) is moot
        np.minimum(decayed, ONE, out=decayed)
        bonds = np.zeros_like(weights_b)
        bonds.ravel()[entries] = decayed
        present = bonds > 0
    else:
        old = np.where(old_present, fixed.from_u16_proportion(stored_u16), 0)
        bonds, present = ema(weights_b, weights_b_present, old, old_present,
                             moving_average_alpha(bonds_moving_average))
    bond_value = row_dot(col_normalize(bonds), incentive)
    weighted = fixed.mul_unit(bond_value, active_stake[row_uids])
    dividends = fixed.normalize(scatter_rows(weighted, row_uids, len(incentive)))
    stored = fixed.to_u16_proportion(bonds)
    return BondsResult(bonds, present, stored, dividends)
