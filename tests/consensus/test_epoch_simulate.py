"""The float path reproduces yuma-simulation's own variants (spec §1.13, §6 item 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from consensus.simulate import simulate, simulation_params

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "yuma"
DATA = json.loads((VECTORS / "yuma_simulation_synthetic_cases.json").read_text())
RUNS = [(case, version, run) for case, data in DATA["cases"].items()
        for version, run in data["runs"].items()]
TOLERANCE = 1e-4  # the reference ran in float32 torch
FIELDS = ("consensus", "incentive", "dividends_normalized", "bonds_after")


def _scenario(version: str, run: dict[str, Any], backend: str = "numpy") -> dict[str, Any]:
    return {
        "version": version,
        "weights": [epoch["W"] for epoch in run["epochs"]],
        "stakes": [epoch["S"] for epoch in run["epochs"]],
        "yuma_params": run["yuma_params"],
        "hyperparameters": DATA["hyperparameters"],
        "backend": backend,
    }


def _assert_matches(results: list[dict[str, Any]], run: dict[str, Any]) -> None:
    assert len(results) == len(run["epochs"])
    for index, (got, expected) in enumerate(zip(results, run["epochs"])):
        for field in FIELDS:
            np.testing.assert_allclose(got[field], expected[field], atol=TOLERANCE, rtol=0,
                                       err_msg=f"epoch {index}: {field}")


@pytest.mark.parametrize(("case", "version", "run"), RUNS,
                         ids=[f"{c.split(' - ')[0]}-{v}" for c, v, _ in RUNS])
def test_simulation_case(case: str, version: str, run: dict[str, Any]) -> None:
    _assert_matches(simulate(_scenario(version, run)), run)


@pytest.mark.parametrize("version", ["YUMA2", "YUMA3_LIQUID"])
def test_simulation_case_on_torch(version: str) -> None:
    pytest.importorskip("torch")
    run = DATA["cases"]["Case 16 - big vali moves second, stable miner gets 0.5"]["runs"][version]
    _assert_matches(simulate(_scenario(version, run, backend="torch")), run)


def test_single_stake_vector_is_reused_every_epoch() -> None:
    run = DATA["cases"]["Case 1 - kappa moves first"]["runs"]["YUMA3"]
    scenario = _scenario("YUMA3", run)
    scenario["stakes"] = run["epochs"][0]["S"]
    _assert_matches(simulate(scenario), run)


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="YUMA4"):
        simulation_params("YUMA4")
