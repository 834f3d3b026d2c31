"""The template subnet, in one module: the real subnet template's task.

The validator sends `Dummy(dummy_input=n)` for a random n; a miner answers `dummy_output = 2n`.
A miner started with `--option bad=true` answers wrongly (2n + 1), so it scores 0.
Run it: `btcli miner start --subnet template …` and `btcli validator start --subnet template …`.
"""
from __future__ import annotations

import random
from typing import ClassVar, Optional, Sequence

from subnets.base import Answer, Miner, Validator
from subnets.protocol.synapse import Synapse


class Dummy(Synapse):
    """The request (`dummy_input`) and the miner's answer (`dummy_output`)."""

    dummy_input: int
    dummy_output: Optional[int] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("dummy_input",)


class TemplateMiner(Miner):
    synapse = Dummy

    def forward(self, synapse: Dummy) -> Dummy:
        wrong = 1 if self.option("bad", False) else 0
        synapse.dummy_output = synapse.dummy_input * 2 + wrong
        return synapse


class TemplateValidator(Validator):
    def challenge(self) -> Dummy:
        return Dummy(dummy_input=random.randint(0, 1_000_000))

    def score(self, challenge: Dummy, answers: Sequence[Answer]) -> list[float]:
        expected = challenge.dummy_input * 2
        return [1.0 if a.ok and a.synapse.dummy_output == expected else 0.0 for a in answers]


Miner = TemplateMiner  # what the subnet registry looks for: `Miner` and `Validator`
Validator = TemplateValidator
