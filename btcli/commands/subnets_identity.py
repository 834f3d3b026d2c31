"""`btcli subnets get-identity | set-identity | set-symbol | check-start`: a subnet's identity
(SubnetIdentityV3), its token symbol, and whether it can be started now (the start-call delay).

Registered on the subnets sub-app (`btcli.commands.subnets.app`); main.py imports this module.
Flags are the real btcli 9.23.2's; a set-identity field left out keeps its current value, an
empty one clears it. JSON keys follow the real btcli's where it prints the same data.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.subnets import app
from btcli.options import JsonOutput, Netuid, Network, NoPrompt, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet


def _need_netuid(netuid: int | None) -> int:
    if netuid is None:
        raise typer.BadParameter("pass --netuid")
    return netuid


def _render(console: Any, netuid: int, network: str, identity: dict[str, str], title: str) -> None:
    rows = [["netuid", str(netuid)]] + [[k, v or "~"] for k, v in identity.items()]
    output.table(console, f"{title} on {network}", ["item", "value"], rows)


@app.command("get-identity")
def get_identity(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False,
                 quiet: Quiet = False) -> None:
    """Show a subnet's on-chain identity (name, GitHub repo, contact, URL, Discord, description, logo).

    JSON: the identity's fields (subnet_name, github_repo, subnet_contact, subnet_url, discord,
    description, logo_url, additional) as the real btcli prints them, plus netuid, symbol and
    network; {} when the subnet has none.

    Example: btcli subnets get-identity --netuid 1
    """
    from client.identity import subnet_identity

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    with connect(network) as rpc, output.status("Reading the subnet identity…"):
        label = rpc.label
        info = subnet_identity(rpc, n)
    found = info["identity"]
    if found is None:
        output.emit({}, lambda c, d: c.print(f"Subnet {n} has no on-chain identity on {label}."))
        return
    output.emit({**found, "netuid": n, "symbol": info["symbol"], "network": label},
                lambda c, d: _render(c, n, label, found, f"Subnet {n} identity"))


KEPT = " (left out: kept; \"\": cleared)."
Description = Annotated[Optional[str], typer.Option("--description", help="Description, at most 1024 bytes" + KEPT)]
SubnetName = Annotated[Optional[str], typer.Option("--subnet-name", "--sn-name", help="Name of the subnet, at most 256 bytes" + KEPT)]
GithubRepo = Annotated[Optional[str], typer.Option("--github-repo", "--repo", help="GitHub repository URL, at most 1024 bytes" + KEPT)]
Contact = Annotated[Optional[str], typer.Option("--subnet-contact", "--contact", "--email", help="Contact, at most 1024 bytes" + KEPT)]
SubnetUrl = Annotated[Optional[str], typer.Option("--subnet-url", "--url", help="Subnet URL, at most 1024 bytes" + KEPT)]
DiscordHandle = Annotated[Optional[str], typer.Option("--discord-handle", "--discord", help="Discord handle, at most 256 bytes" + KEPT)]
LogoUrl = Annotated[Optional[str], typer.Option("--logo-url", help="Logo URL, at most 1024 bytes" + KEPT)]
AdditionalInfo = Annotated[Optional[str], typer.Option("--additional-info", help="Additional information, at most 1024 bytes" + KEPT)]


@app.command("set-identity")
def set_identity(netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
                 subnet_name: SubnetName = None, github_repo: GithubRepo = None, subnet_contact: Contact = None,
                 subnet_url: SubnetUrl = None, discord: DiscordHandle = None, description: Description = None,
                 logo_url: LogoUrl = None, additional: AdditionalInfo = None,
                 network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                 json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set or update a subnet's identity (its owner only; costs the extrinsic fee). The name
    becomes the subnet's name in `btcli subnets list/show`.

    JSON: {success, extrinsic_identifier, error, block_number, hash, netuid, identity}.

    Example: btcli subnets set-identity --netuid 1 --subnet-name MySubnet --github-repo https://github.com/me/sn --no-prompt
    """
    from btcli.commands.wallet_identity import done, preview
    from client import identity as ident
    from client import preflight

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    given = {"subnet_name": subnet_name, "github_repo": github_repo, "subnet_contact": subnet_contact,
             "subnet_url": subnet_url, "discord": discord, "description": description, "logo_url": logo_url,
             "additional": additional}
    with connect(network) as rpc:
        label = rpc.label
        pair = unlock(w, use_keyring)

        def quote() -> dict[str, str]:
            info = ident.subnet_identity(rpc, n)
            values = ident.merged(info["identity"], given, ident.SUBNET_FIELDS)
            preflight.refuse(ident.subnet_identity_blocked(info, coldkey, values))
            require_funds(rpc, coldkey, "subtensor.set_subnet_identity", {"netuid": n, **values}, 0,
                          f"set subnet {n}'s identity")
            return values

        values = confirm_fresh(quote, lambda v: output.info(f"Subnet {n} identity to set on {label}: {preview(v)}"),
                               f"Set subnet {n}'s identity?", no_prompt, lambda old, new: old != new)
        res = submit(rpc, pair, "subtensor.set_subnet_identity", {"netuid": n, **values})
        stored = ident.subnet_identity(rpc, n)["identity"] if res["success"] else None
    done(res, {"netuid": n, "identity": stored, "network": label},
         lambda c, d: _render(c, n, label, stored or {}, f"New subnet {n} identity"))


@app.command("set-symbol")
def set_symbol(symbol: Annotated[str, typer.Argument(help="The new token symbol: one glyph of the chain's list (`btcli subnets set-symbol --help`; `taonet_tokenSymbols` lists the free ones).")],
               netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
               network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
               json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Change the subnet's token symbol (its owner only) to a symbol of the chain's list that no
    subnet uses yet.

    JSON: {success, message, extrinsic_identifier, block_number, hash, netuid, symbol}.

    Example: btcli subnets set-symbol --netuid 1 シ
    """
    from btcli.commands.wallet_identity import done
    from btcli.errors import CliError
    from client import identity as ident
    from client import preflight

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    if len(symbol) != 1:
        raise CliError(f"the symbol must be a single character, not {symbol!r}")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    call, args = "subtensor.update_symbol", {"netuid": n, "symbol": symbol}
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> str:
            info = ident.subnet_identity(rpc, n)
            preflight.refuse(ident.symbol_blocked(info, coldkey, symbol, ident.token_symbols_now(rpc)["in_use"]))
            require_funds(rpc, coldkey, call, args, 0, f"change subnet {n}'s symbol")
            return info["symbol"]

        old = confirm_fresh(quote, lambda cur: output.info(f"Subnet {n}'s symbol: {cur or '(none)'} → {symbol}"),
                            f"Change subnet {n}'s symbol to {symbol}?", no_prompt, lambda a, b: a != b)
        res = submit(rpc, pair, call, args)
    message = f"Successfully updated SN{n}'s symbol to {symbol}."
    done(res, {"message": message, "netuid": n, "symbol": symbol, "previous_symbol": old},
         lambda c, d: c.print(f"[green]{message}[/] (was {old or '(none)'}; block #{d['block_number']})"))


@app.command("check-start")
def check_start(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False,
                quiet: Quiet = False) -> None:
    """Whether a subnet's emission can be started now: its registration block plus the chain's
    start-call delay (read only).

    JSON: {netuid, registered_at, start_call_delay, earliest_start_block, current_block, started,
    first_emission_block, can_start, blocks_remaining, network}.

    Example: btcli subnets check-start --netuid 1
    """
    from client.identity import start_schedule

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    with connect(network) as rpc:
        label = rpc.label
        s = start_schedule(rpc, n)
    data = {k: v for k, v in s.items() if k != "head"}
    data.update(current_block=s["head"], network=label)

    def render(c: Any, d: dict) -> None:
        c.print(f"Subnet {n} on {label}: registered at block {d['registered_at']}, current block {d['current_block']}, "
                f"minimum start block {d['earliest_start_block']} (delay {d['start_call_delay']} blocks).")
        if d["started"]:
            c.print(f"[green]Already started[/] (first emission block {d['first_emission_block']}).")
        elif d["can_start"]:
            c.print("[green]The emission schedule can be started[/]: `btcli subnets start --netuid "
                    f"{n}` (the owner).")
        else:
            c.print(f"[yellow]{d['blocks_remaining']} blocks to wait[/] before the owner can start it.")

    output.emit(data, render)
