"""NeuronInfoRuntimeApi (`get_neurons_lite`, `get_neuron_lite`, `get_neurons`, `get_neuron`) and
DelegateInfoRuntimeApi (`get_delegates`, `get_delegate`, `get_delegated`), from node.read_model
(the metagraph's columns; stakes and validator takes).

A neuron's `stake` is [(its coldkey, the alpha of its hotkey's pool on the subnet)], as the chain
answers it; proportions are the stored u16 (PerU16); `weights`/`bonds` [(uid, u16)].
A delegate is any hotkey with an owner (taonet lets every registered hotkey take nominations);
`take` is its validator take (u16 of 65535); `nominators` [(coldkey, [(netuid, alpha rao)])].

Fields taonet has no concept of, answered empty/zero (never invented):
- `prometheus_info` zero (no prometheus endpoints), `rank`, `trust`, `pruning_score` 0;
- DelegateInfo `return_per_1000`, `total_daily_return` 0 (taonet does not estimate returns).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from node.read_model import NotFound
from node.read_model import metagraph as rm_metagraph
from node.runtime import economy as eco
from node.runtime import staking, take
from node.substrate.apis_metagraph import axon_info

PROMETHEUS_NONE = {"block": 0, "version": 0, "ip": 0, "port": 0, "ip_type": 0}


def _graph(ctx: Any, netuid: int, full: bool) -> dict | None:
    try:
        return rm_metagraph.metagraph(ctx.view, netuid, with_weights=full, with_bonds=full)
    except NotFound:
        return None


def _neuron(g: dict, i: int, full: bool) -> dict[str, Any]:
    uid = g["uids"][i]
    out = {"hotkey": g["hotkeys"][i], "coldkey": g["coldkeys"][i], "uid": uid, "netuid": g["netuid"],
           "active": g["active"][i], "axon_info": axon_info(g["axons"][i]), "prometheus_info": PROMETHEUS_NONE,
           "stake": [(g["coldkeys"][i], g["alpha_stake"][i])], "rank": 0, "emission": g["emission"][i],
           "incentive": g["incentive"][i], "consensus": g["consensus"][i], "trust": 0,
           "validator_trust": g["validator_trust"][i], "dividends": g["dividends"][i],
           "last_update": g["last_update"][i], "validator_permit": g["validator_permit"][i], "pruning_score": 0}
    if full:
        out["weights"] = [tuple(w) for w in g["weights"].get(str(uid), [])]
        out["bonds"] = [tuple(b) for b in g["bonds"].get(str(uid), [])]
    return out


def _neurons(ctx: Any, netuid: int, full: bool) -> list:
    g = _graph(ctx, netuid, full)
    return [] if g is None else [_neuron(g, i, full) for i in range(g["n"])]


def _one(ctx: Any, netuid: int, uid: int, full: bool) -> dict | None:
    g = _graph(ctx, netuid, full)
    if g is None or uid not in g["uids"]:
        return None
    return _neuron(g, g["uids"].index(uid), full)


def get_neurons_lite(ctx: Any, netuid: int) -> list:
    return _neurons(ctx, netuid, False)


def get_neuron_lite(ctx: Any, netuid: int, uid: int) -> dict | None:
    return _one(ctx, netuid, uid, False)


def get_neurons(ctx: Any, netuid: int) -> list:
    return _neurons(ctx, netuid, True)


def get_neuron(ctx: Any, netuid: int, uid: int) -> dict | None:
    return _one(ctx, netuid, uid, True)


# -- delegates ------------------------------------------------------------------------------------
class _Delegation:
    """Who stakes where, every hotkey's registrations and permits: one pass over each table."""

    def __init__(self, view: Any) -> None:
        self.view = view
        pools = {k: (a, sh) for k, a, sh in view.prefix("hotkey_alpha", "")}
        self.nominators: dict[str, dict[str, list]] = {}
        for key, shares in view.prefix("stake", ""):
            coldkey, hotkey, netuid_text = key.split(":")
            alpha_total, share_total = pools.get(f"{netuid_text}:{hotkey}", (0, 0))
            alpha = shares * alpha_total // share_total if share_total else 0
            self.nominators.setdefault(hotkey, {}).setdefault(coldkey, []).append((int(netuid_text), alpha))
        permits = {k for k, *row in view.prefix("neuron_epoch", "") if row[6]}
        self.registrations: dict[str, list[int]] = {}
        self.permits: dict[str, list[int]] = {}
        for key, uid in view.prefix("uids", ""):
            netuid_text, hotkey = key.split(":", 1)
            netuid = int(netuid_text)
            self.registrations.setdefault(hotkey, []).append(netuid)
            if eco.neuron_key(netuid, uid) in permits:
                self.permits.setdefault(hotkey, []).append(netuid)

    def info(self, hotkey: str, owner: str) -> dict[str, Any]:
        return {"delegate_ss58": hotkey, "take": take.take_of(self.view, hotkey),
                "nominators": [(c, sorted(v)) for c, v in sorted(self.nominators.get(hotkey, {}).items())],
                "owner_ss58": owner, "registrations": sorted(self.registrations.get(hotkey, [])),
                "validator_permits": sorted(self.permits.get(hotkey, [])), "return_per_1000": 0,
                "total_daily_return": 0}


def get_delegates(ctx: Any) -> list:
    d = _Delegation(ctx.view)
    rows = ctx.view.conn.execute("SELECT hotkey, coldkey FROM hotkey_owner ORDER BY hotkey").fetchall()
    return [d.info(hotkey, coldkey) for hotkey, coldkey in rows]


def get_delegate(ctx: Any, delegate_account: str) -> dict | None:
    owner = staking.hotkey_owner(ctx.view, delegate_account)
    return None if owner is None else _Delegation(ctx.view).info(delegate_account, owner)


def get_delegated(ctx: Any, delegatee_account: str) -> list:
    """[(DelegateInfo, (netuid, alpha))] for each hotkey and subnet the coldkey stakes on."""
    d = _Delegation(ctx.view)
    out = []
    for key, _shares in ctx.view.prefix("stake", delegatee_account + ":"):
        _, hotkey, netuid_text = key.split(":")
        owner = staking.hotkey_owner(ctx.view, hotkey) or hotkey
        alpha = staking.stake_alpha(ctx.view, delegatee_account, hotkey, int(netuid_text))
        out.append((d.info(hotkey, owner), (int(netuid_text), alpha)))
    return out


HANDLERS: dict[str, Callable[..., Any]] = {
    **{f"NeuronInfoRuntimeApi_{fn.__name__}": fn for fn in (get_neurons_lite, get_neuron_lite, get_neurons, get_neuron)},
    **{f"DelegateInfoRuntimeApi_{fn.__name__}": fn for fn in (get_delegates, get_delegate, get_delegated)},
}
FAST = frozenset({"NeuronInfoRuntimeApi_get_neurons_lite", "NeuronInfoRuntimeApi_get_neurons"})
