"""taonet_stakeInfo, taonet_stakeQuote and taonet_swapQuote on a subtensor endpoint.

Stakes come from `StakeInfoRuntimeApi.get_stake_info_for_coldkeys` (or `_for_coldkey` per coldkey on
runtimes without it); quotes from `SwapRuntimeApi.sim_swap_tao_for_alpha` / `sim_swap_alpha_for_tao`,
the runtime's own simulation of the swap it would make. The simulation gives what is paid, received
and the fee, not the price after the swap. The pool's protocol liquidity spans the whole price range,
so it trades as x·y=k, where the price after a swap is e²/p (e the swap's own price, without its fee;
p the spot price): that is the quote's price_after, and from the same two prices the reserves, and
so the most a limit price admits (a partial quote). A simulation the runtime cannot make (it
answers zeros) is a refused quote {ok: false, error, message}.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.errors import ClientError
from client.subtensor.reads import address, at_head, storage, storage_map
from client.subtensor.reads import netuid as _netuid
from client.subtensor.reads_subnets import prices

U64_MAX = 2**64 - 1
STAKE, SWAP, MODULE = "StakeInfoRuntimeApi", "SwapRuntimeApi", "SubtensorModule"


def _stake_rows(conn: Any, coldkeys: list[str], at: str) -> list[dict[str, Any]]:
    if conn.has_runtime_call(STAKE, "get_stake_info_for_coldkeys", at):
        pairs = conn.runtime_call(STAKE, "get_stake_info_for_coldkeys", [coldkeys], at) or []
        by_key = {ck: rows for ck, rows in pairs}
    else:
        by_key = {ck: conn.runtime_call(STAKE, "get_stake_info_for_coldkey", [ck], at) or [] for ck in coldkeys}
    return [dict(row, coldkey=ck) for ck in coldkeys for row in by_key.get(ck, [])]


def stake_info(conn: Any, coldkeys: Any) -> dict[str, Any]:
    addresses = [coldkeys] if isinstance(coldkeys, str) else coldkeys
    if not isinstance(addresses, list) or len(addresses) > 1000:
        raise ClientError("coldkeys must be an address or a list of at most 1000 addresses")
    addresses = [address(a, "coldkey") for a in addresses]
    head, at = at_head(conn)
    raw = [r for r in _stake_rows(conn, addresses, at) if int(r.get("stake") or 0)]
    netuids = sorted({int(r["netuid"]) for r in raw})
    price = prices(conn, netuids, at, {}) if netuids else {}
    stakes = []
    for r in raw:
        n, alpha = int(r["netuid"]), int(r["stake"])
        uid = conn.query(MODULE, "Uids", [n, r["hotkey"]], at) if r.get("is_registered") else None
        p = price.get(n)
        stakes.append({"coldkey": r["coldkey"], "hotkey": r["hotkey"], "netuid": n, "uid": uid, "alpha": alpha,
                       "shares": None, "price": p, "tao_value": None if p is None else int(alpha * p)})
    totals = {a: 0 for a in addresses}
    for row in stakes:
        totals[row["coldkey"]] += row["tao_value"] or 0
    return {"head": head, "stakes": stakes, "totals": totals}


def _amount(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= U64_MAX:
        raise ClientError(f"{what} must be a whole number of rao (0 to 2^64-1)")
    return value


def _refused(what: str) -> dict[str, Any]:
    return {"ok": False, "error": "SimulationRefused",
            "message": f"the chain's swap simulation refused {what} (the subnet's pool cannot take it)"}


def _simulate(conn: Any, n: int, side: str, amount: int, at: str) -> tuple[int, int, int]:
    """(amount used, received, pool fee) of the runtime's own simulation of the swap."""
    if side == "stake":
        sim = conn.runtime_call(SWAP, "sim_swap_tao_for_alpha", [n, amount], at)
        return int(sim["tao_amount"]), int(sim["alpha_amount"]), int(sim["tao_fee"])
    sim = conn.runtime_call(SWAP, "sim_swap_alpha_for_tao", [n, amount], at)
    return int(sim["alpha_amount"]), int(sim["tao_amount"]), int(sim["alpha_fee"])


def price_after(price: float | None, side: str, net_in: int, got: int) -> float | None:
    """The x·y=k pool's price (TAO per α) after a swap of `net_in` (fee taken off) that gave `got`:
    e²/p, e the swap's own price; None where the swap or the price says nothing."""
    if not price or not net_in or not got:
        return price if not net_in else None
    e = net_in / got if side == "stake" else got / net_in
    return e * e / price


def _within(price: float, side: str, net_in: int, got: int, limit: float) -> int | None:
    """The most (fee taken off) a swap can put in and keep the price within `limit` (TAO per α), from
    the reserves the simulated swap implies (x·y=k); None when they cannot be told."""
    import math

    e = net_in / got if side == "stake" else got / net_in
    if side == "stake":   # e = (T+t)/A, p = T/A: A = t/(e-p); the price after is (T+t')²/(TA) <= limit
        if e <= price:
            return None
        reserve = net_in / (e - price)
        return max(0, int(reserve * (math.sqrt(limit * price) - price)))
    if e >= price:        # e = T/(A+a), p = T/A: A = a·e/(p-e); the price after TA/(A+a')² >= limit
        return None
    reserve = net_in * e / (price - e)
    return max(0, int(reserve * (math.sqrt(price / limit) - 1))) if limit > 0 else None


def stake_quote(conn: Any, netuid: Any, side: Any, amount: Any, limit_price: Any = None) -> dict[str, Any]:
    """As taonet_stakeQuote. With `limit_price` (rao per α, as the extrinsic carries it) and a
    price after past it, the quote is of the most the limit admits (`partial`), as the chain's
    add_stake_limit / remove_stake_limit with allow_partial would fill it."""
    if side not in ("stake", "unstake"):
        raise ClientError("side must be 'stake' or 'unstake'")
    n, amount = _netuid(netuid), _amount(amount, "amount")
    if limit_price is not None:
        _amount(limit_price, "limit_price")
    _, at = at_head(conn)
    price = prices(conn, [n], at, {})[n]
    used, got, fee = _simulate(conn, n, side, amount, at)
    if amount and not got:
        return _refused(f"{'staking' if side == 'stake' else 'unstaking'} {amount} rao on subnet {n}")
    after, partial = price_after(price, side, used - fee, got), False
    if limit_price is not None and price and after is not None and n != 0:
        limit = int(limit_price) / 1e9
        if (after > limit) if side == "stake" else (after < limit):
            fits = _within(price, side, used - fee, got, limit)
            if fits is not None:
                smaller = min(amount, fits * used // max(used - fee, 1))
                used, got, fee = _simulate(conn, n, side, smaller, at) if smaller else (0, 0, 0)
                after, partial = price_after(price, side, used - fee, got), True
    ideal = None
    if price:
        net_in = int(used) - int(fee)
        ideal = net_in / price if side == "stake" else net_in * price
    subtoken = storage(conn, MODULE, "SubtokenEnabled", [n], at)
    return {"ok": True, "netuid": n, "started": True if n == 0 else (None if subtoken is None else bool(subtoken)),
            "side": side, "amount": amount, "amount_used": int(used), "received": int(got), "fee": int(fee),
            "fee_unit": "tao" if side == "stake" else "alpha", "price_before": price, "price_after": after,
            "price_impact": (ideal - int(got)) / ideal if ideal else None, "partial": partial,
            "min_stake": storage(conn, MODULE, "NominatorMinRequiredStake", (), at),
            "fee_rate": storage(conn, "Swap", "FeeRate", [n], at)}


def swap_quote(conn: Any, origin_netuid: Any, destination_netuid: Any, alpha_amount: Any) -> dict[str, Any]:
    origin, dest = _netuid(origin_netuid), _netuid(destination_netuid)
    alpha = _amount(alpha_amount, "alpha_amount")
    _, at = at_head(conn)
    price = prices(conn, [origin, dest], at, {})
    po, pd = price[origin], price[dest]
    before = po / pd if po is not None and pd else None
    if origin == dest:
        return {"ok": True, "origin_netuid": origin, "destination_netuid": dest, "alpha_amount": alpha, "tao": 0,
                "received": alpha, "fee_alpha": 0, "fee_tao": 0, "price_ratio_before": 1.0,
                "price_ratio_after": 1.0, "price_impact": 0.0}
    sold = conn.runtime_call(SWAP, "sim_swap_alpha_for_tao", [origin, alpha], at)
    tao = int(sold["tao_amount"])
    if alpha and not tao:
        return _refused(f"selling {alpha} α rao on subnet {origin}")
    bought = conn.runtime_call(SWAP, "sim_swap_tao_for_alpha", [dest, tao], at)
    received = int(bought["alpha_amount"])
    if not received:
        return _refused(f"buying with {tao} rao on subnet {dest}")
    ideal = alpha * before if before else None
    po_after = price_after(po, "unstake", alpha - int(sold["alpha_fee"]), tao)
    pd_after = price_after(pd, "stake", tao - int(bought["tao_fee"]), received)
    return {"ok": True, "origin_netuid": origin, "destination_netuid": dest, "alpha_amount": alpha, "tao": tao,
            "received": received, "fee_alpha": int(sold["alpha_fee"]), "fee_tao": int(bought["tao_fee"]),
            "price_ratio_before": before,
            "price_ratio_after": po_after / pd_after if po_after is not None and pd_after else None,
            "price_impact": (ideal - received) / ideal if ideal else None}


def auto_stake(conn: Any, coldkey: Any) -> dict[str, Any]:
    """taonet_autoStake: the coldkey's AutoStakeDestination entries (keys (coldkey, netuid))."""
    ck = address(coldkey, "coldkey")
    head, at = at_head(conn)
    found = {int(n): h for n, h in storage_map(conn, MODULE, "AutoStakeDestination", [ck], at).items() if h}
    return {"head": head, "coldkey": ck, "destinations": {str(n): found[n] for n in sorted(found)}}


METHODS: dict[str, Callable[..., Any]] = {"taonet_stakeInfo": stake_info, "taonet_stakeQuote": stake_quote, "taonet_swapQuote": swap_quote,
                                          "taonet_autoStake": auto_stake}
