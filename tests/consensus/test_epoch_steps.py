"""Single epoch steps on hand-made subnets: masks, permits, owner, fallbacks (spec §1.2–§1.9)."""

from __future__ import annotations

import numpy as np

from consensus import fixed, masks, stake_weights
from consensus.epoch import run_epoch
from consensus.epoch_types import EpochInputs, EpochParams
from consensus.fixed import ONE
from consensus.records import run_record

E = 10**9


def subnet(**changes: object) -> EpochInputs:
    """Validators 0 and 1 (stakes 3:1) both weight miners 2 and 3 equally."""
    fields: dict[str, object] = dict(
        stake=[300, 100, 0, 0], current_block=1000, last_update=[990, 990, 0, 0],
        block_at_registration=[0, 0, 10, 10], validator_permit=[True, True, False, False],
        weights=[[(2, 65535), (3, 65535)], [(2, 65535), (3, 65535)], [], []], bonds=None)
    fields.update(changes)
    return EpochInputs(**fields)  # type: ignore[arg-type]


def test_top_k_ties_drop_the_lower_uid() -> None:
    got = stake_weights.top_k_nonzero(np.array([5, 3, 3, 0, 7]), 2)
    assert got.tolist() == [True, False, False, False, True]
    assert stake_weights.top_k_nonzero(np.array([5, 0]), 3).tolist() == [True, False]


def test_owner_is_exempt_from_threshold_and_always_permitted() -> None:
    stake = np.array([10, 2, 50], dtype=object)
    assert fixed.to_float(stake_weights.stake_weight(stake, 5, owner_uid=1)).round(3).tolist() \
        == [0.161, 0.032, 0.806]
    assert stake_weights.new_permits(np.array([0, 0, ONE]), 1, owner_uid=0).tolist() == \
        [True, False, True]


def test_activity_cutoff_blocks() -> None:
    assert masks.activity_cutoff_blocks(13_889, 360) == 5000
    assert masks.activity_cutoff_blocks(1000, 0) == 1
    assert masks.last_tempo_block(1000, 360, 0) == 640
    assert masks.last_tempo_block(1000, 360, 900) == 901


def test_plain_epoch_splits_half_and_half() -> None:
    out = run_epoch(subnet(), EpochParams(), E)
    assert out.incentive.tolist() == [0, 0, 32767, 32767]
    assert out.dividends.tolist() == [49151, 16383, 0, 0]
    assert out.new_validator_permit.tolist() == [True, True, False, False]
    assert int(out.emission.sum()) <= E and int(out.emission.sum()) > E - 10


def test_inactive_validator_does_not_vote() -> None:
    # validator 0 (the majority) last set weights long ago: only validator 1's weights count
    inputs = subnet(last_update=[10, 990, 0, 0],
                    weights=[[(2, 65535)], [(3, 65535)], [], []])
    out = run_epoch(inputs, EpochParams(activity_cutoff=100), E)
    assert out.active.tolist() == [False, True, False, False]  # miners never set weights
    assert out.incentive.tolist() == [0, 0, 0, 65535]
    assert out.dividends.tolist() == [0, 65535, 0, 0]


def test_outdated_weights_are_dropped() -> None:
    # miner 3 registered after validator 1 last set weights: that entry no longer counts, so
    # validator 1 puts all its weight on miner 2, of which only C_2 = 1/2 survives clipping
    inputs = subnet(block_at_registration=[0, 0, 10, 995], last_update=[999, 994, 0, 0])
    out = run_epoch(inputs, EpochParams(), E)
    assert out.validator_trust.tolist()[:2] == [65535, 32767]
    fresh = run_epoch(subnet(block_at_registration=[0, 0, 10, 995], last_update=[999, 996, 0, 0]),
                      EpochParams(), E)
    assert fresh.validator_trust.tolist()[:2] == [65535, 65535]


def test_commit_reveal_mask_drops_uids_registered_after_the_commit() -> None:
    inputs = subnet(block_at_registration=[0, 0, 10, 500], commit_block=[400, None, None, None])
    out = run_epoch(inputs, EpochParams(), E)
    plain = run_epoch(subnet(block_at_registration=[0, 0, 10, 500]), EpochParams(), E)
    assert out.validator_trust[0] == 65535 and plain.validator_trust[0] == 65535
    assert out.consensus[3] == 0 and plain.consensus[3] == 32767


def test_self_weight_is_ignored_except_for_the_owner() -> None:
    weights = [[(0, 65535)], [(1, 65535)], [], []]
    out = run_epoch(subnet(weights=weights), EpochParams(), E)
    assert out.incentive.tolist() == [0, 0, 0, 0]  # nothing left: fallback to stake
    assert out.validator_emission.tolist()[:2] == [750_000_000, 250_000_000]
    owned = run_epoch(subnet(weights=weights, owner_uid=0), EpochParams(), E)
    assert owned.incentive.tolist() == [65535, 0, 0, 0]


def test_recently_registered_columns_lose_their_bonds() -> None:
    bonds = [[(2, 65535), (3, 65535)], [(2, 65535), (3, 65535)], [], []]
    inputs = subnet(bonds=bonds, block_at_registration=[0, 0, 10, 900])
    yuma3 = EpochParams(yuma3=True, bonds_penalty=0, bonds_moving_average=500_000)
    rows = run_epoch(inputs, yuma3, E).bonds.to_rows()
    assert dict(rows[0]) == {2: 49151, 3: 16383}  # B' = W/2 + B/2 with B_3 dropped to 0
    kept = run_epoch(subnet(bonds=bonds), yuma3, E).bonds.to_rows()
    assert dict(kept[0]) == {2: 49151, 3: 49151}


def test_fractional_bonds_penalty_blends_weights() -> None:
    inputs = subnet(weights=[[(2, 65535), (3, 0)], [(2, 0), (3, 65535)], [], []])
    half = run_epoch(inputs, EpochParams(yuma3=True, bonds_penalty=32768,
                                         bonds_moving_average=0), E)
    rows = half.bonds.to_rows()
    assert rows[0] == [(2, 65535)]  # C = (1, 0): clipping removes nothing from validator 0
    assert rows[1] == [(3, 32767)]  # validator 1's weight 1 above C = 0 is half-penalised


def test_record_output_is_json_ready() -> None:
    import json

    epoch = {"inputs": {"current_block": 5, "stake": [1, 0], "last_update": [4, 4],
                        "block_at_registration": [0, 0], "validator_permit_prev": [True, False],
                        "weights_u16": [[[1, 65535]], []], "bonds_u16_prev": [[], []]},
             "rao_emission": 1000}
    out = run_record({"tempo": 1}, epoch)
    assert json.loads(json.dumps(out)) == out
    assert out["incentive_u16"] == [0, 65535] and out["bonds_u16"] == [[[1, 65535]], []]
