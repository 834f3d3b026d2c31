"""The Stake view's form in words: what its fields name (a hotkey by name, uid or address; the
destination of a move or a transfer), its preview through client.stake_preview (the one `btcli
stake` uses; these run in workers), and the text shown for a preview, a confirmation and a result.
No Textual here.

Actions, named as `btcli stake` names them: "add", "remove", "swap" (another subnet, same hotkey),
"move" (another hotkey of the same coldkey) and "transfer" (another coldkey, same hotkey); the
last two may change subnet too.
"""

from __future__ import annotations

from typing import Any

from client import stake_preview as sp
from client.stake_preview import StakeItem
from client.balance import RAO_PER_TAO as RAO

MOVES = sp.MOVES
VERBS = {"add": "Staked", "remove": "Unstaked", "move": "Moved", "swap": "Swapped", "transfer": "Transferred"}


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


def destination_netuid(f: dict[str, Any]) -> int | None:
    """A swap needs a destination subnet; a move or a transfer stays on the subnet when none is given."""
    return f["dest"] if f["dest"] is not None or f["action"] == "swap" else f["netuid"]


def preview(rpc: Any, f: dict[str, Any], coldkey: str | None = None) -> StakeItem:
    """The preview of the form `f` (action, netuid, dest, amount, amount_error, hotkey (as typed),
    names (the wallet's hotkeys: name → ss58), to, to_error, safe, tolerance, partial) for `coldkey`."""
    from client.staking import resolve_hotkey

    item = StakeItem(f["action"], coldkey or "", "", f.get("netuid") or 0, f["amount"])
    if f.get("amount_error"):
        return item.refuse("the amount is not a number: type it in TAO (or α), e.g. 1.5")
    if f["amount"] <= 0:
        return item.refuse("enter an amount")
    if not coldkey:
        return item.refuse("choose a wallet")
    hotkey, error = resolve_hotkey(rpc, f["netuid"], f.get("hotkey") or "", f.get("names") or {})
    if error:
        return item.refuse(error)
    safety = sp.Safety(f["safe"], f["tolerance"], f["partial"])
    if f["action"] == "add":
        item = sp.preview_add(rpc, coldkey, hotkey, f["netuid"], f["amount"], safety)
    elif f["action"] == "remove":
        item = sp.preview_remove(rpc, coldkey, hotkey, f["netuid"], f["amount"], safety)
    else:
        dest = destination_netuid(f)
        if dest is None:
            return item.refuse("enter a destination subnet")
        if f.get("to_error"):
            return item.refuse(f["to_error"])
        item = sp.preview_move(rpc, f["action"], coldkey, hotkey, f["netuid"], dest, f["amount"], safety, dest=f["to"])
    return sp.check_funds(rpc, [item])[0]


def plain(text: str) -> str:
    """`text` shown as it is inside Textual markup (every "[" escaped: a "[0, 1)" in a message
    would otherwise swallow the closing tag and show a raw "[/]")."""
    return text.replace("[", "\\[")


def _amount(unit: str, rao: int | None) -> str:
    return "-" if rao is None else f"{unit}{rao / RAO:,.9f}"


def preview_text(item: StakeItem) -> str:
    """Rich markup for a preview; every text that may quote what was typed or the chain is escaped."""
    status = plain(item.message or item.status)
    if item.price is None:
        return f"[yellow]{status}[/]"
    colour = {"ok": "green", "partial": "yellow"}.get(item.status, "red")
    fee = _amount(item.unit_in, item.pool_fee) + (f" + {_amount('τ', item.pool_fee_tao)}" if item.pool_fee_tao else "")
    lines = [f"hotkey       {item.hotkey[:8]}…{item.hotkey[-4:]}", f"price        {item.price:.9f}",
             f"you receive  {_amount(item.unit_out, item.received)}", f"pool fee     {fee}",
             f"fee          {_amount('τ', item.tx_fee)}", f"price impact {(item.price_impact or 0) * 100:+.4f}%",
             f"limit        {'-' if item.limit is None else f'{item.limit / RAO:.9f}'}",
             f"status       [{colour}]{status}[/]"]
    return "\n".join(lines)


def confirm_text(item: StakeItem, title: str, real_chain: str | None = None) -> str:
    """The confirmation; `real_chain` ("finney (genesis 0x2f05…)") names a subtensor network first."""
    where = f"subnet {item.netuid}" + (f" → {item.dest_netuid}" if item.action in MOVES else "")
    to = {"move": f"\nto hotkey {item.dest}", "transfer": f"\nto coldkey {item.dest}"}.get(item.action, "")
    chain = f"[b]on the real chain: {plain(real_chain)}[/]\n" if real_chain else ""
    return (f"{chain}{plain(title)} {_amount(item.unit_in, item.amount)} on {where}\nhotkey {item.hotkey}{to}\n"
            + preview_text(item))


def submit(rpc: Any, pair: Any, item: StakeItem) -> dict[str, Any]:
    """Sign and submit the item's call at once, wait for its block; {success, block_number, message, events}."""

    outcome = rpc.submit_and_wait(rpc.sign(pair, *item.call()), raise_on_failure=False)
    if outcome.get("status") != "included":
        return {"success": False, "message": outcome.get("reason", "not included"), "events": []}
    return {"success": bool(outcome.get("success")), "block_number": outcome["block_number"],
            "message": outcome.get("message") or outcome.get("error"), "events": rpc.extrinsic_events(outcome)}


def result_text(item: StakeItem, res: dict[str, Any]) -> str:
    """What happened, in amounts: sent, received, fee, block (never event names)."""
    if not res["success"]:
        return f"Stake {item.action} failed: {res.get('message')}"
    got = sp.outcome(res["events"], item.action)
    partial = " (a partial fill)" if got["partial"] else ""
    return (f"{VERBS[item.action]} {_amount(item.unit_in, got['sent'])}{partial}; you received "
            f"{_amount(item.unit_out, got['received'])}; fee {_amount('τ', got['tx_fee'])}; "
            f"included in block #{res['block_number']}")
