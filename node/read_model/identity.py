"""Identities in the read model: a coldkey's identity, a subnet's identity and token symbol, and
whether a subnet can be started now (the start-call delay).

Plain dicts over one snapshot; a subnet that does not exist raises NotFound.
"""
from __future__ import annotations

from typing import Any

from node import token_symbols
from node.read_model.subnets import require_subnet
from node.reader import View
from node.runtime import economy as eco
from node.runtime import identity as ident


def identity(view: View, coldkey: str) -> dict[str, Any]:
    """{head, coldkey, identity: {name, url, github_repo, image, discord, description, additional} or null,
    can_set (a hotkey of the coldkey holds a uid: the chain keeps identities only for those)}."""
    return {"head": view.head, "coldkey": coldkey, "identity": ident.identity(view, coldkey),
            "can_set": ident.has_registered_hotkey(view, coldkey)}


def subnet_identity(view: View, netuid: int) -> dict[str, Any]:
    """{head, netuid, owner_coldkey, name, symbol, identity: {subnet_name, github_repo, subnet_contact,
    subnet_url, discord, description, logo_url, additional} or null}."""
    s = require_subnet(view, netuid)
    return {"head": view.head, "netuid": netuid, "owner_coldkey": s.owner_coldkey, "name": s.name, "symbol": s.symbol,
            "identity": ident.subnet_identity(view, netuid)}


def symbols(view: View) -> dict[str, Any]:
    """{head, in_use: {netuid: symbol}, available: [the known symbols no subnet uses, in the chain's order]}."""
    used = ident.symbols_in_use(view)
    taken = set(used.values())
    return {"head": view.head, "in_use": {str(n): s for n, s in used.items()},
            "available": [s for s in token_symbols.SYMBOLS[1:] if s not in taken]}


def start_schedule(view: View, netuid: int) -> dict[str, Any]:
    """{head, netuid, registered_at, start_call_delay, earliest_start_block, started, first_emission_block,
    can_start (now, in the next block), blocks_remaining}."""
    s = require_subnet(view, netuid)
    delay = eco.setting(view, "start_call_delay")
    earliest = s.registered_at + delay
    started = bool(s.first_emission_block) or netuid == eco.ROOT_NETUID
    next_block = view.head + 1  # a start_call submitted now runs in the next block
    return {"head": view.head, "netuid": netuid, "registered_at": s.registered_at, "start_call_delay": delay,
            "earliest_start_block": earliest, "started": started, "first_emission_block": s.first_emission_block,
            "can_start": not started and next_block >= earliest, "blocks_remaining": max(0, earliest - next_block)}
