"""Balance: an amount of TAO held as integer rao; the unit is always explicit.

`Balance.from_rao(1)` and `Balance.from_tao("0.5")` are the only constructors: an int is never
guessed to be rao, nor a float TAO. TAO input is parsed exactly (Decimal), never through float.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

RAO_PER_TAO = 10**9
U64_MAX = 2**64 - 1


@dataclass(frozen=True, order=True)
class Balance:
    rao: int

    def __post_init__(self) -> None:
        if type(self.rao) is not int:
            raise TypeError("Balance holds integer rao: use Balance.from_rao(int) or Balance.from_tao(amount)")

    @classmethod
    def from_rao(cls, rao: int) -> Balance:
        if type(rao) is not int:
            raise TypeError(f"from_rao takes an int, got {type(rao).__name__}")
        return cls(rao)

    @classmethod
    def from_tao(cls, tao: str | int | float | Decimal) -> Balance:
        """From TAO (a string like "1.5" is exact; at most 9 decimals; no negatives)."""
        if isinstance(tao, bool):
            raise TypeError("from_tao takes a number of TAO, not a bool")
        try:
            amount = Decimal(str(tao)) if not isinstance(tao, Decimal) else tao
        except InvalidOperation:
            raise ValueError(f"not an amount of TAO: {tao!r}") from None
        if not amount.is_finite():
            raise ValueError(f"not an amount of TAO: {tao!r}")
        if amount < 0:
            raise ValueError(f"an amount cannot be negative: {tao}")
        rao = amount * RAO_PER_TAO
        if rao != rao.to_integral_value():
            raise ValueError(f"{tao} TAO has more than 9 decimals (1 rao = 0.000000001 TAO)")
        if rao > U64_MAX:
            raise ValueError(f"{tao} TAO is more than a u64 of rao can hold")
        return cls(int(rao))

    @property
    def tao(self) -> Decimal:
        return Decimal(self.rao) / RAO_PER_TAO

    def tao_float(self) -> float:
        """For JSON output where the real btcli prints floats of TAO."""
        return self.rao / RAO_PER_TAO

    def __add__(self, other: Any) -> Balance:
        if not isinstance(other, Balance):
            return NotImplemented
        return Balance(self.rao + other.rao)

    def __sub__(self, other: Any) -> Balance:
        if not isinstance(other, Balance):
            return NotImplemented
        return Balance(self.rao - other.rao)

    def __str__(self) -> str:
        text = f"{self.tao:.9f}".rstrip("0")
        return "τ" + (text + "0" if text.endswith(".") else text)

    def to_json(self) -> dict[str, Any]:
        return {"rao": self.rao, "tao": self.tao_float()}
