"""taonet_mechanisms on a subtensor endpoint, from the runtime's storage (MechanismCountCurrent,
MechanismEmissionSplit, MaxMechanismCount, MaxAllowedUids, SubnetOwner) at the best block; same
shape as the taonet node's (node/read_model/mechanisms.py). The owner rate limits are type values
of the runtime, not storage: answered as null (unknown), and last_set is not read."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.errors import ClientError
from client.subtensor.reads import at_head, storage
from client.subtensor.reads import netuid as check_netuid

U16_MAX = 65535
DEFAULT_MAX_ALLOWED_UIDS = 256  # the runtime's DefaultMaxAllowedUids


def mechanisms(conn: Any, netuid: Any, mecid: Any = None) -> dict[str, Any]:
    n = check_netuid(netuid)
    head, block = at_head(conn)
    if not storage(conn, "SubtensorModule", "NetworksAdded", [n], block):
        raise ClientError(f"subnet {n} does not exist")
    count = int(storage(conn, "SubtensorModule", "MechanismCountCurrent", [n], block) or 1)
    stored = storage(conn, "SubtensorModule", "MechanismEmissionSplit", [n], block)
    stored = [int(v) for v in stored] if stored else None
    if stored is not None:
        effective = (stored + [0] * count)[:count]
    else:
        base, remainder = divmod(U16_MAX, count)
        effective = [base + (remainder if m == 0 else 0) for m in range(count)]
    out = {"head": head, "netuid": n, "owner_coldkey": storage(conn, "SubtensorModule", "SubnetOwner", [n], block),
            "count": count, "max_count": int(storage(conn, "SubtensorModule", "MaxMechanismCount", [], block) or 2),
            "split": stored, "effective_split": effective,
            "max_allowed_uids": int(storage(conn, "SubtensorModule", "MaxAllowedUids", [n], block) or 0),
            "max_uids_over_mechanisms": DEFAULT_MAX_ALLOWED_UIDS,
            "rate_limits": {"count": None, "split": None}, "last_set": {"count": 0, "split": 0}}
    if mecid is not None:
        out["mechanism"] = _mechanism(conn, n, count, mecid, block)
    return out


def _mechanism(conn: Any, n: int, count: int, mecid: Any, block: str) -> dict[str, Any]:
    """{mecid, index, incentive, last_update} from the runtime's mechagraph of that mechanism."""
    if type(mecid) is not int or not 0 <= mecid < count:
        raise ClientError(f"subnet {n} has {count} mechanism{'s' if count != 1 else ''} (ids 0..{count - 1}), "
                          f"not mechanism {mecid!r}")
    from client.subtensor.reads_metagraph import API, selective_fields

    names = selective_fields(conn, block)
    wanted = [names.index("incentives"), names.index("last_update")]
    graph = conn.runtime_call(API, "get_selective_mechagraph", [n, mecid, wanted], block) or {}
    return {"mecid": mecid, "index": mecid * 4096 + n, "incentive": [int(v) for v in graph.get("incentives") or []],
            "last_update": [int(v) for v in graph.get("last_update") or []]}


METHODS: dict[str, Callable[..., Any]] = {"taonet_mechanisms": mechanisms}
