"""`btcli stake wizard`: a guided stake movement, as the real btcli 9.23.2's wizard.

It explains the three movements (move: another hotkey, same coldkey; transfer: another coldkey,
same hotkey; swap: another subnet, same coldkey and hotkey), asks which (q cancels), lists the
wallet's stake positions and asks for the origin, the destination (a wallet hotkey by index or an
ss58; a coldkey ss58 or wallet name; a subnet) and the amount (or all). It then hands over to the
same path as `stake move | transfer | swap`: client.stake_preview's preview, the chain's refusals
before signing, one confirmation (skipped with --no-prompt), unlock, sign and report.
"""
from __future__ import annotations

from typing import Any

from btcli import output
from btcli.ask import ask as _ask
from btcli.ask import ask_int as _ask_int
from btcli.ask import need_answers
from btcli.chain import connect, tao
from btcli.commands.stake import _move, app, hotkey_labels
from btcli.options import (
    AllowPartial,
    Network,
    NoPrompt,
    Quiet,
    SafeStaking,
    Tolerance,
    UseKeyring,
    WalletName,
    WalletPath,
    resolve_wallet,
    safe_settings,
)

WELCOME = ("[bold cyan]Stake Movement Wizard[/]\n\n"
           "There are three kinds of stake movement:\n"
           "[bold]1. Move[/]: to another [blue]hotkey[/], keeping your [blue]coldkey[/] (hotkey A → hotkey B, both yours)\n"
           "[bold]2. Transfer[/]: to another [blue]coldkey[/], keeping the [blue]hotkey[/] (the stake changes owner)\n"
           "[bold]3. Swap[/]: to another [blue]subnet[/], keeping the same coldkey and hotkey (subnet 1 → subnet 2)")
OPERATIONS = {"1": "move", "2": "transfer", "3": "swap", "move": "move", "transfer": "transfer", "swap": "swap"}


def _positions(console: Any, stakes: list[Any], labels: dict[str, str]) -> None:
    output.table(console, "Your stake", ["#", "netuid", "hotkey", "alpha", "value"],
                 [[i, s["netuid"], labels.get(s["hotkey"], s["hotkey"]), f"α{tao(s['alpha']):,.9f}",
                   f"τ{tao(s['tao_value']):,.9f}"] for i, s in enumerate(stakes)], keep=["hotkey", "alpha"])


def _dest_hotkey(console: Any, w: Any) -> str:
    from btcli.errors import CliError
    from wallet.ss58 import decode

    mine = sorted(hotkey_labels(w).items(), key=lambda kv: kv[1])
    for i, (ss58, name) in enumerate(mine):
        console.print(f"  {i}: {name} ({ss58})")
    answer = _ask("Enter the index of the destination hotkey, or its SS58 address")
    if answer.isdigit() and int(answer) < len(mine):
        return mine[int(answer)][0]
    try:
        decode(answer)
    except ValueError:
        raise CliError(f"{answer!r} is neither a listed index nor an ss58 address: nothing signed") from None
    return answer


def _dest_coldkey(wallet_path: str | None) -> str:
    from btcli.errors import CliError
    from wallet.ss58 import decode

    answer = _ask("Enter the destination coldkey SS58 address or wallet name")
    try:
        decode(answer)
        return answer
    except ValueError:
        pass
    from wallet.errors import KeyfileError

    try:
        return resolve_wallet(answer, wallet_path, None).coldkeypub().ss58_address
    except KeyfileError as exc:  # a wallet that cannot be read: say which, stop
        raise CliError(f"{answer!r} is not an ss58 address or a readable wallet ({exc}): nothing signed") from None


@app.command("wizard")
def wizard(wallet_name: WalletName = None, wallet_path: WalletPath = None, safe_staking: SafeStaking = None,
           tolerance: Tolerance = None, allow_partial_stake: AllowPartial = None, network: Network = None,
           use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, quiet: Quiet = False) -> None:
    """Guided stake movement: move (hotkey), transfer (coldkey) or swap (subnet), step by step.

    Example: btcli stake wizard --wallet-name alice
    """
    from rich.panel import Panel

    from btcli.errors import CliError
    from client import staking
    from client.stake_preview import Safety

    output.configure(False, quiet)
    safety = Safety(*safe_settings(safe_staking, tolerance, allow_partial_stake))
    w = resolve_wallet(wallet_name, wallet_path, None)
    need_answers("name the stake with `btcli stake move | transfer | swap` instead")
    console = output.stderr_console()
    console.print(Panel(WELCOME, title="Welcome", border_style="cyan"))
    choice = _ask("What would you like to do?", choices=[*OPERATIONS, "q"], default="q").lower()
    if choice == "q":
        console.print("[yellow]Wizard cancelled.[/] Nothing was signed.")
        return
    action = OPERATIONS[choice]
    with connect(network) as rpc:
        stakes = [s for s in staking.stake_info(rpc, w.coldkeypub().ss58_address)["stakes"] if s["alpha"] > 0]
    if not stakes:
        raise CliError("you have no stake to move: stake first (`btcli stake add`)")
    labels = hotkey_labels(w)
    _positions(console, stakes, labels)
    origin = stakes[_ask_int("Enter the # of the stake to start from", list(range(len(stakes))))]
    dest: str | None = None
    if action == "move":
        dest = _dest_hotkey(console, w)
    elif action == "transfer":
        dest = _dest_coldkey(wallet_path)
    same = None if action == "swap" else origin["netuid"]
    dest_netuid = _ask_int("Enter the destination netuid", default=same)
    if action == "swap" and dest_netuid == origin["netuid"]:
        raise CliError(f"a swap goes to another subnet, not {dest_netuid} again: nothing signed")
    amount = _ask(f"Enter the amount of alpha to {action} (held: α{tao(origin['alpha']):,.9f}), or 'all'", default="all")
    move_all = amount.lower() == "all"
    hk = origin["hotkey"]
    _move(action, hk, labels.get(hk, hk), origin["netuid"], dest_netuid, dest, None if move_all else amount, move_all,
          safety, w, network, use_keyring, no_prompt)
