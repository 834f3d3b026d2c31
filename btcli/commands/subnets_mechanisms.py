"""`btcli subnets mechanisms count | set | emissions | split-emissions` (alias group `mech`, alias
`emissions-split`): a subnet's sub-mechanisms, their count and the emission split across them.

Registered on the subnets sub-app (`btcli.commands.subnets.app`); main.py imports this module.
Flags and JSON keys are the real btcli 9.23.2's. The owner's calls are checked before signing
(client.mechanisms: owner, rate limit, count within MaxMechanismCount and the uid cap, split of
the mechanism count summing to 65535).
"""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.subnets import app
from btcli.options import (
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

mech_app = typer.Typer(no_args_is_help=True, help="Sub-mechanisms of a subnet: count, emission split. Alias: mech.")
app.add_typer(mech_app, name="mechanisms")
app.add_typer(mech_app, name="mech", hidden=True)

Count = Annotated[int | None, typer.Option("--count", "--mech-count", help="Number of mechanisms to set for the subnet (1 = the main mechanism only).")]
Split = Annotated[str | None, typer.Option("--split", help="Comma-separated relative weights for each mechanism, in mechanism order (normalised to u16 parts summing to 65535), e.g. 25,75.")]


def _need_netuid(netuid: int | None) -> int:
    if netuid is None:
        raise typer.BadParameter("pass --netuid")
    return netuid


@mech_app.command("count")
def count(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Display how many mechanisms are registered under a subnet (1 = no mechanisms beyond the main one).

    JSON: {netuid, count, error}.

    Example: btcli subnets mechanisms count --netuid 1
    """
    from client.mechanisms import mechanisms

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    with connect(network) as rpc:
        info = mechanisms(rpc, n)
    c = info["count"]
    output.emit({"netuid": n, "count": c, "error": ""},
                lambda con, d: con.print(f"Subnet {n} currently has {c} mechanism{'s' if c != 1 else ''} "
                                         f"(at most {info['max_count']}).\n[dim](1 mechanism means there are no "
                                         "mechanisms beyond the main subnet)[/]"))


@mech_app.command("emissions")
def emissions(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False,
              quiet: Quiet = False) -> None:
    """Display the current emission split across a subnet's mechanisms.

    JSON: {netuid, raw_count, visible_count, split, percentages, even_distribution} (split: the u16
    parts in effect; even_distribution when none is stored).

    Example: btcli subnets mechanisms emissions --netuid 1
    """
    from btcli.errors import CliError
    from client.mechanisms import mechanisms, percentages

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    with connect(network) as rpc:
        info = mechanisms(rpc, n)
    c = info["count"]
    if c == 1:
        raise CliError(f"subnet {n} only has the primary mechanism (mechanism 0): no emission split to display; "
                       f"add mechanisms with `btcli subnets mechanisms set --netuid {n} --count 2`")
    split = info["effective_split"]
    data = {"netuid": n, "raw_count": c, "visible_count": max(c - 1, 0), "split": split,
            "percentages": percentages(split), "even_distribution": info["split"] is None}
    output.emit(data, lambda con, d: _render_split(con, n, split, d["even_distribution"]))


def _render_split(console: Any, netuid: int, split: list[int], even: bool) -> None:
    rows = [[("main (0)" if m == 0 else str(m)), str(v), f"{p:.4f}%"]
            for m, (v, p) in enumerate(zip(split, _pct(split)))]
    output.table(console, f"Subnet {netuid} emission split{' (even)' if even else ''}", ["mechanism", "u16", "share"], rows)


def _pct(split: list[int]) -> list[float]:
    from client.mechanisms import percentages

    return percentages(split)


@mech_app.command("set")
def set_count(netuid: Netuid = None, mechanism_count: Count = None, wallet_name: WalletName = None,
              wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
              no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Configure how many mechanisms a subnet runs (its owner only; rate limited). Mechanism 0 is the
    main one; a new count resets the emission split to even, a lower one drops the removed mechanisms'
    weights and bonds. The subnet's max_allowed_uids × count may not exceed 256.

    JSON: {success, message, extrinsic_identifier, block_number, hash, netuid, count}.

    Example: btcli subnets mechanisms set --netuid 1 --count 2 --no-prompt
    """
    from client import preflight
    from client.mechanisms import COUNT_CALL, count_blocked, mechanisms

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    if mechanism_count is None:
        raise typer.BadParameter("pass --count (the number of mechanisms, 1 or more)")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    args = {"netuid": n, "mechanism_count": mechanism_count}
    with connect(network) as rpc:
        current = mechanisms(rpc, n)["count"]
        if current == mechanism_count:
            message = f"Subnet {n} already has {mechanism_count} mechanism{'s' if mechanism_count != 1 else ''}."
            output.emit({"success": True, "message": message, "extrinsic_identifier": None},
                        lambda c, d: c.print(f"[green]{message}[/] Nothing to sign."))
            return
        pair = unlock(w, use_keyring)

        def quote() -> int:
            info = mechanisms(rpc, n)
            preflight.refuse(count_blocked(info, coldkey, mechanism_count))
            require_funds(rpc, coldkey, COUNT_CALL, args, 0, f"set subnet {n}'s mechanism count")
            return int(info["count"])

        old = confirm_fresh(quote, lambda c: output.info(f"Subnet {n} has {c} mechanism{'s' if c != 1 else ''}; "
                                                         f"set it to {mechanism_count}."),
                            f"Set subnet {n}'s mechanism count to {mechanism_count}?", no_prompt, lambda a, b: a != b)
        res = submit(rpc, pair, COUNT_CALL, args)
    from btcli.commands.wallet_identity import done

    message = f"Mechanism count set to {mechanism_count} for subnet {n}"
    done(res, {"message": message, "netuid": n, "count": mechanism_count, "previous_count": old},
         lambda c, d: c.print(f"[green]{message}[/] (was {old}; block #{d['block_number']})"))


@mech_app.command("split-emissions")
def split_emissions(netuid: Netuid = None, split: Split = None, wallet_name: WalletName = None,
                    wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
                    no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Update the emission split across a subnet's mechanisms (its owner only; rate limited): one
    relative weight per mechanism (u16 values or percentages), normalised to u16 parts summing to 65535.

    JSON: {success, err_msg, split, percentages, extrinsic_identifier, block_number, hash, netuid};
    an unchanged split: {success, message, split, percentages, extrinsic_identifier: null}.

    Example: btcli subnets mechanisms split-emissions --netuid 1 --split 25,75 --no-prompt
    """
    from btcli.errors import CliError
    from client import preflight
    from client.mechanisms import (
        SPLIT_CALL,
        mechanisms,
        normalize_split,
        parse_split,
        percentages,
        split_blocked,
    )

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    if split is None:
        raise typer.BadParameter("pass --split, one relative weight per mechanism (e.g. --split 25,75)")
    try:
        parts = normalize_split(parse_split(split))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    args = {"netuid": n, "maybe_split": parts}
    with connect(network) as rpc:
        info = mechanisms(rpc, n)
        if len(parts) != info["count"]:
            raise CliError(f"expected {info['count']} weight values for subnet {n}'s {info['count']} mechanisms, "
                           f"received {len(parts)}")
        if parts == info["effective_split"] and info["split"] is not None:
            output.emit({"success": True, "message": "Emission split unchanged.", "split": parts,
                         "percentages": percentages(parts), "extrinsic_identifier": None},
                        lambda c, d: c.print("[green]Emission split unchanged.[/] Nothing to sign."))
            return
        pair = unlock(w, use_keyring)

        def quote() -> list[int]:
            fresh = mechanisms(rpc, n)
            preflight.refuse(split_blocked(fresh, coldkey, parts))
            require_funds(rpc, coldkey, SPLIT_CALL, args, 0, f"set subnet {n}'s emission split")
            return list(fresh["effective_split"])

        confirm_fresh(quote, lambda cur: output.info(f"Subnet {n} emission split: {cur} → {parts} "
                                                     f"({', '.join(f'{p:.2f}%' for p in percentages(parts))})"),
                      f"Set subnet {n}'s emission split?", no_prompt, lambda a, b: a != b)
        res = submit(rpc, pair, SPLIT_CALL, args)
    from btcli.commands.wallet_identity import done

    def render(c: Any, d: dict) -> None:
        c.print(f"[green]Emission split updated for subnet {n}[/] (block #{d['block_number']})")
        _render_split(c, n, parts, False)

    done(res, {"err_msg": "", "split": parts, "percentages": percentages(parts), "netuid": n}, render)


mech_app.command("emissions-split", hidden=True)(split_emissions)
