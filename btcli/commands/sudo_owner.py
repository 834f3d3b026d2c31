"""`btcli sudo trigger-epoch | trim | stake-burn (alias buyback)`: a subnet owner's calls.

Registered on the sudo sub-app (`btcli.commands.sudo.app`); main.py imports this module. The flags
and JSON keys are the real btcli 9.23.2's ({success, message, extrinsic_identifier, …}); what the
chain would refuse is refused before signing (client/sudo_owner.py), in one line.
"""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.sudo import app
from btcli.options import (
    HotkeyOrSs58,
    JsonOutput,
    Netuid,
    Network,
    NoPrompt,
    Quiet,
    SafeStaking,
    Tolerance,
    UseKeyring,
    WalletName,
    WalletPath,
    resolve_wallet,
)


def _done(res: dict[str, Any], message: str, extra: dict[str, Any]) -> None:
    """The outcome in the real btcli's keys: {success, message, extrinsic_identifier, …extra}; a failed
    call raises one line (its fee was paid)."""
    from btcli.errors import CliError

    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')}; the fee was paid)")
    ext_id = output.extrinsic_identifier(res)
    output.emit({"success": True, "message": message, "extrinsic_identifier": ext_id,
                 "block_number": res["block_number"], **extra},
                lambda c, d: c.print(f"[green]{d['message']}[/] (block #{d['block_number']})"))


def _event(res: dict[str, Any], name: str) -> dict[str, Any]:
    return next((e["data"] for e in res["events"] if e["name"] == name), {})


@app.command("trigger-epoch")
def trigger_epoch(netuid: Netuid = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
                  network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                  json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Run your subnet's next epoch early: it fires 10 blocks (the admin freeze window) after the
    trigger. Refused while commit-reveal is on, while a trigger is pending, when the automatic epoch
    is under 10 blocks away, and more often than once per owner_hparam_rate_limit tempos.

    JSON: {success, message, extrinsic_identifier, fires_at, block_number}.

    Example: btcli sudo trigger-epoch --netuid 2
    """
    from client import preflight, subnets
    from client import sudo_owner as so

    output.configure(json_output, quiet)
    if netuid is None:
        raise typer.BadParameter("pass --netuid, the subnet you own")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> dict[str, Any]:
            info = subnets.subnet_info(rpc, netuid)
            preflight.refuse(so.trigger_blocked(info, coldkey, info["head"]))
            require_funds(rpc, coldkey, "subtensor.trigger_epoch", {"netuid": netuid}, 0, "trigger the epoch")
            return info

        confirm_fresh(quote, lambda info: output.info(
            f"Trigger an epoch on subnet {netuid}: it fires about {so.ADMIN_FREEZE_WINDOW} blocks after inclusion "
            f"(the automatic one is due at block {(info.get('last_epoch_block') or 0) + (info.get('tempo') or 0)})"),
            "Proceed?", no_prompt, lambda old, new: False)
        res = submit(rpc, pair, "subtensor.trigger_epoch", {"netuid": netuid})
    fires_at = _event(res, "subtensor.EpochTriggered").get("fires_at")
    message = f"Epoch triggered on SN{netuid}" + (f"; it will fire at block {fires_at} at the earliest" if fires_at else "")
    _done(res, message, {"fires_at": fires_at, "netuid": netuid})


@app.command("trim")
def trim(netuid: Netuid = None,
         max_uids: Annotated[int | None, typer.Option("--max", "--max-uids",
                                                         help="The number of uids to keep (the new max_allowed_uids).")] = None,
         wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
         use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
         quiet: Quiet = False) -> None:
    """Trim your subnet to --max uids: max_allowed_uids becomes --max, and the neurons above it go,
    lowest emission first, never an immune one (the owner's, or within the immunity period); the
    rest are renumbered 0..max-1 in their order, weights and bonds with them. The owner may trim once
    per 30 days of blocks (the sudo key any time), outside the admin freeze window.

    JSON: {success, message, extrinsic_identifier, block_number, netuid, max_uids, trimmed_uids, neurons}.

    Example: btcli sudo trim --netuid 2 --max 64
    """
    from btcli.errors import CliError
    from client import preflight, subnets
    from client import sudo_owner as so

    output.configure(json_output, quiet)
    if netuid is None or max_uids is None:
        raise typer.BadParameter("pass --netuid and --max (the number of uids to keep)")
    if not 0 <= max_uids <= 65535:
        raise CliError(f"--max takes a whole number of uids in [0, 65535], got {max_uids}")
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> tuple[str, dict[str, Any], list[int]]:
            sudo_key = rpc.call("taonet_chainInfo").get("sudo_key")
            info = subnets.subnet_info(rpc, netuid)
            mg = subnets.metagraph(rpc, netuid)
            limit = int(so.raw_values(info).get("immune_owner_uids_limit", 1) or 1)
            preview = so.trim_preview(mg, info["owner_coldkey"], info["owner_hotkey"], limit, max_uids)
            preflight.refuse(so.trim_blocked(info, coldkey, sudo_key, max_uids, len(preview["immune"])))
            trim_args: dict[str, Any] = {"netuid": netuid, "max_n": max_uids}
            call, args = ("admin_utils.trim_to_max_allowed_uids", trim_args)
            if coldkey != info["owner_coldkey"]:  # the sudo key (trim_blocked refused anyone else)
                call, args = "sudo.sudo", {"call": {"call": call, "args": trim_args}}
            require_funds(rpc, coldkey, call, args, 0, "trim the subnet")
            return call, args, preview["dropped"]

        call, args, dropped = confirm_fresh(quote, lambda q: output.info(
            f"Trim subnet {netuid} to {max_uids} uids: " + (f"uids {', '.join(map(str, q[2]))} are dropped"
                                                              if q[2] else "no neuron is dropped")),
            "Proceed?", no_prompt, lambda old, new: old[2] != new[2])
        res = submit(rpc, pair, call, args)
        neurons = subnets.subnet_info(rpc, netuid).get("neurons") if res["success"] else None
    _done(res, f"Successfully trimmed UIDs on SN{netuid} to {max_uids}",
          {"netuid": netuid, "max_uids": max_uids, "trimmed_uids": dropped, "neurons": neurons})


@app.command("stake-burn")
def stake_burn(netuid: Netuid = None,
               amount: Annotated[str | None, typer.Option("--amount", "-a", help="TAO to stake and burn (9 decimals).")] = None,
               hotkey: HotkeyOrSs58 = None, tolerance: Tolerance = None, safe_staking: SafeStaking = None,
               wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
               use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
               quiet: Quiet = False) -> None:
    """Buy back your subnet's alpha: stake --amount TAO to --hotkey through the pool and burn the
    alpha bought (add_stake_burn). Owner only, once per tempo; with safe staking (the default) the
    price may rise at most --tolerance, else nothing is bought. The burned alpha leaves every stake
    but stays in alpha outstanding; the TAO stays in the pool. Alias: buyback.

    JSON: {success, message, extrinsic_identifier, block_number, netuid, hotkey, amount, alpha_burned, preview}.

    Example: btcli sudo stake-burn --netuid 2 --amount 10 --tolerance 0.05
    """
    from btcli.commands.stake import amount_rao, hotkey_targets
    from btcli.errors import CliError
    from btcli.options import safe_settings
    from client import stake_preview as sp
    from client import subnets
    from client import sudo_owner as so

    output.configure(json_output, quiet)
    if netuid is None:
        raise typer.BadParameter("pass --netuid, the subnet you own")
    if netuid == 0:
        raise CliError("cannot stake and burn on the root subnet: pass the --netuid of your subnet")
    rao = amount_rao(amount)
    safe, tol, _ = safe_settings(safe_staking, tolerance, False)
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    (_, hk), = hotkey_targets(w, hotkey, None)
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> Any:
            info = subnets.subnet_info(rpc, netuid)
            item = so.burn_preview(rpc, info, coldkey, hk, rao, sp.Safety(safe, tol, False))
            if not item.ok:
                raise CliError(f"stake-burn refused, nothing signed: {item.message}")
            return item

        def show(item: Any) -> None:
            limit = "" if item.limit is None else f", limit price {item.limit / 1e9:.9f} τ/α (tolerance {tol:.2%})"
            output.info(f"Stake-burn on subnet {netuid}: {sp.tao(rao)} to {hk} buys about {sp.alpha(item.received or 0)} at "
                        f"{item.price:.9f} τ/α, all burned (pool fee {sp.tao(item.pool_fee)}, fee {sp.tao(item.tx_fee or 0)}"
                        f"{limit})")

        item = confirm_fresh(quote, show, "Proceed?", no_prompt, lambda old, new: sp.changed([old], [new], tol))
        res = submit(rpc, pair, *so.burn_call(item))
    burned = _event(res, "subtensor.AlphaBurned").get("alpha")
    _done(res, f"Subnet stake burn succeeded on SN{netuid}.",
          {"netuid": netuid, "hotkey": hk, "amount": rao / 1e9, "alpha_burned": None if burned is None else burned / 1e9,
           "preview": item.to_json()})
