"""Validator takes and root claims: typed reads and the calls that change them.

A take travels as a u16 proportion of 65535; `take_u16` turns a fraction such as 0.12 into it
(rounded to the nearest u16, as the real btcli does) after checking it is within the chain's
bounds. Root claim types are the chain's enum as JSON: "Swap", "Keep" or
{"KeepSubnets": {"subnets": [netuid, …]}}.
"""
from __future__ import annotations

from typing import Any, TypedDict

from client.backend import Backend

U16_MAX = 65535
MIN_TAKE, MAX_TAKE = 0, 11_796
MAX_SUBNET_CLAIMS = 5
CLAIM_KINDS = {"swap": "Swap", "keep": "Keep", "keep-subnets": "KeepSubnets"}


class DelegateTake(TypedDict):
    """A hotkey's validator take (u16 proportions of 65535; blocks for the rate limit)."""

    head: int
    hotkey: str
    owner: str | None  # None: never registered
    take: int
    take_fraction: float
    default_take: int
    min_take: int
    max_take: int
    last_change: int  # 0: never
    rate_limit: int
    next_increase_block: int  # 0: now


def delegate_take(rpc: Backend, hotkey: str) -> DelegateTake:
    """A hotkey's take and when it may next rise (taonet_delegateTake)."""
    return rpc.call("taonet_delegateTake", hotkey)


def root_claims(rpc: Backend, coldkey: str) -> dict[str, Any]:
    """{head, coldkey, claim_type, keep_netuids, threshold, claimable: [{hotkey, netuid, owed,
    root_stake, swap, above_threshold}], totals, escrow}."""
    return rpc.call("taonet_rootClaims", coldkey)


def take_u16(fraction: float) -> int:
    """0.12 → 7864; ValueError (one line) outside 0 ..= 11 796/65535 (≈ 0.18)."""
    if not 0 <= fraction <= MAX_TAKE / U16_MAX + 1e-12:
        raise ValueError(f"the take must be between {MIN_TAKE} and {MAX_TAKE / U16_MAX:.4f} (18%), got {fraction}")
    return min(round(fraction * U16_MAX), MAX_TAKE)


def take_call(hotkey: str, current: int, new: int) -> tuple[str, dict[str, Any]]:
    """increase_take or decrease_take, whichever moves `current` to `new` (ValueError if equal)."""
    if new == current:
        raise ValueError(f"the take is already {current / U16_MAX:.4f}")
    name = "subtensor.increase_take" if new > current else "subtensor.decrease_take"
    return name, {"hotkey": hotkey, "take": new}


def claim_type_value(kind: str, netuids: list[int]) -> Any:
    """The chain's RootClaimType from a CLI word (swap, keep, keep-subnets) and netuids."""
    name = CLAIM_KINDS.get(kind.lower())
    if name is None:
        raise ValueError(f"the claim type is one of {', '.join(CLAIM_KINDS)}, got {kind!r}")
    if name == "KeepSubnets":
        if not netuids:
            raise ValueError("keep-subnets needs --netuids (the subnets whose root dividends stay alpha)")
        return {"KeepSubnets": {"subnets": sorted(set(netuids))}}
    if netuids:
        raise ValueError(f"--netuids goes with keep-subnets only, not {kind}")
    return name


def claim_root_calls(netuids: list[int]) -> list[tuple[str, dict[str, Any]]]:
    """claim_root calls covering `netuids`, at most 5 subnets each (the chain's limit)."""
    chosen = sorted(set(netuids))
    return [("subtensor.claim_root", {"subnets": chosen[i:i + MAX_SUBNET_CLAIMS]})
            for i in range(0, len(chosen), MAX_SUBNET_CLAIMS)]
