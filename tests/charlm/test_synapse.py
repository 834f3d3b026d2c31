"""NextChar's limits hold on both sides: pydantic refuses over-limit requests and answers, and the
byte caps fit an honest full batch."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from subnets.charlm.corpus import VOCAB_SIZE
from subnets.charlm.synapse import MAX_CONTEXT_CHARS, MAX_CONTEXTS, NextChar


def test_request_limits():
    NextChar(contexts=["x" * MAX_CONTEXT_CHARS] * MAX_CONTEXTS)
    with pytest.raises(ValidationError):
        NextChar(contexts=["x"] * (MAX_CONTEXTS + 1))
    with pytest.raises(ValidationError):
        NextChar(contexts=["x" * (MAX_CONTEXT_CHARS + 1)])
    worst = NextChar(contexts=["\x00" * MAX_CONTEXT_CHARS] * MAX_CONTEXTS)  # every character escaped
    assert len(worst.request_body()) < NextChar.max_request_bytes


def test_answer_limits_on_the_miner_side():
    s = NextChar(contexts=["ab"])
    with pytest.raises(ValidationError):
        s.probs = [[1.0 / (VOCAB_SIZE - 1)] * (VOCAB_SIZE - 1)]
    with pytest.raises(ValidationError):
        s.probs = [[1.0 / VOCAB_SIZE] * VOCAB_SIZE] * (MAX_CONTEXTS + 1)


def test_answer_limits_on_the_validator_side():
    body = NextChar.model_construct(contexts=["ab"], probs=[[0.5, 0.5]]).response_body()
    with pytest.raises(ValueError):
        NextChar.from_body(body)


def test_a_full_honest_answer_fits():
    row = [round(1 / VOCAB_SIZE, 6)] * (VOCAB_SIZE - 1) + [0.000123456]
    s = NextChar(contexts=["x" * MAX_CONTEXT_CHARS] * MAX_CONTEXTS, probs=[row] * MAX_CONTEXTS)
    assert len(s.response_body()) < NextChar.max_response_bytes
