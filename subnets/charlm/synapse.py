"""`NextChar`: a batch of contexts in, one probability distribution over the vocabulary out per context.

The limits are part of the class and hold on both sides: pydantic refuses a request with more than
`MAX_CONTEXTS` contexts or a context over `MAX_CONTEXT_CHARS` characters (the axon answers 400), and
a response whose `probs` is not at most `MAX_CONTEXTS` rows of exactly `VOCAB_SIZE` numbers (the
dendrite reports a failed call). `max_request_bytes` / `max_response_bytes` cap the bodies before
they are parsed. Probabilities travel as floats rounded to `DECIMALS` places (≈ 25 KB for 32 rows).
"""
from __future__ import annotations

from typing import Annotated, ClassVar, Optional

from pydantic import Field

from subnets.charlm.corpus import VOCAB_SIZE
from subnets.protocol.synapse import Synapse

MAX_CONTEXTS = 32
MAX_CONTEXT_CHARS = 128
DECIMALS = 6

Context = Annotated[str, Field(max_length=MAX_CONTEXT_CHARS)]
Row = Annotated[list[float], Field(min_length=VOCAB_SIZE, max_length=VOCAB_SIZE)]


class NextChar(Synapse):
    """Request: `contexts`; answer: `probs[i][v]` = P(next character is vocabulary entry v | contexts[i])."""

    contexts: Annotated[list[Context], Field(max_length=MAX_CONTEXTS)]
    probs: Optional[Annotated[list[Row], Field(max_length=MAX_CONTEXTS)]] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("contexts",)
    # 32 contexts of 128 characters, each character JSON-escaped at worst as \u00XX, plus headers.
    max_request_bytes: ClassVar[int] = 32 * 1024
    # the echoed request plus 32 rows of 97 numbers of at most ~12 bytes each.
    max_response_bytes: ClassVar[int] = 96 * 1024
