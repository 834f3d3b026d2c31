"""JSON-RPC methods of identities: a coldkey's and a subnet's identity, the token symbols in use and
free, and a subnet's start schedule. Thin adapters over node.read_model.identity.
"""
from __future__ import annotations

from typing import Any

from node import rpc_params as parse
from node.chain import Chain
from node.read_model import identity


def taonet_identity(chain: Chain, coldkey: Any) -> dict:
    """{head, coldkey, identity: {name, url, github_repo, image, discord, description, additional} or null,
    can_set (a hotkey of the coldkey holds a uid)}."""
    address = parse.address(coldkey)
    with chain.reader.snapshot() as view:
        return identity.identity(view, address)


def taonet_subnet_identity(chain: Chain, netuid: Any) -> dict:
    """{head, netuid, owner_coldkey, name, symbol, identity: {subnet_name, github_repo, subnet_contact,
    subnet_url, discord, description, logo_url, additional} or null}."""
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return identity.subnet_identity(view, n)


def taonet_token_symbols(chain: Chain) -> dict:
    """{head, in_use: {netuid: symbol}, available: [known symbols no subnet uses]}."""
    with chain.reader.snapshot() as view:
        return identity.symbols(view)


def taonet_start_schedule(chain: Chain, netuid: Any) -> dict:
    """{head, netuid, registered_at, start_call_delay, earliest_start_block, started,
    first_emission_block, can_start, blocks_remaining}."""
    n = parse.netuid(netuid)
    with chain.reader.snapshot() as view:
        return identity.start_schedule(view, n)


TABLE = {
    "taonet_identity": taonet_identity, "taonet_subnetIdentity": taonet_subnet_identity,
    "taonet_tokenSymbols": taonet_token_symbols, "taonet_startSchedule": taonet_start_schedule,
}
