"""JSON-RPC methods of the economy: subnets, pools, stake, neurons, burn and lock costs.

All amounts are integer rao (alpha amounts in alpha rao); prices are floats in TAO per alpha.
Each method reads one consistent snapshot of the last committed block. Result shapes are in
each docstring ("head" is the block the values are for).
"""
from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction
from typing import Any, Iterator

from consensus import emission as em
from consensus import params as hp
from consensus.pool import PERQUINTILL, PRICE_LIMIT_SCALE
from node.chain import Chain
from node.reader import View
from node.rpc_methods import InvalidParams, _address, _number, method
from node.runtime import balances
from node.runtime import economy as eco
from node.runtime import staking, subnets
from node.runtime.dispatch import DispatchError


@contextmanager
def snapshot(chain: Chain) -> Iterator[View]:
    with chain.reader.snapshot() as view:
        yield view


def _netuid(value: Any) -> int:
    return _number(value, "netuid", 65535)


def _subnet(view: View, netuid: Any) -> eco.Subnet:
    s = eco.subnet(view, _netuid(netuid))
    if s is None:
        raise InvalidParams(f"subnet {netuid} does not exist")
    return s


def _ratio(value: Fraction) -> float:
    return float(value)


def subnet_summary(view: View, s: eco.Subnet, head: int, shares: dict[int, Fraction]) -> dict[str, Any]:
    p = eco.params(view, s.netuid)
    tempo = p.get("tempo", 360)
    return {
        "netuid": s.netuid, "name": s.name, "symbol": s.symbol, "owner_coldkey": s.owner_coldkey,
        "owner_hotkey": s.owner_hotkey, "registered_at": s.registered_at, "started": bool(s.first_emission_block) or s.netuid == 0,
        "first_emission_block": s.first_emission_block, "tao_in": s.tao_in, "alpha_in": s.alpha_in, "alpha_out": s.alpha_out,
        "protocol_alpha": s.protocol_alpha, "quote_weight": s.quote_weight / PERQUINTILL, "price": _ratio(s.price),
        "ema_price": _ratio(em.ema_price_fraction(s.ema_price_q32)) if s.netuid else 1.0,
        "emission_share": _ratio(shares.get(s.netuid, Fraction(0))), "tao_emission": s.tao_emission,
        "alpha_emission": s.alpha_emission, "tempo": tempo, "last_epoch_block": s.last_epoch_block,
        "blocks_until_next_epoch": em.blocks_until_next_epoch(head, tempo, s.last_epoch_block) if s.netuid else None,
        "epoch_count": s.epoch_count, "burn": s.burn, "registration_allowed": bool(p.get("registration_allowed", True)) and s.netuid != 0,
        "neurons": s.neurons, "max_allowed_uids": p.get("max_allowed_uids"), "subnet_volume": s.volume,
        "lock_paid": s.lock_paid, "registrations": s.registrations,
        "pending": {"server": s.pending_server, "validator": s.pending_validator, "root": s.pending_root,
                    "owner": s.pending_owner},
    }


def _shares(view: View, subnet_rows: list[eco.Subnet]) -> dict[int, Fraction]:
    emitting = [s for s in subnet_rows if s.netuid and s.first_emission_block and eco.param(view, s.netuid, "registration_allowed")]
    from node.runtime.coinbase import miner_burned

    shares = em.subnet_shares([em.ema_price_fraction(s.ema_price_q32) for s in emitting],
                              [miner_burned(view, s.netuid) for s in emitting])
    return {s.netuid: share for s, share in zip(emitting, shares)}


@method("taonet_subnets")
def taonet_subnets(chain: Chain) -> dict:
    """Every subnet in one call: {"head", "block_emission", "subnets": [summary…]}; a summary is
    {netuid, name, symbol, owner_coldkey, owner_hotkey, registered_at, started, first_emission_block,
    tao_in, alpha_in, alpha_out, protocol_alpha, quote_weight, price, ema_price, emission_share,
    tao_emission, alpha_emission, tempo, last_epoch_block, blocks_until_next_epoch, epoch_count, burn,
    registration_allowed, neurons, max_allowed_uids, subnet_volume, lock_paid, registrations,
    pending: {server, validator, root, owner}}."""
    with snapshot(chain) as view:
        head = view.head
        rows = [eco.subnet(view, n) for n in eco.netuids(view)]
        shares = _shares(view, rows)
        return {"head": head, "block_emission": em.block_emission(balances.total_issuance(view)),
                "subnets": [subnet_summary(view, s, head, shares) for s in rows]}


def _hyperparameters(view: View, s: eco.Subnet) -> list[dict[str, Any]]:
    values, changed = eco.params(view, s.netuid), eco.last_set(view, s.netuid)
    out = []
    for spec in hp.HYPERPARAMS.values():
        if spec.name == "burn":
            raw = s.burn
        elif spec.name == "subnet_is_active":
            raw = bool(s.first_emission_block)
        else:
            raw = values.get(spec.name, spec.default)
        shown = raw / 2**64 if spec.type == "float" else raw
        out.append({"name": spec.name, "value": shown, "raw": raw, "type": spec.type, "min": spec.min, "max": spec.max,
                    "owner_settable": spec.owner_settable and bool(spec.call), "settable": bool(spec.call),
                    "last_set": changed.get(spec.name),
                    "storage": spec.storage, "note": spec.note})
    return out


@method("taonet_subnetInfo")
def taonet_subnet_info(chain: Chain, netuid: Any) -> dict:
    """One subnet: the summary of taonet_subnets plus "head" and "hyperparameters": [{name, value,
    raw, type, min, max, owner_settable, settable, last_set (the block its owner last set it, or
    null), storage, note}] (float values shown, U64F64 bits in raw)."""
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        rows = [eco.subnet(view, n) for n in eco.netuids(view)]
        return {**subnet_summary(view, s, view.head, _shares(view, rows)), "head": view.head,
                "hyperparameters": _hyperparameters(view, s)}


@method("taonet_hyperparameters")
def taonet_hyperparameters(chain: Chain, netuid: Any) -> dict:
    """{"netuid", "owner_coldkey", "hyperparameters": [as in taonet_subnetInfo]}."""
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        return {"netuid": s.netuid, "owner_coldkey": s.owner_coldkey, "hyperparameters": _hyperparameters(view, s)}


def _quote_error(exc: DispatchError) -> dict:
    return {"ok": False, "error": exc.name, "message": exc.message}


@method("taonet_stakeQuote")
def taonet_stake_quote(chain: Chain, netuid: Any, side: Any, amount: Any, limit_price: Any = None) -> dict:
    """Simulate staking (side "stake": `amount` rao of TAO) or unstaking ("unstake": `amount` alpha
    rao), optionally with a limit price (u64 price·1e9). Result: {ok, netuid, side, amount,
    started (staking is open), amount_used, received, fee, fee_unit ("tao"|"alpha"), price_before, price_after, price_impact,
    partial, min_stake, fee_rate}; or {ok: false, error, message} when the chain would refuse it."""
    if side not in ("stake", "unstake"):
        raise InvalidParams("side must be 'stake' or 'unstake'")
    amount = _number(amount, "amount", hp.U64_MAX)
    limit = None if limit_price is None else _number(limit_price, "limit_price", hp.U64_MAX)
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        cfg = eco.settings(view)
        try:
            if side == "stake":
                r = staking.simulate_buy(s, amount, cfg["fee_rate"], limit)
            else:
                r = staking.simulate_sell(s, amount, cfg["fee_rate"], limit)[0]
        except DispatchError as exc:
            return _quote_error(exc)
    return {"ok": True, "netuid": s.netuid, "started": bool(s.first_emission_block) or s.netuid == eco.ROOT_NETUID,
            "side": side, "amount": amount, "amount_used": r.amount_in_used,
            "received": r.amount_out, "fee": r.fee, "fee_unit": "tao" if side == "stake" else "alpha",
            "price_before": _ratio(r.price_before), "price_after": _ratio(r.price_after),
            "price_impact": _ratio(r.price_impact), "partial": r.partial, "min_stake": cfg["min_stake"],
            "fee_rate": cfg["fee_rate"]}


@method("taonet_swapQuote")
def taonet_swap_quote(chain: Chain, origin_netuid: Any, destination_netuid: Any, alpha_amount: Any) -> dict:
    """Simulate moving `alpha_amount` alpha rao from one subnet to another (sell, then buy).
    Result: {ok, origin_netuid, destination_netuid, alpha_amount, tao, received, fee_alpha, fee_tao,
    price_ratio_before, price_ratio_after, price_impact}; the ratio is price(origin)/price(destination),
    the unit of the `_limit` calls' limit_price (·1e9)."""
    alpha = _number(alpha_amount, "alpha_amount", hp.U64_MAX)
    with snapshot(chain) as view:
        origin, dest = _subnet(view, origin_netuid), _subnet(view, destination_netuid)
        fee_rate = eco.setting(view, "fee_rate")
        before = origin.price / dest.price if dest.price else Fraction(0)
        if origin.netuid == dest.netuid:
            return {"ok": True, "origin_netuid": origin.netuid, "destination_netuid": dest.netuid, "alpha_amount": alpha,
                    "tao": 0, "received": alpha, "fee_alpha": 0, "fee_tao": 0, "price_ratio_before": 1.0,
                    "price_ratio_after": 1.0, "price_impact": 0.0}
        try:
            sold, bought, after = staking.cross_quote(origin, dest, alpha, fee_rate)
        except DispatchError as exc:
            return _quote_error(exc)
    return {"ok": True, "origin_netuid": origin.netuid, "destination_netuid": dest.netuid, "alpha_amount": alpha,
            "tao": sold[0].amount_out, "received": bought.amount_out, "fee_alpha": sold[0].fee, "fee_tao": bought.fee,
            "price_ratio_before": _ratio(before), "price_ratio_after": _ratio(after),
            "price_impact": _ratio((after - before) / before) if before else 0.0}


def _stakes(view: View, coldkey: str) -> list[dict[str, Any]]:
    out = []
    prices: dict[int, Fraction] = {}
    for key, shares in view.prefix("stake", coldkey + ":"):
        _, hotkey, netuid_text = key.split(":")
        netuid = int(netuid_text)
        alpha_total, share_total = staking.hotkey_pool(view, netuid, hotkey)
        alpha = shares * alpha_total // share_total if share_total else 0
        if netuid not in prices:
            s = eco.subnet(view, netuid)
            prices[netuid] = s.price if s else Fraction(0)
        uid = subnets.uid_of(view, netuid, hotkey)
        out.append({"coldkey": coldkey, "hotkey": hotkey, "netuid": netuid, "uid": uid, "alpha": alpha, "shares": shares,
                    "price": _ratio(prices[netuid]), "tao_value": int(alpha * prices[netuid])})
    return out


@method("taonet_stakeInfo")
def taonet_stake_info(chain: Chain, coldkeys: Any) -> dict:
    """Stake of one coldkey (an address) or several (a list, ≤ 1000) across every hotkey and subnet:
    {"head", "stakes": [{coldkey, hotkey, netuid, uid (null if not registered), alpha, shares, price,
    tao_value}], "totals": {coldkey: tao_value}} (tao_value at the spot price, before fees)."""
    addresses = [coldkeys] if isinstance(coldkeys, str) else coldkeys
    if not isinstance(addresses, list) or len(addresses) > 1000:
        raise InvalidParams("coldkeys must be an address or a list of at most 1000 addresses")
    addresses = [_address(a) for a in addresses]
    with snapshot(chain) as view:
        stakes = [row for a in addresses for row in _stakes(view, a)]
        head = view.head
    totals = {a: 0 for a in addresses}
    for row in stakes:
        totals[row["coldkey"]] += row["tao_value"]
    return {"head": head, "stakes": stakes, "totals": totals}


@method("taonet_neurons")
def taonet_neurons(chain: Chain, netuid: Any) -> dict:
    """Neurons of a subnet in uid order: {"head", "netuid", "neurons": [{uid, hotkey, coldkey,
    registered_at, last_update, emission, axon: {ip, port, ip_type, protocol, block} | null,
    stake (alpha of the hotkey's pool), immune (bool)}]}."""
    with snapshot(chain) as view:
        s = _subnet(view, netuid)
        immunity = eco.param(view, s.netuid, "immunity_period")
        head = view.head
        pools = {k.split(":", 1)[1]: a for k, a, _ in view.prefix("hotkey_alpha", f"{s.netuid}:")}
        neurons = []
        for key, hotkey, coldkey, reg_at, last_update, emission, ip, port, ip_type, protocol, axon_block in \
                view.prefix("neurons", f"{s.netuid}:"):
            neurons.append({"uid": int(key.split(":")[1]), "hotkey": hotkey, "coldkey": coldkey, "registered_at": reg_at,
                            "last_update": last_update, "emission": emission,
                            "axon": {"ip": ip, "port": port, "ip_type": ip_type, "protocol": protocol, "block": axon_block}
                            if axon_block else None,
                            "stake": pools.get(hotkey, 0), "immune": head - reg_at < immunity})
    return {"head": head, "netuid": s.netuid, "neurons": neurons}


def _lock(view: View) -> dict[str, Any]:
    head = view.head
    cfg = eco.settings(view)
    return {"lock_cost": subnets.lock_cost(view, head + 1), "min_lock_cost": cfg["network_min_lock_cost"],
            "last_lock": view.get_value("network_last_lock", 0), "last_lock_block": view.get_value("network_last_lock_block", 0),
            "reduction_interval": cfg["network_lock_reduction_interval"], "rate_limit": cfg["network_rate_limit"],
            "subnet_limit": cfg["subnet_limit"], "subnets": len(eco.netuids(view)) - 1}


@method("taonet_lockCost")
def taonet_lock_cost(chain: Chain) -> dict:
    """The TAO locked by a subnet created in the next block: {head, lock_cost, min_lock_cost,
    last_lock, last_lock_block, reduction_interval, rate_limit, subnet_limit, subnets}."""
    with snapshot(chain) as view:
        return {"head": view.head, **_lock(view)}


@method("taonet_burnCost")
def taonet_burn_cost(chain: Chain, netuid: Any = None) -> dict:
    """Neuron registration burn of one subnet or all (one call): {head, lock_cost, "subnets":
    [{netuid, burn, next_block_burn (after one more decay), min_burn, max_burn, registration_allowed,
    neurons, max_allowed_uids}]}. A registration in the next block pays next_block_burn."""
    from consensus import registration as reg

    with snapshot(chain) as view:
        chosen = [_netuid(netuid)] if netuid is not None else [n for n in eco.netuids(view) if n]
        rows = []
        for n in chosen:
            s = _subnet(view, n)
            p = eco.params(view, n)
            rows.append({"netuid": n, "burn": s.burn,
                         "next_block_burn": reg.decay_burn(s.burn, p["burn_half_life"], p["min_burn"], p["max_burn"]),
                         "min_burn": p["min_burn"], "max_burn": p["max_burn"],
                         "registration_allowed": bool(p["registration_allowed"]) and n != 0, "neurons": s.neurons,
                         "max_allowed_uids": p["max_allowed_uids"]})
        return {"head": view.head, "lock_cost": _lock(view)["lock_cost"], "subnets": rows}


@method("taonet_pendingEmission")
def taonet_pending_emission(chain: Chain, netuid: Any = None) -> dict:
    """Emission accumulated until each subnet's epoch: {head, "subnets": [{netuid, server,
    validator, root, owner, total, last_epoch_block, blocks_until_next_epoch, epoch_count}]}."""
    with snapshot(chain) as view:
        head = view.head
        chosen = [_netuid(netuid)] if netuid is not None else [n for n in eco.netuids(view) if n]
        rows = []
        for n in chosen:
            s = _subnet(view, n)
            tempo = eco.param(view, n, "tempo")
            rows.append({"netuid": n, "server": s.pending_server, "validator": s.pending_validator, "root": s.pending_root,
                         "owner": s.pending_owner, "total": s.pending_total, "last_epoch_block": s.last_epoch_block,
                         "blocks_until_next_epoch": em.blocks_until_next_epoch(head, tempo, s.last_epoch_block),
                         "epoch_count": s.epoch_count})
        return {"head": head, "subnets": rows}


@method("taonet_hotkeyOwner")
def taonet_hotkey_owner(chain: Chain, hotkey: Any) -> dict:
    """{hotkey, coldkey (null if never registered), since, netuids: [where it has a uid]}."""
    hk = _address(hotkey)
    with snapshot(chain) as view:
        row = view.get("hotkey_owner", hk)
        netuids = [n for n in eco.netuids(view) if subnets.uid_of(view, n, hk) is not None]
    return {"hotkey": hk, "coldkey": row[0] if row else None, "since": row[1] if row else None, "netuids": netuids}


@method("taonet_economics")
def taonet_economics(chain: Chain) -> dict:
    """Chain-wide settings and the issuance identity: {head, settings: {…}, total_issuance,
    free_total, pools_total, block_emission, limit_price_scale}; total_issuance = free_total + pools_total."""
    with snapshot(chain) as view:
        conn = view.conn
        issuance = balances.total_issuance(view)
        return {"head": view.head, "settings": eco.settings(view), "total_issuance": issuance,
                "free_total": conn.execute("SELECT COALESCE(SUM(free), 0) FROM accounts").fetchone()[0],
                "pools_total": conn.execute("SELECT COALESCE(SUM(tao_in), 0) FROM subnets").fetchone()[0],
                "block_emission": em.block_emission(issuance), "limit_price_scale": PRICE_LIMIT_SCALE}


# modules that build on this one's helpers register here, after they are defined, so that any of
# these modules may be imported first without a circular-import failure
from node import rpc_delegation  # noqa: E402,F401  (taonet_delegateTake, taonet_rootClaims)
from node import rpc_metagraph  # noqa: E402,F401  (taonet_metagraph, taonet_weightCommits)
from node import rpc_nominators  # noqa: E402,F401  (taonet_nominators)
