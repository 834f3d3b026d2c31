"""Typed helpers over the economy's RPC (node/rpc_economy.py): subnets, hyperparameters, costs,
neurons, pending emission. Each returns the node's plain dicts (shapes in those docstrings)."""
from __future__ import annotations

from typing import Any, TypedDict

from client.backend import Backend


def subnets(rpc: Backend) -> dict[str, Any]:
    """{"head", "block_emission", "subnets": [summary, …]} in one call."""
    return rpc.call("taonet_subnets")


def subnet_info(rpc: Backend, netuid: int) -> dict[str, Any]:
    return rpc.call("taonet_subnetInfo", netuid)


def hyperparameters(rpc: Backend, netuid: int) -> dict[str, Any]:
    return rpc.call("taonet_hyperparameters", netuid)


class BurnCostRow(TypedDict):
    """One subnet's registration burn (rao); a registration in the next block pays next_block_burn."""

    netuid: int
    burn: int
    next_block_burn: int
    min_burn: int
    max_burn: int
    registration_allowed: bool
    neurons: int
    max_allowed_uids: int


class BurnCost(TypedDict):
    head: int
    lock_cost: int
    subnets: list[BurnCostRow]


class LockCost(TypedDict):
    """The TAO (rao) a subnet created in the next block locks, and the limits on creating one."""

    head: int
    lock_cost: int
    min_lock_cost: int
    last_lock: int
    last_lock_block: int
    reduction_interval: int
    rate_limit: int  # blocks between two creations
    subnet_limit: int
    subnets: int  # subnets other than root


def burn_cost(rpc: Backend, netuid: int | None = None) -> BurnCost:
    """Registration burn of one subnet or every subnet (one call), and the subnet lock cost."""
    return rpc.call("taonet_burnCost", netuid)


def lock_cost(rpc: Backend) -> LockCost:
    return rpc.call("taonet_lockCost")


def neurons(rpc: Backend, netuid: int) -> dict[str, Any]:
    return rpc.call("taonet_neurons", netuid)


def pending_emission(rpc: Backend, netuid: int | None = None) -> dict[str, Any]:
    return rpc.call("taonet_pendingEmission", netuid)


class HotkeyOwner(TypedDict):
    hotkey: str
    coldkey: str | None  # None: never registered
    since: int | None  # the block it was first registered in
    netuids: list[int]  # where it has a uid


def hotkey_owner(rpc: Backend, hotkey: str) -> HotkeyOwner:
    return rpc.call("taonet_hotkeyOwner", hotkey)


def nominators(rpc: Backend, hotkey: str, netuid: int, limit: int = 100) -> dict[str, Any]:
    """The coldkeys staking to `hotkey` on `netuid`, largest first: {head, hotkey, netuid, uid, owner,
    take, pool_alpha, pool_shares, count, nominators: [{coldkey, alpha, shares, proportion, owner}]}."""
    return rpc.call("taonet_nominators", hotkey, netuid, limit)


def economics(rpc: Backend) -> dict[str, Any]:
    return rpc.call("taonet_economics")


def metagraph(rpc: Backend, netuid: int, with_weights: bool = False, with_bonds: bool = False) -> dict[str, Any]:
    """A subnet's whole metagraph in one call, as columns indexed by uid (shape in
    node/rpc_metagraph.py): uids, hotkeys, coldkeys, stake, epoch outputs, axons, pool, hyperparameters."""
    return rpc.call("taonet_metagraph", netuid, with_weights, with_bonds)


def weight_commits(rpc: Backend, netuid: int, hotkey: str) -> dict[str, Any]:
    """A hotkey's unrevealed weight commits and their reveal windows (taonet_weightCommits)."""
    return rpc.call("taonet_weightCommits", netuid, hotkey)


def earnings(mg: dict[str, Any]) -> list[dict[str, int | bool]]:
    """Per uid of a metagraph (taonet_metagraph) what its emission really pays, in alpha rao:
    {recycled, earned_emission, recycled_emission (per epoch), daily_earned}. A uid marked
    `recycled` (its hotkey belongs to the subnet owner's coldkey) has the incentive part of its
    emission recycled by the chain (spec §2.6); it earns only the rest (dividends, as a validator),
    nothing when it has no dividends."""
    n = mg["n"]
    flags = mg.get("recycled") or [False] * n
    out: list[dict[str, int | bool]] = []
    for i in range(n):
        emission, daily = mg["emission"][i], mg["daily_emission"][i]
        recycled = 0
        if flags[i]:
            recycled = emission if not mg["dividends"][i] else min(emission, mg["incentive_alpha"][i])
        earned = emission - recycled
        out.append({"recycled": bool(flags[i]), "earned_emission": earned, "recycled_emission": recycled,
                    "daily_earned": daily * earned // emission if emission else 0})
    return out
