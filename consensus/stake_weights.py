"""Stake weights, validator permits and active stake in I32F32 (spec §1.3)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from consensus import fixed


def stake_weight(stake: NDArray[np.object_], stake_threshold: int,
                 owner_uid: int | None) -> NDArray[np.int64]:
    """Filter by StakeThreshold (owner exempt), then normalise in I64F64 → I32F32.

    spec §1.3 steps 1–2: s_i ← 0 if s_i < threshold (raw comparison); S = norm(s).
    """
    below = np.asarray(stake < stake_threshold, dtype=bool)
    if owner_uid is not None and 0 <= owner_uid < len(below):
        below[owner_uid] = False
    filtered = np.where(below, 0, stake)
    return fixed.normalize_i64f64_to_i32f32(filtered)


def previous_permits(stored: NDArray[np.bool_], owner_uid: int | None) -> NDArray[np.bool_]:
    """Stored permits with the owner forced on (spec §1.3 step 3)."""
    permits = stored.copy()
    if owner_uid is not None and 0 <= owner_uid < len(permits):
        permits[owner_uid] = True
    return permits


def top_k_nonzero(values: NDArray[np.int64], k: int) -> NDArray[np.bool_]:
    """True for non-zero entries, then clear the n−k smallest (stable: lower uid loses ties).

    The chain's ``is_topk_nonzero``; nothing is cleared when n < k.  spec §1.3 step 4
    """
    result = values != 0
    n = len(values)
    if n < k:
        return result
    order = np.argsort(values, kind="stable")
    result[order[: n - k]] = False
    return result


def new_permits(stake: NDArray[np.int64], max_allowed_validators: int,
                owner_uid: int | None) -> NDArray[np.bool_]:
    """Permits stored for the next epoch: top-k by stake weight, owner forced (spec §1.3)."""
    permits = top_k_nonzero(stake, max_allowed_validators)
    if owner_uid is not None and 0 <= owner_uid < len(permits):
        permits[owner_uid] = True
    return permits


def active_stake(stake: NDArray[np.int64], active: NDArray[np.bool_],
                 permits: NDArray[np.bool_]) -> NDArray[np.int64]:
    """S^a = norm(S masked to active, permitted uids) (spec §1.3 step 5)."""
    return fixed.normalize(np.where(active & permits, stake, 0))
