"""`btcli stake auto | set-auto`: where a coldkey's mining incentive is staked on each subnet
(client.auto_stake; node.runtime.auto_stake), with the real btcli 9.23.2's flags and JSON keys.

By default a miner's incentive is staked to the miner's own hotkey; a coldkey may name, per subnet,
another hotkey registered there (its own or a validator's) to receive it. `stake auto` lists every
subnet with its destination ("custom") or none ("default"); `stake set-auto` asks for the netuid
(unless --netuid) and the hotkey's ss58 (Enter: pick one of the subnet's neurons), previews, refuses
what the chain would refuse (no such subnet, a hotkey without a uid there, the same destination
again) before signing, and signs set_coldkey_auto_stake_hotkey.
"""
from __future__ import annotations

from typing import Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.stake import app
from btcli.options import (
    ColdkeySs58,
    JsonOutput,
    Netuid,
    Network,
    NoPrompt,
    Quiet,
    UseKeyring,
    WalletName,
    WalletPath,
    resolve_wallet,
)


def _identity_name(rpc: Any, hotkey: str) -> str | None:
    """The identity name of the hotkey's owner coldkey, as the real btcli shows it (None if none)."""
    from client import identity, subnets

    owner = subnets.hotkey_owner(rpc, hotkey)["coldkey"]
    if owner is None:
        return None
    found = identity.identity(rpc, owner)["identity"]
    return (found or {}).get("name") or None


def _render_auto(console: Any, d: dict) -> None:
    rows = [[n, s["subnet_name"], "Custom" if s["status"] == "custom" else "Default", s["destination"] or "",
             s["identity"] or ""] for n, s in d["subnets"].items()]
    output.table(console, f"Auto Stake Destinations for {d['coldkey_label']} on {d['network']} (coldkey {d['coldkey']})",
                 ["Netuid", "Subnet", "Status", "Destination Hotkey", "Identity"], rows,
                 keep=["Destination Hotkey"], optional=["Identity"])
    custom = sum(s["status"] == "custom" for s in d["subnets"].values())
    console.print(f"Total subnets: {len(d['subnets'])}  Custom destinations: {custom}")


@app.command("auto")
def auto(wallet_name: WalletName = None, wallet_path: WalletPath = None, ss58: ColdkeySs58 = None,
         network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Where a coldkey's mining incentive is staked on each subnet (its auto-stake destinations).

    Example: btcli stake auto --wallet-name alice
    """
    from client import auto_stake, subnets

    output.configure(json_output, quiet)
    if ss58:
        coldkey, label = ss58, f"{ss58[:6]}...{ss58[-6:]}"
    else:
        w = resolve_wallet(wallet_name, wallet_path, None)
        coldkey, label = w.coldkeypub().ss58_address, w.name
    with connect(network) as rpc:
        found = auto_stake.destinations(rpc, coldkey)["destinations"]
        rows: dict[str, dict[str, Any]] = {}
        for s in sorted(subnets.subnets(rpc)["subnets"], key=lambda s: s["netuid"]):
            dest = found.get(str(s["netuid"]))
            rows[str(s["netuid"])] = {"subnet_name": s.get("name") or "", "status": "custom" if dest else "default",
                                      "destination": dest, "identity": _identity_name(rpc, dest) if dest else None}
        net = rpc.label
    if output.current().json_output:  # the real btcli's JSON: {netuid: {subnet_name, status, destination, identity}}
        output.emit(rows)
        return
    output.emit({"coldkey": coldkey, "coldkey_label": label, "network": net, "subnets": rows}, _render_auto)


def _ask_netuid() -> int:
    from rich.prompt import IntPrompt

    with output.paused():
        return IntPrompt.ask("Enter the netuid to configure", default=1, console=output.stderr_console())


def _ask_hotkey(rpc: Any, netuid: int) -> str:
    """The destination's ss58 as typed; Enter lists the subnet's neurons and takes a uid."""
    from rich.prompt import IntPrompt, Prompt

    from btcli.errors import CliError
    from client import subnets

    console = output.stderr_console()
    with output.paused():
        typed = Prompt.ask("Enter the hotkey ss58 address to auto-stake to (Press Enter to view the subnet's neurons)",
                           default="", show_default=False, console=console).strip()
        if typed:
            return typed
        neurons = subnets.neurons(rpc, netuid)["neurons"]
        if not neurons:
            raise CliError(f"subnet {netuid} has no neurons to pick from: register a hotkey first")
        output.table(console, f"Neurons of subnet {netuid}", ["uid", "hotkey", "stake"],
                     [[n["uid"], n["hotkey"], f"α{n['stake'] / 1e9:,.9f}"] for n in neurons], keep=["hotkey"])
        uid = IntPrompt.ask("Enter the uid of the hotkey to auto-stake to", console=console)
    chosen = next((n["hotkey"] for n in neurons if n["uid"] == uid), None)
    if chosen is None:
        raise CliError(f"subnet {netuid} has no uid {uid}: no destination set")
    return chosen


@app.command("set-auto")
def set_auto(wallet_name: WalletName = None, wallet_path: WalletPath = None, netuid: Netuid = None,
             network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
             json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set the hotkey a coldkey's mining incentive on a subnet is staked to (asks for the hotkey's ss58).

    Example: btcli stake set-auto --wallet-name alice --netuid 1
    """
    from btcli.errors import CliError
    from client import auto_stake, preflight, subnets
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    n = _ask_netuid() if netuid is None else netuid
    if n < 0:
        raise CliError(f"--netuid must be 0 or more, got {n}")
    with connect(network) as rpc:
        hotkey = _ask_hotkey(rpc, n)
        try:
            decode(hotkey)
        except ValueError:
            raise CliError(f"{hotkey!r} is not an ss58 address: give the destination hotkey's address") from None
        call, args = auto_stake.set_call(n, hotkey)

        def quote() -> str:
            summaries = subnets.subnets(rpc)["subnets"]
            preflight.refuse(auto_stake.set_problem(summaries, auto_stake.destinations(rpc, coldkey),
                                                    subnets.hotkey_owner(rpc, hotkey)["netuids"], n, hotkey))
            require_funds(rpc, coldkey, call, args, what="set the auto-stake destination")
            return next((s.get("name") or "" for s in summaries if s["netuid"] == n), "")

        quote()  # a refusal before any password is asked; checked again once the key is unlocked
        pair = unlock(w, use_keyring)  # btcli.chain's order: the checks signed on are never older than the key
        confirm_fresh(quote, lambda name: output.info(
            f"Auto-stake destination on subnet {n} {name}: {hotkey} {_identity_name(rpc, hotkey) or ''}"
            "(your mining incentive there will be staked to it)"),
            "Set this auto-stake destination?", no_prompt, lambda old, new: False)
        res = submit(rpc, pair, call, args)
    error = None if res["success"] else (f"{res.get('message')} ({res.get('error')})" if res.get("error") else res.get("message"))
    data = {"success": res["success"], "error": error, "netuid": n, "hotkey": hotkey,
            "extrinsic_identifier": output.extrinsic_identifier(res)}

    def render(console: Any, d: dict) -> None:
        console.print(f"[green]Auto-stake destination set for netuid {n}[/] (extrinsic {d['extrinsic_identifier']})"
                      if d["success"] else f"[red]Failed:[/] {d['error']}")

    output.emit(data, render)
    if not res["success"]:
        raise typer.Exit(1)
