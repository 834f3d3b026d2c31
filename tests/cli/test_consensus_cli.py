"""`btcli consensus epoch|simulate`: the black-box entry points to the consensus maths."""
from __future__ import annotations

import json

import pytest

from tests.conftest import REPO, load_vector

ORIGINAL = load_vector("yuma", "subtensor_test_bonds_original_yuma.json")
YUMA3 = load_vector("yuma", "subtensor_yuma3_tests.json")
SIM = load_vector("yuma", "yuma_simulation_synthetic_cases.json")


def _yuma3_records():
    cases = YUMA3["cases"]
    for name, scenario in (cases.items() if isinstance(cases, dict) else enumerate(cases)):
        yield name, scenario


@pytest.mark.parametrize("index", [1, 4, 7])
def test_epoch_command_reproduces_the_chain_bit_for_bit(btcli, tmp_path, index):
    epoch = ORIGINAL["epochs"][index]
    record = {"params": ORIGINAL["params"], "inputs": epoch["inputs"], "rao_emission": epoch["rao_emission"]}
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    result = btcli("consensus", "epoch", str(path), "--json-output")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == epoch["expected_fixed"]


def test_epoch_command_on_a_yuma3_liquid_alpha_record(btcli, tmp_path):
    name, scenario = next(iter(_yuma3_records()))
    epoch = scenario["epochs"][-1]
    record = {"params": scenario["params"], "epoch": epoch}
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    result = btcli("consensus", "epoch", str(path), "--json-output")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == epoch["expected_fixed"]


def test_example_record_runs(btcli):
    result = btcli("consensus", "epoch", str(REPO / "examples" / "consensus" / "test_bonds_epoch3.json"), "--json-output")
    assert result.returncode == 0 and json.loads(result.stdout) == ORIGINAL["epochs"][3]["expected_fixed"]


@pytest.mark.parametrize("content, fragment", [
    (None, "does not exist"),
    ("{not json", "not valid JSON"),
    ('{"inputs": {}}', "not an epoch record"),
    ('{"params": {}}', "lacks inputs, rao_emission"),
    ('{"params": {}, "inputs": {"stake": "x"}, "rao_emission": 1}', "malformed inputs"),
])
def test_epoch_command_bad_files_are_one_line_errors(btcli, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content)
    result = btcli("consensus", "epoch", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert fragment in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("version", ["YUMA1", "YUMA2", "YUMA3", "YUMA3_LIQUID"])
def test_simulate_reproduces_the_simulation_package(btcli, tmp_path, version):
    case = SIM["cases"]["Case 1 - kappa moves first"]
    run = case["runs"][version]["epochs"]
    scenario = {"version": version, "validators": case["validators"], "servers": case["servers"],
                "stakes": [e["S"] for e in run], "weights": [e["W"] for e in run],
                "yuma_params": case["runs"][version]["yuma_params"], "hyperparameters": SIM["hyperparameters"]}
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario))
    result = btcli("consensus", "simulate", str(path), "--json-output")
    assert result.returncode == 0, result.stderr
    ours = json.loads(result.stdout)["epochs"]
    for mine, theirs in zip(ours, run):
        assert mine["dividends_normalized"] == pytest.approx(theirs["dividends_normalized"], abs=1e-4)
        assert mine["incentive"] == pytest.approx(theirs["incentive"], abs=1e-4)
        for row, expected_row in zip(mine["bonds_after"], theirs["bonds_after"]):
            assert row == pytest.approx(expected_row, abs=1e-4)


def test_simulate_human_output_and_plot(btcli):
    result = btcli("consensus", "simulate", str(REPO / "examples" / "consensus" / "kappa_moves_first.json"), "--plot")
    assert result.returncode == 0, result.stderr
    assert "dividends and incentive per epoch" in result.stdout and "bonds after the last epoch" in result.stdout
