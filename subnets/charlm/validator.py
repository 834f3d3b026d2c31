"""The charlm validator: held-out contexts drawn with a seed every validator shares for the block.

Each round draws `contexts` (default 32) positions of the held-out text with
seed = sha256("charlm/<netuid>/<block>"), so validators that ask in the same block send the same
contexts and compute the same scores; the next characters stay with the validator. Answers are
scored by `scoring` (bits per character, softmax(−bpc / temperature), malformed → 0).
Options (beyond the base validator's): contexts (1–32, default 32), context_chars (default 128),
temperature (bits, default 0.5).
"""
from __future__ import annotations

import hashlib
import random
from typing import Any, Optional, Sequence

from subnets.base import Answer, Validator
from subnets.charlm import scoring
from subnets.charlm.synapse import MAX_CONTEXT_CHARS, MAX_CONTEXTS, NextChar


def round_seed(netuid: int, block: int) -> int:
    return int.from_bytes(hashlib.sha256(f"charlm/{netuid}/{block}".encode()).digest()[:8], "big")


def draw(text: str, seed: int, count: int, chars: int) -> tuple[list[str], list[int]]:
    """`count` contexts of `chars` characters from `text` and the index of each next character."""
    from subnets.charlm.corpus import encode

    rng = random.Random(seed)
    positions = [rng.randrange(chars, len(text)) for _ in range(count)]
    return [text[p - chars:p] for p in positions], [encode(text[p])[0] for p in positions]


class CharLMValidator(Validator):
    def setup(self) -> None:
        from subnets.charlm import corpus

        self.held_out = corpus.load().valid
        self.context_count = min(MAX_CONTEXTS, max(1, self.option("contexts", MAX_CONTEXTS)))
        self.context_chars = min(MAX_CONTEXT_CHARS, max(1, self.option("context_chars", MAX_CONTEXT_CHARS)))
        self.temperature = self.option("temperature", scoring.DEFAULT_TEMPERATURE)
        self.bpc: dict[int, Optional[float]] = {}
        self.rejected: dict[int, str] = {}
        self._targets: list[int] = []
        super().setup()

    def challenge(self) -> NextChar:
        seed = round_seed(self.netuid, self.metagraph.block)
        contexts, self._targets = draw(self.held_out, seed, self.context_count, self.context_chars)
        return NextChar(contexts=contexts)

    def score(self, challenge: NextChar, answers: Sequence[Answer]) -> list[float]:
        losses: list[Optional[float]] = []
        for answer in answers:
            reason = self.check(challenge, answer)
            loss = None if reason else scoring.bits_per_char(answer.synapse.probs, self._targets)
            losses.append(loss)
            self.bpc[answer.uid] = None if loss is None else round(loss, 4)
            if reason:
                self.rejected[answer.uid] = reason
            else:
                self.rejected.pop(answer.uid, None)
        scores = scoring.round_scores(losses, self.temperature)
        self.log.info("bits per character by uid: %s", "  ".join(
            f"{a.uid}={x:.3f}" if x is not None else f"{a.uid}=✗ ({self.rejected[a.uid]})" for a, x in zip(answers, losses)))
        return scores

    def check(self, challenge: NextChar, answer: Answer) -> Optional[str]:
        """Why `answer` scores 0; None when it is well-formed."""
        if not answer.ok:
            return f"failed: {answer.status_code} {answer.message}"[:120]
        if answer.latency_s > self.query_timeout:
            return f"late: {answer.latency_s:.2f}s"
        return scoring.malformed(getattr(answer.synapse, "probs", None), len(challenge.contexts))

    def run_round(self) -> None:
        super().run_round()
        if self.last_round is not None:
            live = set(self.metagraph.uids)
            self.bpc = {u: x for u, x in self.bpc.items() if u in live}
            self.last_round["bpc"] = {str(u): x for u, x in sorted(self.bpc.items())}

    def report(self) -> dict[str, Any]:
        bpc = getattr(self, "bpc", {})
        return {**super().report(), "bpc": {str(u): x for u, x in sorted(bpc.items())},
                "rejected": {str(u): r for u, r in sorted(getattr(self, "rejected", {}).items())}}
