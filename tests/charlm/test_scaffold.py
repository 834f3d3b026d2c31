"""`btcli subnets scaffold NAME`: the skeleton loads as a subnet (by its .py path), declares its entry
point, and its miner answers what its validator scores 1 (a bad miner 0)."""
from __future__ import annotations

import tomllib

import pytest
from typer.testing import CliRunner

from subnets.base import Answer, NeuronConfig
from subnets.registry import GROUP, load
from subnets.scaffold import scaffold


def test_the_skeleton_runs_as_it_is(tmp_path):
    written = scaffold("word_flip", tmp_path)
    meta = tomllib.loads((tmp_path / "word_flip" / "pyproject.toml").read_text())
    assert meta["project"]["entry-points"][GROUP] == {"word_flip": "word_flip"}
    assert meta["tool"]["setuptools"]["py-modules"] == ["word_flip"]
    subnet = load(written["module"])
    assert subnet.module.localnet_miner_options(2, 3) == {"bad": "true"}
    validator = subnet.validator(NeuronConfig(netuid=2))
    challenge = validator.challenge()
    assert challenge == validator.challenge()  # the same block gives every validator the same word
    answers = []
    for uid, options in enumerate(({}, {"bad": "true"})):
        miner = subnet.miner(NeuronConfig(netuid=2, options=options))
        reply = miner.forward(challenge.model_copy())
        answers.append(Answer(uid, f"hk{uid}", True, 200, "Success", 0.01, reply))
    answers.append(Answer(2, "hk2", False, 408, "timeout", 5.0, None))
    assert validator.score(challenge, answers) == [1.0, 0.0, 0.0]


def test_names_are_checked_and_files_kept(tmp_path):
    scaffold("mine", tmp_path)
    with pytest.raises(ValueError, match="exist already"):
        scaffold("mine", tmp_path)
    scaffold("mine", tmp_path, force=True)
    for bad in ("Mine", "my-net", "class", "9lives", ""):
        with pytest.raises(ValueError, match="lowercase Python identifier"):
            scaffold(bad, tmp_path)


def test_the_command(tmp_path):
    from btcli.main import app

    result = CliRunner().invoke(app, ["subnets", "scaffold", "echo_net", "--dir", str(tmp_path), "--json-output"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "echo_net" / "echo_net.py").exists() and '"run": "btcli localnet up --subnet echo_net"' in result.output


@pytest.mark.slow
def test_localnet_runs_the_skeleton_as_it_is(btcli, tmp_path):
    import json
    import time

    from tests.node.fixtures import free_port

    module = scaffold("flip", tmp_path / "src")["module"]
    data, wallets = str(tmp_path / "localnet"), str(tmp_path / "wallets")
    args = ["--subnet", module, "--data-dir", data, "--wallet-path", wallets, "--rpc-port", str(free_port()),
            "--block-time", "0.25", "--no-dashboard", "--json-output"]
    up = btcli("localnet", "up", *args, timeout=180)
    try:
        assert up.returncode == 0, up.stderr
        deadline = time.monotonic() + 90
        while True:  # three miners answer; the last is the bad one and scores 0
            status = json.loads(btcli("localnet", "status", "--data-dir", data, "--json-output").stdout)
            reports = [p.get("report") or {} for p in status["processes"] if p["role"] == "validator"]
            scores = [r.get("last_round", {}).get("scores", {}) for r in reports if r.get("rounds", 0) >= 2]
            if len(scores) == 2 and all(len(s) == 3 and sorted(s.values()) == [0.0, 1.0, 1.0] for s in scores):
                break
            assert time.monotonic() < deadline, reports
            time.sleep(0.5)
    finally:
        btcli("localnet", "down", "--data-dir", data, "--purge", "-y", "--json-output", timeout=60)
