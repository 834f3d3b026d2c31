"""taonet_metagraph and taonet_neurons on a subtensor endpoint.

One runtime call per answer: `SubnetInfoRuntimeApi.get_selective_mechagraph(netuid, 0, every field)`
(what the bittensor SDK asks), else `get_metagraph(netuid)`, else, on runtimes before the metagraph
API, `NeuronInfoRuntimeApi.get_neurons_lite(netuid)`. Columns are indexed by uid as the taonet node
answers them; a column the chain does not keep (stake_weight, incentive_alpha) holds None per uid.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from client.errors import ClientError
from client.subtensor import reads_subnets
from client.subtensor.reads import at_head, fixed, storage, storage_map
from client.subtensor.reads import netuid as _netuid

BLOCKS_PER_DAY = 7200
U64_MAX = 2**64 - 1
API = "SubnetInfoRuntimeApi"


def selective_fields(conn: Any, at: str) -> list[str]:
    """The field names of this runtime's SelectiveMetagraph, in index order."""
    runtime = conn.substrate.runtime
    out = runtime.runtime_api_map[API]["get_selective_mechagraph"]["output"]
    types = {t["id"]: t["type"] for t in runtime.metadata.portable_registry.value["types"]}
    kind = types[out]
    if kind["path"] == ["Option"]:
        kind = types[kind["params"][0]["type"]]
    return [f["name"] for f in kind["def"]["composite"]["fields"]]


def _field_count(conn: Any, at: str) -> int:
    """How many fields this runtime's SelectiveMetagraph has (the indexes that ask for all of them)."""
    return len(selective_fields(conn, at))


def mechagraph(conn: Any, netuid: int, at: str) -> dict[str, Any] | None:
    """The subnet's metagraph from the runtime (None when the subnet does not exist), or a
    neurons_lite-shaped {"lite": [...]} on runtimes without the metagraph API."""
    if conn.has_runtime_call(API, "get_selective_mechagraph", at):
        with conn.bounded("reading the runtime"):
            fields = _field_count(conn, at)
        return conn.runtime_call(API, "get_selective_mechagraph", [netuid, 0, list(range(fields))], at)
    if conn.has_runtime_call(API, "get_metagraph", at):
        return conn.runtime_call(API, "get_metagraph", [netuid], at)
    lite = conn.runtime_call("NeuronInfoRuntimeApi", "get_neurons_lite", [netuid], at)
    return {"lite": lite} if lite else None


def axon(info: dict[str, Any] | None) -> dict[str, Any] | None:
    if not info or not info.get("block"):
        return None
    ip_type = int(info.get("ip_type", 4))
    raw = int(info.get("ip", 0))
    ip = str(ipaddress.IPv6Address(raw) if ip_type == 6 else ipaddress.IPv4Address(raw & 0xFFFFFFFF))
    return {"ip": ip, "port": int(info["port"]), "ip_type": ip_type, "protocol": int(info.get("protocol", 0)),
            "block": int(info["block"])}


def _lite_columns(lite: list[dict[str, Any]]) -> dict[str, list]:
    lite = sorted(lite, key=lambda n: n["uid"])
    stake = [sum(int(s) for _, s in n.get("stake", [])) for n in lite]
    return {"hotkeys": [n["hotkey"] for n in lite], "coldkeys": [n["coldkey"] for n in lite],
            "active": [bool(n["active"]) for n in lite], "validator_permit": [bool(n["validator_permit"]) for n in lite],
            "last_update": [int(n["last_update"]) for n in lite], "emission": [int(n["emission"]) for n in lite],
            "dividends": [int(n["dividends"]) for n in lite], "incentives": [int(n["incentive"]) for n in lite],
            "consensus": [int(n["consensus"]) for n in lite],
            "validator_trust": [int(n["validator_trust"]) for n in lite],
            "block_at_registration": [None] * len(lite), "alpha_stake": stake, "tao_stake": [None] * len(lite),
            "total_stake": stake, "axons": [n.get("axon_info") for n in lite], "uids": [int(n["uid"]) for n in lite]}


def metagraph(conn: Any, netuid: Any, with_weights: Any = False, with_bonds: Any = False, *,
              full: bool = True) -> dict[str, Any]:
    """As taonet_metagraph (full=False: the neuron columns only, no pool, tao_weight or emission)."""
    n = _netuid(netuid)
    if not all(isinstance(flag, bool) or flag is None for flag in (with_weights, with_bonds)):
        raise ClientError("with_weights and with_bonds must be true or false")
    head, at = at_head(conn)
    graph = mechagraph(conn, n, at)
    if graph is None:
        raise ClientError(f"subnet {n} does not exist on {conn.url}")
    lite = "lite" in graph
    cols = _lite_columns(graph["lite"]) if lite else graph
    count = len(cols["hotkeys"])
    uids = cols.get("uids") or list(range(count))
    tempo = int(graph.get("tempo") or 0) or storage(conn, "SubtensorModule", "Tempo", [n], at) or 0
    immunity = graph.get("immunity_period")
    if immunity is None:
        immunity = storage(conn, "SubtensorModule", "ImmunityPeriod", [n], at)
    tao_weight = storage(conn, "SubtensorModule", "TaoWeight", (), at) if full else None
    owner = graph.get("owner_coldkey") or (storage(conn, "SubtensorModule", "SubnetOwner", [n], at) if full else None)
    dividends_alpha = dict(graph.get("alpha_dividends_per_hotkey") or [])
    trust = list(cols["validator_trust"]) if "validator_trust" in cols else None
    if trust is None and full and conn.has_runtime_call("NeuronInfoRuntimeApi", "get_neurons_lite", at):
        by_uid = {int(x["uid"]): int(x["validator_trust"])      # the metagraph API does not carry it
                  for x in conn.runtime_call("NeuronInfoRuntimeApi", "get_neurons_lite", [n], at) or []}
        trust = [by_uid.get(u) for u in uids]
    registered = cols["block_at_registration"]
    none = [None] * count
    out: dict[str, Any] = {
        "head": head, "netuid": n, "n": count,
        "tao_weight": None if tao_weight is None else tao_weight / U64_MAX,
        "block_emission": storage(conn, "SubtensorModule", "BlockEmission", (), at) if full else None,
        "uids": uids, "hotkeys": list(cols["hotkeys"]), "coldkeys": list(cols["coldkeys"]),
        "stake": [int(s) for s in cols["total_stake"]], "alpha_stake": [int(s) for s in cols["alpha_stake"]],
        "root_stake": [None if s is None else int(s) for s in cols["tao_stake"]],
        "stake_weight": none, "consensus": list(cols["consensus"]), "incentive": list(cols["incentives"]),
        "dividends": list(cols["dividends"]),
        "validator_trust": trust if trust is not None else none,
        "active": [bool(a) for a in cols["active"]], "validator_permit": [bool(v) for v in cols["validator_permit"]],
        "emission": [int(e) for e in cols["emission"]],
        "daily_emission": [int(e) * BLOCKS_PER_DAY // tempo if tempo else None for e in cols["emission"]],
        "incentive_alpha": none,
        "dividends_alpha": [dividends_alpha.get(hk) if dividends_alpha else None for hk in cols["hotkeys"]],
        "registered_at": list(registered), "last_update": [int(b) for b in cols["last_update"]],
        "blocks_since_update": [head - int(b) for b in cols["last_update"]],
        "immune": [None if r is None or immunity is None else head - int(r) < int(immunity) for r in registered],
        "recycled": [None if owner is None else ck == owner for ck in cols["coldkeys"]],
        "axons": [axon(a) for a in cols["axons"]],
    }
    out["pool"] = None if lite or not full else reads_subnets.summary_from_graph(conn, graph, head, at)
    out["hyperparameters"] = {} if lite else {k: _plain(graph.get(k)) for k in reads_subnets.GRAPH_HYPERPARAMETERS
                                              if k in graph}
    if with_weights:
        out["weights"] = sparse(conn, "Weights", n, at)
    if with_bonds:
        out["bonds"] = sparse(conn, "Bonds", n, at)
    return out


def sparse(conn: Any, name: str, netuid: int, at: str) -> dict[str, list[list[int]]]:
    """A subnet's Weights or Bonds rows as the taonet node gives them: {uid: [[uid, u16], …]} per
    non-empty row (keyed by the subnet's first mechanism where the runtime has several)."""
    rows = storage_map(conn, "SubtensorModule", name, [netuid], at)
    return {str(int(uid)): [[int(u), int(w)] for u, w in row] for uid, row in sorted(rows.items()) if row}


def _plain(value: Any) -> Any:
    return fixed(value) if isinstance(value, dict) and "bits" in value else value


def neurons(conn: Any, netuid: Any) -> dict[str, Any]:
    """{"head", "netuid", "neurons": [{uid, hotkey, coldkey, registered_at, last_update, emission,
    axon, stake (alpha), immune}]} from the same one runtime call."""
    graph = metagraph(conn, netuid, full=False)
    rows = []
    for i, uid in enumerate(graph["uids"]):
        rows.append({"uid": uid, "hotkey": graph["hotkeys"][i], "coldkey": graph["coldkeys"][i],
                     "registered_at": graph["registered_at"][i], "last_update": graph["last_update"][i],
                     "emission": graph["emission"][i], "axon": graph["axons"][i], "stake": graph["alpha_stake"][i],
                     "immune": graph["immune"][i]})
    return {"head": graph["head"], "netuid": graph["netuid"], "neurons": rows}


METHODS: dict[str, Callable[..., Any]] = {"taonet_metagraph": metagraph, "taonet_neurons": neurons}
