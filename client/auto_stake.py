"""Auto-stake destinations: where a coldkey's mining incentive on each subnet is staked
(node.runtime.auto_stake, the real chain's AutoStakeDestination): the typed read, the call that sets
one, and what the chain would refuse, found before signing.
"""
from __future__ import annotations

from typing import Any, TypedDict

from client.backend import Backend
from client.preflight import Problem, subnet_missing

CALL = "subtensor.set_coldkey_auto_stake_hotkey"


class AutoStake(TypedDict):
    head: int
    coldkey: str
    destinations: dict[str, str]  # str(netuid) -> hotkey, only where one is set


def destinations(rpc: Backend, coldkey: str) -> AutoStake:
    """The coldkey's auto-stake destinations (taonet_autoStake; AutoStakeDestination on subtensor)."""
    return rpc.call("taonet_autoStake", coldkey)


def set_call(netuid: int, hotkey: str) -> tuple[str, dict[str, Any]]:
    return CALL, {"netuid": netuid, "hotkey": hotkey}


def set_problem(subnets: list[dict[str, Any]], current: AutoStake, registered_on: list[int], netuid: int,
                hotkey: str) -> Problem | None:
    """set_coldkey_auto_stake_hotkey would fail, in the chain's order: the subnet does not exist, the
    hotkey has no uid there (`registered_on`: taonet_hotkeyOwner's netuids), it is already the destination."""
    missing = subnet_missing(subnets, netuid)
    if missing:
        return missing
    if netuid not in registered_on:
        return Problem("subtensor.HotKeyNotRegisteredInSubNet",
                       f"hotkey {hotkey} is not registered on subnet {netuid}: the destination must be one of its "
                       f"neurons' hotkeys (`btcli subnets show --netuid {netuid}`)")
    if current["destinations"].get(str(netuid)) == hotkey:
        return Problem("subtensor.SameAutoStakeHotkeyAlreadySet",
                       f"{hotkey} is already the auto-stake destination on subnet {netuid}: nothing to change")
    return None
