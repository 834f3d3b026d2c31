"""SubnetInfoRuntimeApi, part 2: the metagraph (`get_metagraph`, `get_mechagraph`,
`get_selective_metagraph` / `get_selective_mechagraph`, `get_all_metagraphs` / `get_all_mechagraphs`,
`get_subnet_state`), from node.read_model.metagraph's columns (index = uid).

A mechagraph (node.runtime.mechanisms) is the subnet's metagraph with the mechanism's own
`last_update` and `incentives` and `netuid` = its storage index mecid·4096 + netuid, as the chain
answers; a mechanism the subnet lacks answers None. A selective metagraph carries only the asked
field indices (the others None; `netuid` always).

Per-uid fields in the chain's units: stakes integer rao (alpha rao), `total_stake` = alpha + root
stake · tao_weight (taonet's `stake` column), proportions the stored u16 (PerU16), emission alpha
rao of the last epoch, axons with the IPv4/IPv6 address as its integer.

Fields taonet has no concept of, answered empty/zero/None (never invented):
- `identity` the subnet's SubnetIdentityV3, `identities` each uid's coldkey's ChainIdentityV2
  (None where unset);
- `subnet_emission` 0 (deprecated `EmissionValues`), `alpha_in_emission` 0 (see apis_subnets);
- `pruning_score`, `rank`, `trust` 0 per uid (taonet's Yuma keeps validator trust, consensus,
  incentive and dividends; it prunes by emission, not by a stored score);
- `tao_dividends_per_hotkey` [] (root dividends are paid in alpha on taonet);
  `alpha_dividends_per_hotkey` are taonet's alpha dividends of the last epoch, per hotkey;
- `commitments` [] (no commitments pallet), `collateral_locked/min/earned` 0 per uid;
- SubnetState `emission_history` [] (not kept);
- an axon's `version` and placeholders 0 (taonet keeps no axon version);
- `pow_registration_allowed` false.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from node.read_model import NotFound
from node.read_model import metagraph as rm_metagraph
from node.substrate import apis_subnets

API = "SubnetInfoRuntimeApi"


def _ip(text: str | None) -> int:
    try:
        return int(ipaddress.ip_address(text)) if text else 0
    except ValueError:
        return 0


def axon_info(axon: dict | None) -> dict[str, int]:
    if not axon:
        return {"block": 0, "version": 0, "ip": 0, "port": 0, "ip_type": 0, "protocol": 0,
                "placeholder1": 0, "placeholder2": 0}
    return {"block": axon["block"], "version": 0, "ip": _ip(axon["ip"]), "port": axon["port"] or 0,
            "ip_type": axon["ip_type"] or 0, "protocol": axon["protocol"] or 0, "placeholder1": 0, "placeholder2": 0}


def metagraph_values(ctx: Any, netuid: int) -> dict[str, Any] | None:
    """Every Metagraph / SelectiveMetagraph / SubnetState field of the subnet, or None if it does not exist."""
    s = apis_subnets.subnet(ctx, netuid)
    if s is None:
        return None
    try:
        g = rm_metagraph.metagraph(ctx.view, netuid)
    except NotFound:
        return None
    n = g["n"]
    zeros = [0] * n
    values = {**apis_subnets.runtime_hyperparams(ctx, s), **apis_subnets.dynamic_values(ctx, s)}
    values.update({
        "name": apis_subnets.name_bytes(s.name), "symbol": apis_subnets.name_bytes(s.symbol),
        "identity": apis_subnets.subnet_identity(ctx, s),
        "block": ctx.head, "subnet_emission": 0, "num_uids": n,
        "hotkeys": g["hotkeys"], "coldkeys": g["coldkeys"], "identities": [apis_subnets.chain_identity(ctx, ck) for ck in g["coldkeys"]],
        "axons": [axon_info(a) for a in g["axons"]], "active": g["active"], "validator_permit": g["validator_permit"],
        "pruning_score": zeros, "last_update": g["last_update"], "emission": g["emission"],
        "dividends": g["dividends"], "incentives": g["incentive"], "consensus": g["consensus"], "trust": zeros,
        "rank": zeros, "block_at_registration": g["registered_at"], "alpha_stake": g["alpha_stake"],
        "tao_stake": g["root_stake"], "total_stake": g["stake"], "tao_dividends_per_hotkey": [],
        "alpha_dividends_per_hotkey": list(zip(g["hotkeys"], g["dividends_alpha"])),
        "validators": [uid for uid, permit in zip(g["uids"], g["validator_permit"]) if permit],
        "commitments": [], "collateral_locked": zeros, "collateral_min": zeros, "collateral_earned": zeros,
        "emission_history": [],
    })
    return values


def _struct(ctx: Any, method: str, values: dict[str, Any] | None) -> dict | None:
    if values is None:
        return None
    tid = ctx.output_struct(API, method)
    return {f["name"]: values[f["name"]] for f in ctx.codec.types[tid]["def"]["composite"]["fields"]}


def get_metagraph(ctx: Any, netuid: int) -> dict | None:
    return _struct(ctx, "get_metagraph", metagraph_values(ctx, netuid))


def mechagraph_values(ctx: Any, netuid: int, mecid: int) -> dict[str, Any] | None:
    """metagraph_values with the mechanism's last updates, incentives and storage index (None if
    the subnet has no such mechanism)."""
    from node.runtime import mechanisms

    values = metagraph_values(ctx, netuid)
    if values is None or mecid == 0:
        return values
    if mecid >= mechanisms.count(ctx.view, netuid):
        return None
    view = ctx.view
    rows = [view.get("neurons", f"{netuid}:{uid:05d}") for uid in range(values["num_uids"])]
    values["netuid"] = mechanisms.cm.storage_index(netuid, mecid)
    values["last_update"] = [mechanisms.last_update(view, netuid, mecid, uid, r) for uid, r in enumerate(rows)]
    values["incentives"] = [mechanisms.incentive(view, netuid, mecid, uid) for uid in range(len(rows))]
    return values


def get_mechagraph(ctx: Any, netuid: int, mecid: int) -> dict | None:
    return _struct(ctx, "get_mechagraph", mechagraph_values(ctx, netuid, mecid))


def get_all_metagraphs(ctx: Any) -> list:
    from node.runtime import economy as eco

    return [get_metagraph(ctx, n) for n in eco.netuids(ctx.view)]


def get_all_mechagraphs(ctx: Any) -> list:
    from node.runtime import economy as eco
    from node.runtime import mechanisms

    return [get_mechagraph(ctx, n, m) for n in eco.netuids(ctx.view) for m in range(mechanisms.count(ctx.view, n))]


def get_subnet_state(ctx: Any, netuid: int) -> dict | None:
    return _struct(ctx, "get_subnet_state", metagraph_values(ctx, netuid))


def get_selective_metagraph(ctx: Any, netuid: int, metagraph_indexes: list[int], mecid: int = 0) -> dict | None:
    values = mechagraph_values(ctx, netuid, mecid)
    if values is None:
        return None
    tid = ctx.output_struct(API, "get_selective_metagraph")
    wanted = set(metagraph_indexes)
    out: dict[str, Any] = {}
    for index, field in enumerate(ctx.codec.types[tid]["def"]["composite"]["fields"]):
        name = field["name"]
        if name == "netuid":
            out[name] = values.get("netuid", netuid) if mecid else netuid
        elif index in wanted:
            # Option<Option<SubnetIdentityV3>>: asked for and absent is Some(None), not None
            out[name] = ctx.some_none if name == "identity" and values[name] is None else values[name]
        else:
            out[name] = None
    return out


def get_selective_mechagraph(ctx: Any, netuid: int, subid: int, metagraph_indexes: list[int]) -> dict | None:
    return get_selective_metagraph(ctx, netuid, metagraph_indexes, subid)


HANDLERS: dict[str, Callable[..., Any]] = {f"{API}_{fn.__name__}": fn for fn in (
    get_metagraph, get_mechagraph, get_all_metagraphs, get_all_mechagraphs, get_subnet_state,
    get_selective_metagraph, get_selective_mechagraph)}
FAST = frozenset(HANDLERS)
"""Answers encoded with node.substrate.apis_encode (large per-uid vectors)."""
