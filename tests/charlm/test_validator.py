"""The validator: every kind of hostile answer scores 0 (wrong shape, NaN, negative, not normalised,
missing, late, oversized, a failed call), honest answers are ranked by bits per character, and
rounds against real hostile axons finish and keep going."""
from __future__ import annotations

import math
import time

import pytest

from subnets.base import Answer, NeuronConfig
from subnets.base.metagraph import Metagraph
from subnets.charlm import scoring
from subnets.charlm.corpus import VOCAB_SIZE
from subnets.charlm.synapse import NextChar
from subnets.charlm.validator import CharLMValidator
from subnets.protocol.axon import Axon, AxonConfig
from subnets.protocol.axon_server import AxonServer
from tests.hosting.network import HostileAxon
from wallet.keypair import Keypair

N = 4
UNIFORM = [1.0 / VOCAB_SIZE] * VOCAB_SIZE


def _rows(row, n=N):
    return [list(row) for _ in range(n)]


def _peaked(target: int, p: float = 0.9) -> list[float]:
    row = [(1 - p) / (VOCAB_SIZE - 1)] * VOCAB_SIZE
    row[target] = p
    return row


HOSTILE = {
    "wrong number of rows": _rows(UNIFORM, N - 1),
    "short rows": _rows(UNIFORM[:-1]),
    "NaN": [UNIFORM[:-1] + [float("nan")]] + _rows(UNIFORM, N - 1),
    "infinity": [UNIFORM[:-1] + [float("inf")]] + _rows(UNIFORM, N - 1),
    "negative": [[-0.5, 1.5] + [0.0] * (VOCAB_SIZE - 2)] + _rows(UNIFORM, N - 1),
    "not normalised": _rows([0.5] * VOCAB_SIZE),
    "strings": _rows(["0.1"] * VOCAB_SIZE),
    "missing": None,
}


def _validator(**options) -> CharLMValidator:
    v = CharLMValidator(NeuronConfig(netuid=1, options={"contexts": str(N), **options}))
    v.keypair = Keypair.from_uri("//Alice")
    v.metagraph = Metagraph(1, 10, [0], [v.keypair.ss58_address], ["c"], [0], [0], [None])
    v.setup()
    return v


def _answer(uid, probs, ok=True, latency=0.01, status=200, message="Success"):
    return Answer(uid, f"hk{uid}", ok, status, message, latency, NextChar.model_construct(contexts=[], probs=probs))


def test_each_hostile_answer_scores_zero_and_honest_ones_rank_by_bpc():
    v = _validator(timeout="1")
    try:
        challenge = v.challenge()
        good = [_peaked(t) for t in v._targets]
        answers = [_answer(0, good), _answer(1, _rows(UNIFORM))]
        answers += [_answer(2 + i, probs) for i, probs in enumerate(HOSTILE.values())]
        k = 2 + len(HOSTILE)
        answers += [_answer(k, good, latency=1.5),  # late (after the timeout)
                    _answer(k + 1, None, ok=False, status=502, message="response over 98304 bytes"),  # oversized
                    _answer(k + 2, None, ok=False, status=408, message="timeout")]
        scores = v.score(challenge, answers)
        assert len(scores) == len(answers) and all(s == 0.0 for s in scores[2:]), dict(zip(v.rejected, scores[2:]))
        assert scores[0] > scores[1] > 0 and math.isclose(sum(scores), 1.0)
        assert v.bpc[0] == pytest.approx(-math.log2(0.9), abs=1e-3)
        assert v.bpc[1] == pytest.approx(math.log2(VOCAB_SIZE), abs=1e-3)
        assert set(v.rejected) == set(range(2, len(answers)))
        assert "late" in v.rejected[k] and "NaN" not in v.rejected  # reasons are strings per uid
    finally:
        v.teardown()


def test_the_zero_floor_bounds_a_confident_miss():
    row = [0.0] * VOCAB_SIZE
    row[1] = 1.0
    assert scoring.malformed([row], 1) is None
    assert scoring.bits_per_char([row], [2]) == pytest.approx(-math.log2(scoring.FLOOR))


# -- rounds against real axons ----------------------------------------------------------------------
def _handler(kind: str):
    def handle(synapse: NextChar, caller):
        n = len(synapse.contexts)
        if kind == "honest":
            synapse.probs = _rows(UNIFORM, n)
        elif kind == "late":
            time.sleep(1.5)
            synapse.probs = _rows(UNIFORM, n)
        elif kind == "oversized":  # bypasses validation, as a hostile miner would
            synapse.__dict__["probs"] = _rows([1.0 / VOCAB_SIZE + 1e-17] * VOCAB_SIZE, 4 * n)
        elif kind == "unnormalised":
            synapse.probs = _rows([0.5] * VOCAB_SIZE, n)
        elif kind == "wrong shape":
            synapse.__dict__["probs"] = [[0.5, 0.5]] * n
        elif kind == "error":
            raise RuntimeError("miner bug")
        return synapse
    return handle


KINDS = ("honest", "late", "oversized", "unnormalised", "wrong shape", "error")


@pytest.fixture
def network():
    keys = [Keypair.from_uri(f"//charlm-axon/{k}") for k in KINDS]
    servers = [AxonServer(Axon(key, AxonConfig(port=0)).attach(NextChar, _handler(kind))).start()
               for key, kind in zip(keys, KINDS)]
    hostile = HostileAxon()
    v = CharLMValidator(NeuronConfig(netuid=1, options={"timeout": "1", "alpha": "1", "contexts": "32"}))
    v.keypair = Keypair.from_uri("//Alice")
    hotkeys = [v.keypair.ss58_address] + [k.ss58_address for k in keys] + [Keypair.from_uri("//Eve").ss58_address]
    axons = [None] + [{"ip": "127.0.0.1", "port": s.port} for s in servers] + [{"ip": "127.0.0.1", "port": hostile.port}]
    n = len(hotkeys)
    v.metagraph = Metagraph(1, 10, list(range(n)), hotkeys, ["c"] * n, [0] * n, [0] * n, axons)
    v.setup()
    yield v
    v.teardown()
    for s in servers:
        s.stop()
    hostile.close()


def test_rounds_against_hostile_axons_score_them_zero_and_go_on(network):
    v = network
    for block in (10, 11, 12):
        v.metagraph.block = block
        started = time.monotonic()
        v.step()
        v._next_round = 0.0
        assert time.monotonic() - started < 3.0
    assert v.rounds == 3
    honest = 1
    assert v.scores[honest] == pytest.approx(1.0)
    assert all(v.scores[uid] == 0.0 for uid in range(2, len(KINDS) + 2)), v.rejected
    assert v.last_round["answered"] >= 2 and v.last_round["bpc"][str(honest)] == pytest.approx(math.log2(VOCAB_SIZE), abs=1e-3)
    report = v.report()
    assert report["bpc"][str(honest)] is not None and set(report["rejected"]) == {str(u) for u in range(2, len(KINDS) + 2)}
