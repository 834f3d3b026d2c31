"""`btcli wallet balance | transfer | history | associate-hotkey`: the wallet commands that talk to a node (overview:
`btcli.commands.wallet_overview`).

Registered on the wallet sub-app (`btcli.commands.wallet.app`); main.py imports this module.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, proxy_pays, require_funds, submit, unlock
from btcli.commands.wallet import app
from btcli.options import (
    HotkeyOrSs58, JsonOutput, Network, NoPrompt, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet,
)
from client.balance import RAO_PER_TAO

Ss58List = Annotated[Optional[list[str]], typer.Option("--ss58", "--ss58-address", help="An address to show (repeatable).")]
AllWallets = Annotated[bool, typer.Option("--all", "-a", help="Every wallet under the wallet path.")]
SortBalances = Annotated[Optional[str], typer.Option(
    "--sort", help="Order the wallets by name (A→Z) or by free, staked or total balance (largest first).")]
BALANCE_SORTS = ("name", "free", "staked", "total")
Destination = Annotated[Optional[str], typer.Option("--destination", "--dest", "-d", help="The ss58 address to send to.")]
Amount = Annotated[Optional[str], typer.Option("--amount", "-a", help="TAO to send (up to 9 decimals).")]  # -a as in the real btcli
TransferAll = Annotated[bool, typer.Option("--all", help="Send the whole free balance (less the existential deposit unless --allow-death).")]
AllowDeath = Annotated[bool, typer.Option("--allow-death", help="Allow the account to drop below the existential deposit and be reaped.")]


def _render_balances(console: Any, data: dict) -> None:
    rows = [[name, b["coldkey"], f"τ{b['free']:,.9f}", f"τ{b['staked']:,.9f}", f"τ{b['total']:,.9f}"]
            for name, b in data["balances"].items()]
    t = data["totals"]
    rows.append(["[bold]Total[/]", "", f"τ{t['free']:,.9f}", f"τ{t['staked']:,.9f}", f"τ{t['total']:,.9f}"])
    output.table(console, f"Wallet balances on {data['network']}", ["wallet", "coldkey", "free", "staked", "total"], rows,
                 keep=["coldkey", "free", "staked", "total"], optional=["staked", "free"])


@app.command("balance")
def balance(wallet_name: WalletName = None, wallet_path: WalletPath = None, ss58: Ss58List = None,
            all_wallets: AllWallets = False, sort: SortBalances = None, network: Network = None,
            json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Free, staked and total TAO of a wallet's coldkey, of addresses (--ss58), or of every wallet (--all)."""
    from btcli import config
    from client.balance import Balance
    from wallet.ss58 import decode
    from wallet.wallet import list_wallets

    output.configure(json_output, quiet)
    if sort is not None and sort not in BALANCE_SORTS:
        raise typer.BadParameter(f"--sort {sort!r}: use one of {', '.join(BALANCE_SORTS)}")
    targets: dict[str, str] = {}
    for address in ss58 or []:
        decode(address)  # a ValueError names the bad address
        targets[address] = address
    if all_wallets:
        for summary in list_wallets(wallet_path or config.get("wallet_path")):
            if summary.coldkey_ss58:
                targets[summary.name] = summary.coldkey_ss58
    if not targets:
        w = resolve_wallet(wallet_name, wallet_path, None)
        targets[w.name] = w.coldkeypub().ss58_address
    from client.staking import stake_info

    with connect(network) as rpc, output.status("Reading balances…"):
        label = rpc.label
        infos = rpc.accounts(list(targets.values()))
        stake_totals = stake_info(rpc, list(dict.fromkeys(targets.values())))["totals"]
    balances, free_sum, staked_sum = {}, Balance.from_rao(0), Balance.from_rao(0)
    for (name, address), info in zip(targets.items(), infos):
        staked = Balance.from_rao(stake_totals.get(address, 0))  # TAO value of all stake at spot prices
        balances[name] = {"coldkey": address, "free": info.free.tao_float(), "staked": staked.tao_float(),
                          "total": (info.free + staked).tao_float()}
        free_sum, staked_sum = free_sum + info.free, staked_sum + staked
    if sort is not None:  # as the real btcli: names A→Z (case-insensitive), amounts largest first
        order = sorted(balances.items(), key=lambda kv: kv[0].lower() if sort == "name" else kv[1][sort],
                       reverse=sort != "name")
        balances = dict(order)
    totals = {"free": free_sum.tao_float(), "staked": staked_sum.tao_float(), "total": (free_sum + staked_sum).tao_float()}
    output.emit({"network": label, "balances": balances, "totals": totals}, _render_balances)


def _render_transfer(console: Any, d: dict) -> None:
    console.print(f"[green]Transferred[/] τ{d['amount']:,.9f} from {d['from']} to {d['to']} in block #{d['block_number']} "
                  f"(fee τ{d['fee']:.9f}). Balance: τ{d['balance_before']:,.9f} → τ{d['balance_after']:,.9f}.")


@app.command("transfer")
def transfer(destination: Destination = None, amount: Amount = None, transfer_all: TransferAll = False,
             allow_death: AllowDeath = False, wallet_name: WalletName = None, wallet_path: WalletPath = None,
             network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
             json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Send TAO from the wallet's coldkey; shows the fee and asks to confirm unless --no-prompt.

    Example: btcli wallet transfer --wallet-name alice --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1.5
    """
    from btcli.errors import CliError
    from client import preflight
    from client.balance import Balance
    from client.constants import constants
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    if not destination:
        raise typer.BadParameter("pass --destination (--dest) ADDRESS")
    try:
        decode(destination)
    except ValueError as exc:
        raise CliError(f"invalid --destination: {exc}") from None
    if transfer_all == (amount is not None):
        raise typer.BadParameter("pass either --amount TAO or --all")
    w = resolve_wallet(wallet_name, wallet_path, None)
    source = w.coldkeypub().ss58_address
    if transfer_all:
        call, args = "balances.transfer_all", {"dest": destination, "keep_alive": not allow_death}
    else:
        assert amount is not None  # one of --amount and --all, checked above
        value = Balance.from_tao(amount)
        if value.rao == 0:
            raise CliError("the amount must be more than 0")
        call = "balances.transfer_allow_death" if allow_death else "balances.transfer_keep_alive"
        args = {"dest": destination, "value": value.rao}
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)  # first: what the quote checks must not go stale while a key is derived
        existential = constants(rpc).existential_deposit  # asked of the node, cached per client

        def quote() -> tuple[Balance, Balance, Balance]:
            free = rpc.account(source).free
            if transfer_all:  # everything but the fee (and the existential deposit, kept alive)
                fee = Balance.from_rao(require_funds(rpc, source, call, args, 0, "send everything"))
            else:
                fee = Balance.from_rao(require_funds(rpc, source, call, args, value.rao, f"send {value}"))
            # with --proxy the delegate pays the fee: the real account's balance covers only what is sent
            own_fee = Balance.from_rao(0) if proxy_pays(source) else fee
            sent = Balance.from_rao(max(0, free.rao - own_fee.rao - (0 if allow_death else existential))) \
                if transfer_all else value
            preflight.refuse(preflight.transfer_blocked(free, own_fee, sent, not allow_death,
                                                        rpc.account(destination).free, existential,
                                                        destination == source))
            return free, fee, sent

        before, fee, sent = confirm_fresh(quote, lambda q: output.info(
            f"Send [bold]{q[2]}[/] from {source} to {destination}; fee {q[1]}"
            f"{' (paid by the proxy)' if proxy_pays(source) else ''}; balance {q[0]} → "
            f"{Balance.from_rao(q[0].rao - q[2].rao - (0 if proxy_pays(source) else q[1].rao))}"),
            "Do you want to transfer?", no_prompt,
            lambda old, new: old[2] != new[2])
        with output.status("Transferring, waiting for the block…"):
            outcome = rpc.submit_and_wait(rpc.sign(pair, call, args))
        after = rpc.account(source).free
    output.emit({"success": True, "extrinsic_identifier": output.extrinsic_identifier(outcome), "hash": outcome["hash"],
                 "block_number": outcome["block_number"], "block_hash": outcome["block_hash"], "from": source,
                 "to": destination, "amount": sent.tao_float(),
                 "amount_rao": sent.rao, "fee": fee.tao_float(), "fee_rao": fee.rao, "balance_before": before.tao_float(),
                 "balance_after": after.tao_float(), "balance_after_rao": after.rao}, _render_transfer)


def _render_history(console: Any, d: dict) -> None:
    if not d["transfers"]:
        console.print(f"No transfers of {d['address']} on {d['network']}.")
        return
    output.table(console, f"Transfers of {d['address']} on {d['network']} (newest first)",
                 ["block", "extrinsic id", "from", "to", "amount"],
                 [[t["block_number"], t["extrinsic_id"] or "-", t["from"], t["to"],
                   ("-" if t["direction"] == "out" else "+" if t["direction"] == "in" else " ") + f"τ{t['amount_rao'] / RAO_PER_TAO:,.9f}"]
                  for t in d["transfers"]], keep=["from", "to", "amount"])
    if d["next_before"] is not None:
        console.print(f"Older transfers: add --before-block {d['next_before']}.")


@app.command("history")
def history(wallet_name: WalletName = None, wallet_path: WalletPath = None, ss58: Ss58List = None,
            limit: Annotated[int, typer.Option("--limit", help="Transfers per page (whole blocks, so a page may hold a few more).")] = 25,
            before_block: Annotated[Optional[int], typer.Option("--before-block", help="Page on: only transfers in blocks before this one (the previous page's next_before).")] = None,
            network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """The coldkey's TAO transfers on this chain, newest first, from the node's events (a taonet node).

    JSON: {network, address, head, transfers: [{block_number, block_hash, extrinsic_id, from, to,
    amount (TAO), amount_rao, direction (in|out|self)}], next_before}.

    Example: btcli wallet history --wallet-name alice --limit 10
    """
    from btcli.errors import CliError
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    if not 0 < limit <= 1000:
        raise typer.BadParameter("--limit is 1 to 1000")
    if ss58:
        if len(ss58) > 1:
            raise typer.BadParameter("pass one --ss58 address")
        try:
            decode(ss58[0])
        except ValueError as exc:
            raise CliError(f"invalid --ss58: {exc}") from None
        address = ss58[0]
    else:
        address = resolve_wallet(wallet_name, wallet_path, None).coldkeypub().ss58_address
    with connect(network) as rpc, output.status("Reading transfers…"):
        label = rpc.label
        page = rpc.call("taonet_transfers", address, limit, before_block)
    for t in page["transfers"]:
        t["amount_rao"], t["amount"] = t["amount"], t["amount"] / RAO_PER_TAO
    output.emit({"network": label, **page}, _render_history)


@app.command("associate-hotkey")
def associate_hotkey(hotkey: HotkeyOrSs58 = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
                     network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                     json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Bind a hotkey (a name of the wallet's or an ss58 address) to the wallet's coldkey before it is
    registered anywhere (the chain's try_associate_hotkey); nothing is signed when it is bound already.

    JSON: {success, hotkey, coldkey, already_associated, block_number, hash}.

    Example: btcli wallet associate-hotkey --wallet-name alice --hotkey miner1
    """
    from btcli.commands.stake import hotkey_targets
    from btcli.errors import CliError
    from client import preflight, subnets

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    (_, hk), = hotkey_targets(w, hotkey, None)
    coldkey = w.coldkeypub().ss58_address
    call, args = "subtensor.try_associate_hotkey", {"hotkey": hk}
    with connect(network) as rpc:
        owner = subnets.hotkey_owner(rpc, hk)
        if owner.get("coldkey") == coldkey:
            output.emit({"success": True, "extrinsic_identifier": None, "hotkey": hk, "coldkey": coldkey,
                         "already_associated": True},
                        lambda c, d: c.print(f"Hotkey {hk} is already associated with this wallet's coldkey {coldkey}."))
            return
        pair = unlock(w, use_keyring)

        def quote() -> None:
            preflight.refuse(preflight.hotkey_elsewhere(subnets.hotkey_owner(rpc, hk), coldkey))
            require_funds(rpc, coldkey, call, args, 0, "associate the hotkey")

        confirm_fresh(quote, lambda _: output.info(f"Associate hotkey {hk} with coldkey {coldkey}."),
                      "Associate this hotkey?", no_prompt, lambda old, new: False)
        res = submit(rpc, pair, call, args)
        if not res["success"]:
            raise CliError(f"{res.get('message')} ({res.get('error')}; the fee was paid)")
        now = subnets.hotkey_owner(rpc, hk).get("coldkey")
    if now != coldkey:
        raise CliError(f"hotkey {hk} is owned by {now} after the call, not by {coldkey}")
    output.emit({"success": True, "extrinsic_identifier": output.extrinsic_identifier(res), "hotkey": hk,
                 "coldkey": coldkey, "already_associated": False, "block_number": res["block_number"], "hash": res["hash"]},
                lambda c, d: c.print(f"[green]Associated[/] hotkey {hk} with coldkey {coldkey} in block #{d['block_number']}."))
