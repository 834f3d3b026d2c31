"""What signing and account reads return, for every backend (`client.backend`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from client.balance import Balance


@dataclass(frozen=True)
class AccountInfo:
    address: str
    free: Balance
    nonce: int


class Outcome(TypedDict, total=False):
    """What became of a submitted extrinsic (taonet_submitAndWait): `status` is "included" (with
    the block, its index there, `success` and the call's `error`/`message` when it failed),
    "dropped" (with the `reason`), "pending" or "unknown" after the wait, or "pool" when not waited for."""

    hash: str
    status: str
    block_number: int
    block_hash: str
    index: int
    success: bool
    error: str | None
    message: str | None
    reason: str
