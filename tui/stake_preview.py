"""The Stake view's preview and submit, with `btcli stake`'s maths: client.staking quotes, limit
prices and calls (no Textual; these run in workers), and the destination check of a move or a
transfer (a pure function, run on the UI thread as the form changes).

Actions, named as `btcli stake` names them: "add", "remove", "swap" (another subnet, same hotkey),
"move" (another hotkey of the same coldkey, `subtensor.move_stake`) and "transfer" (another
coldkey, same hotkey, `subtensor.transfer_stake`); the last two may change subnet too.
"""

from __future__ import annotations

from typing import Any

from client import staking

RAO = 10**9
MOVES = ("swap", "move", "transfer")


def resolve_destination(action: str, text: str, wallet: dict[str, Any] | None,
                        wallets: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """(address, None) or (None, a sentence saying what is wrong) for the destination of a move (a
    hotkey: one of the wallet's hotkey names or an ss58 address) or a transfer (a coldkey: a wallet
    name or an ss58 address); (None, None) for actions without one."""
    from wallet.ss58 import decode

    if action not in ("move", "transfer"):
        return None, None
    what = "hotkey" if action == "move" else "coldkey"
    text = text.strip()
    if not text:
        return None, f"enter the destination {what} ({'a hotkey name' if action == 'move' else 'a wallet name'} or an ss58 address)"
    named = dict((wallet or {}).get("hotkeys", [])) if action == "move" else {w["name"]: w["coldkey"] for w in wallets}
    if text in named:
        return named[text], None
    try:
        decode(text)
    except ValueError as exc:
        where = f"of wallet {wallet['name']}" if action == "move" and wallet else "here"
        return None, f"destination {what}: {text!r} is not a {what} name {where}, and {exc}"
    return text, None


def preview(rpc: Any, f: dict[str, Any], coldkey: str | None = None) -> dict[str, Any]:
    """{ok, status, price, received, fee, impact, limit} for the form `f` (action, netuid, dest,
    amount, hotkey, to, to_error, safe, tolerance, partial), as `btcli stake add|remove|swap|move|
    transfer` previews it; `coldkey` lets a move check the stake it would take from."""
    if f.get("amount_error"):
        return {"ok": False, "status": "the amount is not a number: type it in TAO (or α), e.g. 1.5"}
    if f["amount"] <= 0:
        return {"ok": False, "status": "enter an amount"}
    if f["action"] in MOVES:
        return _preview_move(rpc, f, coldkey)
    netuid, amount, tol, partial = f["netuid"], f["amount"], f["tolerance"], f["partial"]
    side = "stake" if f["action"] == "add" else "unstake"
    q = staking.stake_quote(rpc, netuid, side, amount)
    if not q["ok"]:
        return {"ok": False, "status": f"{q['error']}: {q['message']}"}
    if not q["started"]:
        return {"ok": False, "status": f"subnet {netuid} has not started"}
    if side == "stake" and amount < q["min_stake"]:
        return {"ok": False, "status": f"below the minimum stake of τ{q['min_stake'] / RAO}"}
    limit = staking.limit_price(q["price_before"], tol, side) if f["safe"] else None
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


def destination_netuid(f: dict[str, Any]) -> int | None:
    """A swap needs a destination subnet; a move or a transfer stays on the subnet when none is given."""
    return f["dest"] if f["dest"] is not None or f["action"] == "swap" else f["netuid"]


def _preview_move(rpc: Any, f: dict[str, Any], coldkey: str | None) -> dict[str, Any]:
    from client.subnets import hotkey_owner

    netuid, dest, alpha = f["netuid"], destination_netuid(f), f["amount"]
    if dest is None:
        return {"ok": False, "status": "enter a destination subnet"}
    if f.get("to_error"):
        return {"ok": False, "status": f["to_error"]}
    if f["action"] == "move" and hotkey_owner(rpc, f["to"])["coldkey"] is None:
        return {"ok": False, "status": f"hotkey {f['to']} is not registered anywhere: it cannot take stake"}
    if netuid == dest and (f["action"] == "swap" or (f["action"] == "move" and f["to"] == f["hotkey"])
                           or (f["action"] == "transfer" and f["to"] == coldkey)):
        return {"ok": False, "status": "that is where the stake already is"}
    if coldkey and f["hotkey"]:
        held = sum(s["alpha"] for s in staking.stake_info(rpc, coldkey)["stakes"]
                   if s["hotkey"] == f["hotkey"] and s["netuid"] == netuid)
        if alpha > held:
            return {"ok": False, "status": f"staked α{held / RAO:,.9f} on this hotkey on subnet {netuid}; "
                                           f"α{alpha / RAO:,.9f} asked"}
    q = staking.swap_quote(rpc, netuid, dest, alpha)
    if not q["ok"]:
        return {"ok": False, "status": f"{q['error']}: {q['message']}"}
    limit = staking.limit_price(q["price_ratio_before"], f["tolerance"], "swap") if f["safe"] and netuid != dest else None
    out = {"ok": True, "status": "ok", "price": q["price_ratio_before"], "received": q["received"],
           "fee": f"α{q['fee_alpha'] / RAO:.6f} + τ{q['fee_tao'] / RAO:.6f}", "impact": q["price_impact"],
           "limit": limit, "unit_in": "α", "unit_out": "α"}
    if limit is not None and q["price_ratio_after"] < limit / RAO:
        out.update(status="partial fill" if f["partial"] else "refused: slippage beyond the tolerance", ok=f["partial"])
    return out


def _beyond(side: str, price_after: float, limit: int) -> bool:
    return price_after > limit / RAO if side == "stake" else price_after < limit / RAO


def _limit(limit: int | None) -> str:
    return "-" if limit is None else f"{limit / RAO:.9f}"


def preview_text(p: dict[str, Any]) -> str:
    from rich.markup import escape

    status = escape(p["status"])  # it may quote what was typed, or the chain's message
    if "price" not in p:
        return f"[yellow]{status}[/]"
    lines = [f"price        {p['price']:.9f}", f"you receive  {p['unit_out']}{p['received'] / RAO:,.6f}",
             f"fee          {p['fee']}", f"price impact {p['impact'] * 100:+.4f}%",
             f"limit        {_limit(p['limit'])}",
             f"status       {'[green]' if p['ok'] else '[red]'}{status}[/]"]
    return "\n".join(lines)


def call_for(f: dict[str, Any], limit: int | None) -> tuple[str, dict[str, Any]]:
    """The chain call (and its `_limit` variant when `limit`) for the form, as `btcli stake` builds it."""
    hotkey, netuid, amount, partial = f["hotkey"], f["netuid"], f["amount"], f["partial"]
    if f["action"] == "add":
        return staking.stake_call(hotkey, netuid, amount, limit, partial)
    if f["action"] == "remove":
        return staking.unstake_call(hotkey, netuid, amount, limit, partial)
    where = {"origin_netuid": netuid, "destination_netuid": destination_netuid(f), "alpha_amount": amount}
    if f["action"] == "swap":
        return staking.move_call("swap_stake", {"hotkey": hotkey, **where}, limit, partial)
    if f["action"] == "move":
        return staking.move_call("move_stake", {"origin_hotkey": hotkey, "destination_hotkey": f["to"], **where},
                                 limit, partial)
    return staking.move_call("transfer_stake", {"destination_coldkey": f["to"], "hotkey": hotkey, **where}, limit, partial)


def submit(rpc: Any, pair: Any, f: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """Sign and submit the form's call, wait for its block; {success, block_number, message, events}."""
    from client.extrinsics import Chain
    from client.subnets import extrinsic_events

    call, args = call_for(f, limit)
    chain = Chain(rpc)
    outcome = chain.submit_and_wait(chain.sign(pair, call, args), raise_on_failure=False)
    if outcome.get("status") != "included":
        return {"success": False, "message": outcome.get("reason", "not included"), "events": []}
    events = extrinsic_events(rpc, outcome)
    return {"success": bool(outcome.get("success")), "block_number": outcome["block_number"],
            "message": outcome.get("message") or outcome.get("error"), "events": events}
