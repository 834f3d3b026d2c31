"""`btcli stake add | remove | list | move | transfer | swap`: stake through the subnet pools
(root dividend claims: `btcli.commands.stake_claim`).

Every command previews what the pool would do (price, amount received, fee, price impact, and
the safe-staking limit) before asking to confirm, then reports what was actually received from
the chain's events. Bulk operations (several hotkeys or netuids) skip and report items that
cannot go through (below the minimum stake, refused by the pool) and carry on with the others.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import connect, submit, tao, unlock
from btcli.options import (
    AllowPartial, HotkeyOrSs58, IncludeHotkeys, JsonOutput, Netuids, Network, NoPrompt, Quiet, SafeStaking,
    Tolerance, UseKeyring, WalletName, WalletPath, parse_netuids, resolve_wallet, safe_settings, split_list,
)

app = typer.Typer(no_args_is_help=True, help="Stake TAO to hotkeys on subnets, unstake, move, transfer and swap stake.")

Amount = Annotated[Optional[str], typer.Option("--amount", "-a", help="Amount: TAO to stake, or alpha to unstake/move (9 decimals).")]
def hotkey_targets(w: Any, hotkey: str | None, include: list[str] | None) -> list[tuple[str, str]]:
    """[(label, ss58)] from --hotkey / --include-hotkeys (names of the wallet's hotkeys or addresses)."""
    from wallet.ss58 import decode

    names = split_list(include) or [hotkey or w.hotkey_name]
    out = []
    for name in names:
        try:
            decode(name)
            out.append((name[:8] + "…", name))
        except ValueError:
            out.append((name, w.hotkeypub(name).ss58_address))
    return out


def amount_rao(amount: str | None, what: str = "--amount") -> int:
    from client.balance import Balance

    if amount is None:
        raise typer.BadParameter(f"pass {what} or --all")
    value = Balance.from_tao(amount).rao
    if value == 0:
        raise typer.BadParameter(f"{what} must be more than 0")
    return value


def event_data(events: list[dict], name: str) -> dict:
    return next((e["data"] for e in events if e["name"] == name), {})


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.4f}%"


def _render(console: Any, d: dict) -> None:
    title = d["action"]
    if d.get("preview") and not d.get("results"):
        rows = [[p["netuid"], p["hotkey_label"], p.get("amount"), p.get("price"), p.get("received"), p.get("fee"),
                 _pct(p.get("price_impact")), p.get("limit_price"), p["status"]] for p in d["preview"]]
        output.table(console, f"{title}: preview", ["netuid", "hotkey", "amount", "price", "received", "fee", "impact",
                                                    "limit", "status"], rows)
        return
    rows = [[r["netuid"], r["hotkey_label"], r["status"], r.get("sent"), r.get("received"), r.get("fee"),
             "yes" if r.get("partial") else "", r.get("message") or ""] for r in d.get("results", [])]
    output.table(console, f"{title}: results", ["netuid", "hotkey", "status", "sent", "received", "fee", "partial", "note"], rows)
    if "balance_before" in d:
        console.print(f"Free balance: τ{d['balance_before']:,.9f} → τ{d['balance_after']:,.9f}")


def _preview_table(preview: list[dict], action: str) -> None:
    if output.current().json_output or output.current().quiet:
        return
    _render(output.stderr_console(), {"action": action, "preview": preview})


def _finish(data: dict) -> None:
    output.emit(data, _render)
    results = data.get("results", [])
    if results and not any(r["status"] == "success" for r in results):
        raise typer.Exit(1)


def _execute(chain: Any, w: Any, use_keyring: bool | None, no_prompt: bool, data: dict, verb: str, event: str,
             fields: tuple[str, str], make_call: Any) -> None:
    """Confirm, then submit each previewed item that can go through; skipped items are reported, not
    fatal. `fields` names the event's (sent, received) amounts."""
    todo = [p for p in data["preview"] if p["ok"]]
    if todo and not output.confirm(f"{verb} {len(todo)} hotkey/subnet pair(s)?", no_prompt, default=True):
        raise typer.Abort()
    pair = unlock(w, use_keyring) if todo else None
    sent, received = fields
    for p in data["preview"]:
        row = {"netuid": p["netuid"], "hotkey": p["hotkey"], "hotkey_label": p["hotkey_label"]}
        if not p["ok"]:
            data["results"].append({**row, "status": "skipped", "message": p["status"]})
            continue
        call, args = make_call(p)
        res = submit(chain, pair, call, args)
        ev = event_data(res["events"], event)
        data["results"].append({**row, "status": "success" if res["success"] else "failed",
                                "sent": tao(ev.get(sent)), "received": tao(ev.get(received)), "fee": tao(ev.get("fee")),
                                "partial": ev.get("partial", False), "block_number": res.get("block_number"),
                                "error": res.get("error"), "message": res.get("message")})


# -- add ------------------------------------------------------------------------------------------
def _price(item: dict, rpc: Any, netuid: int, side: str, amount: int, q: dict, safe: bool, tol: float,
           partial: bool) -> None:
    """Fill a stake/unstake preview item from its pool quote `q` under safe staking: the limit price
    (the most a stake pays, the least an unstake takes), requoted as a partial fill when allowed."""
    from client import staking

    limit = staking.limit_price(q["price_before"], tol, side) if safe else None

    def beyond(price: float) -> bool:
        return limit is not None and (price > limit / staking.LIMIT_SCALE if side == "stake" else price < limit / staking.LIMIT_SCALE)

    if beyond(q["price_after"]) and partial:
        q = {**q, **staking.stake_quote(rpc, netuid, side, amount, limit)}
    item.update(price=round(q["price_before"], 9), received=tao(q["received"]), fee=tao(q["fee"]),
                price_impact=q["price_impact"], limit_price=None if limit is None else limit / staking.LIMIT_SCALE,
                limit_rao=limit, ok=True, status="ok", amount_used=tao(q.get("amount_used")))
    if limit is not None and (q.get("partial") or beyond(q["price_after"])):
        unit = "τ" if side == "stake" else "α"
        item["status"] = f"partial fill: {unit}{tao(q['amount_used'])}" if partial else \
            "refused: slippage beyond the tolerance (--partial or a higher --tolerance)"
        item["ok"] = partial


@app.command("add")
def add(netuids: Netuids = None, amount: Amount = None,
        all_tokens: Annotated[bool, typer.Option("--all", "--all-tokens", help="Stake the whole free balance (less fees), split evenly.")] = False,
        hotkey: HotkeyOrSs58 = None, include_hotkeys: IncludeHotkeys = None, safe_staking: SafeStaking = None,
        tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None, wallet_name: WalletName = None,
        wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
        json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Stake TAO to hotkeys on subnets: buys alpha through each subnet's pool."""
    from client import staking
    from client.extrinsics import Chain

    output.configure(json_output, quiet)
    safe, tol, partial = safe_settings(safe_staking, tolerance, allow_partial_stake)
    nets = parse_netuids(netuids)
    if not nets:
        raise typer.BadParameter("pass --netuid (one or more)")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    targets = [(label, hk, n) for label, hk in hotkey_targets(w, hotkey, include_hotkeys) for n in nets]
    with connect(network) as rpc:
        chain = Chain(rpc)
        before = chain.account(coldkey).free.rao
        if all_tokens:
            spare = before - 1_000 - 2_000_000 * len(targets)  # existential deposit and fees
            each = spare // len(targets)
        else:
            each = amount_rao(amount)
        preview = []
        for label, hk, n in targets:
            item = {"netuid": n, "hotkey": hk, "hotkey_label": label, "amount": tao(each), "amount_rao": each}
            q = staking.stake_quote(rpc, n, "stake", max(each, 0))
            if not q["ok"]:
                item.update(status=f"skipped: {q['error']}: {q['message']}", ok=False)
            elif not q["started"]:
                item.update(status=f"skipped: subnet {n} has not started (its owner runs `btcli subnets start`)", ok=False)
            elif each < q["min_stake"]:
                item.update(status=f"skipped: below the minimum stake of τ{tao(q['min_stake'])}", ok=False)
            else:
                _price(item, rpc, n, "stake", each, q, safe, tol, partial)
            preview.append(item)
        _preview_table(preview, "Stake")
        data: dict[str, Any] = {"action": "stake add", "coldkey": coldkey, "safe_staking": safe, "tolerance": tol,
                                "allow_partial_stake": partial, "preview": preview, "results": []}
        _execute(chain, w, use_keyring, no_prompt, data, "Stake to", "subtensor.StakeAdded", ("tao", "alpha"),
                 lambda p: staking.stake_call(p["hotkey"], p["netuid"], p["amount_rao"], p.get("limit_rao"), partial))
        data["balance_before"], data["balance_after"] = tao(before), tao(chain.account(coldkey).free.rao)
    _finish(data)


# -- remove ---------------------------------------------------------------------------------------
@app.command("remove")
def remove(netuids: Netuids = None, amount: Amount = None,
           unstake_all: Annotated[bool, typer.Option("--all", "--unstake-all", help="Unstake everything from the chosen hotkeys/netuids (every position if no --netuid).")] = False,
           hotkey: HotkeyOrSs58 = None, include_hotkeys: IncludeHotkeys = None, safe_staking: SafeStaking = None,
           tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None, wallet_name: WalletName = None,
           wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
           no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Unstake alpha from hotkeys on subnets: sells it through the pool, TAO back to the coldkey."""
    from client import staking
    from client.extrinsics import Chain

    output.configure(json_output, quiet)
    safe, tol, partial = safe_settings(safe_staking, tolerance, allow_partial_stake)
    nets = parse_netuids(netuids)
    if not nets and not unstake_all:
        raise typer.BadParameter("pass --netuid (or --all for every position)")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    chosen = None if (unstake_all and not hotkey and not include_hotkeys) else hotkey_targets(w, hotkey, include_hotkeys)
    asked = None if unstake_all else amount_rao(amount)
    with connect(network) as rpc:
        chain = Chain(rpc)
        before = chain.account(coldkey).free.rao
        held = {(s["hotkey"], s["netuid"]): s["alpha"] for s in staking.stake_info(rpc, coldkey)["stakes"]}
        if chosen is None:
            targets = [(hk[:8] + "…", hk, n) for (hk, n) in held if not nets or n in nets]
            names = hotkey_labels(w)
            targets = [(names.get(hk, label), hk, n) for label, hk, n in targets]
        else:
            targets = [(label, hk, n) for label, hk in chosen for n in (nets or sorted({n for (h, n) in held if h == hk}))]
        preview = []
        for label, hk, n in targets:
            have = held.get((hk, n), 0)
            each = have if asked is None else asked
            item = {"netuid": n, "hotkey": hk, "hotkey_label": label, "amount": tao(each), "amount_rao": each}
            if have == 0 or each > have:
                item.update(status=f"skipped: staked α{tao(have)} here, α{tao(each)} asked", ok=False)
                preview.append(item)
                continue
            q = staking.stake_quote(rpc, n, "unstake", each)
            if not q["ok"]:
                item.update(status=f"skipped: {q['error']}: {q['message']}", ok=False)
            elif each < have and q["received"] < q["min_stake"]:
                item.update(status=f"skipped: returns less than the minimum stake of τ{tao(q['min_stake'])}", ok=False)
            else:
                _price(item, rpc, n, "unstake", each, q, safe, tol, partial)
            preview.append(item)
        _preview_table(preview, "Unstake")
        data: dict[str, Any] = {"action": "stake remove", "coldkey": coldkey, "safe_staking": safe, "tolerance": tol,
                                "allow_partial_stake": partial, "preview": preview, "results": []}
        _execute(chain, w, use_keyring, no_prompt, data, "Unstake from", "subtensor.StakeRemoved", ("alpha", "tao"),
                 lambda p: staking.unstake_call(p["hotkey"], p["netuid"], p["amount_rao"], p.get("limit_rao"), partial))
        data["balance_before"], data["balance_after"] = tao(before), tao(chain.account(coldkey).free.rao)
    _finish(data)


# -- list -----------------------------------------------------------------------------------------
def _render_list(console: Any, d: dict) -> None:
    rows = [[s["netuid"], s["hotkey_label"], s["uid"] if s["uid"] is not None else "-", f"α{s['alpha']:,.9f}",
             f"{s['price']:.9f}", f"τ{s['tao_value']:,.9f}"] for s in d["stakes"]]
    output.table(console, f"Stake of {d['coldkey']}", ["netuid", "hotkey", "uid", "alpha", "price", "value"], rows)
    console.print(f"Total value τ{d['total_value']:,.9f} (at spot prices, before fees)")


def coldkey_and_labels(ss58: str | None, wallet_name: str | None, wallet_path: str | None) -> tuple[str, dict[str, str]]:
    """The coldkey to show (`--ss58`, or the wallet's) and {hotkey ss58: name} for the wallet's hotkeys."""
    if ss58:
        return ss58, {}
    w = resolve_wallet(wallet_name, wallet_path, None)
    return w.coldkeypub().ss58_address, hotkey_labels(w)


def hotkey_labels(w: Any) -> dict[str, str]:
    names = {}
    for name in w.hotkey_names():
        try:
            names[w.hotkeypub(name).ss58_address] = name
        except Exception:  # an unreadable hotkey file only loses its label
            pass
    return names


def hotkey_label(hotkey: str, names: dict[str, str]) -> str:
    return names.get(hotkey, hotkey[:8] + "…")


@app.command("list")
def list_stake(wallet_name: WalletName = None, wallet_path: WalletPath = None,
               ss58: Annotated[Optional[str], typer.Option("--ss58", "--coldkey-ss58", help="Another coldkey's address.")] = None,
               network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Every stake of a coldkey across hotkeys and subnets, in one call."""
    from client import staking

    output.configure(json_output, quiet)
    coldkey, names = coldkey_and_labels(ss58, wallet_name, wallet_path)
    with connect(network) as rpc:
        info = staking.stake_info(rpc, coldkey)
    stakes = [{**s, "hotkey_label": hotkey_label(s["hotkey"], names), "alpha_rao": s["alpha"],
               "alpha": tao(s["alpha"]), "tao_value_rao": s["tao_value"], "tao_value": tao(s["tao_value"])}
              for s in info["stakes"]]
    output.emit({"coldkey": coldkey, "head": info["head"], "stakes": stakes,
                 "total_value": tao(info["totals"].get(coldkey, 0))}, _render_list)


# -- move, transfer, swap -------------------------------------------------------------------------
def _move(kind: str, args_base: dict, origin_netuid: int, dest_netuid: int, hk_from: str, amount: str | None,
          move_all: bool, safe: bool, tol: float, partial: bool, w: Any, network: str | None, use_keyring: bool | None,
          no_prompt: bool, label: str) -> None:
    from client import staking
    from client.extrinsics import Chain

    coldkey = w.coldkeypub().ss58_address
    with connect(network) as rpc:
        chain = Chain(rpc)
        held = {(s["hotkey"], s["netuid"]): s["alpha"] for s in staking.stake_info(rpc, coldkey)["stakes"]}
        have = held.get((hk_from, origin_netuid), 0)
        alpha = have if move_all else amount_rao(amount)
        if have == 0 or alpha > have:
            from btcli.errors import CliError

            raise CliError(f"staked α{tao(have)} on hotkey {hk_from} on subnet {origin_netuid}; α{tao(alpha)} asked")
        q = staking.swap_quote(rpc, origin_netuid, dest_netuid, alpha)
        if not q["ok"]:
            from btcli.errors import CliError

            raise CliError(f"{q['message']} ({q['error']})")
        limit = None
        if safe and origin_netuid != dest_netuid:
            limit = staking.limit_price(q["price_ratio_before"], tol, "swap")
        preview = [{"netuid": f"{origin_netuid}→{dest_netuid}", "hotkey": hk_from, "hotkey_label": label, "amount": tao(alpha),
                    "price": q["price_ratio_before"], "received": tao(q["received"]),
                    "fee": f"α{tao(q['fee_alpha'])} + τ{tao(q['fee_tao'])}", "price_impact": q["price_impact"],
                    "limit_price": None if limit is None else limit / staking.LIMIT_SCALE, "status": "ok"}]
        if limit is not None and q["price_ratio_after"] < limit / staking.LIMIT_SCALE:
            preview[0]["status"] = "partial fill" if partial else "refused: slippage beyond the tolerance"
        _preview_table(preview, f"stake {kind.split('_')[0]}")
        if not output.confirm("Proceed?", no_prompt, default=True):
            raise typer.Abort()
        call, args = staking.move_call(kind, {**args_base, "alpha_amount": alpha}, limit, partial)
        res = submit(chain, unlock(w, use_keyring), call, args)
    ev = next((e["data"] for e in res["events"] if e["name"].startswith("subtensor.Stake")), {})
    results = [{"netuid": f"{origin_netuid}→{dest_netuid}", "hotkey": hk_from, "hotkey_label": label,
                "status": "success" if res["success"] else "failed", "sent": tao(ev.get("alpha")),
                "received": tao(ev.get("received_alpha")), "fee": tao(ev.get("fee_tao")), "partial": ev.get("partial", False),
                "tao": tao(ev.get("tao")), "block_number": res.get("block_number"), "error": res.get("error"),
                "message": res.get("message")}]
    _finish({"action": f"stake {kind.split('_')[0]}", "coldkey": coldkey, "safe_staking": safe, "tolerance": tol,
             "allow_partial_stake": partial, "preview": preview, "results": results})


OriginNetuid = Annotated[Optional[int], typer.Option("--origin-netuid", help="The subnet the stake is on.")]
DestNetuid = Annotated[Optional[int], typer.Option("--dest-netuid", help="The subnet to move it to [default: the same].")]


def _need(value: Any, flag: str) -> Any:
    if value is None:
        raise typer.BadParameter(f"pass {flag}")
    return value


@app.command("move")
def move(origin_hotkey: Annotated[Optional[str], typer.Option("--from", "--origin-hotkey", help="Hotkey the stake is on (name or ss58).")] = None,
         dest_hotkey: Annotated[Optional[str], typer.Option("--to", "--dest-hotkey", help="Hotkey to move it to (name or ss58).")] = None,
         origin_netuid: OriginNetuid = None, dest_netuid: DestNetuid = None, amount: Amount = None,
         stake_all: Annotated[bool, typer.Option("--all", "--stake-all", help="Move the whole position.")] = False,
         safe_staking: SafeStaking = None, tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None,
         wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
         use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Move stake to another hotkey (same coldkey), optionally to another subnet."""
    output.configure(json_output, quiet)
    safe, tol, partial = safe_settings(safe_staking, tolerance, allow_partial_stake)
    w = resolve_wallet(wallet_name, wallet_path, None)
    (label, hk_from), = hotkey_targets(w, _need(origin_hotkey, "--from HOTKEY"), None)
    (_, hk_to), = hotkey_targets(w, _need(dest_hotkey, "--to HOTKEY"), None)
    o = _need(origin_netuid, "--origin-netuid")
    d = o if dest_netuid is None else dest_netuid
    _move("move_stake", {"origin_hotkey": hk_from, "destination_hotkey": hk_to, "origin_netuid": o, "destination_netuid": d},
          o, d, hk_from, amount, stake_all, safe, tol, partial, w, network, use_keyring, no_prompt, label)


@app.command("transfer")
def transfer(dest_ss58: Annotated[Optional[str], typer.Option("--dest-ss58", "--dest", help="The coldkey to give the stake to.")] = None,
             hotkey: HotkeyOrSs58 = None, origin_netuid: OriginNetuid = None, dest_netuid: DestNetuid = None,
             amount: Amount = None,
             stake_all: Annotated[bool, typer.Option("--all", "--stake-all", help="Transfer the whole position.")] = False,
             safe_staking: SafeStaking = None, tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None,
             wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
             use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
             quiet: Quiet = False) -> None:
    """Give stake to another coldkey (same hotkey), optionally on another subnet."""
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    safe, tol, partial = safe_settings(safe_staking, tolerance, allow_partial_stake)
    decode(_need(dest_ss58, "--dest-ss58 ADDRESS"))
    w = resolve_wallet(wallet_name, wallet_path, None)
    (label, hk), = hotkey_targets(w, hotkey, None)
    o = _need(origin_netuid, "--origin-netuid")
    d = o if dest_netuid is None else dest_netuid
    _move("transfer_stake", {"destination_coldkey": dest_ss58, "hotkey": hk, "origin_netuid": o, "destination_netuid": d},
          o, d, hk, amount, stake_all, safe, tol, partial, w, network, use_keyring, no_prompt, label)


@app.command("swap")
def swap(hotkey: HotkeyOrSs58 = None, origin_netuid: OriginNetuid = None, dest_netuid: DestNetuid = None,
         amount: Amount = None,
         swap_all: Annotated[bool, typer.Option("--all", "--swap-all", help="Swap the whole position.")] = False,
         safe_staking: SafeStaking = None, tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None,
         wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
         use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
         quiet: Quiet = False) -> None:
    """Swap stake from one subnet to another (same hotkey and coldkey)."""
    output.configure(json_output, quiet)
    safe, tol, partial = safe_settings(safe_staking, tolerance, allow_partial_stake)
    w = resolve_wallet(wallet_name, wallet_path, None)
    (label, hk), = hotkey_targets(w, hotkey, None)
    o, d = _need(origin_netuid, "--origin-netuid"), _need(dest_netuid, "--dest-netuid")
    _move("swap_stake", {"hotkey": hk, "origin_netuid": o, "destination_netuid": d},
          o, d, hk, amount, swap_all, safe, tol, partial, w, network, use_keyring, no_prompt, label)


from btcli.commands import stake_claim  # noqa: E402,F401  (set-claim, process-claim, claimable)
