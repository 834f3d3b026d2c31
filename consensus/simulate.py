"""Multi-epoch Yuma simulation with the yuma-simulation package's variants (spec §1.13).

A scenario names a version (``YUMA1``, ``YUMA2``, ``YUMA3``, ``YUMA3_LIQUID``), the weights of
every epoch (validators × miners, raw), the stakes (one vector, or one per epoch) and optional
overrides.  Each epoch runs ``epoch_float.run_epoch_float`` with the simulation's semantics:
consensus as its descending κ-median, renormalised and u16-truncated before clipping; 1e-6 added
to denominators; original Yuma bonds without column re-normalisation; Yuma 3 buying with raw
weights; liquid alpha skipped in the first epoch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from consensus.epoch_float import FloatParams, run_epoch_float

VERSIONS: dict[str, dict[str, Any]] = {
    "YUMA1": {"yuma3": False, "bond_moving_avg": 0.0, "liquid_alpha": False},
    "YUMA2": {"yuma3": False, "bond_moving_avg": 0.1, "liquid_alpha": False},
    "YUMA3": {"yuma3": True, "bond_moving_avg": 0.975, "liquid_alpha": False},
    "YUMA3_LIQUID": {"yuma3": True, "bond_moving_avg": 0.975, "liquid_alpha": True},
}
DEFAULT_YUMA_PARAMS = {"alpha_low": 0.1, "alpha_high": 0.3, "alpha_sigmoid_steepness": 10.0}
DEFAULT_HYPERPARAMETERS = {"kappa": 0.5, "bond_penalty": 1.0}
SIM_EPSILON = 1e-6


def simulation_params(version: str, yuma_params: Mapping[str, Any] | None = None,
                      hyperparameters: Mapping[str, Any] | None = None) -> FloatParams:
    """``FloatParams`` for a simulation version, with the scenario's overrides applied."""
    if version not in VERSIONS:
        raise ValueError(f"unknown Yuma version {version!r}: choose from {sorted(VERSIONS)}")
    merged = {**DEFAULT_YUMA_PARAMS, **VERSIONS[version], **(yuma_params or {})}
    hyper = {**DEFAULT_HYPERPARAMETERS, **(hyperparameters or {})}
    return FloatParams(
        kappa=float(hyper["kappa"]),
        bonds_penalty=float(hyper["bond_penalty"]),
        bonds_moving_average=float(merged["bond_moving_avg"]),
        yuma3=bool(VERSIONS[version]["yuma3"]),
        liquid_alpha=bool(merged["liquid_alpha"]),
        alpha_low=float(merged["alpha_low"]),
        alpha_high=float(merged["alpha_high"]),
        alpha_sigmoid_steepness=float(merged["alpha_sigmoid_steepness"]),
        consensus_rule="simulation",
        consensus_u16_renormalize=True,
        bonds_col_normalize=False,
        buy_with_raw_weights=True,
        epsilon=SIM_EPSILON,
    )


def _stakes_per_epoch(stakes: Sequence[Any], epochs: int) -> list[np.ndarray]:
    """One stake vector per epoch from either a single vector or a list of them."""
    array = np.asarray(stakes, dtype=np.float64)
    if array.ndim == 1:
        return [array] * epochs
    if len(array) != epochs:
        raise ValueError(f"{len(array)} stake vectors for {epochs} epochs")
    return list(array)


def simulate(scenario: Mapping[str, Any]) -> list[dict[str, list[Any]]]:
    """Run every epoch of ``scenario`` and return per-epoch results.

    Scenario keys: ``version``; ``weights`` (epochs × validators × miners); ``stakes``;
    optional ``yuma_params`` (bond_moving_avg, liquid_alpha, alpha_low, alpha_high,
    alpha_sigmoid_steepness), ``hyperparameters`` (kappa, bond_penalty), ``backend``
    ("numpy" or "torch") and ``device``.  Each result holds ``consensus``, ``incentive``,
    ``dividends_normalized``, ``validator_trust`` and ``bonds_after`` as lists.
    """
    params = simulation_params(scenario["version"], scenario.get("yuma_params"),
                               scenario.get("hyperparameters"))
    weights = [np.asarray(w, dtype=np.float64) for w in scenario["weights"]]
    stakes = _stakes_per_epoch(scenario["stakes"], len(weights))
    backend = scenario.get("backend", "numpy")
    bonds = None
    results = []
    for epoch, (w, s) in enumerate(zip(weights, stakes)):
        # The simulation has no bonds to compare with in its first epoch: fixed alpha there.
        epoch_params = replace(params, liquid_alpha=False) if epoch == 0 else params
        out = run_epoch_float(w, s, bonds, epoch_params, backend=backend,
                              device=scenario.get("device"))
        bonds = out.bonds
        results.append({
            "consensus": out.consensus.tolist(),
            "incentive": out.incentive.tolist(),
            "dividends_normalized": out.dividends.tolist(),
            "validator_trust": out.validator_trust.tolist(),
            "bonds_after": out.bonds.tolist(),
        })
    return results
