"""taonet_subnets, taonet_subnetInfo, taonet_hyperparameters, taonet_burnCost and taonet_lockCost
on a subtensor endpoint.

Subnets come from `SubnetInfoRuntimeApi.get_all_dynamic_info` / `get_dynamic_info`, prices from
`SwapRuntimeApi.current_alpha_price_all` (or `current_alpha_price` per subnet on runtimes without
it, or tao_in/alpha_in before the swap pallet), the rest from SubtensorModule storage. Hyperparameters
come from `get_subnet_hyperparams_v3`, falling back to v2 and v1 as runtimes differ, under the
runtime's own names. What the chain does not keep (epoch count, taonet's pending split) is None.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.balance import RAO_PER_TAO
from client.errors import ClientError
from client.subtensor.reads import (
    ZERO_ACCOUNT,
    at_head,
    fixed,
    runtime_api,
    storage,
    storage_map,
    text,
)
from client.subtensor.reads import netuid as _netuid

API, SWAP, MODULE = "SubnetInfoRuntimeApi", "SwapRuntimeApi", "SubtensorModule"
# hyperparameters a metagraph carries (SelectiveMetagraph fields), shown with the metagraph
GRAPH_HYPERPARAMETERS = (
    "tempo", "rho", "kappa", "min_allowed_weights", "max_weights_limit", "weights_version", "weights_rate_limit",
    "activity_cutoff", "max_validators", "max_uids", "burn", "difficulty", "registration_allowed",
    "pow_registration_allowed", "immunity_period", "min_difficulty", "max_difficulty", "min_burn", "max_burn",
    "adjustment_alpha", "adjustment_interval", "target_regs_per_interval", "max_regs_per_block",
    "serving_rate_limit", "commit_reveal_weights_enabled", "commit_reveal_period", "liquid_alpha_enabled",
    "alpha_high", "alpha_low", "bonds_moving_avg")
ALIASES = {"max_validators": "max_allowed_validators", "max_uids": "max_allowed_uids"}  # runtime -> taonet spec


def blocks_until_next_epoch(netuid: int, tempo: int, block: int) -> int | None:
    """As subtensor counts it (its run_coinbase): tempo − (block + netuid + 1) mod (tempo + 1)."""
    if not tempo:
        return None
    return tempo - (block + netuid + 1) % (tempo + 1)


def prices(conn: Any, netuids: list[int], at: str, pools: dict[int, dict[str, Any]]) -> dict[int, float | None]:
    """TAO per α of each subnet (root: 1.0)."""
    found: dict[int, float | None] = {0: 1.0}
    if conn.has_runtime_call(SWAP, "current_alpha_price_all", at):
        for row in conn.runtime_call(SWAP, "current_alpha_price_all", [], at) or []:
            n, price = (row["netuid"], row["price"]) if isinstance(row, dict) else row
            found[int(n)] = int(price) / RAO_PER_TAO
    elif conn.has_runtime_call(SWAP, "current_alpha_price", at):     # one batch of one call per subnet
        asked = [n for n in netuids if n]
        answers = conn.runtime_calls([(SWAP, "current_alpha_price", [n]) for n in asked], at)
        found.update({n: int(price) / RAO_PER_TAO for n, price in zip(asked, answers)})
    else:                                   # before the swap pallet the pool price was tao_in / alpha_in
        for n in netuids:
            pool = pools.get(n) or {}
            if n and pool.get("alpha_in"):
                found[n] = int(pool["tao_in"]) / int(pool["alpha_in"])
    return {n: found.get(n) for n in netuids}


def _summary(d: dict[str, Any], head: int, price: float | None, extra: dict[str, Any]) -> dict[str, Any]:
    n = int(d["netuid"])
    tempo = int(d.get("tempo") or 0)
    first = extra.get("first_emission_block")
    allowed = extra.get("registration_allowed")
    return {
        "netuid": n, "name": text(d.get("subnet_name", d.get("name"))), "symbol": text(d.get("token_symbol", d.get("symbol"))),
        "owner_coldkey": d.get("owner_coldkey"), "owner_hotkey": d.get("owner_hotkey"),
        "registered_at": d.get("network_registered_at"),
        "started": True if n == 0 else (None if first is None else bool(first)),
        "first_emission_block": first, "tao_in": d.get("tao_in"), "alpha_in": d.get("alpha_in"),
        "alpha_out": d.get("alpha_out"), "protocol_alpha": None, "quote_weight": None, "price": price,
        "ema_price": 1.0 if n == 0 else fixed(d.get("moving_price")), "emission_share": None,
        "tao_emission": d.get("tao_in_emission"), "alpha_emission": d.get("alpha_out_emission"), "tempo": tempo,
        "last_epoch_block": d.get("last_step"),
        "blocks_until_next_epoch": blocks_until_next_epoch(n, tempo, head) if n else None,
        "pending_epoch_at": extra.get("pending_epoch_at"), "last_epoch_trigger": None, "last_trim": None,
        "epoch_count": None, "burn": extra.get("burn"),
        "registration_allowed": None if allowed is None else bool(allowed) and n != 0,
        "neurons": extra.get("neurons"), "max_allowed_uids": extra.get("max_allowed_uids"),
        "subnet_volume": d.get("subnet_volume"), "lock_paid": extra.get("lock_paid"), "registrations": None,
        "pending": {"server": None, "validator": None, "root": d.get("pending_root_emission"), "owner": None,
                    "alpha": d.get("pending_alpha_emission")},
    }


EXTRAS = {"burn": "Burn", "registration_allowed": "NetworkRegistrationAllowed", "neurons": "SubnetworkN",
          "max_allowed_uids": "MaxAllowedUids", "lock_paid": "SubnetLocked",
          "first_emission_block": "FirstEmissionBlockNumber"}
# read only where a subnet is shown alone (the owner's trigger-epoch preflight); None if unreadable
OPTIONAL = {"pending_epoch_at": "PendingEpochAt"}


def _optional(conn: Any, name: str, params: list, at: str) -> Any:
    """A storage value a node may not answer (a recording without it): None then."""
    try:
        return storage(conn, MODULE, name, params, at)
    except ClientError:
        return None


def summary_from_graph(conn: Any, graph: dict[str, Any], head: int, at: str) -> dict[str, Any]:
    """The taonet_subnets summary of the subnet a metagraph describes (the metagraph carries its pool)."""
    n = int(graph["netuid"])
    extra = {"burn": graph.get("burn"), "registration_allowed": graph.get("registration_allowed"),
             "neurons": graph.get("num_uids"), "max_allowed_uids": graph.get("max_uids"),
             "lock_paid": storage(conn, MODULE, "SubnetLocked", [n], at),
             "first_emission_block": storage(conn, MODULE, "FirstEmissionBlockNumber", [n], at)}
    return _summary(graph, head, prices(conn, [n], at, {n: graph})[n], extra)


def subnets(conn: Any) -> dict[str, Any]:
    head, at = at_head(conn)
    pools = {int(d["netuid"]): d for d in conn.runtime_call(API, "get_all_dynamic_info", [], at) if d}
    netuids = sorted(pools)
    maps = {key: storage_map(conn, MODULE, name, (), at) for key, name in EXTRAS.items()}
    price = prices(conn, netuids, at, pools)
    rows = [_summary(pools[n], head, price[n], {k: m.get(n) for k, m in maps.items()}) for n in netuids]
    return {"head": head, "block_emission": storage(conn, MODULE, "BlockEmission", (), at), "subnets": rows}


def _dynamic(conn: Any, n: int, at: str) -> dict[str, Any]:
    d = conn.runtime_call(API, "get_dynamic_info", [n], at)
    if not d:
        raise ClientError(f"subnet {n} does not exist on {conn.url}")
    return d


def subnet_info(conn: Any, netuid: Any) -> dict[str, Any]:
    n = _netuid(netuid)
    head, at = at_head(conn)
    d = _dynamic(conn, n, at)
    extra = {key: storage(conn, MODULE, name, [n], at) for key, name in EXTRAS.items()}
    extra.update({key: _optional(conn, name, [n], at) for key, name in OPTIONAL.items()})
    return {**_summary(d, head, prices(conn, [n], at, {n: d})[n], extra), "head": head,
            "hyperparameters": _hyperparameter_rows(conn, n, at)}


def _hyperparameter_values(conn: Any, n: int, at: str) -> dict[str, Any]:
    methods = [m for m in ("get_subnet_hyperparams_v3", "get_subnet_hyperparams_v2", "get_subnet_hyperparams")
               if conn.has_runtime_call(API, m, at)]
    if not methods:
        raise ClientError(f"{conn.url} has no SubnetInfoRuntimeApi hyperparameters call")
    for i, method in enumerate(methods):     # newest first; a node whose runtime lacks one answers an error
        try:
            values = conn.runtime_call(API, method, [n], at)
        except ClientError:
            if i == len(methods) - 1:
                raise
            continue
        if not values:
            raise ClientError(f"subnet {n} does not exist on {conn.url}")
        if isinstance(values, list):   # v3: [{name, value: {TypeName: value}}], one variant per value
            return {row["name"]: next(iter(row["value"].values())) if isinstance(row["value"], dict) else row["value"]
                    for row in values}
        return values
    raise AssertionError("unreachable")


def _row(name: str, value: Any) -> dict[str, Any]:
    from consensus.params import HYPERPARAMS

    spec = HYPERPARAMS.get(ALIASES.get(name, name))
    raw = value["bits"] if isinstance(value, dict) and "bits" in value else value
    if isinstance(value, dict) and "bits" in value:
        shown: Any = fixed(value, 64 if spec is not None and spec.type == "float" else 32)
        kind: str | None = "float"
    else:
        shown = value
        kind = spec.type if spec else ("bool" if isinstance(value, bool) else "int" if isinstance(value, int) else None)
    return {"name": name, "value": shown, "raw": raw, "type": kind, "min": spec.min if spec else None,
            "max": spec.max if spec else None, "owner_settable": (spec.owner_settable and bool(spec.call)) if spec else None,
            "settable": bool(spec.call) if spec else None, "last_set": None,
            "storage": spec.storage if spec else None, "note": spec.note if spec else ""}


# hyperparameters no SubnetInfoRuntimeApi answer lists: read from their storage item
STORAGE_ONLY = {"recycle_or_burn": "RecycleOrBurn"}


def _hyperparameter_rows(conn: Any, n: int, at: str) -> list[dict[str, Any]]:
    values = _hyperparameter_values(conn, n, at)
    for name, item in STORAGE_ONLY.items():
        if name not in values:
            value = _optional(conn, item, [n], at)
            if value is not None:
                values[name] = next(iter(value)) if isinstance(value, dict) else value
    return [_row(name, value) for name, value in values.items()]


def hyperparameters(conn: Any, netuid: Any) -> dict[str, Any]:
    n = _netuid(netuid)
    _, at = at_head(conn)
    rows = _hyperparameter_rows(conn, n, at)
    owner = storage(conn, MODULE, "SubnetOwner", [n], at)
    return {"netuid": n, "owner_coldkey": None if owner == ZERO_ACCOUNT else owner, "hyperparameters": rows}


def _lock(conn: Any, at: str) -> dict[str, Any]:
    if runtime_api(conn, "SubnetRegistrationRuntimeApi", "get_network_registration_cost", at=at):
        cost = conn.runtime_call("SubnetRegistrationRuntimeApi", "get_network_registration_cost", [], at)
    else:
        cost = storage(conn, MODULE, "NetworkLastLockCost", (), at)
    return {"lock_cost": None if cost is None else int(cost)}


def lock_cost(conn: Any) -> dict[str, Any]:
    head, at = at_head(conn)
    total = storage(conn, MODULE, "TotalNetworks", (), at)
    last_block = storage(conn, MODULE, "NetworkLastRegistered", (), at)
    return {"head": head, **_lock(conn, at), "min_lock_cost": storage(conn, MODULE, "NetworkMinLockCost", (), at),
            "last_lock": storage(conn, MODULE, "NetworkLastLockCost", (), at),
            "last_lock_block": last_block if last_block is not None else storage(conn, MODULE, "NetworkLastLockBlock", (), at),
            "reduction_interval": storage(conn, MODULE, "NetworkLockReductionInterval", (), at),
            "rate_limit": storage(conn, MODULE, "NetworkRateLimit", (), at),
            "subnet_limit": storage(conn, MODULE, "SubnetLimit", (), at),
            "subnets": None if total is None else max(int(total) - 1, 0)}


def burn_cost(conn: Any, netuid: Any = None) -> dict[str, Any]:
    """Burn storage per subnet. Subtensor changes a subnet's burn only at its adjustment interval,
    so a registration in the next block pays `burn` (next_block_burn) unless that interval ends."""
    head, at = at_head(conn)
    items = (("burn", "Burn"), ("min_burn", "MinBurn"), ("max_burn", "MaxBurn"), ("allowed", "NetworkRegistrationAllowed"),
             ("neurons", "SubnetworkN"), ("max_uids", "MaxAllowedUids"))
    if netuid is not None:
        chosen = [_netuid(netuid)]
        maps = {key: {chosen[0]: storage(conn, MODULE, name, chosen, at)} for key, name in items}
    else:
        maps = {key: storage_map(conn, MODULE, name, (), at) for key, name in items}
        chosen = sorted(int(n) for n in maps["neurons"] if int(n))
    rows = []
    for n in chosen:
        burn = maps["burn"].get(n)
        allowed = maps["allowed"].get(n)
        rows.append({"netuid": n, "burn": burn, "next_block_burn": burn, "min_burn": maps["min_burn"].get(n),
                     "max_burn": maps["max_burn"].get(n),
                     "registration_allowed": None if allowed is None else bool(allowed) and n != 0,
                     "neurons": maps["neurons"].get(n), "max_allowed_uids": maps["max_uids"].get(n)})
    return {"head": head, **_lock(conn, at), "subnets": rows}


METHODS: dict[str, Callable[..., Any]] = {"taonet_subnets": subnets, "taonet_subnetInfo": subnet_info, "taonet_hyperparameters": hyperparameters,
           "taonet_lockCost": lock_cost, "taonet_burnCost": burn_cost}
