"""How a validator scores answers: checks, bits per character, and the weights rule.

An answer is malformed — and scores 0 — when the call failed (error, late, oversized, unparsable:
the dendrite says so), when it came after the timeout, or when `probs` is missing, has another
number of rows than there were contexts, a row of another length than the vocabulary, a value that
is not a finite number ≥ 0, or a row that does not sum to 1 within `SUM_TOLERANCE`.

A well-formed answer's loss is its bits per character on the held-out next characters:
bpc = mean over contexts of −log2 max(p[target], `FLOOR`); the floor bounds one confident miss at
~19.9 bits. Scores of one round are softmax(−bpc / T) over the well-formed answers (T in bits,
`DEFAULT_TEMPERATURE`), so they sum to 1 and a model 0.5 bit better earns e ≈ 2.7 times more.
The base validator's moving average turns round scores into weights.
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from subnets.charlm.corpus import VOCAB_SIZE

FLOOR = 1e-6
SUM_TOLERANCE = 1e-3
DEFAULT_TEMPERATURE = 0.5


def malformed(probs: Any, count: int) -> Optional[str]:
    """Why `probs` is not `count` distributions over the vocabulary; None when it is."""
    if probs is None:
        return "no probabilities"
    if not isinstance(probs, (list, tuple)) or len(probs) != count:
        return f"expected {count} rows, got {len(probs) if isinstance(probs, (list, tuple)) else type(probs).__name__}"
    for row in probs:
        if not isinstance(row, (list, tuple)) or len(row) != VOCAB_SIZE:
            return f"a row is not {VOCAB_SIZE} numbers"
        total = 0.0
        for p in row:
            if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p):
                return "a value is not a finite number"
            if p < 0:
                return "a negative probability"
            total += p
        if abs(total - 1.0) > SUM_TOLERANCE:
            return f"a row sums to {total:.6g}, not 1"
    return None


def bits_per_char(probs: Sequence[Sequence[float]], targets: Sequence[int]) -> float:
    """Mean −log2 of the probability given to each target (floored at FLOOR)."""
    return sum(-math.log2(max(row[t], FLOOR)) for row, t in zip(probs, targets)) / len(targets)


def round_scores(losses: Sequence[Optional[float]], temperature: float = DEFAULT_TEMPERATURE) -> list[float]:
    """softmax(−bpc / T) over the answers with a loss; 0 for those without (None)."""
    valid = [x for x in losses if x is not None]
    if not valid:
        return [0.0] * len(losses)
    best = min(valid)
    exps = [math.exp(-(x - best) / temperature) if x is not None else 0.0 for x in losses]
    total = sum(exps)
    return [e / total for e in exps]
