"""Childkeys: typed reads (taonet_children / taonet_parents), the calls that change them, and the
checks a signer can make before signing (ownership, count, proportions, rate limit, take range).

A proportion travels as a u64 of u64::MAX; `proportions_u64` turns the real btcli's fractions
(0.3, 0.7; sum ≤ 1) into them the way it does (⌊f·(2⁶⁴−1)⌋). A childkey take travels as a u16 of
65535 (0 ..= 11 796, i.e. 0–18%).
"""
from __future__ import annotations

from typing import Any, TypedDict

from client.backend import Backend

U64_MAX = 2**64 - 1
U16_MAX = 65535
MAX_CHILDREN = 5
MIN_CHILDKEY_TAKE, MAX_CHILDKEY_TAKE = 0, 11_796


class Link(TypedDict):
    hotkey: str
    proportion: int  # u64 of u64::MAX
    fraction: float


class SubnetChildren(TypedDict):
    netuid: int
    children: list[Link]
    pending: dict[str, Any] | None  # {children: [Link], cooldown_block}
    childkey_take: int
    take_fraction: float
    last_set_children: int  # 0: never
    next_set_children_block: int  # 0: now
    next_take_increase_block: int
    stake: dict[str, int]  # alpha, root, inherited_alpha, inherited_root (rao)


class Children(TypedDict):
    head: int
    hotkey: str
    owner: str | None
    total_stake_tao: int
    rules: dict[str, int]
    subnets: list[SubnetChildren]


def children(rpc: Backend, hotkey: str, netuid: int | None = None) -> Children:
    """A hotkey's children, pending children, childkey take and rate limits (taonet_children)."""
    return rpc.call("taonet_children", hotkey, netuid)


def parents(rpc: Backend, hotkey: str, netuid: int | None = None) -> dict[str, Any]:
    """{head, hotkey, subnets: [{netuid, parents: [Link], stake}]} (taonet_parents)."""
    return rpc.call("taonet_parents", hotkey, netuid)


def proportions_u64(fractions: list[float]) -> list[int]:
    """0.3 → ⌊0.3·(2⁶⁴−1)⌋; ValueError (one line) outside 0..1 or when they add up to more than 1."""
    for f in fractions:
        if not 0 <= f <= 1:
            raise ValueError(f"each proportion must be between 0 and 1, got {f}")
    if sum(fractions) > 1 + 1e-9:
        raise ValueError(f"the proportions add up to {sum(fractions):.4f}: they must add up to at most 1")
    out = [int(f * U64_MAX) for f in fractions]
    excess = sum(out) - U64_MAX
    if excess > 0:  # float rounding only (the sum was checked): take it from the largest
        i = max(range(len(out)), key=out.__getitem__)
        out[i] -= excess
    return out


def take_u16(fraction: float) -> int:
    """0.1 → 6553 (⌊f·65535⌋, as the real btcli); ValueError (one line) outside 0 ..= 18%."""
    if not 0 <= fraction <= 0.18:  # the real btcli's bound; ⌊0.18·65535⌋ = 11 796, the chain's maximum
        raise ValueError(f"the childkey take must be between 0 and 0.18 (18%), got {fraction}")
    return min(int(fraction * U16_MAX), MAX_CHILDKEY_TAKE)


def set_children_problem(info: Children, netuid: int, signer: str, hotkey: str,
                         pairs: list[tuple[int, str]]) -> str | None:
    """Why set_children would fail for `signer` (the chain's checks a client can see), or None."""
    if netuid == 0:
        return "childkeys cannot be set on the root subnet (0)"
    if info["owner"] != signer:
        owner = info["owner"] or "nobody (it is not registered anywhere)"
        return f"hotkey {hotkey} is owned by {owner}, not by this wallet's coldkey {signer}"
    kids = [c for _, c in pairs]
    if len(set(kids)) != len(kids):
        return "a child hotkey is listed twice"
    if hotkey in kids:
        return f"hotkey {hotkey} cannot be its own child"
    if len(kids) > MAX_CHILDREN:
        return f"{len(kids)} children: at most {MAX_CHILDREN} per hotkey and subnet"
    if sum(p for p, _ in pairs) > U64_MAX:
        return "the proportions add up to more than 1"
    row = next((s for s in info["subnets"] if s["netuid"] == netuid), None)
    if row is None:
        return f"subnet {netuid} does not exist"
    if row["next_set_children_block"] > info["head"] + 1:
        return (f"children of {hotkey} on subnet {netuid} were set in block {row['last_set_children']}; "
                f"they can be set again from block {row['next_set_children_block']}")
    threshold = info["rules"]["stake_threshold"]
    if kids and info["total_stake_tao"] < threshold:
        return f"hotkey {hotkey} needs a total stake of at least {threshold} rao to set children"
    return None


def parents_problem(parent_info: dict[str, Any], netuid: int, kids: list[str]) -> str | None:
    """A child that is already a parent of the hotkey on that subnet (no cycles), or None."""
    row = next((s for s in parent_info["subnets"] if s["netuid"] == netuid), None)
    parents_now = {p["hotkey"] for p in row["parents"]} if row else set()
    both = [k for k in kids if k in parents_now]
    return f"{both[0]} is a parent of this hotkey on subnet {netuid}, so it cannot also be its child" if both else None


def set_children_call(hotkey: str, netuid: int, pairs: list[tuple[int, str]]) -> tuple[str, dict[str, Any]]:
    return "subtensor.set_children", {"hotkey": hotkey, "netuid": netuid, "children": [[p, c] for p, c in pairs]}


def set_take_call(hotkey: str, netuid: int, take: int) -> tuple[str, dict[str, Any]]:
    return "subtensor.set_childkey_take", {"hotkey": hotkey, "netuid": netuid, "take": take}
