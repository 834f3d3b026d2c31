"""The charlm miner: trains its model in a background thread and answers from the latest snapshot.

Options: size (tiny|small|base, default tiny), train_steps (stop training after this many steps;
0 = never stop; default 20000), threads (torch threads, default 1), device (cpu|cuda, default:
cuda when present), checkpoint_interval (seconds, default 30), snapshot_steps (how often the
answering model is refreshed, default 50), seed (default 0).
The checkpoint is `<state dir>/charlm-<size>.pt`; a restarted miner resumes from it.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Optional

from subnets.base import Miner
from subnets.charlm.synapse import DECIMALS, NextChar


def answer(model: Any, synapse: NextChar) -> NextChar:
    """Fill `synapse.probs` with `model`'s distributions, rounded for the wire."""
    from subnets.charlm.models import predict

    probs = predict(model, synapse.contexts)
    synapse.probs = [[round(p, DECIMALS) for p in row] for row in probs.tolist()]
    return synapse


TORCH_MISSING = "a charlm miner trains with torch, which is not installed: pip install 'taonet[torch]'"


def torch_available() -> bool:
    """The one place charlm decides whether torch is there (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("torch") is not None


class CharLMMiner(Miner):
    synapse = NextChar

    @classmethod
    def missing_requirements(cls) -> str | None:
        return None if torch_available() else TORCH_MISSING

    def setup(self) -> None:
        missing = self.missing_requirements()
        if missing:
            raise RuntimeError(missing)
        import torch

        from subnets.charlm import corpus
        from subnets.charlm.models import Trainer

        torch.set_num_threads(max(1, self.option("threads", 1)))
        self.size = self.option("size", "tiny")
        self.train_steps = self.option("train_steps", 20_000)
        self.checkpoint_interval = self.option("checkpoint_interval", 30.0)
        self.snapshot_steps = max(1, self.option("snapshot_steps", 50))
        device = self.option("device", "") or None
        self.trainer = Trainer(self.size, corpus.load().train, seed=self.option("seed", 0), device=device)
        state_dir = self.config.state_dir
        self.checkpoint: Optional[Path] = Path(state_dir) / f"charlm-{self.size}.pt" if state_dir else None
        self.resumed = bool(self.checkpoint and self.trainer.load(self.checkpoint))
        self.log.info("charlm %s model on %s: %s at step %d", self.size, self.trainer.device,
                      "resumed" if self.resumed else "new", self.trainer.steps)
        self._model_lock = threading.Lock()
        self._model = self.trainer.snapshot()
        self._model_steps = self.trainer.steps
        self.train_error: Optional[str] = None
        self._trainer_thread = threading.Thread(target=self._train, name="charlm-train", daemon=True)
        self._trainer_thread.start()
        super().setup()

    # -- training (background thread) -----------------------------------------------------------
    def _train(self) -> None:
        trainer = self.trainer
        last_save = time.monotonic()
        try:
            while not self.stop_event.is_set() and (not self.train_steps or trainer.steps < self.train_steps):
                trainer.step()
                if trainer.steps % self.snapshot_steps == 0:
                    self._publish_model()
                if self.checkpoint and time.monotonic() - last_save >= self.checkpoint_interval:
                    trainer.save(self.checkpoint)
                    last_save = time.monotonic()
                    self.log.info("step %d, training loss %.3f bits/char; checkpoint saved", trainer.steps,
                                  (trainer.last_loss or 0) / 0.6931471805599453)
        except Exception as exc:  # answering goes on with the last snapshot
            self.train_error = f"{type(exc).__name__}: {exc}"
            self.log.exception("training stopped")
            return
        self._publish_model()
        if self.checkpoint:
            trainer.save(self.checkpoint)
        if not self.stop_event.is_set():
            self.log.info("training budget of %d steps reached; answering from the final model", self.train_steps)

    def _publish_model(self) -> None:
        model = self.trainer.snapshot()
        with self._model_lock:
            self._model, self._model_steps = model, self.trainer.steps

    # -- answering -----------------------------------------------------------------------------
    def forward(self, synapse: NextChar) -> NextChar:
        with self._model_lock:
            model = self._model
        return answer(model, synapse)

    def teardown(self) -> None:
        super().teardown()
        thread = getattr(self, "_trainer_thread", None)
        if thread is not None:
            thread.join(timeout=30)  # it saves its checkpoint on the way out

    def report(self) -> dict[str, Any]:
        trainer = getattr(self, "trainer", None)
        loss = trainer.last_loss if trainer else None
        return {**super().report(), "size": getattr(self, "size", None),
                "train_steps": trainer.steps if trainer else 0, "model_steps": getattr(self, "_model_steps", 0),
                "train_bpc": round(loss / 0.6931471805599453, 4) if loss is not None else None,
                "resumed": getattr(self, "resumed", False), "train_error": getattr(self, "train_error", None)}
