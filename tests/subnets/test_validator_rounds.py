"""The validator base class without a chain: rounds against a real axon and a hostile server finish
within the timeout, odd scores are clamped, a failing score() costs one round, not the process."""
from __future__ import annotations

import time

import pytest

from subnets.base import NeuronConfig
from subnets.base.metagraph import Metagraph
from subnets.protocol.axon import Axon, AxonConfig
from subnets.protocol.axon_server import AxonServer
from subnets.template import Dummy, Miner, Validator
from tests.hosting.network import HostileAxon
from wallet.keypair import Keypair

VAL, GOOD, HOSTILE = (Keypair.from_uri(u) for u in ("//Alice", "//Bob", "//Charlie"))


@pytest.fixture
def validator():
    good_miner = Miner(NeuronConfig(netuid=1))
    axon = Axon(GOOD, AxonConfig(port=0)).attach(Dummy, lambda s, c: good_miner.forward(s))
    server = AxonServer(axon).start()
    hostile = HostileAxon()
    v = Validator(NeuronConfig(netuid=1, options={"timeout": "0.5", "alpha": "1"}))
    v.keypair = VAL
    v.metagraph = Metagraph(1, 10, [0, 1, 2], [VAL.ss58_address, GOOD.ss58_address, HOSTILE.ss58_address],
                            ["c"] * 3, [0, 0, 0], [0, 0, 0],
                            [None, {"ip": "127.0.0.1", "port": server.port}, {"ip": "127.0.0.1", "port": hostile.port}])
    v.setup()
    yield v
    v.teardown()
    server.stop()
    hostile.close()


def test_a_round_is_bounded_by_the_timeout(validator):
    for _ in range(3):
        started = time.monotonic()
        validator.run_round()
        assert time.monotonic() - started < 2.0
    assert validator.scores == {1: 1.0, 2: 0.0}
    last = validator.last_round
    assert last["queried"] == 2 and last["answered"] == 1 and validator.rounds == 3


def test_scores_are_clamped_and_a_failing_score_costs_one_round(validator, monkeypatch):
    monkeypatch.setattr(validator, "score", lambda c, answers: [float("nan"), 7])
    validator.run_round()
    assert validator.scores == {1: 0.0, 2: 1.0}

    def broken(c, answers):
        raise RuntimeError("subnet bug")

    monkeypatch.setattr(validator, "score", broken)
    validator.step()  # logged, not raised
    assert validator.rounds == 1
    report = validator.report()
    assert report["rounds"] == 1 and report["last_weights_block"] is None


def test_without_client_weights_the_validator_warns_and_keeps_scoring(validator, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weights(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "client" and fromlist and "weights" in fromlist:
            raise ImportError("no client.weights")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", no_weights)
    validator.uid = 0
    validator.run_round()
    validator.maybe_set_weights()
    assert "client.weights" in validator.weights_note and validator._weights_off
    validator.run_round()
    assert validator.rounds == 2


def test_a_node_without_the_weights_call_is_a_warning(validator, monkeypatch):
    import sys
    import types

    from client.errors import RpcError

    calls = []
    fake = types.ModuleType("client.weights")

    def set_weights(rpc, keypair, netuid, uids, weights, version_key=0, wait=True):
        calls.append((uids, weights))
        raise RpcError(1010, "extrinsic refused: unknown call subtensor.set_weights", "taonet_submitAndWait")

    fake.set_weights = set_weights
    monkeypatch.setitem(sys.modules, "client.weights", fake)
    import client

    monkeypatch.setattr(client, "weights", fake, raising=False)
    validator.uid = 0
    validator.hyperparameters = {"commit_reveal_weights_enabled": False, "weights_rate_limit": 0}
    validator.run_round()
    validator.maybe_set_weights()
    assert calls == [([1, 2], [1.0, 0.0])]
    assert validator._weights_off and "does not know" in validator.weights_note
    validator.maybe_set_weights()
    assert len(calls) == 1
