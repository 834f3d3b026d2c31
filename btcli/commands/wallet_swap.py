"""`btcli wallet swap-hotkey | swap-coldkey <action> | swap-check`: key swaps, with the real btcli
9.23.2's arguments and flags (rules: node.runtime.swap_hotkey / swap_coldkey; pre-flight:
client.key_swaps). Registered on the wallet sub-app (`btcli.commands.wallet.app`); main.py imports
this module. Nothing is signed when the chain would refuse.
"""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.wallet import app
from btcli.options import (
    Hotkey,
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

ACTIONS = ("announce", "execute", "dispute", "clear", "check")
AllNetuids = Annotated[bool, typer.Option("--all-netuids/--no-all-netuids", "--all/--not-all",
                                          help="Swap on every subnet (the default when --netuid is not given).")]
NewColdkey = Annotated[str | None, typer.Option(
    "--new-coldkey", "--new-coldkey-ss58", "--new-wallet", "--new",
    help="The new coldkey: an ss58 address or the name of a wallet under the wallet path.")]
ShowAll = Annotated[bool, typer.Option("--all", "-a", help="Every pending coldkey swap announcement.")]
WalletOrSs58 = Annotated[str | None, typer.Option(
    "--wallet-name", "--name", "--wallet_name", "--wallet.name", "--ss58", "--ss58-address",
    help="The coldkey to check: a wallet name or an ss58 address (default: every announcement with --all).")]


def _fail(res: dict) -> None:
    from btcli.errors import CliError

    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')}; the fee was paid)")


@app.command("swap-hotkey")
def swap_hotkey(destination_hotkey_name: Annotated[str | None, typer.Argument(
                    help="The new hotkey: a hotkey name of the same wallet (a new, unregistered one).")] = None,
                wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
                netuid: Netuid = None, all_netuids: AllNetuids = False, network: Network = None,
                use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
                quiet: Quiet = False) -> None:
    """Swap the wallet's hotkey (--hotkey) for a new hotkey of the same wallet, on every subnet (the
    default, costs the chain's KeySwapCost) or on one (--netuid, costs KeySwapOnSubnetCost): its uids,
    stake (every nominator's), childkeys, take and subnet ownership move to the new hotkey.

    JSON: {success, extrinsic_identifier} as the real btcli, plus old_hotkey, new_hotkey, netuid,
    cost (TAO), block_number.

    Example: btcli wallet swap-hotkey new_hk --wallet-name alice --hotkey old_hk
    """
    from btcli.errors import CliError
    from client import key_swaps, preflight, subnets
    from client.errors import ClientError

    output.configure(json_output, quiet)
    if netuid is not None and all_netuids:
        raise typer.BadParameter("--netuid or --all-netuids, not both")
    if not destination_hotkey_name:
        raise typer.BadParameter("name the new hotkey: btcli wallet swap-hotkey NEW_HOTKEY_NAME --hotkey OLD_HOTKEY_NAME")
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    try:
        old_hk = w.hotkeypub().ss58_address
        new_hk = w.hotkeypub(destination_hotkey_name).ss58_address
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise CliError(f"cannot read the hotkey: {exc}; create it with `btcli wallet new-hotkey`") from None
    coldkey = w.coldkeypub().ss58_address
    call, args = "subtensor.swap_hotkey", {"hotkey": old_hk, "new_hotkey": new_hk, "netuid": netuid}
    where = f"subnet {netuid}" if netuid is not None else "all subnets"
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> int:
            info = key_swaps.status(rpc, coldkey)
            preflight.refuse(key_swaps.hotkey_swap_blocked(subnets.hotkey_owner(rpc, old_hk),
                                                           subnets.hotkey_owner(rpc, new_hk), coldkey, netuid, info))
            try:
                root_pool = subnets.nominators(rpc, new_hk, 0, 1) if netuid in (None, 0) else None
            except ClientError:  # a subtensor endpoint answers no nominators read: the chain still checks
                root_pool = None
            preflight.refuse(key_swaps.root_not_clean(root_pool, netuid))
            cost = key_swaps.hotkey_swap_cost(info, netuid)
            require_funds(rpc, coldkey, call, args, cost, "pay the hotkey swap")
            return cost

        cost = confirm_fresh(quote, lambda c: output.info(
            f"Swap hotkey {old_hk} ({w.hotkey_name}) for {new_hk} ({destination_hotkey_name}) on {where}; "
            f"{preflight.tao(c)} is recycled."), "Swap this hotkey?", no_prompt, lambda a, b: a != b)
        res = submit(rpc, pair, call, args)
        _fail(res)
    output.emit({"success": True, "extrinsic_identifier": output.extrinsic_identifier(res), "old_hotkey": old_hk,
                 "new_hotkey": new_hk, "netuid": netuid, "cost": cost / 1e9, "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Swapped[/] hotkey {old_hk} for {new_hk} on {where} in block "
                                     f"#{d['block_number']}."))


def _new_coldkey(value: str | None, wallet_path: str | None) -> str:
    from btcli.errors import CliError
    from wallet.ss58 import decode

    if not value:
        raise typer.BadParameter("name the new coldkey: --new-coldkey SS58_ADDRESS (or a wallet name)")
    try:
        decode(value)
        return value
    except ValueError:
        pass
    try:
        return resolve_wallet(value, wallet_path, None).coldkeypub().ss58_address
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise CliError(f"--new-coldkey {value!r} is neither an ss58 address nor a wallet with a coldkey: {exc}") from None


@app.command("swap-coldkey")
def swap_coldkey(action: Annotated[str | None, typer.Argument(
                     help="announce (pay the fee, start the delay), execute (after the delay), dispute (freeze the "
                          "swap), clear (withdraw the announcement), check (its status).")] = None,
                 wallet_name: WalletName = None, wallet_path: WalletPath = None, new_coldkey: NewColdkey = None,
                 network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                 json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Swap the wallet's coldkey to a new one in two steps: announce (recycles KeySwapCost, stores the
    new coldkey's hash), then after ColdkeySwapAnnouncementDelay blocks execute: balance, stakes,
    hotkeys, subnets and identity move to the new coldkey. While an announcement stands the coldkey
    can sign only the swap calls; dispute freezes it until root resets it; clear withdraws it after
    the reannouncement delay.

    JSON: {success, action, coldkey, new_coldkey, extrinsic_identifier, block_number} (check: as swap-check).

    Example: btcli wallet swap-coldkey announce --wallet-name alice --new-coldkey 5Dk...X3q
    """
    from client import key_swaps, preflight, staking, subnets

    output.configure(json_output, quiet)
    if action is None or action.lower() not in ACTIONS:
        raise typer.BadParameter(f"the action is one of {', '.join(ACTIONS)}, not {action!r}")
    action = action.lower()
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    if action == "check":
        _check(network, coldkey)
        return
    new = _new_coldkey(new_coldkey, wallet_path) if action in ("announce", "execute") else None
    calls: dict[str, tuple[str, dict[str, Any]]] = {
        "announce": ("subtensor.announce_coldkey_swap", {"new_coldkey_hash": key_swaps.coldkey_hash(new) if new else ""}),
        "execute": ("subtensor.swap_coldkey_announced", {"new_coldkey": new}),
        "dispute": ("subtensor.dispute_coldkey_swap", {}), "clear": ("subtensor.clear_coldkey_swap_announcement", {})}
    call, args = calls[action]
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)

        def quote() -> dict[str, Any]:
            info = key_swaps.status(rpc, coldkey)
            spend = 0
            if action == "announce":
                assert new is not None
                has_stake = bool(staking.stake_info(rpc, new)["stakes"])
                preflight.refuse(key_swaps.announce_blocked(info, new, coldkey, subnets.hotkey_owner(rpc, new), has_stake))
                spend = key_swaps.announce_cost(info)
            elif action == "execute":
                assert new is not None
                preflight.refuse(key_swaps.execute_blocked(info, new))
            elif action == "clear":
                preflight.refuse(key_swaps.clear_blocked(info))
            else:
                preflight.refuse(key_swaps.dispute_blocked(info))
            require_funds(rpc, coldkey, call, args, spend, f"{action} the coldkey swap")
            return {**info, "spend": spend}

        def show(q: dict[str, Any]) -> None:
            text = {"announce": f"Announce a swap of coldkey {coldkey} to {new} ({preflight.tao(q['spend'])} recycled; "
                                f"executable in {key_swaps.blocks_text(q['announcement_delay'])}).",
                    "execute": f"Swap coldkey {coldkey} to {new}: every asset moves, irreversibly.",
                    "dispute": f"Dispute the swap of {coldkey}: every call of it is refused until root resets it.",
                    "clear": f"Withdraw the swap announcement of {coldkey}."}[action]
            output.info(text)

        confirm_fresh(quote, show, "Go ahead?", no_prompt, lambda a, b: a["announcements"] != b["announcements"])
        res = submit(rpc, pair, call, args)
        _fail(res)
        after = key_swaps.status(rpc, coldkey)
    data = {"success": True, "action": action, "coldkey": coldkey, "new_coldkey": new,
            "extrinsic_identifier": output.extrinsic_identifier(res), "block_number": res["block_number"],
            "announcement": (after.get("announcements") or [None])[0]}

    def render(c: Any, d: dict) -> None:
        done = {"announce": "Announced the coldkey swap", "execute": "Swapped the coldkey", "dispute": "Disputed the swap",
                "clear": "Cleared the announcement"}[action]
        c.print(f"[green]{done}[/] in block #{d['block_number']}.")
        if action == "announce" and d["announcement"]:
            c.print(f"Executable from block {d['announcement']['execution_block']}; then run: btcli wallet swap-coldkey "
                    f"execute --new-coldkey {new} --wallet-name {w.name}")

    output.emit(data, render)


def _check(network: str | None, coldkey: str | None) -> None:
    from client import key_swaps

    with connect(network) as rpc:
        info = key_swaps.status(rpc, coldkey)
    head = info["head"]
    data = {"success": True, "current_block": head,
            "announcements": [{k: a[k] for k in ("coldkey", "new_coldkey_hash", "execution_block", "status",
                                                 "time_remaining_blocks", "disputed_block", "clear_block",
                                                 "clear_remaining_blocks")} for a in info["announcements"]]}

    def render(c: Any, d: dict) -> None:
        if not d["announcements"]:
            c.print("No pending coldkey swap announcement" + (f" for coldkey {coldkey}." if coldkey else "s."))
            return
        rows = [[a["coldkey"], a["new_coldkey_hash"], a["execution_block"],
                 "Ready" if a["status"] == "ready" else f"Disputed @ {a['disputed_block']}" if a["status"] == "disputed"
                 else key_swaps.blocks_text(a["time_remaining_blocks"]), a["status"],
                 "Ready" if a["clear_remaining_blocks"] == 0 else f"block {a['clear_block']}"] for a in d["announcements"]]
        output.table(c, f"Pending coldkey swap announcements (block {head})",
                     ["coldkey", "new coldkey hash", "execution block", "time remaining", "status", "clear"], rows)
        c.print("To execute a ready swap: btcli wallet swap-coldkey execute --new-coldkey ADDRESS; "
                "to withdraw one: btcli wallet swap-coldkey clear")

    output.emit(data, render)


@app.command("swap-check")
def swap_check(wallet: WalletOrSs58 = None, wallet_path: WalletPath = None, show_all: ShowAll = False,
               network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """The pending coldkey swap announcements: every one (--all, or no wallet given) or one coldkey's
    (--wallet-name NAME or an ss58 address): execution block, time remaining, status, when it can be cleared.

    JSON: {success, current_block, announcements: [{coldkey, new_coldkey_hash, execution_block, status,
    time_remaining_blocks, disputed_block, clear_block, clear_remaining_blocks}]} (the real btcli's keys).

    Example: btcli wallet swap-check --all
    """
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    coldkey = None
    if wallet and not show_all:
        try:
            decode(wallet)
            coldkey = wallet
        except ValueError:
            coldkey = resolve_wallet(wallet, wallet_path, None).coldkeypub().ss58_address
    _check(network, coldkey)
