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
