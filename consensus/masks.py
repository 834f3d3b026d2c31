"""Epoch masks: activity, outdated weights, recent registrations, commit-reveal (spec §1.2)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


def activity_cutoff_blocks(factor_milli: int, tempo: int) -> int:
    """``A = max(1, floor(ActivityCutoffFactorMilli * tempo / 1000))`` (spec §1.2)."""
    return max(1, factor_milli * tempo // 1000)


def active_mask(last_update: NDArray[np.int64], current_block: int,
                activity_cutoff: int) -> NDArray[np.bool_]:
    """Active ⇔ not (last_update + A < current_block) (spec §1.2)."""
    return ~(last_update + activity_cutoff < current_block)


def last_tempo_block(current_block: int, tempo: int, last_mechanism_step_block: int) -> int:
    """Start of the current tempo: LastMechanismStepBlock + 1, else current − tempo (§1.2)."""
    if last_mechanism_step_block != 0:
        return last_mechanism_step_block + 1
    return max(0, current_block - tempo)


def recently_registered(block_at_registration: NDArray[np.int64],
                        last_tempo: int) -> NDArray[np.bool_]:
    """Columns whose uid registered since the last tempo: last_tempo ≤ reg_j (spec §1.2)."""
    return last_tempo <= block_at_registration


def weight_keep_mask(last_update: NDArray[np.int64], block_at_registration: NDArray[np.int64],
                     commit_block: NDArray[np.int64] | None) -> NDArray[np.bool_]:
    """Rows × columns of weight entries that survive the outdated and commit-reveal masks.

    * outdated (i, j) ⇔ last_update_i ≤ reg_j: the weight predates j's registration;
    * commit-reveal (i, j) ⇔ cb_i < reg_j, where cb_i is the earliest unexpired commit block of
      row i (use a value past every registration, e.g. int64 max, for "no commit").
    All arrays are already restricted to the rows in play.  spec §1.2
    """
    keep = last_update[:, None] > block_at_registration[None, :]
    if commit_block is not None:
        keep &= ~(commit_block[:, None] < block_at_registration[None, :])
    return keep


def commit_blocks_array(commit_block: Sequence[int | None] | None,
                        n: int) -> NDArray[np.int64] | None:
    """Per-uid earliest unexpired commit block as int64 (no commit → int64 max), or None."""
    if commit_block is None:
        return None
    no_commit = np.iinfo(np.int64).max
    return np.asarray([no_commit if c is None else int(c) for c in commit_block][:n],
                      dtype=np.int64)
