"""The models: with the same short budget base < small < tiny in bits per character; checkpoints
resume exactly; the miner trains in the background, answers well-formed distributions, resumes."""
from __future__ import annotations

import time

import pytest

torch = pytest.importorskip("torch")

from subnets.base import NeuronConfig  # noqa: E402
from subnets.charlm import corpus, models, scoring  # noqa: E402
from subnets.charlm.miner import CharLMMiner  # noqa: E402
from subnets.charlm.synapse import NextChar  # noqa: E402
from subnets.charlm.validator import draw, round_seed  # noqa: E402
from wallet.keypair import Keypair  # noqa: E402

STEPS = 300  # ~2 s for the three sizes on one CPU thread


@pytest.fixture(autouse=True)
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_base_beats_small_beats_tiny_after_the_same_budget():
    c = corpus.load()
    contexts, targets = draw(c.valid, round_seed(1, 7), 32 * 16, 128)
    bpc = {}
    for size in ("tiny", "small", "base"):
        trainer = models.Trainer(size, c.train, device="cpu")
        for _ in range(STEPS):
            trainer.step()
        model = trainer.snapshot()
        bpc[size] = models.bits_per_char(model, c.valid, positions=8192)
        probs = models.predict(model, contexts).tolist()
        assert scoring.malformed(probs, len(contexts)) is None
        assert abs(scoring.bits_per_char(probs, targets) - bpc[size]) < 0.25  # the validator sees the same
    assert bpc["base"] + 0.15 < bpc["small"] and bpc["small"] + 0.15 < bpc["tiny"], bpc
    scores = scoring.round_scores([bpc["tiny"], bpc["small"], bpc["base"]])
    assert scores[2] > scores[1] > scores[0]


def test_a_checkpoint_resumes_exactly(tmp_path):
    text = corpus.load().train
    a = models.Trainer("small", text, device="cpu")
    for _ in range(20):
        a.step()
    a.save(tmp_path / "ckpt.pt")
    b = models.Trainer("small", text, seed=5, device="cpu")
    assert b.load(tmp_path / "ckpt.pt") and b.steps == 20
    assert a.step() == pytest.approx(b.step(), abs=1e-6)
    assert not models.Trainer("tiny", text, device="cpu").load(tmp_path / "ckpt.pt")  # another size: start afresh


def _miner(tmp_path, **options) -> CharLMMiner:
    opts = {"size": "tiny", "train_steps": "40", "checkpoint_interval": "0", "snapshot_steps": "10", **options}
    miner = CharLMMiner(NeuronConfig(netuid=1, options=opts, state_dir=tmp_path))
    miner.keypair = Keypair.from_uri("//charlm-test-miner")
    miner.setup()
    return miner


def test_the_miner_trains_answers_and_resumes(tmp_path):
    miner = _miner(tmp_path)
    try:
        deadline = time.monotonic() + 30
        while miner._trainer_thread.is_alive():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        answer = miner.forward(NextChar(contexts=["def f(x):\n    return", "", "x" * 128]))
        assert scoring.malformed(answer.probs, 3) is None
        report = miner.report()
        assert report["train_steps"] == 40 and report["model_steps"] == 40 and report["size"] == "tiny"
    finally:
        miner.stop_event.set()
        miner.teardown()
    assert (tmp_path / "charlm-tiny.pt").exists()
    again = _miner(tmp_path, train_steps="60")
    try:
        assert again.resumed and again.trainer.steps >= 40
    finally:
        again.stop_event.set()
        again.teardown()
    assert models.Trainer("tiny", "abc" * 100, device="cpu").load(tmp_path / "charlm-tiny.pt")
