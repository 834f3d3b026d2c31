"""The economy in the read model: costs (the subnet lock, registration burns, the emission pending
until each epoch), chain-wide economics (the issuance identity) and quotes (what staking,
unstaking or moving stake would do now, simulated on the subnets' pools exactly as the runtime
applies it, node.runtime.staking, nothing written). Amounts are integer rao (alpha rao for alpha);
prices are floats (TAO per alpha); a quote the chain would refuse is {ok: false, error, message}.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from consensus import emission as em
from consensus.pool import PRICE_LIMIT_SCALE
from node.read_model.subnets import require_subnet
from node.reader import View
from node.runtime import balances, staking, subnets
from node.runtime import economy as eco
from node.runtime.dispatch import DispatchError


def lock(view: View) -> dict[str, Any]:
    """The TAO locked by a subnet created in the next block: {lock_cost, min_lock_cost, last_lock,
    last_lock_block, reduction_interval, rate_limit, subnet_limit, subnets}."""
    head = view.head
    cfg = eco.settings(view)
    return {"lock_cost": subnets.lock_cost(view, head + 1), "min_lock_cost": cfg["network_min_lock_cost"],
            "last_lock": view.get_value("network_last_lock", 0), "last_lock_block": view.get_value("network_last_lock_block", 0),
            "reduction_interval": cfg["network_lock_reduction_interval"], "rate_limit": cfg["network_rate_limit"],
            "subnet_limit": cfg["subnet_limit"], "subnets": len(eco.netuids(view)) - 1}


def lock_cost(view: View) -> dict[str, Any]:
    """`lock` with the head: {head, lock_cost, …}."""
    return {"head": view.head, **lock(view)}


def _chosen(view: View, netuid: int | None) -> list[int]:
    return [netuid] if netuid is not None else [n for n in eco.netuids(view) if n]


def burn_cost(view: View, netuid: int | None = None) -> dict[str, Any]:
    """Registration burn of one subnet or every one but root: {head, lock_cost, "subnets": [{netuid,
    burn, next_block_burn (after one more decay), min_burn, max_burn, registration_allowed, neurons,
    max_allowed_uids}]}."""
    from consensus import registration as reg

    rows = []
    for n in _chosen(view, netuid):
        s = require_subnet(view, n)
        p = eco.params(view, n)
        rows.append({"netuid": n, "burn": s.burn,
                     "next_block_burn": reg.decay_burn(s.burn, p["burn_half_life"], p["min_burn"], p["max_burn"]),
                     "min_burn": p["min_burn"], "max_burn": p["max_burn"],
                     "registration_allowed": bool(p["registration_allowed"]) and n != 0, "neurons": s.neurons,
                     "max_allowed_uids": p["max_allowed_uids"]})
    return {"head": view.head, "lock_cost": lock(view)["lock_cost"], "subnets": rows}


def pending_emission(view: View, netuid: int | None = None) -> dict[str, Any]:
    """Emission accumulated until each subnet's epoch: {head, "subnets": [{netuid, server,
    validator, root, owner, total, last_epoch_block, blocks_until_next_epoch, epoch_count}]}."""
    head = view.head
    rows = []
    for n in _chosen(view, netuid):
        s = require_subnet(view, n)
        tempo = eco.param(view, n, "tempo")
        rows.append({"netuid": n, "server": s.pending_server, "validator": s.pending_validator, "root": s.pending_root,
                     "owner": s.pending_owner, "total": s.pending_total, "last_epoch_block": s.last_epoch_block,
                     "blocks_until_next_epoch": em.blocks_until_next_epoch(head, tempo, s.last_epoch_block),
                     "epoch_count": s.epoch_count})
    return {"head": head, "subnets": rows}


def economics(view: View) -> dict[str, Any]:
    """Chain-wide settings and the issuance identity: {head, settings, total_issuance, free_total,
    reserved_total, pools_total, block_emission, limit_price_scale}; total_issuance = free_total +
    reserved_total (proxy deposits) + pools_total."""
    conn = view.conn
    issuance = balances.total_issuance(view)
    return {"head": view.head, "settings": eco.settings(view), "total_issuance": issuance,
            "free_total": conn.execute("SELECT COALESCE(SUM(free), 0) FROM accounts").fetchone()[0],
            "reserved_total": conn.execute("SELECT COALESCE(SUM(amount), 0) FROM reserved").fetchone()[0],
            "pools_total": conn.execute("SELECT COALESCE(SUM(tao_in), 0) FROM subnets").fetchone()[0],
            "block_emission": em.block_emission(issuance), "limit_price_scale": PRICE_LIMIT_SCALE}


# -- quotes ---------------------------------------------------------------------------------------
def _refusal(exc: DispatchError) -> dict[str, Any]:
    return {"ok": False, "error": exc.name, "message": exc.message}


def stake_quote(view: View, netuid: int, side: str, amount: int, limit: int | None = None) -> dict[str, Any]:
    """Staking (side "stake": `amount` rao of TAO) or unstaking ("unstake": `amount` alpha rao),
    optionally under a limit price (u64 price·1e9): {ok, netuid, started, side, amount, amount_used,
    received, fee, fee_unit ("tao"|"alpha"), price_before, price_after, price_impact, partial,
    min_stake, fee_rate}."""
    s = require_subnet(view, netuid)
    cfg = eco.settings(view)
    try:
        if side == "stake":
            r = staking.simulate_buy(s, amount, cfg["fee_rate"], limit)
        else:
            r = staking.simulate_sell(s, amount, cfg["fee_rate"], limit)[0]
    except DispatchError as exc:
        return _refusal(exc)
    return {"ok": True, "netuid": s.netuid, "started": bool(s.first_emission_block) or s.netuid == eco.ROOT_NETUID,
            "side": side, "amount": amount, "amount_used": r.amount_in_used,
            "received": r.amount_out, "fee": r.fee, "fee_unit": "tao" if side == "stake" else "alpha",
            "price_before": float(r.price_before), "price_after": float(r.price_after),
            "price_impact": float(r.price_impact), "partial": r.partial, "min_stake": cfg["min_stake"],
            "fee_rate": cfg["fee_rate"]}


def swap_quote(view: View, origin_netuid: int, destination_netuid: int, alpha: int) -> dict[str, Any]:
    """Moving `alpha` alpha rao from one subnet to another (sell, then buy): {ok, origin_netuid,
    destination_netuid, alpha_amount, tao, received, fee_alpha, fee_tao, price_ratio_before,
    price_ratio_after, price_impact}; the ratio is price(origin)/price(destination), the unit of
    the `_limit` calls' limit_price (·1e9)."""
    origin, dest = require_subnet(view, origin_netuid), require_subnet(view, destination_netuid)
    fee_rate = eco.setting(view, "fee_rate")
    before = origin.price / dest.price if dest.price else Fraction(0)
    if origin.netuid == dest.netuid:
        return {"ok": True, "origin_netuid": origin.netuid, "destination_netuid": dest.netuid, "alpha_amount": alpha,
                "tao": 0, "received": alpha, "fee_alpha": 0, "fee_tao": 0, "price_ratio_before": 1.0,
                "price_ratio_after": 1.0, "price_impact": 0.0}
    try:
        sold, bought, after = staking.cross_quote(origin, dest, alpha, fee_rate)
    except DispatchError as exc:
        return _refusal(exc)
    return {"ok": True, "origin_netuid": origin.netuid, "destination_netuid": dest.netuid, "alpha_amount": alpha,
            "tao": sold[0].amount_out, "received": bought.amount_out, "fee_alpha": sold[0].fee, "fee_tao": bought.fee,
            "price_ratio_before": float(before), "price_ratio_after": float(after),
            "price_impact": float((after - before) / before) if before else 0.0}
