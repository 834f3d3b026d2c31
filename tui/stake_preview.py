"""The Stake view's preview and submit, with `btcli stake`'s maths: client.staking quotes, limit
prices and calls (no Textual; these run in workers)."""

from __future__ import annotations

from typing import Any

from client import staking

RAO = 10**9


def preview(rpc: Any, action: str, netuid: int, dest: int | None, amount: int, safe: bool, tol: float,
            partial: bool) -> dict[str, Any]:
    """{ok, status, price, received, fee, impact, limit} for add ("stake" TAO in), remove ("unstake"
    alpha in) or move (swap alpha to subnet `dest`), as `btcli stake add|remove|swap` previews them."""
    if amount <= 0:
        return {"ok": False, "status": "enter an amount"}
    if action == "move":
        if dest is None:
            return {"ok": False, "status": "enter a destination subnet"}
        q = staking.swap_quote(rpc, netuid, dest, amount)
        if not q["ok"]:
            return {"ok": False, "status": f"{q['error']}: {q['message']}"}
        limit = staking.limit_price(q["price_ratio_before"], tol, "swap") if safe and netuid != dest else None
        out = {"ok": True, "status": "ok", "price": q["price_ratio_before"], "received": q["received"],
               "fee": f"α{q['fee_alpha'] / RAO:.6f} + τ{q['fee_tao'] / RAO:.6f}", "impact": q["price_impact"],
               "limit": limit, "unit_in": "α", "unit_out": "α"}
        if limit is not None and q["price_ratio_after"] < limit / RAO:
            out.update(status="partial fill" if partial else "refused: slippage beyond the tolerance", ok=partial)
        return out
    side = "stake" if action == "add" else "unstake"
    q = staking.stake_quote(rpc, netuid, side, amount)
    if not q["ok"]:
        return {"ok": False, "status": f"{q['error']}: {q['message']}"}
    if not q["started"]:
        return {"ok": False, "status": f"subnet {netuid} has not started"}
    if side == "stake" and amount < q["min_stake"]:
        return {"ok": False, "status": f"below the minimum stake of τ{q['min_stake'] / RAO}"}
    limit = staking.limit_price(q["price_before"], tol, side) if safe else None
    if limit is not None and partial and _beyond(side, q["price_after"], limit):
        q = {**q, **staking.stake_quote(rpc, netuid, side, amount, limit)}
    unit_fee = "τ" if q["fee_unit"] == "tao" else "α"
    out = {"ok": True, "status": "ok", "price": q["price_before"], "received": q["received"],
           "fee": f"{unit_fee}{q['fee'] / RAO:.6f}", "impact": q["price_impact"], "limit": limit,
           "unit_in": "τ" if side == "stake" else "α", "unit_out": "α" if side == "stake" else "τ"}
    if limit is not None and (q.get("partial") or _beyond(side, q["price_after"], limit)):
        out.update(status=f"partial fill: {q['amount_used'] / RAO:.6f}" if partial else
                   "refused: slippage beyond the tolerance (allow partial or raise the tolerance)", ok=partial)
    return out


def _beyond(side: str, price_after: float, limit: int) -> bool:
    return price_after > limit / RAO if side == "stake" else price_after < limit / RAO


def _limit(limit: int | None) -> str:
    return "-" if limit is None else f"{limit / RAO:.9f}"


def preview_text(p: dict[str, Any]) -> str:
    if "price" not in p:
        return f"[yellow]{p['status']}[/]"
    lines = [f"price        {p['price']:.9f}", f"you receive  {p['unit_out']}{p['received'] / RAO:,.6f}",
             f"fee          {p['fee']}", f"price impact {p['impact'] * 100:+.4f}%",
             f"limit        {_limit(p['limit'])}",
             f"status       {'[green]' if p['ok'] else '[red]'}{p['status']}[/]"]
    return "\n".join(lines)


def submit(rpc: Any, pair: Any, action: str, hotkey: str, netuid: int, dest: int | None, amount: int,
           limit: int | None, partial: bool) -> dict[str, Any]:
    """Sign and submit the call, wait for its block; {success, block_number, message, events}."""
    from client.extrinsics import Chain
    from client.subnets import extrinsic_events

    if action == "add":
        call, args = staking.stake_call(hotkey, netuid, amount, limit, partial)
    elif action == "remove":
        call, args = staking.unstake_call(hotkey, netuid, amount, limit, partial)
    else:
        call, args = staking.move_call("swap_stake", {"hotkey": hotkey, "origin_netuid": netuid,
                                                      "destination_netuid": dest, "alpha_amount": amount}, limit, partial)
    chain = Chain(rpc)
    outcome = chain.submit_and_wait(chain.sign(pair, call, args), raise_on_failure=False)
    if outcome.get("status") != "included":
        return {"success": False, "message": outcome.get("reason", "not included"), "events": []}
    events = extrinsic_events(rpc, outcome)
    return {"success": bool(outcome.get("success")), "block_number": outcome["block_number"],
            "message": outcome.get("message") or outcome.get("error"), "events": events}
