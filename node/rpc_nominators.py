"""`taonet_nominators`: every coldkey staking to one hotkey on one subnet (the dashboard's neuron
detail, `btcli`-style delegate pages).

A stake row is keyed f"{coldkey}:{hotkey}:{netuid}" (node.schema), so the nominators of a hotkey are
the rows whose key ends in f":{hotkey}:{netuid}"; each one's alpha is its shares' value, read through
node.runtime.staking (⌊shares·pool alpha/pool shares⌋), exactly what an unstake of it all would take.
"""
from __future__ import annotations

from typing import Any

from node.chain import Chain
from node.rpc_economy import _subnet, snapshot
from node.rpc_methods import InvalidParams, _address, _number, method
from node.runtime import staking, subnets, take

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000


@method("taonet_nominators")
def taonet_nominators(chain: Chain, hotkey: Any, netuid: Any, limit: Any = DEFAULT_LIMIT) -> dict:
    """The coldkeys staking to `hotkey` on `netuid`, largest stake first (then by coldkey), at most
    `limit` of them: {head, hotkey, netuid, uid (null if not registered there), owner (the coldkey
    that registered the hotkey, or null), take (its validator take, u16 of 65535; null if unregistered),
    pool_alpha, pool_shares, count (every nominator), nominators: [{coldkey, alpha, shares,
    proportion (of the pool's shares, a float for display), owner (bool)}]}."""
    hk = _address(hotkey)
    count_limit = _number(limit, "limit")
    if not 0 < count_limit <= MAX_LIMIT:
        raise InvalidParams(f"limit must be in 1..{MAX_LIMIT}, got {count_limit}")
    suffix = f":{hk}:{_number(netuid, 'netuid', 65535)}"
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        owner = staking.hotkey_owner(view, hk)
        pool_alpha, pool_shares = staking.hotkey_pool(view, s.netuid, hk)
        rows = view.conn.execute("SELECT key, shares FROM stake WHERE substr(key, -?) = ?",
                                 (len(suffix), suffix)).fetchall()
        nominators = []
        for key, shares in rows:
            coldkey = key[: -len(suffix)]
            nominators.append({"coldkey": coldkey, "alpha": staking.stake_alpha(view, coldkey, hk, s.netuid),
                               "shares": shares, "proportion": shares / pool_shares if pool_shares else 0.0,
                               "owner": coldkey == owner})
        uid = subnets.uid_of(view, s.netuid, hk)
        take_value = take.take_of(view, hk) if owner is not None else None
        head = view.head
    nominators.sort(key=lambda n: (-n["alpha"], n["coldkey"]))
    return {"head": head, "hotkey": hk, "netuid": s.netuid, "uid": uid, "owner": owner,
            "take": take_value, "pool_alpha": pool_alpha,
            "pool_shares": pool_shares, "count": len(nominators), "nominators": nominators[:count_limit]}
