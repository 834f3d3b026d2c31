"""Epoch records in the test-vector layout (``shared/vectors/yuma/README.md``, spec §6).

A record is ``params`` (hyperparameters) plus one epoch's ``inputs`` and ``rao_emission``; the
result has the ``expected_fixed`` layout.  Dicts in, dicts out: no file I/O here, so that
``btcli consensus epoch FILE`` and the tests share one parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from consensus.epoch import run_epoch
from consensus.epoch_types import EpochInputs, EpochOutputs, EpochParams


def params_from_dict(params: Mapping[str, Any]) -> EpochParams:
    """Hyperparameters from a vector ``params`` dict (``activity_cutoff_blocks`` → cutoff)."""
    defaults = EpochParams()
    return EpochParams(
        kappa=int(params.get("kappa", defaults.kappa)),
        bonds_penalty=int(params.get("bonds_penalty", defaults.bonds_penalty)),
        bonds_moving_average=int(params.get("bonds_moving_average",
                                            defaults.bonds_moving_average)),
        yuma3=bool(params.get("yuma3", defaults.yuma3)),
        liquid_alpha=bool(params.get("liquid_alpha", defaults.liquid_alpha)),
        alpha_low=int(params.get("alpha_low", defaults.alpha_low)),
        alpha_high=int(params.get("alpha_high", defaults.alpha_high)),
        alpha_sigmoid_steepness=int(params.get("alpha_sigmoid_steepness",
                                               defaults.alpha_sigmoid_steepness)),
        max_allowed_validators=int(params.get("max_allowed_validators",
                                              defaults.max_allowed_validators)),
        stake_threshold=int(params.get("stake_threshold", defaults.stake_threshold)),
        tempo=int(params.get("tempo", defaults.tempo)),
        activity_cutoff=int(params.get("activity_cutoff_blocks",
                                       params.get("activity_cutoff", defaults.activity_cutoff))),
    )


def inputs_from_dict(inputs: Mapping[str, Any]) -> EpochInputs:
    """Epoch inputs from a vector ``inputs`` dict."""
    stake = [int(s) for s in inputs["stake"]]
    n = int(inputs.get("n", len(stake)))
    owner = inputs.get("owner_uid")
    return EpochInputs(
        stake=stake,
        weights=inputs.get("weights_u16"),
        bonds=inputs.get("bonds_u16_prev"),
        last_update=[int(b) for b in inputs["last_update"]],
        block_at_registration=[int(b) for b in inputs["block_at_registration"]],
        validator_permit=[bool(p) for p in inputs["validator_permit_prev"]],
        current_block=int(inputs["current_block"]),
        owner_uid=None if owner is None else int(owner),
        last_mechanism_step_block=int(inputs.get("last_mechanism_step_block", 0)),
        commit_block=inputs.get("commit_block"),
        n=n,
    )


def outputs_to_dict(outputs: EpochOutputs) -> dict[str, Any]:
    """Outputs in the ``expected_fixed`` layout, with plain Python types (JSON-able)."""
    return {
        "dividends_u16": outputs.dividends.tolist(),
        "incentive_u16": outputs.incentive.tolist(),
        "consensus_u16": outputs.consensus.tolist(),
        "validator_trust_u16": outputs.validator_trust.tolist(),
        "stake_weight_u16": outputs.stake_weight.tolist(),
        "new_validator_permit": outputs.new_validator_permit.tolist(),
        "server_emission": outputs.server_emission.tolist(),
        "validator_emission": outputs.validator_emission.tolist(),
        "emission": outputs.emission.tolist(),
        "active": outputs.active.tolist(),
        "bonds_u16": [[list(pair) for pair in row] for row in outputs.bonds.to_rows()],
    }


def run_record(params: Mapping[str, Any], epoch: Mapping[str, Any]) -> dict[str, Any]:
    """Run one record: ``params`` + an epoch dict holding ``inputs`` and ``rao_emission``."""
    outputs = run_epoch(inputs_from_dict(epoch["inputs"]), params_from_dict(params),
                        int(epoch["rao_emission"]))
    return outputs_to_dict(outputs)
