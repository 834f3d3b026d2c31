"""Amounts in the chain's own messages: exact decimal TAO and alpha, never raw rao.

A failed extrinsic's message is read by people (btcli shows it as the error line), so it names
amounts the way users type them: `τ1.5`, `α0.000000003`. The text is built from integers only
(no float), so the same state always gives the same message, byte for byte.
"""
from __future__ import annotations

from consensus.params import RAO_PER_TAO


def _decimal(rao: int) -> str:
    sign = "-" if rao < 0 else ""
    whole, frac = divmod(abs(rao), RAO_PER_TAO)
    text = f"{whole:,}"
    if frac:
        text += "." + f"{frac:09d}".rstrip("0")
    return sign + text


def tao(rao: int) -> str:
    """`τ1,234.5` for 1,234,500,000,000 rao."""
    return "τ" + _decimal(rao)


def alpha(rao: int) -> str:
    """`α0.000000003` for 3 alpha rao."""
    return "α" + _decimal(rao)
