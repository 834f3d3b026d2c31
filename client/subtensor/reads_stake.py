"""taonet_stakeInfo, taonet_stakeQuote and taonet_swapQuote on a subtensor endpoint.

Stakes come from `StakeInfoRuntimeApi.get_stake_info_for_coldkeys` (or `_for_coldkey` per coldkey on
runtimes without it); quotes from `SwapRuntimeApi.sim_swap_tao_for_alpha` / `sim_swap_alpha_for_tao`,
the runtime's own simulation of the swap it would make. The simulation gives what is paid, received
and the fee, not the price after the swap: price_after is None there. A simulation the runtime
cannot make (it answers zeros) is a refused quote {ok: false, error, message}.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from client.errors import ClientError
from client.subtensor.reads import address, at_head, storage
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


def stake_quote(conn: Any, netuid: Any, side: Any, amount: Any, limit_price: Any = None) -> dict[str, Any]:
    """As taonet_stakeQuote. A limit price is not simulated on subtensor (the chain's
    add_stake_limit / remove_stake_limit apply it when the extrinsic runs): `partial` is False."""
    if side not in ("stake", "unstake"):
        raise ClientError("side must be 'stake' or 'unstake'")
    n, amount = _netuid(netuid), _amount(amount, "amount")
    if limit_price is not None:
        _amount(limit_price, "limit_price")
    _, at = at_head(conn)
    price = prices(conn, [n], at, {})[n]
    method = "sim_swap_tao_for_alpha" if side == "stake" else "sim_swap_alpha_for_tao"
    sim = conn.runtime_call(SWAP, method, [n, amount], at)
    used, got, fee = ((sim["tao_amount"], sim["alpha_amount"], sim["tao_fee"]) if side == "stake"
                      else (sim["alpha_amount"], sim["tao_amount"], sim["alpha_fee"]))
    if amount and not got:
        return _refused(f"{'staking' if side == 'stake' else 'unstaking'} {amount} rao on subnet {n}")
    ideal = None
    if price:
        net_in = int(used) - int(fee)
        ideal = net_in / price if side == "stake" else net_in * price
    subtoken = storage(conn, MODULE, "SubtokenEnabled", [n], at)
    return {"ok": True, "netuid": n, "started": True if n == 0 else (None if subtoken is None else bool(subtoken)),
            "side": side, "amount": amount, "amount_used": int(used), "received": int(got), "fee": int(fee),
            "fee_unit": "tao" if side == "stake" else "alpha", "price_before": price, "price_after": None,
            "price_impact": (ideal - int(got)) / ideal if ideal else None, "partial": False,
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
    return {"ok": True, "origin_netuid": origin, "destination_netuid": dest, "alpha_amount": alpha, "tao": tao,
            "received": received, "fee_alpha": int(sold["alpha_fee"]), "fee_tao": int(bought["tao_fee"]),
            "price_ratio_before": before, "price_ratio_after": None,
            "price_impact": (ideal - received) / ideal if ideal else None}


METHODS: dict[str, Callable[..., Any]] = {"taonet_stakeInfo": stake_info, "taonet_stakeQuote": stake_quote, "taonet_swapQuote": swap_quote}
