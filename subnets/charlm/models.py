"""The miners' models, in three capacities, and the trainer that keeps their checkpoints.

Each model reads the last `window` characters of a context (left-padded with a PAD index) and
outputs logits over the vocabulary:

  tiny   a bigram table: the previous character only (plateaus near 3.3 bits per character)
  small  an MLP over 6 characters (16-d embeddings, one hidden layer of 128)
  base   an MLP over 12 characters (24-d embeddings, one hidden layer of 384)

so that base < small < tiny in bits per character both after the same number of steps and after
the same CPU time (base costs ~2.5× small per step but learns far more per step; measured on
held-out text with one thread: after 2 s base 2.67, small 2.79; after 20 s 2.29 vs 2.54; tiny
plateaus at 3.57). Training samples
random windows of the training text; batches, initial weights and order come from a seeded
generator, so a given number of steps gives the same model every time (on the CPU).
"""
from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import torch
from torch import nn

from subnets.charlm.corpus import VOCAB_SIZE, encode

PAD = VOCAB_SIZE  # the embedding row of "before the start of the context"


@dataclass(frozen=True)
class Size:
    window: int
    embed: int
    hidden: tuple[int, ...]
    lr: float


SIZES = {
    "tiny": Size(window=1, embed=0, hidden=(), lr=0.05),
    "small": Size(window=6, embed=16, hidden=(128,), lr=3e-3),
    "base": Size(window=12, embed=24, hidden=(384,), lr=3e-3),
}
BATCH = 256


class WindowLM(nn.Module):
    """Logits of the next character from the last `window` characters."""

    def __init__(self, size: Size) -> None:
        super().__init__()
        self.size = size
        if not size.hidden:  # the bigram table: one row of logits per previous character
            self.table = nn.Embedding(VOCAB_SIZE + 1, VOCAB_SIZE)
            return
        self.embed = nn.Embedding(VOCAB_SIZE + 1, size.embed)
        layers: list[nn.Module] = []
        width = size.window * size.embed
        for hidden in size.hidden:
            layers += [nn.Linear(width, hidden), nn.GELU()]
            width = hidden
        layers.append(nn.Linear(width, VOCAB_SIZE))
        self.mlp = nn.Sequential(*layers)

    def forward(self, windows: torch.Tensor) -> torch.Tensor:
        if not self.size.hidden:
            return self.table(windows[:, -1])
        return self.mlp(self.embed(windows).flatten(1))


def windows_of(contexts: Sequence[str], window: int) -> torch.Tensor:
    """[len(contexts), window] indexes: each context's last `window` characters, left-padded."""
    rows = []
    for text in contexts:
        ids = encode(text)[-window:]
        rows.append([PAD] * (window - len(ids)) + ids)
    return torch.tensor(rows, dtype=torch.long).reshape(len(contexts), window)


@torch.no_grad()
def predict(model: WindowLM, contexts: Sequence[str]) -> torch.Tensor:
    """[len(contexts), VOCAB_SIZE] probabilities (float64 on the CPU, each row sums to 1)."""
    if not contexts:
        return torch.zeros(0, VOCAB_SIZE, dtype=torch.float64)
    device = next(model.parameters()).device
    logits = model(windows_of(contexts, model.size.window).to(device))
    return torch.softmax(logits.double().cpu(), dim=-1)


class Trainer:
    """A model of one size, its optimizer and its step count; `step()` trains on one batch."""

    def __init__(self, size: str, text: str, seed: int = 0, device: str | None = None) -> None:
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
        self.size_name = size
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        torch.manual_seed(seed)
        self.model = WindowLM(SIZES[size]).to(self.device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=SIZES[size].lr)
        self.data = torch.tensor(encode(text), dtype=torch.long)
        self.generator = torch.Generator().manual_seed(seed)
        self.steps = 0
        self.last_loss: float | None = None

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        window = self.model.size.window
        starts = torch.randint(0, len(self.data) - window - 1, (BATCH,), generator=self.generator)
        offsets = torch.arange(window + 1)
        chunk = self.data[starts[:, None] + offsets[None, :]]
        return chunk[:, :window].to(self.device), chunk[:, window].to(self.device)

    def step(self) -> float:
        inputs, targets = self.batch()
        loss = nn.functional.cross_entropy(self.model(inputs), targets)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        self.steps += 1
        self.last_loss = float(loss.detach())
        return self.last_loss

    def snapshot(self) -> WindowLM:
        """A frozen copy of the current model for answering (on the CPU: small batches are fastest there)."""
        frozen = copy.deepcopy(self.model).cpu().eval()
        for p in frozen.parameters():
            p.requires_grad_(False)
        return frozen

    # -- checkpoints ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the checkpoint atomically (a crash mid-write leaves the previous one)."""
        state = {"size": self.size_name, "steps": self.steps, "model": self.model.state_dict(),
                 "optimizer": self.optimizer.state_dict(), "generator": self.generator.get_state(),
                 "last_loss": self.last_loss}
        tmp = path.with_name(path.name + ".tmp")
        torch.save(state, tmp)
        os.replace(tmp, path)

    def load(self, path: Path) -> bool:
        """Resume from `path` if it holds a checkpoint of this size; False when there is none to use."""
        try:
            state: dict[str, Any] = torch.load(path, map_location=self.device, weights_only=False)
        except FileNotFoundError:
            return False
        if state.get("size") != self.size_name:
            return False
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.generator.set_state(state["generator"])
        self.steps = int(state["steps"])
        self.last_loss = state.get("last_loss")
        return True


def bits_per_char(model: WindowLM, text: str, positions: int = 4096, seed: int = 0) -> float:
    """The model's bits per character on `positions` random next characters of `text`."""
    import math

    window = model.size.window
    data = torch.tensor(encode(text), dtype=torch.long)
    g = torch.Generator().manual_seed(seed)
    starts = torch.randint(0, len(data) - window - 1, (positions,), generator=g)
    chunk = data[starts[:, None] + torch.arange(window + 1)[None, :]]
    device = next(model.parameters()).device
    with torch.no_grad():
        loss = nn.functional.cross_entropy(model(chunk[:, :window].to(device)), chunk[:, window].to(device))
    return float(loss) / math.log(2)
