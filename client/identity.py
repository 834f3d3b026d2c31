"""Identities, token symbols and the start schedule: the reads (both backends answer them with the
same shapes: node/read_model/identity.py, client/subtensor/reads_identity.py) and the pre-flight
checks of `set_identity`, `set_subnet_identity`, `update_symbol` and `start_call`, each a
`client.preflight.Problem` or None, found before anything is signed.

The byte limits and the symbol list are the chain's, from the pure node modules the runtime uses
too (node.identity_rules, node.token_symbols), so a refusal here is exactly the chain's.
"""
from __future__ import annotations

from typing import Any

from client.preflight import Problem
from node import identity_rules, token_symbols

CHAIN_FIELDS = tuple(identity_rules.CHAIN_IDENTITY)
SUBNET_FIELDS = tuple(identity_rules.SUBNET_IDENTITY)


def identity(backend: Any, coldkey: str) -> dict[str, Any]:
    """{head, coldkey, identity: {name, url, github_repo, image, discord, description, additional} or None,
    can_set: whether the chain would keep one (a hotkey of the coldkey holds a uid)}."""
    return backend.call("taonet_identity", coldkey)


def subnet_identity(backend: Any, netuid: int) -> dict[str, Any]:
    """{head, netuid, owner_coldkey, name, symbol, identity: {subnet_name, …, logo_url, additional} or None}."""
    return backend.call("taonet_subnetIdentity", netuid)


def token_symbols_now(backend: Any) -> dict[str, Any]:
    """{head, in_use: {netuid: symbol}, available: [symbols no subnet uses]}."""
    return backend.call("taonet_tokenSymbols")


def start_schedule(backend: Any, netuid: int) -> dict[str, Any]:
    """{head, netuid, registered_at, start_call_delay, earliest_start_block, started,
    first_emission_block, can_start, blocks_remaining}."""
    return backend.call("taonet_startSchedule", netuid)


def merged(current: dict[str, str] | None, given: dict[str, str | None], fields: tuple[str, ...]) -> dict[str, str]:
    """The identity to sign: each field given (an empty text clears it), else the current value."""
    base = current or {}
    return {name: (given[name] if given.get(name) is not None else base.get(name, "")) or "" for name in fields}


# -- pre-flight ------------------------------------------------------------------------------------
def identity_blocked(values: dict[str, str], can_set: bool) -> Problem | None:
    """set_identity would fail: no hotkey of the coldkey holds a uid (taonet_identity's can_set), or
    a field is too long."""
    if not can_set:
        return Problem("subtensor.HotKeyNotRegisteredInNetwork",
                       "the chain keeps identities only for coldkeys with a hotkey registered on a subnet: register "
                       "one first (`btcli subnets register`)")
    problem = identity_rules.chain_identity_problem(values)
    return Problem("subtensor.InvalidIdentity", problem + ": shorten it") if problem else None


def subnet_identity_blocked(info: dict[str, Any], coldkey: str, values: dict[str, str]) -> Problem | None:
    """set_subnet_identity would fail: not the owner, or a field is too long."""
    if info["owner_coldkey"] != coldkey:
        return Problem("subtensor.NotSubnetOwner",
                       f"subnet {info['netuid']} is owned by {info['owner_coldkey']}; only its owner can set its identity "
                       f"(this wallet's coldkey is {coldkey})")
    return subnet_identity_invalid(values)


def subnet_identity_invalid(values: dict[str, str]) -> Problem | None:
    """A field (or the name + repo + contact sum) over the chain's byte limit: InvalidIdentity, as
    set_subnet_identity and register_network_with_identity refuse it."""
    problem = identity_rules.subnet_identity_problem(values)
    return Problem("subtensor.InvalidIdentity", problem + ": shorten it") if problem else None


def symbol_blocked(info: dict[str, Any], coldkey: str, symbol: str, in_use: dict[str, str]) -> Problem | None:
    """update_symbol would fail: not the owner, an unknown glyph, or one a subnet already uses."""
    if info["owner_coldkey"] != coldkey:
        return Problem("subtensor.NotSubnetOwner",
                       f"subnet {info['netuid']} is owned by {info['owner_coldkey']}; only its owner can change its symbol")
    found = token_symbols.problem(symbol, {int(n): s for n, s in in_use.items()})
    return Problem(*found) if found else None


def start_wait(schedule: dict[str, Any]) -> Problem | None:
    """start_call would fail for the start-call delay (the other checks: preflight.start_blocked)."""
    if schedule["started"] or schedule["can_start"]:
        return None
    return Problem("subtensor.NeedWaitingMoreBlocksToStarCall",
                   f"subnet {schedule['netuid']} was registered at block {schedule['registered_at']}; it can be started "
                   f"from block {schedule['earliest_start_block']} ({schedule['blocks_remaining']} blocks from now; "
                   "`btcli subnets check-start`)")
