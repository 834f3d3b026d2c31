"""Staking helpers: stake reads, pool quotes, and the safe-staking limit prices.

Safe staking (as the real btcli): with tolerance t, a stake buys only while the price stays
≤ price·(1+t), an unstake sells only while it stays ≥ price·(1−t), and a move across subnets
only while price(origin)/price(destination) stays ≥ ratio·(1−t). Limits travel as u64 = value·1e9.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, TypedDict

from client.backend import Backend

LIMIT_SCALE = 10**9
DEFAULT_TOLERANCE = 0.005


class StakeRow(TypedDict):
    """One coldkey's stake on one hotkey on one subnet (amounts in rao; alpha rao for `alpha`)."""

    coldkey: str
    hotkey: str
    netuid: int
    uid: int | None  # None: the hotkey has no uid on the subnet
    alpha: int
    shares: int
    price: float
    tao_value: int  # at the spot price, before fees


class StakeInfo(TypedDict):
    head: int
    stakes: list[StakeRow]
    totals: dict[str, int]  # coldkey -> tao_value rao


def stake_info(rpc: Backend, coldkeys: str | list[str]) -> StakeInfo:
    """Every stake of one coldkey or several (taonet_stakeInfo), with each coldkey's total."""
    return rpc.call("taonet_stakeInfo", coldkeys)


class StakeQuote(TypedDict, total=False):
    """A simulated stake or unstake (taonet_stakeQuote), amounts in rao of the unit paid or received;
    when the chain would refuse it, only ok (False), error and message."""

    ok: bool
    error: str
    message: str
    netuid: int
    side: str  # "stake" (TAO in) or "unstake" (alpha in)
    amount: int
    started: bool
    amount_used: int
    received: int
    fee: int
    fee_unit: str  # "tao" or "alpha"
    price_before: float
    price_after: float
    price_impact: float
    partial: bool
    min_stake: int
    fee_rate: int  # u16 proportion of 65535


class SwapQuote(TypedDict, total=False):
    """A simulated move of alpha between subnets (taonet_swapQuote): sell on the origin, buy on the
    destination; the ratio is price(origin)/price(destination). Refused: only ok, error, message."""

    ok: bool
    error: str
    message: str
    origin_netuid: int
    destination_netuid: int
    alpha_amount: int
    tao: int
    received: int
    fee_alpha: int
    fee_tao: int
    price_ratio_before: float
    price_ratio_after: float
    price_impact: float


def stake_quote(rpc: Backend, netuid: int, side: str, amount: int, limit_price: int | None = None) -> StakeQuote:
    """Preview a stake ("stake", TAO rao in) or unstake ("unstake", alpha rao in)."""
    return rpc.call("taonet_stakeQuote", netuid, side, amount, limit_price)


def swap_quote(rpc: Backend, origin_netuid: int, destination_netuid: int, alpha_amount: int) -> SwapQuote:
    return rpc.call("taonet_swapQuote", origin_netuid, destination_netuid, alpha_amount)


def limit_price(reference: float, tolerance: float, side: str, real_btcli: bool = False) -> int:
    """The u64 limit for a reference price (or ratio) and a tolerance: above it for "stake",
    below it for "unstake" and "swap". On a taonet node the limit is exact decimal arithmetic,
    a stake limit rounded up (a zero tolerance still admits today's price), the others down. With
    `real_btcli` (a subtensor endpoint) it is computed as the real btcli and SDK compute it, so the
    same order carries the same limit to the rao: int(price·(1±tolerance)·10^9) in floating point
    (truncated, e.g. 2.0 at 0.5% gives 2009999999)."""
    if not 0 <= tolerance < 1:
        raise ValueError(f"the tolerance is a fraction in [0, 1), such as 0.005 for 0.5%; got {tolerance}")
    if real_btcli:
        factor = (1 + tolerance) if side == "stake" else (1 - tolerance)
        return max(int(float(reference) * factor * LIMIT_SCALE), 1)
    ref = Decimal(repr(reference)) * LIMIT_SCALE
    if side == "stake":
        return int((ref * (1 + Decimal(repr(tolerance)))).to_integral_value(ROUND_CEILING))
    return max(int((ref * (1 - Decimal(repr(tolerance)))).to_integral_value(ROUND_FLOOR)), 1)


def stake_call(hotkey: str, netuid: int, amount: int, limit: int | None, allow_partial: bool) -> tuple[str, dict]:
    if limit is None:
        return "subtensor.add_stake", {"hotkey": hotkey, "netuid": netuid, "amount_staked": amount}
    return "subtensor.add_stake_limit", {"hotkey": hotkey, "netuid": netuid, "amount_staked": amount,
                                         "limit_price": limit, "allow_partial": allow_partial}


def unstake_call(hotkey: str, netuid: int, amount: int, limit: int | None, allow_partial: bool) -> tuple[str, dict]:
    if limit is None:
        return "subtensor.remove_stake", {"hotkey": hotkey, "netuid": netuid, "amount_unstaked": amount}
    return "subtensor.remove_stake_limit", {"hotkey": hotkey, "netuid": netuid, "amount_unstaked": amount,
                                            "limit_price": limit, "allow_partial": allow_partial}


def move_call(kind: str, args: dict[str, Any], limit: int | None, allow_partial: bool) -> tuple[str, dict]:
    """kind is "move_stake", "transfer_stake" or "swap_stake"; the `_limit` variant when limited."""
    if limit is None:
        return f"subtensor.{kind}", args
    return f"subtensor.{kind}_limit", {**args, "limit_price": limit, "allow_partial": allow_partial}


def resolve_hotkey(rpc: Backend, netuid: int | None, text: str, names: dict[str, str]) -> tuple[str | None, str | None]:
    """(ss58, None), or (None, what to type) for a hotkey given as one of a wallet's hotkey names
    (`names`: name → ss58), a uid on subnet `netuid` (anyone's validator), or an ss58 address."""
    from client.errors import RpcError
    from wallet.ss58 import decode

    text = text.strip()
    if not text:
        return None, "enter a hotkey: a name of this wallet's hotkeys, a uid on the subnet, or an ss58 address"
    if text in names:
        return names[text], None
    if text.isdigit():
        if netuid is None:
            return None, "enter the subnet first: a uid is a place on one subnet"
        try:
            neurons = rpc.call("taonet_neurons", netuid)["neurons"]
        except RpcError as exc:
            return None, exc.rpc_message
        found = next((n["hotkey"] for n in neurons if n["uid"] == int(text)), None)
        return (found, None) if found else (None, f"no uid {text} on subnet {netuid} (it has {len(neurons)} neurons)")
    try:
        decode(text)
    except ValueError as exc:
        return None, f"hotkey {text!r} is not a hotkey name of this wallet, a uid, or an ss58 address ({exc})"
    return text, None
