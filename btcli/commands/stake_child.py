"""`btcli stake child get | set | revoke | take`: childkeys (node.runtime.childkeys), with the real
btcli 9.23.2's flags (--netuid, --all-netuids, --children/-c, --proportions/--prop, --hotkey,
--child-hotkey-ss58, --take).

A parent hotkey lends proportions of its stake on a subnet to child hotkeys, which validate with it;
the children earn the parent's share of their dividends back to it, keeping their childkey take.
On a started subnet new children apply after the chain's cooldown. Every signed command previews
what it will sign and refuses (nothing signed) what the chain would refuse and the client can see:
ownership, more than 5 children, proportions over 1, a child that is a parent, the rate limit.
"""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.stake import app, hotkey_targets
from btcli.options import (
    Hotkey,
    JsonOutput,
    Network,
    NoPrompt,
    Quiet,
    UseKeyring,
    WalletName,
    WalletPath,
    resolve_wallet,
)

child_app = typer.Typer(no_args_is_help=True, help="Child hotkeys: lend a hotkey's stake on a subnet to other hotkeys.")
app.add_typer(child_app, name="child")
app.add_typer(child_app, name="children", hidden=True)

ChildNetuid = Annotated[int | None, typer.Option("--netuid", help="The subnet's netuid (not root).")]
AllNetuids = Annotated[bool, typer.Option("--all-netuids", "--all", "--allnetuids", help="Every subnet.")]
ChildrenOpt = Annotated[list[str] | None, typer.Option("--children", "-c", help="A child hotkey (ss58); repeat it.")]
Proportions = Annotated[list[float] | None, typer.Option(
    "--proportions", "--prop", "-p", help="The child's proportion of the stake (0..1; repeat it, one per --children, sum ≤ 1).")]
ChildHotkey = Annotated[str | None, typer.Option(
    "--child-hotkey-ss58", "--hotkey-ss58", help="The child hotkey (default: the wallet's hotkey).")]
Take = Annotated[float | None, typer.Option("--take", help="The childkey take to set, 0..0.18 (omit to show it).")]


def _netuids(rpc: Any, netuid: int | None, all_netuids: bool) -> list[int]:
    from btcli.errors import CliError

    if netuid is not None and all_netuids:
        raise CliError("pass either --netuid or --all-netuids, not both")
    if netuid is None and not all_netuids:
        raise CliError("pass --netuid N (or --all-netuids)")
    if netuid is not None:
        if netuid == 0:
            raise CliError("childkeys cannot be set on the root subnet (0): pass a subnet's --netuid")
        return [netuid]
    return [s["netuid"] for s in rpc.call("taonet_subnets")["subnets"] if s["netuid"] != 0]


def _hotkey(w: Any, hotkey: str | None) -> tuple[str, str]:
    (label, ss58), = hotkey_targets(w, hotkey, None)
    return label, ss58


def _links(links: list[Any]) -> list[dict]:
    return [{"hotkey": c["hotkey"], "proportion": c["fraction"], "proportion_u64": c["proportion"]} for c in links]


# -- get ------------------------------------------------------------------------------------------
def _render_get(console: Any, d: dict) -> None:
    rows = []
    for s in d["subnets"]:
        for c in s["children"]:
            rows.append([s["netuid"], c["hotkey"], f"{c['proportion']:.4f}", "set", f"{s['childkey_take']:.4f}"])
        for c in (s["pending"] or {}).get("children", []):
            rows.append([s["netuid"], c["hotkey"], f"{c['proportion']:.4f}",
                         f"pending (block {s['pending']['cooldown_block']})", ""])
    if not rows:
        console.print(f"Hotkey {d['hotkey']} has no children on {d['network']} "
                      f"({'subnet ' + str(d['netuid']) if d['netuid'] is not None else 'any subnet'}).")
    else:
        output.table(console, f"Children of {d['hotkey']} on {d['network']}", ["netuid", "child", "proportion", "status",
                                                                              "parent's childkey take"], rows, keep=["child"])
    for s in d["subnets"]:
        for p in s["parents"]:
            console.print(f"Subnet {s['netuid']}: parent {p['hotkey']} lends it {p['proportion']:.4f} of its stake")


@child_app.command("get")
def get(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None, netuid: ChildNetuid = None,
        all_netuids: AllNetuids = False, network: Network = None, json_output: JsonOutput = False,
        quiet: Quiet = False) -> None:
    """Show a hotkey's children (set and pending) and parents: btcli stake child get --netuid 1"""
    from client import childkeys

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    label, hk = _hotkey(w, hotkey)
    with connect(network) as rpc:
        if netuid is not None and all_netuids:
            _netuids(rpc, netuid, all_netuids)
        info = childkeys.children(rpc, hk, netuid)
        parents = {s["netuid"]: s["parents"] for s in childkeys.parents(rpc, hk, netuid)["subnets"]}
        net = network or "local"
    subnets = [{"netuid": s["netuid"], "children": _links(s["children"]),
                "pending": None if s["pending"] is None else {"children": _links(s["pending"]["children"]),
                                                              "cooldown_block": s["pending"]["cooldown_block"]},
                "childkey_take": s["take_fraction"], "childkey_take_u16": s["childkey_take"],
                "parents": _links(parents.get(s["netuid"], [])),
                "next_set_children_block": s["next_set_children_block"]}
               for s in info["subnets"] if s["children"] or s["pending"] or netuid is not None or parents.get(s["netuid"])]
    output.emit({"hotkey": hk, "hotkey_name": label, "network": net, "netuid": netuid, "head": info["head"],
                 "subnets": subnets}, _render_get)


# -- set / revoke ---------------------------------------------------------------------------------
def _set(pairs: list[tuple[int, str]], netuid: int | None, all_netuids: bool, hotkey: str | None,
         wallet_name: str | None, wallet_path: str | None, network: str | None, use_keyring: bool | None,
         no_prompt: bool, action: str) -> None:
    from btcli.errors import CliError
    from client import childkeys

    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    label, hk = _hotkey(w, hotkey)
    results: dict[str, Any] = {}
    with connect(network) as rpc:
        targets = _netuids(rpc, netuid, all_netuids)

        def quote() -> list[tuple[int, str, dict]]:
            calls = []
            for n in targets:
                problem = childkeys.set_children_problem(childkeys.children(rpc, hk, n), n, coldkey, hk, pairs)
                problem = problem or childkeys.parents_problem(childkeys.parents(rpc, hk, n), n, [c for _, c in pairs])
                if problem:
                    raise CliError(f"{action} refused on subnet {n}, nothing signed: {problem}")
                calls.append((n, *childkeys.set_children_call(hk, n, pairs)))
            require_funds(rpc, coldkey, calls[0][1], calls[0][2], what=action)
            return calls

        what = ", ".join(f"{c} {p / childkeys.U64_MAX:.4f}" for p, c in pairs) or "no children (revoke)"
        quote()  # a refusal before any password is asked; checked again once the key is unlocked
        pair = unlock(w, use_keyring)  # btcli.chain's order: the checks signed on are never older than the key
        calls = confirm_fresh(quote, lambda _: output.info(
            f"{action} on subnet(s) {', '.join(map(str, targets))}: hotkey {label} ({hk}) → {what}. "
            "On a started subnet this applies after the chain's cooldown."), "Proceed?", no_prompt, lambda old, new: False)
        for n, call, args in calls:
            res = submit(rpc, pair, call, args)
            scheduled = next((e["data"] for e in res["events"] if e["name"] == "subtensor.SetChildrenScheduled"), None)
            results[str(n)] = {"success": res["success"], "error": res.get("message") and f"{res['message']} ({res['error']})",
                               "completion_block": scheduled["cooldown_block"] if scheduled else None,
                               "set_block": res.get("block_number"), "extrinsic_hash": res.get("hash"),
                               "extrinsic_identifier": output.extrinsic_identifier(res)}
    failed = [(n, r) for n, r in results.items() if not r["success"]]
    def render(console: Any, d: dict) -> None:
        for n, r in d.items():
            done = ", applied after block " + str(r["completion_block"]) if r["completion_block"] else ", applied"
            console.print(f"[green]Subnet {n}[/]: {action} in block #{r['set_block']}{done}" if r["success"]
                          else f"[red]Subnet {n}[/]: {r['error']}")

    output.emit(results, render)
    if failed:
        raise typer.Exit(1)


@child_app.command("set")
def set_children(children: ChildrenOpt = None, proportions: Proportions = None, wallet_name: WalletName = None,
                 wallet_path: WalletPath = None, hotkey: Hotkey = None, netuid: ChildNetuid = None,
                 all_netuids: AllNetuids = False, network: Network = None, use_keyring: UseKeyring = None,
                 no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set the hotkey's children (replacing the current ones): btcli stake child set -c SS58 --prop 0.5 --netuid 1"""
    from btcli.errors import CliError
    from client import childkeys
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    kids, props = list(children or []), list(proportions or [])
    if not kids:
        raise CliError("pass at least one --children SS58 with its --prop (or use `btcli stake child revoke`)")
    if len(kids) != len(props):
        raise CliError(f"{len(kids)} --children but {len(props)} --proportions: give one proportion per child")
    for k in kids:
        try:
            decode(k)
        except ValueError:
            raise CliError(f"--children {k!r} is not an ss58 address") from None
    try:
        values = childkeys.proportions_u64(props)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    _set(list(zip(values, kids)), netuid, all_netuids, hotkey, wallet_name, wallet_path, network, use_keyring, no_prompt,
         "set children")


@child_app.command("revoke")
def revoke(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
           netuid: ChildNetuid = None, all_netuids: AllNetuids = False, network: Network = None,
           use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
           quiet: Quiet = False) -> None:
    """Remove all of the hotkey's children: btcli stake child revoke --netuid 1"""
    output.configure(json_output, quiet)
    _set([], netuid, all_netuids, hotkey, wallet_name, wallet_path, network, use_keyring, no_prompt, "revoke children")


def _print_each(line: Any) -> Any:
    """A renderer printing line(item) for each item of a list result."""
    def render(console: Any, d: list) -> None:
        for x in d:
            console.print(line(x))
    return render


# -- take -----------------------------------------------------------------------------------------
@child_app.command("take")
def take(child_hotkey_ss58: ChildHotkey = None, take_value: Take = None, wallet_name: WalletName = None,
         wallet_path: WalletPath = None, hotkey: Hotkey = None, netuid: ChildNetuid = None,
         all_netuids: AllNetuids = False, network: Network = None, use_keyring: UseKeyring = None,
         no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Show or set the childkey take (0..18%): btcli stake child take --take 0.12 --netuid 1"""
    from btcli.errors import CliError
    from client import childkeys, subnets

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    label, hk = (child_hotkey_ss58, child_hotkey_ss58) if child_hotkey_ss58 else _hotkey(w, hotkey)
    try:
        new = None if take_value is None else childkeys.take_u16(take_value)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    with connect(network) as rpc:
        targets = _netuids(rpc, netuid, all_netuids)
        rows = {n: childkeys.children(rpc, hk, n) for n in targets}
        if new is None:
            output.emit([{"netuid": n, "hotkey": hk, "take": r["subnets"][0]["take_fraction"],
                          "take_u16": r["subnets"][0]["childkey_take"]} for n, r in rows.items()],
                        _print_each(lambda x: f"Subnet {x['netuid']}: childkey take of {x['hotkey']} is {x['take']:.4f}"))
            return
        coldkey, wanted = w.coldkeypub().ss58_address, new

        def quote() -> None:
            for n in targets:
                r = childkeys.children(rpc, hk, n)
                s = r["subnets"][0]
                if r["owner"] != coldkey:
                    raise CliError(f"set childkey take refused, nothing signed: hotkey {hk} is owned by "
                                   f"{r['owner'] or 'nobody'}, not by this wallet's coldkey {coldkey}")
                low = next((h["raw"] for h in subnets.hyperparameters(rpc, n)["hyperparameters"]
                            if h["name"] == "min_childkey_take"), None)
                if low is not None and wanted < int(low):
                    raise CliError(f"set childkey take refused on subnet {n}, nothing signed: its min_childkey_take is "
                                   f"{int(low) / 65535:.4f}; pass --take {int(low) / 65535:.4f} or more")
                if wanted > s["childkey_take"] and s["next_take_increase_block"] > r["head"] + 1:
                    raise CliError(f"set childkey take refused on subnet {n}, nothing signed: it can be raised again "
                                   f"from block {s['next_take_increase_block']} (now {r['head']}); lowering it is allowed")
            require_funds(rpc, coldkey, *childkeys.set_take_call(hk, targets[0], wanted), what="set the childkey take")

        quote()  # a refusal before any password is asked; checked again once the key is unlocked
        pair = unlock(w, use_keyring)  # btcli.chain's order: the checks signed on are never older than the key
        confirm_fresh(quote, lambda _: output.info(
            f"Childkey take of {label} on subnet(s) {', '.join(map(str, targets))} → {new / 65535:.4f}"),
            "Proceed?", no_prompt, lambda old, fresh: False)
        results = []
        for n in targets:
            res = submit(rpc, pair, *childkeys.set_take_call(hk, n, new))
            results.append({"netuid": n, "success": res["success"], "take": new / 65535, "take_u16": new,
                            "block_number": res.get("block_number"),
                            "extrinsic_identifier": output.extrinsic_identifier(res), "error": res.get("message")})
    output.emit(results, _print_each(lambda x: f"Subnet {x['netuid']}: childkey take {x['take']:.4f}"
                                     + ("" if x["success"] else f" failed: {x['error']}")))
    if not all(x["success"] for x in results):
        raise typer.Exit(1)
