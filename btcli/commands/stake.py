"""`btcli stake add | remove | move | transfer | swap`: stake through the subnet pools
(`stake list`: `btcli.commands.stake_list`; root dividend claims: `btcli.commands.stake_claim`).

Every command previews what the pool would do with client.stake_preview (price, amount received,
fees, price impact, the safe-staking limit, and whether the chain would take it), unlocks the
coldkey, quotes afresh, asks to confirm and submits at once (btcli.chain's order), then reports
what was received from the chain's events. Items the chain would refuse (balance, minimum stake,
slippage, an unregistered hotkey, stake not held) are reported as skipped and never signed; bulk
operations carry on with the others.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, submit, tao, unlock
from btcli.options import (
    AllowPartial, HotkeyOrSs58, IncludeHotkeys, JsonOutput, Netuids, Network, NoPrompt, Quiet, SafeStaking,
    Tolerance, UseKeyring, WalletName, WalletPath, parse_netuids, resolve_wallet, safe_settings, split_list,
)

app = typer.Typer(no_args_is_help=True, help="Stake TAO to hotkeys on subnets, unstake, move, transfer and swap stake.")

# `-a` is what the real btcli makes it: the amount on remove, transfer and swap, "all tokens" on add,
# nothing on move; a money command never reads it differently.
Amount = Annotated[Optional[str], typer.Option("--amount", "-a", help="Alpha to unstake, transfer or swap (9 decimals).")]
AddAmount = Annotated[Optional[str], typer.Option("--amount", help="TAO to stake on each hotkey and subnet (9 decimals).")]
MoveAmount = Annotated[Optional[str], typer.Option("--amount", help="Alpha to move (9 decimals).")]


def hotkey_targets(w: Any, hotkey: str | None, include: list[str] | None, all_hotkeys: bool = False,
                   exclude: list[str] | None = None) -> list[tuple[str, str]]:
    """[(label, ss58)] from --hotkey / --include-hotkeys (names of the wallet's hotkeys or addresses), or
    --all-hotkeys (every hotkey of the wallet) less --exclude-hotkeys (names or addresses)."""
    from wallet.ss58 import decode

    if all_hotkeys or exclude:
        if include:
            raise typer.BadParameter("--include-hotkeys or --all-hotkeys (with --exclude-hotkeys), not both")
        if not all_hotkeys:
            raise typer.BadParameter("--exclude-hotkeys goes with --all-hotkeys")
        excluded = set(split_list(exclude))
        chosen = [(label, hk) for label, hk in hotkey_targets(w, None, list(w.hotkey_names()))
                  if label not in excluded and hk not in excluded]
        if not chosen:
            raise typer.BadParameter(f"no hotkey left: the wallet {w.name!r} has {len(w.hotkey_names())}, all excluded")
        return chosen
    names = split_list(include) or [hotkey or w.hotkey_name]
    out = []
    for name in names:
        try:
            decode(name)
            out.append((name, name))
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


def _tokens(unit: str, value: float | None) -> str:
    return "" if value is None else f"{unit}{value:,.9f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.4f}%"


def _where(p: dict) -> str:
    if p["netuid"] is None:  # unstake_all / unstake_all_alpha: the hotkey's every subnet
        return "all but 0→0" if p.get("action") == "unstake_all_alpha" else "all"
    return f"{p['netuid']}→{p['dest_netuid']}" if p.get("dest_netuid") is not None else str(p["netuid"])


def _render(console: Any, d: dict) -> None:
    title = d["action"]
    if not d.get("results"):
        rows = [[_where(p), p["hotkey_label"], _tokens(p["unit_in"], p["amount"]),
                 "" if p["price"] is None else f"{p['price']:.9f}", _tokens(p["unit_out"], p["received"]),
                 _tokens(p["unit_in"], p["pool_fee"]), _tokens("τ", p["tx_fee"]), _pct(p["price_impact"]),
                 "" if p["limit_price"] is None else f"{p['limit_price']:.9f}",
                 p["status"] + (f": {p['message']}" if p["message"] else "")] for p in d["preview"]]
        output.table(console, f"{title}: preview on {d['network']}", ["netuid", "hotkey", "amount", "price", "received",
                                                                      "pool fee", "fee", "impact", "limit", "status"], rows,
                     keep=("hotkey", "amount", "received"), optional=("pool fee", "price", "limit", "impact"))
        return
    rows = [[_where(r), r["hotkey_label"], r["status"], _tokens(r["unit_in"], r.get("sent")),
             _tokens(r["unit_out"], r.get("received")), _tokens("τ", r.get("tx_fee")), "yes" if r.get("partial") else "",
             r.get("message") or ""] for r in d["results"]]
    output.table(console, f"{title}: results on {d['network']}",
                 ["netuid", "hotkey", "status", "sent", "received", "fee", "partial", "note"], rows,
                 keep=("hotkey", "sent", "received"), optional=("partial", "fee"))
    if "balance_before" in d:
        console.print(f"Free balance: τ{d['balance_before']:,.9f} → τ{d['balance_after']:,.9f}")


def _finish(data: dict) -> None:
    results = data["results"]
    data["success"] = any(r["status"] == "success" for r in results)
    if data["action"] == "stake add":  # the real btcli's keys: {netuid: {hotkey ss58: …}}
        for key, value in (("staking_success", lambda r: r["status"] == "success"),
                           ("error_messages", lambda r: "" if r["status"] == "success" else r.get("message") or ""),
                           ("extrinsic_ids", lambda r: r.get("extrinsic_identifier"))):
            data[key] = {}
            for r in results:
                data[key].setdefault(str(r["netuid"]), {})[r["hotkey"]] = value(r)
    elif data["action"] in ("stake move", "stake swap", "stake transfer"):  # one call: its id, as the real btcli
        data["extrinsic_identifier"] = next((r.get("extrinsic_identifier") for r in results if r.get("extrinsic_identifier")), None)
    if not data["success"]:
        why = next((r.get("message") for r in results if r.get("message")), None)
        data["error"] = why or "nothing to do"
    output.emit(data, _render)
    if not data["success"]:
        raise typer.Exit(1)


def _run(rpc: Any, w: Any, use_keyring: bool | None, no_prompt: bool, data: dict, labels: dict[str, str],
         quote: Any, tolerance: float) -> None:
    """Preview, then (if anything can go through) unlock, quote afresh, confirm, and submit each ok
    item at once (btcli.chain's order: the limits are never older than the confirmation). Refused
    items are reported as skipped, never signed."""
    from client import stake_preview as sp

    coldkey = data["coldkey"]

    def as_json(items: list) -> list[dict]:
        return [{**i.to_json(), "hotkey_label": hotkey_label(i.hotkey, labels), "unit_in": i.unit_in,
                 "unit_out": i.unit_out} for i in items]

    def show(items: list) -> None:
        data["preview"] = as_json(items)
        if not (output.current().json_output or output.current().quiet):
            _render(output.stderr_console(), {**data, "results": []})

    before = rpc.account(coldkey).free.rao
    items = quote()
    if any(i.ok for i in items):
        pair = unlock(w, use_keyring)  # before the quote the limits come from: an unlock takes seconds
        n = sum(i.ok for i in items)
        items = confirm_fresh(quote, show, f"Submit the {n} item(s) marked ok or partial?", no_prompt,
                              lambda old, new: sp.changed(old, new, tolerance))
    else:
        show(items)
    for item, p in zip(items, as_json(items)):
        row = {k: p[k] for k in ("action", "netuid", "dest_netuid", "hotkey", "hotkey_label", "unit_in", "unit_out")}
        if not item.ok:
            data["results"].append({**row, "status": "skipped", "message": item.message})
            continue
        ends = _ends(item) if rpc.kind == "subtensor" and item.action in ("move", "transfer", "swap") else None
        held = _positions(rpc, ends) if ends else None
        res = submit(rpc, pair, *item.call())
        got = sp.outcome(res["events"], item.action)
        if ends and held is not None and res["success"] and got["received"] is None:
            # the real StakeMoved/Swapped/Transferred name the TAO moved, not the α: read both ends again
            now = _positions(rpc, ends)
            got = {**got, "sent": held[0] - now[0], "received": now[1] - held[1]}
        data["results"].append({**row, "status": "success" if res["success"] else "failed", "sent": tao(got["sent"]),
                                "received": tao(got["received"]), "pool_fee": tao(got["pool_fee"]),
                                "tx_fee": tao(got["tx_fee"]), "partial": got["partial"],
                                "block_number": res.get("block_number"),
                                "extrinsic_identifier": output.extrinsic_identifier(res), "error": res.get("error"),
                                "message": item.message if res["success"] else _failure(res)})
    data["balance_before"], data["balance_after"] = tao(before), tao(rpc.account(coldkey).free.rao)


def _failure(res: dict) -> str:
    """A failed call in one line: the chain's words and the pallet error's name (`SubtensorModule.SlippageTooHigh`)."""
    message, error = res.get("message") or "failed", res.get("error")
    return f"{message} ({error})" if error and error not in message else message


def _ends(item: Any) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    """(hotkey, coldkey, netuid) of a move's, swap's or transfer's origin and destination."""
    dest_hotkey = item.dest if item.action == "move" else item.hotkey
    dest_coldkey = item.dest if item.action == "transfer" else item.coldkey
    return (item.hotkey, item.coldkey, item.netuid), (dest_hotkey, dest_coldkey, item.dest_netuid)


def _positions(rpc: Any, ends: tuple) -> tuple[int, int]:
    """The α rao staked at each end (one stake read for both coldkeys)."""
    from client import staking

    rows = staking.stake_info(rpc, list(dict.fromkeys(c for _, c, _ in ends)))["stakes"]
    held = {(r["hotkey"], r["coldkey"], r["netuid"]): r["alpha"] for r in rows}
    return held.get(ends[0], 0), held.get(ends[1], 0)


def _start(action: str, rpc: Any, coldkey: str, safety: Any) -> dict[str, Any]:
    return {"action": action, "network": rpc.url, "coldkey": coldkey, "safe_staking": safety.safe,
            "tolerance": safety.tolerance, "allow_partial_stake": safety.partial, "preview": [], "results": []}


# -- add ------------------------------------------------------------------------------------------
AllHotkeys = Annotated[bool, typer.Option("--all-hotkeys/--no-all-hotkeys", help="Every hotkey of the wallet (less --exclude-hotkeys).")]
ExcludeHotkeys = Annotated[Optional[list[str]], typer.Option("--exclude-hotkeys", "-ex", help="With --all-hotkeys: hotkeys to leave out (names or ss58; repeat or separate with commas).")]
AllNetuids = Annotated[bool, typer.Option("--all-netuids/--no-all-netuids", help="Every subnet (add: every subnet on the chain; remove: every subnet the stake is on).")]


@app.command("add")
def add(netuids: Netuids = None, amount: AddAmount = None,
        all_tokens: Annotated[bool, typer.Option("--all-tokens", "--all", "-a", help="Stake the whole free balance (less fees), split evenly.")] = False,
        hotkey: HotkeyOrSs58 = None, include_hotkeys: IncludeHotkeys = None, all_hotkeys: AllHotkeys = False,
        exclude_hotkeys: ExcludeHotkeys = None, all_netuids: AllNetuids = False, safe_staking: SafeStaking = None,
        tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None, wallet_name: WalletName = None,
        wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
        json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Stake TAO to hotkeys on subnets: buys alpha through each subnet's pool.

    Example: btcli stake add --wallet-name alice --netuid 1 --hotkey miner1 --amount 10
    """
    from client import stake_preview as sp

    output.configure(json_output, quiet)
    safety = sp.Safety(*safe_settings(safe_staking, tolerance, allow_partial_stake))
    nets = parse_netuids(netuids)
    if not nets and not all_netuids:
        raise typer.BadParameter("pass --netuid (one or more) or --all-netuids")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    chosen = hotkey_targets(w, hotkey, include_hotkeys, all_hotkeys, exclude_hotkeys)
    each = None if all_tokens else amount_rao(amount)
    with connect(network) as rpc:
        if all_netuids:
            from client import subnets

            nets = [s["netuid"] for s in subnets.subnets(rpc)["subnets"]]
        targets = [(hk, n) for _, hk in chosen for n in nets]
        if each is None:  # the whole free balance less the existential deposit and the fees, split evenly
            each = max(rpc.call("taonet_accountInfo", coldkey)["free"] - 1_000 - 2_000_000 * len(targets), 0) // len(targets)

        def quote() -> list:
            return sp.check_funds(rpc, [sp.preview_add(rpc, coldkey, hk, n, each, safety) for hk, n in targets])

        data = _start("stake add", rpc, coldkey, safety)
        _run(rpc, w, use_keyring, no_prompt, data, {hk: label for label, hk in chosen}, quote, safety.tolerance)
    _finish(data)


# -- remove ---------------------------------------------------------------------------------------
Interactive = Annotated[bool, typer.Option("--interactive", "-i", help="Pick the hotkey, subnets and amounts from your stake, step by step (in a terminal, or answers piped on stdin).")]


@app.command("remove")
def remove(netuids: Netuids = None, amount: Amount = None,
           unstake_all: Annotated[bool, typer.Option("--all", "--unstake-all", help="Unstake everything from the chosen hotkeys/netuids (every position if no --netuid).")] = False,
           unstake_all_alpha: Annotated[bool, typer.Option("--unstake-all-alpha", "--all-alpha", help="As --all, on every subnet but root (netuid 0).")] = False,
           hotkey: HotkeyOrSs58 = None, include_hotkeys: IncludeHotkeys = None, all_hotkeys: AllHotkeys = False,
           exclude_hotkeys: ExcludeHotkeys = None, all_netuids: AllNetuids = False, safe_staking: SafeStaking = None,
           tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None, wallet_name: WalletName = None,
           wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
           interactive: Interactive = False, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
           quiet: Quiet = False) -> None:
    """Unstake alpha from hotkeys on subnets: sells it through the pool, TAO back to the coldkey.

    Example: btcli stake remove --wallet-name alice --netuid 1 --hotkey miner1 --amount 5
    """
    from client import stake_preview as sp

    output.configure(json_output, quiet)
    safety = sp.Safety(*safe_settings(safe_staking, tolerance, allow_partial_stake))
    if unstake_all and unstake_all_alpha:
        raise typer.BadParameter("--all or --unstake-all-alpha, not both")
    nets = [] if all_netuids else parse_netuids(netuids)
    if interactive:
        _interactive_flags(json_output, nets, bool(hotkey or include_hotkeys or exclude_hotkeys or all_hotkeys),
                           unstake_all or unstake_all_alpha)
    elif unstake_all_alpha and (nets or all_netuids):
        raise typer.BadParameter("--unstake-all-alpha sells the hotkey's alpha on every subnet but root: drop --netuid")
    elif not nets and not (unstake_all or unstake_all_alpha or all_netuids):
        raise typer.BadParameter("pass --netuid (or --all-netuids), or --all / --unstake-all-alpha for every subnet")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    chosen = [] if interactive else hotkey_targets(w, hotkey, include_hotkeys, all_hotkeys, exclude_hotkeys)
    asked = None if unstake_all or interactive and amount is None else (None if unstake_all_alpha else amount_rao(amount))
    labels = hotkey_labels(w) | {hk: label for label, hk in chosen}
    whole = unstake_all_alpha or (unstake_all and not nets and not all_netuids)
    with connect(network) as rpc:
        held = sp.held_stake(rpc, coldkey)
        targets: list[tuple[str, int, int | None]] = []
        if interactive:
            from btcli.ask import need_answers
            from btcli.commands.stake_remove_pick import pick
            from client import staking

            need_answers("name the positions with --netuid and --hotkey (and --amount or --all) instead of --interactive")
            picked = pick(staking.stake_info(rpc, coldkey)["stakes"], labels, nets[0] if nets else None, asked)
            if picked.whole is not None:
                chosen, unstake_all_alpha, whole = [(picked.whole[0], picked.whole[0])], picked.whole[1], True
            elif not picked.targets:
                output.stderr_console().print("[yellow]Cancelled.[/] Nothing was signed.")
                return
            targets = picked.targets
        if all_hotkeys and (unstake_all or unstake_all_alpha):  # as the real btcli: also the hotkeys it stakes to
            excluded = set(split_list(exclude_hotkeys))
            chosen += [(hk, hk) for hk in dict.fromkeys(h for (h, _) in held)
                       if hk not in labels and hk not in excluded]
        if whole:  # one unstake_all[_alpha] per hotkey, as the real btcli signs them
            def quote_all() -> list:
                now = sp.held_stake(rpc, coldkey)
                return sp.check_funds(rpc, [sp.preview_unstake_all(rpc, coldkey, hk, unstake_all_alpha, now)
                                            for _, hk in chosen])

            data = _start("stake remove", rpc, coldkey, safety)
            _run(rpc, w, use_keyring, no_prompt, data, labels, quote_all, safety.tolerance)
            _finish(data)
            return
        targets = targets or [(hk, n, asked) for _, hk in chosen
                              for n in (nets or sorted({n for (h, n) in held if h == hk}))]

        def quote() -> list:
            now = sp.held_stake(rpc, coldkey)
            return sp.check_funds(rpc, [sp.preview_remove(rpc, coldkey, hk, n, a, safety, held=now.get((hk, n), 0))
                                        for hk, n, a in targets])

        data = _start("stake remove", rpc, coldkey, safety)
        _run(rpc, w, use_keyring, no_prompt, data, labels, quote, safety.tolerance)
    _finish(data)


def _interactive_flags(json_output: bool, nets: list[int], hotkeys: bool, everything: bool) -> None:
    """--interactive's refusals (the real btcli's): it asks in the terminal and picks the hotkey itself."""
    if json_output:
        raise typer.BadParameter("--interactive asks in the terminal: drop --json-output, or name the positions "
                                 "with --netuid and --hotkey (and --amount or --all)")
    if hotkeys:
        raise typer.BadParameter("--interactive picks the hotkey: drop --hotkey / --include-hotkeys / "
                                 "--exclude-hotkeys / --all-hotkeys")
    if everything:
        raise typer.BadParameter("--interactive asks how much to unstake: drop --all / --unstake-all-alpha")
    if len(nets) > 1:
        raise typer.BadParameter("--interactive takes one --netuid (the subnet to list), or none")


# -- the wallet's names for hotkeys (every stake command shows them) ------------------------------
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
    """The wallet's name for a hotkey, else the whole address (an address cut short cannot be copied)."""
    return names.get(hotkey, hotkey)


# -- move, transfer, swap -------------------------------------------------------------------------
def _move(action: str, hotkey: str, label: str, origin: int, dest_netuid: int, dest: str | None, amount: str | None,
          move_all: bool, safety: Any, w: Any, network: str | None, use_keyring: bool | None, no_prompt: bool) -> None:
    """One move, transfer or swap: the same preview, order and refusal as add and remove."""
    from client import stake_preview as sp

    coldkey = w.coldkeypub().ss58_address
    alpha = None if move_all else amount_rao(amount)
    with connect(network) as rpc:
        def quote() -> list:
            return sp.check_funds(rpc, [sp.preview_move(rpc, action, coldkey, hotkey, origin, dest_netuid, alpha, safety,
                                                        dest=dest)])

        data = _start(f"stake {action}", rpc, coldkey, safety)
        _run(rpc, w, use_keyring, no_prompt, data, {hotkey: label}, quote, safety.tolerance)
    _finish(data)


OriginNetuid = Annotated[Optional[int], typer.Option("--origin-netuid", help="The subnet the stake is on.")]
DestNetuid = Annotated[Optional[int], typer.Option("--dest-netuid", help="The subnet to move it to (default: the same).")]


def _need(value: Any, flag: str) -> Any:
    if value is None:
        raise typer.BadParameter(f"pass {flag}")
    return value


@app.command("move")
def move(origin_hotkey: Annotated[Optional[str], typer.Option(
             "--from", "--origin-hotkey", "--hotkey", "--hotkey-ss58", "-H", "--wallet_hotkey", "--wallet_hotkey_ss58",
             "--wallet-hotkey", "--wallet-hotkey-ss58", "--wallet.hotkey", help="Hotkey the stake is on (name or ss58).")] = None,
         dest_hotkey: Annotated[Optional[str], typer.Option("--to", "--dest-hotkey", "--dest-ss58", "--dest",
                                                            help="Hotkey to move it to (name or ss58).")] = None,
         origin_netuid: OriginNetuid = None, dest_netuid: DestNetuid = None, amount: MoveAmount = None,
         stake_all: Annotated[bool, typer.Option("--all", "--stake-all", help="Move the whole position.")] = False,
         safe_staking: SafeStaking = None, tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None,
         wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
         use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Move stake to another hotkey (same coldkey), optionally to another subnet."""
    output.configure(json_output, quiet)
    from client.stake_preview import Safety

    safety = Safety(*safe_settings(safe_staking, tolerance, allow_partial_stake))
    w = resolve_wallet(wallet_name, wallet_path, None)
    (label, hk_from), = hotkey_targets(w, _need(origin_hotkey, "--from HOTKEY"), None)
    (_, hk_to), = hotkey_targets(w, _need(dest_hotkey, "--to HOTKEY"), None)
    o = _need(origin_netuid, "--origin-netuid")
    d = o if dest_netuid is None else dest_netuid
    _move("move", hk_from, label, o, d, hk_to, amount, stake_all, safety, w, network, use_keyring, no_prompt)


@app.command("transfer")
def transfer(dest_ss58: Annotated[Optional[str], typer.Option("--dest-ss58", "--dest", "--dest-coldkey", help="The coldkey to give the stake to.")] = None,
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
    from client.stake_preview import Safety

    safety = Safety(*safe_settings(safe_staking, tolerance, allow_partial_stake))
    decode(_need(dest_ss58, "--dest-ss58 ADDRESS"))
    w = resolve_wallet(wallet_name, wallet_path, None)
    (label, hk), = hotkey_targets(w, hotkey, None)
    o = _need(origin_netuid, "--origin-netuid")
    d = o if dest_netuid is None else dest_netuid
    _move("transfer", hk, label, o, d, dest_ss58, amount, stake_all, safety, w, network, use_keyring, no_prompt)


SwapOrigin = Annotated[Optional[int], typer.Option("--origin-netuid", "-o", "--origin", help="The subnet the stake is on.")]
SwapDest = Annotated[Optional[int], typer.Option("--dest-netuid", "-d", "--dest", help="The subnet to swap it to.")]


@app.command("swap")
def swap(hotkey: HotkeyOrSs58 = None, origin_netuid: SwapOrigin = None, dest_netuid: SwapDest = None,
         amount: Amount = None,
         swap_all: Annotated[bool, typer.Option("--all", "--swap-all", help="Swap the whole position.")] = False,
         safe_staking: SafeStaking = None, tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None,
         wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
         use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
         quiet: Quiet = False) -> None:
    """Swap stake from one subnet to another (same hotkey and coldkey)."""
    output.configure(json_output, quiet)
    from client.stake_preview import Safety

    safety = Safety(*safe_settings(safe_staking, tolerance, allow_partial_stake))
    w = resolve_wallet(wallet_name, wallet_path, None)
    (label, hk), = hotkey_targets(w, hotkey, None)
    o, d = _need(origin_netuid, "--origin-netuid"), _need(dest_netuid, "--dest-netuid")
    _move("swap", hk, label, o, d, None, amount, swap_all, safety, w, network, use_keyring, no_prompt)

