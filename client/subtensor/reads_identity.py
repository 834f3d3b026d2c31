"""taonet_identity, taonet_subnetIdentity, taonet_tokenSymbols and taonet_startSchedule on a
subtensor endpoint, from the runtime's storage (IdentitiesV2, SubnetIdentitiesV3, TokenSymbol,
SubnetOwner, NetworkRegisteredAt, StartCallDelay, FirstEmissionBlockNumber) at the best block.
Same shapes as the taonet node's (node/read_model/identity.py).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.errors import ClientError
from client.subtensor.reads import address, at_head, netuid as check_netuid, storage, storage_map, text
from node import identity_rules, token_symbols


def _fields(value: Any, names: dict[str, int]) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {name: text(value.get(name) or "") for name in names}


def identity(conn: Any, coldkey: Any) -> dict[str, Any]:
    who = address(coldkey, "coldkey")
    head, block = at_head(conn)
    found = storage(conn, "SubtensorModule", "IdentitiesV2", [who], block)
    hotkeys = storage(conn, "SubtensorModule", "OwnedHotkeys", [who], block) or []
    can_set = any(any(storage_map(conn, "SubtensorModule", "IsNetworkMember", [hk], block).values()) for hk in hotkeys)
    return {"head": head, "coldkey": who, "identity": _fields(found, identity_rules.CHAIN_IDENTITY), "can_set": can_set}


def _require_subnet(conn: Any, n: int, block: str) -> None:
    if not storage(conn, "SubtensorModule", "NetworksAdded", [n], block):
        raise ClientError(f"subnet {n} does not exist")


def subnet_identity(conn: Any, netuid: Any) -> dict[str, Any]:
    n = check_netuid(netuid)
    head, block = at_head(conn)
    _require_subnet(conn, n, block)
    found = _fields(storage(conn, "SubtensorModule", "SubnetIdentitiesV3", [n], block), identity_rules.SUBNET_IDENTITY)
    return {"head": head, "netuid": n, "owner_coldkey": storage(conn, "SubtensorModule", "SubnetOwner", [n], block),
            "name": found["subnet_name"] if found else "",
            "symbol": text(storage(conn, "SubtensorModule", "TokenSymbol", [n], block) or ""), "identity": found}


def token_symbols_read(conn: Any) -> dict[str, Any]:
    head, block = at_head(conn)
    used = {int(n): text(s) for n, s in storage_map(conn, "SubtensorModule", "TokenSymbol", (), block).items()}
    taken = set(used.values())
    return {"head": head, "in_use": {str(n): s for n, s in sorted(used.items())},
            "available": [s for s in token_symbols.SYMBOLS[1:] if s not in taken]}


def start_schedule(conn: Any, netuid: Any) -> dict[str, Any]:
    n = check_netuid(netuid)
    head, block = at_head(conn)
    _require_subnet(conn, n, block)
    registered = int(storage(conn, "SubtensorModule", "NetworkRegisteredAt", [n], block) or 0)
    delay = int(storage(conn, "SubtensorModule", "StartCallDelay", [], block) or 0)
    first = storage(conn, "SubtensorModule", "FirstEmissionBlockNumber", [n], block)
    started = first is not None or n == 0
    earliest = registered + delay
    return {"head": head, "netuid": n, "registered_at": registered, "start_call_delay": delay,
            "earliest_start_block": earliest, "started": started, "first_emission_block": int(first or 0),
            "can_start": not started and head + 1 >= earliest, "blocks_remaining": max(0, earliest - head - 1)}


METHODS: dict[str, Callable[..., Any]] = {"taonet_identity": identity, "taonet_subnetIdentity": subnet_identity,
                                          "taonet_tokenSymbols": token_symbols_read, "taonet_startSchedule": start_schedule}
