"""`btcli sudo set | get`: subnet hyperparameters (owner-settable ones by the owner, all by sudo);
`btcli sudo set-take | get-take`: a hotkey's validator take."""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.options import (
    HotkeyOrSs58, JsonOutput, Netuid, Network, NoPrompt, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet,
)

app = typer.Typer(no_args_is_help=True, help="Subnet hyperparameters (get, set) and validator takes (get-take, set-take).")


@app.command("get")
def get(netuid: Netuid = None, network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Every hyperparameter of a subnet, its range and who may set it; JSON rows carry the real
    btcli's `normalized_value` too (what `sudo set --normalize` takes)."""
    from btcli.commands.subnets import render_hyperparameters
    from btcli.commands.sudo_params import normalized
    from client import subnets

    output.configure(json_output, quiet)
    if netuid is None:
        raise typer.BadParameter("pass --netuid")
    with connect(network) as rpc:
        data = subnets.hyperparameters(rpc, netuid)
    for row in data["hyperparameters"]:
        row["normalized_value"] = normalized(row["name"], row["raw"])
    output.emit(data, render_hyperparameters)


@app.command("set")
def set_param(netuid: Netuid = None,
              param: Annotated[Optional[str], typer.Option("--param", "--parameter", help="Its name, e.g. tempo (see `btcli sudo get`).")] = None,
              value: Annotated[Optional[str], typer.Option("--value", help="The new value (true/false for switches).")] = None,
              normalize: Annotated[bool, typer.Option("--normalize", help="Give --value in its normalized form (`sudo get`'s "
                                                      "NORMALIZED column: 0.5 for a u16 proportion, TAO for a burn).")] = False,
              wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
              use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
              quiet: Quiet = False) -> None:
    """Set a hyperparameter. The sudo key's wallet sets any of them (through sudo); a subnet owner
    sets the owner-settable ones within their bounds and rate limit."""
    from btcli.errors import CliError
    from client import preflight, subnets
    from consensus import params as hp

    output.configure(json_output, quiet)
    if netuid is None or not param or value is None:
        raise typer.BadParameter("pass --netuid, --param and --value")
    from btcli.commands import sudo_params

    if param in sudo_params.SPECIAL:  # alpha_values, the owner hotkey, and the names refused with a reason
        return sudo_params.set_special(netuid, param, value, wallet_name, wallet_path, network, use_keyring, no_prompt)
    try:
        spec = hp.get(param)
        value = sudo_params.denormalize(spec.name, value) if normalize else value
    except ValueError as exc:
        raise CliError(str(exc)) from None
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> tuple[bool, str, dict]:
            sudo_key = rpc.call("taonet_chainInfo")["sudo_key"]
            info = subnets.subnet_info(rpc, netuid)
            preflight.refuse(preflight.setter_blocked(coldkey, sudo_key, info["owner_coldkey"], netuid))
            as_sudo = coldkey == sudo_key  # sudo sets any parameter, free of the owner bounds and rate limit
            typed, stored = _value(spec, value, as_sudo)
            inner: dict[str, Any] = {"call": "admin_utils.set_hyperparameter",
                     "args": {"netuid": netuid, "parameter": spec.name, "value": typed}}
            preflight.refuse(preflight.hyperparameter_blocked(info["hyperparameters"], spec.name, stored, as_sudo, netuid,
                                                              info["neurons"], info.get("head")))
            call, args = ("sudo.sudo", {"call": inner}) if as_sudo else (inner["call"], inner["args"])
            require_funds(rpc, coldkey, call, args, 0, f"set {spec.name}")
            return as_sudo, call, args

        as_sudo, call, args = confirm_fresh(quote, lambda q: output.info(
            f"Set {spec.name} = {value} on subnet {netuid} as {'sudo' if q[0] else 'the owner'}"), "Proceed?", no_prompt,
            lambda old, new: old[0] != new[0])
        res = submit(rpc, pair, call, args)
        if not res["success"]:
            raise CliError(f"{res.get('message')} ({res.get('error')})")
        current = next(h for h in subnets.hyperparameters(rpc, netuid)["hyperparameters"] if h["name"] == spec.name)
    output.emit({"success": True, "err_msg": "", "extrinsic_identifier": output.extrinsic_identifier(res), "netuid": netuid,
                 "param": spec.name, "value": current["value"], "as_sudo": as_sudo, "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Set[/] {d['param']} = {d['value']} on subnet {d['netuid']} "
                                     f"in block #{d['block_number']}"))


def _value(spec: Any, value: str, as_sudo: bool) -> tuple[Any, Any]:
    """(the value sent, the value the chain stores): checked against the parameter's range, except
    sudo's tempo, which the chain takes in 1..65535."""
    from btcli.errors import CliError
    from consensus import params as hp

    if as_sudo and spec.name == "tempo":
        if not value.strip().isdigit():
            raise CliError(f"tempo takes a whole number, not {value!r}")
        return int(value), int(value)
    try:
        stored = hp.validate(spec.name, value)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return (value if spec.type == "float" else stored), stored


# -- validator take --------------------------------------------------------------------------
def _take_line(console: Any, d: dict) -> None:
    console.print(f"Take of {d['hotkey']}: {d['take'] * 100:.2f}% ({d['take_u16']} of 65535)"
                  + (f", set in block #{d['block_number']}" if d.get("block_number") else ""))


@app.command("get-take")
def get_take(hotkey: HotkeyOrSs58 = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
             network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """A hotkey's validator (delegate) take: the share of its dividends kept by its owner."""
    from btcli.commands.stake import hotkey_targets
    from client import claims

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    (_, hk), = hotkey_targets(w, hotkey, None)
    with connect(network) as rpc:
        info = claims.delegate_take(rpc, hk)
    output.emit({"current_take": info["take_fraction"], "hotkey": hk, "owner": info["owner"], "take": info["take_fraction"],
                 "take_u16": info["take"],
                 "min_take": info["min_take"] / claims.U16_MAX, "max_take": info["max_take"] / claims.U16_MAX,
                 "last_change": info["last_change"], "next_increase_block": info["next_increase_block"]}, _take_line)


@app.command("set-take")
def set_take(take: Annotated[Optional[float], typer.Option("--take", help="The new take as a fraction, 0 to 0.18 (e.g. 0.12 for 12%).")] = None,
             hotkey: HotkeyOrSs58 = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
             network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
             json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Change your hotkey's validator take: a raise waits out the delegate-take rate limit, a cut does not."""
    from btcli.commands.stake import hotkey_targets
    from btcli.errors import CliError
    from client import claims

    output.configure(json_output, quiet)
    if take is None:
        raise typer.BadParameter("pass --take, a fraction between 0 and 0.18 (e.g. 0.12)")
    try:
        new = claims.take_u16(take)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    (_, hk), = hotkey_targets(w, hotkey, None)
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> tuple[claims.DelegateTake, str, dict]:
            info = claims.delegate_take(rpc, hk)
            if info["owner"] != coldkey:
                raise CliError(f"hotkey {hk} is owned by {info['owner'] or 'nobody (never registered)'}, not by this "
                               f"wallet's coldkey {coldkey}")
            try:
                call, args = claims.take_call(hk, info["take"], new)
            except ValueError as exc:
                raise CliError(str(exc)) from None
            if call.endswith("increase_take") and info["next_increase_block"] > info["head"] + 1:
                raise CliError(f"the take was changed in block {info['last_change']}; it can be raised again from "
                               f"block {info['next_increase_block']} (now {info['head']})")
            require_funds(rpc, coldkey, call, args, 0, "change the take")
            return info, call, args

        info, call, args = confirm_fresh(quote, lambda q: output.info(
            f"Take of {hk}: {q[0]['take_fraction'] * 100:.2f}% → {new / claims.U16_MAX * 100:.2f}%"), "Proceed?",
            no_prompt, lambda old, new_q: old[1] != new_q[1])
        res = submit(rpc, pair, call, args)
        if not res["success"]:
            raise CliError(f"{res.get('message')} ({res.get('error')})")
    output.emit({"success": True, "extrinsic_identifier": output.extrinsic_identifier(res), "hotkey": hk,
                 "previous": info["take_fraction"], "take": new / claims.U16_MAX, "take_u16": new, "call": call,
                 "block_number": res["block_number"]}, _take_line)
