"""`btcli stake remove --interactive`: pick what to unstake, as the real btcli 9.23.2 asks it.

It lists the coldkey's hotkeys that hold stake (only on `--netuid` when given) with the subnets each
is on, asks for one by index, shows that hotkey's stake per subnet (alpha and price), asks for the
subnets (comma-separated, or `all`; skipped with `--netuid`) and, per subnet, whether to unstake all
of it, an amount, or quit (`q`: the subnets left are not asked; nothing picked, nothing signed).
`all` subnets asks whether to keep the TAO on root (unstake_all_alpha) or take everything out
(unstake_all). The picks then go through `stake remove`'s one preview, refusals and confirmation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from btcli import output
from btcli.ask import ask
from btcli.chain import tao


@dataclass
class Picked:
    """What the person chose: one hotkey's every subnet (`whole`), or [(hotkey, netuid, alpha rao or
    None for all of it)]; neither means cancelled."""
    whole: tuple[str, bool] | None = None  # (hotkey, alpha only: the TAO restaked on root)
    targets: list[tuple[str, int, int | None]] = field(default_factory=list)


def _groups(netuids: list[int]) -> str:
    """1, 2, 3, 7 → "1-3, 7" (the real btcli's grouping)."""
    runs: list[list[int]] = []
    for n in sorted(netuids):
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _amount(console: Any, label: str, netuid: int, held: int) -> int | None | bool:
    """The alpha rao to unstake from one position: None all of it, False quit (the real btcli's two questions)."""
    from client.balance import Balance

    where = f"α{tao(held):,.9f} from {label} on netuid {netuid}"
    answer = ask(f"Unstake all: {where}?", choices=["y", "n", "q"], default="n").lower()
    if answer == "q":
        return False
    if answer == "y":
        return None
    while True:
        typed = ask(f"Enter the amount of alpha to unstake from subnet {netuid} (max α{tao(held):,.9f}), or q")
        if typed.lower() == "q":
            return False
        try:
            rao = Balance.from_tao(typed).rao
        except (ValueError, ArithmeticError) as exc:
            console.print(f"[red]{exc}: enter an amount of alpha, or q to quit[/]")
            continue
        if rao <= 0 or rao > held:
            console.print(f"[red]Enter more than 0 and at most α{tao(held):,.9f}, or q to quit[/]")
            continue
        return rao


def _netuids(console: Any, held: dict[int, int]) -> list[int] | None:
    """The subnets picked for the hotkey (None: `all`); a subnet it is not on is asked again."""
    while True:
        answer = ask("Enter the netuids of the subnets to unstake from (comma-separated), or 'all' to unstake "
                     "from all", default="all")
        if answer.lower() == "all":
            return None
        try:
            picked = [int(n) for n in answer.replace(" ", "").split(",") if n]
        except ValueError:
            console.print("[red]Enter netuids (numbers) separated by commas, or 'all'[/]")
            continue
        wrong = [n for n in picked if n not in held]
        if not picked or wrong:
            console.print(f"[red]The hotkey has no stake on {', '.join(map(str, wrong)) or 'those subnets'}: "
                          "try again[/]")
            continue
        return list(dict.fromkeys(picked))


def pick(stakes: list[Any], labels: dict[str, str], netuid: int | None, amount: int | None) -> Picked:
    """Ask for the hotkey, subnets and amounts among `stakes` (staking.stake_info rows of the coldkey)."""
    from btcli.errors import CliError

    console = output.stderr_console()
    by_hotkey: dict[str, dict[int, dict]] = {}
    for s in stakes:
        if s["alpha"] > 0 and (netuid is None or s["netuid"] == netuid):
            by_hotkey.setdefault(s["hotkey"], {})[s["netuid"]] = s
    if not by_hotkey:
        raise CliError("you have no stake to unstake" + (f" on subnet {netuid}" if netuid is not None else ""))
    hotkeys = list(by_hotkey)
    output.table(console, "Hotkeys with stakes" + (f" on subnet {netuid}" if netuid is not None else ""),
                 ["index", "hotkey", "netuids", "address"],
                 [[i, labels.get(hk, ""), _groups(list(by_hotkey[hk])), hk] for i, hk in enumerate(hotkeys)],
                 keep=["address"])
    index = ask("Enter the index of the hotkey you want to unstake from", choices=[str(i) for i in range(len(hotkeys))])
    hotkey = hotkeys[int(index)]
    label = labels.get(hotkey, hotkey)
    rows = by_hotkey[hotkey]
    output.table(console, f"Stakes for hotkey {label} ({hotkey})", ["netuid", "stake", "rate"],
                 [[n, f"α{tao(s['alpha']):,.9f}", f"{s['price']:.9f} τ/α"] for n, s in rows.items()],
                 keep=["stake"])
    chosen = [netuid] if netuid is not None else _netuids(console, {n: s["alpha"] for n, s in rows.items()})
    if chosen is None:  # every subnet of the hotkey: the real btcli's unstake_all / unstake_all_alpha
        keep_root = ask("Do you want to: y: unstake from every subnet and restake the TAO on root (0), n: unstake "
                        "everything (root too)?", choices=["y", "n"], default="y")
        return Picked(whole=(hotkey, keep_root.lower() == "y"))
    picked = Picked()
    for n in chosen:
        got = amount if amount is not None else _amount(console, label, n, rows[n]["alpha"])
        if got is False:  # q: the subnets left are not asked
            break
        picked.targets.append((hotkey, n, got))
    return picked
