"""Emission scores and rao amounts at the end of the epoch (spec §1.9)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from consensus import fixed


@dataclass(frozen=True)
class EmissionSplit:
    """Rao per uid: server (incentive) share, validator (dividends) share and stored Emission."""

    server: NDArray[np.int64]
    validator: NDArray[np.int64]
    combined: NDArray[np.int64]


def emission_shares(incentive: NDArray[np.int64], dividends: NDArray[np.int64],
                    stake: NDArray[np.int64], active_stake: NDArray[np.int64]
                    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """σ^s = I/Σc, σ^v = D/Σc and norm(c) for c = I + D, with the zero-sum fallback.

    When Σc = 0 the server share stays I (zeros) and the validator and combined shares become
    S^a, or S when S^a is all zero.  spec §1.9
    """
    combined = fixed.sat_add(incentive, dividends)
    total = int(combined.sum())
    if total == 0:
        fallback = active_stake if active_stake.any() else stake
        return incentive.copy(), fallback.copy(), fallback.copy()
    return (fixed.safe_div(incentive, np.int64(total)), fixed.safe_div(dividends, np.int64(total)),
            fixed.normalize(combined))


def to_rao(share: NDArray[np.int64], rao_emission: int) -> NDArray[np.int64]:
    """``floor(I96F32(share) · E)`` for shares ≥ 0 and E < 2**63, without overflow.

    share·E / 2**32 = share·hi + floor(share·lo / 2**32) where E = hi·2**32 + lo.
    """
    share_u = np.clip(share, 0, None).astype(np.uint64)
    hi, lo = np.uint64(rao_emission >> fixed.FRAC_BITS), np.uint64(rao_emission & fixed.LOW_MASK)
    low = np.right_shift(share_u * lo, np.uint64(fixed.FRAC_BITS))
    return (share_u * hi + low).astype(np.int64)


def split_emission(incentive: NDArray[np.int64], dividends: NDArray[np.int64],
                   stake: NDArray[np.int64], active_stake: NDArray[np.int64],
                   rao_emission: int) -> EmissionSplit:
    """Turn emission shares into rao amounts (floored) for an epoch emission E (spec §1.9)."""
    server, validator, combined = emission_shares(incentive, dividends, stake, active_stake)
    return EmissionSplit(to_rao(server, rao_emission), to_rao(validator, rao_emission),
                         to_rao(combined, rao_emission))
