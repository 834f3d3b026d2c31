"""One Yuma Consensus epoch in I32F32 fixed point, bit-exact with the chain (spec §1).

``run_epoch`` follows the production sparse ``epoch_mechanism``: each step below is a function in
``masks``, ``stake_weights``, ``weights_math``, ``bonds`` or ``epoch_emission``.  Dense work is
limited to the rows in play (uids holding a validator permit or a stored bond row, so at most
about MaxAllowedValidators of them) × n columns.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from consensus import bonds as bonds_mod
from consensus import fixed, masks, stake_weights
from consensus import weights_math as wm
from consensus.epoch_emission import split_emission
from consensus.epoch_types import EpochInputs, EpochOutputs, EpochParams
from consensus.sparse import SparseRows


def rows_in_play(permits: NDArray[np.bool_], bonds: SparseRows) -> NDArray[np.int64]:
    """Uids whose weight or bond rows can matter: permitted validators and stored bond rows."""
    return np.union1d(np.flatnonzero(permits), bonds.nonempty_rows()).astype(np.int64)


def run_epoch(inputs: EpochInputs, params: EpochParams, rao_emission: int) -> EpochOutputs:
    """Run one epoch on ``inputs`` and split ``rao_emission`` (spec §1.1–§1.10)."""
    n = inputs.n
    stake_raw, last_update, registered, permit_stored = inputs.arrays()
    owner = inputs.owner_uid

    # §1.2 Masks
    active = masks.active_mask(last_update, inputs.current_block, params.activity_cutoff)
    last_tempo = masks.last_tempo_block(inputs.current_block, params.tempo,
                                        inputs.last_mechanism_step_block)
    recent = masks.recently_registered(registered, last_tempo)
    commit_block = masks.commit_blocks_array(inputs.commit_block, n)

    # §1.3 Stake and validator permits
    stake = stake_weights.stake_weight(stake_raw, params.stake_threshold, owner)
    permits = stake_weights.previous_permits(permit_stored, owner)
    permits_next = stake_weights.new_permits(stake, params.max_allowed_validators, owner)
    active_stake = stake_weights.active_stake(stake, active, permits)

    # §1.4 Weights
    row_uids = rows_in_play(permits, inputs.bonds)
    weights_u16, present = inputs.weights.to_dense(row_uids, n)
    keep = masks.weight_keep_mask(last_update[row_uids], registered,
                                  None if commit_block is None else commit_block[row_uids])
    present = wm.mask_weights(present, row_uids, permits[row_uids], owner, keep)
    weights = wm.row_normalize_u16(wm.masked_values(weights_u16, present))

    # §1.5 Consensus
    row_stake = active_stake[row_uids]
    consensus = wm.weighted_median_consensus(row_stake, weights, params.kappa)

    # §1.6 Clipping, trust, incentive
    clipped, clipped_present = wm.clip_weights(weights, present, consensus)
    trust = bonds_mod.scatter_rows(wm.validator_trust(clipped), row_uids, n)
    incentive = wm.incentive(row_stake, clipped)

    # §1.7 Bonds penalty
    weights_b, weights_b_present = wm.bonds_weights(weights, present, clipped, clipped_present,
                                                    params.bonds_penalty)

    # §1.8 Bonds and dividends
    stored_u16, stored_present = inputs.bonds.to_dense(row_uids, n)
    if params.yuma3:
        result = bonds_mod.yuma3(weights_b, weights_b_present, stored_u16, stored_present, recent,
                                 consensus, active_stake, incentive, row_uids,
                                 params.bonds_moving_average, params.liquid_alpha,
                                 params.alpha_low, params.alpha_high,
                                 params.alpha_sigmoid_steepness)
    else:
        result = bonds_mod.original_yuma(weights_b, weights_b_present, stored_u16, stored_present,
                                         recent, active_stake, incentive, row_uids,
                                         params.bonds_moving_average)

    # §1.9 Emission
    split = split_emission(incentive, result.dividends, stake, active_stake, rao_emission)

    # §1.10 Outputs: bond rows are kept only for uids holding the new permit
    keep_rows = permits_next[row_uids]
    new_bonds = SparseRows.from_dense(result.stored_u16[keep_rows], result.present[keep_rows],
                                      row_uids[keep_rows], n)
    return EpochOutputs(
        stake_weight=fixed.to_u16_proportion(stake),
        active=active,
        consensus=fixed.to_u16_proportion(consensus),
        incentive=fixed.to_u16_proportion(incentive),
        dividends=fixed.to_u16_proportion(result.dividends),
        validator_trust=fixed.to_u16_proportion(trust),
        new_validator_permit=permits_next,
        server_emission=split.server,
        validator_emission=split.validator,
        emission=split.combined,
        bonds=new_bonds,
        consensus_fixed=consensus,
        incentive_fixed=incentive,
        dividends_fixed=result.dividends,
    )
