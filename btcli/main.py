"""The root command: a table of command groups (built on first use) and the error translator around them.

`btcli`, `btcli --help` and `btcli --version` are answered from the table without importing Typer;
any other command line goes to the Typer app (btcli.root_app, also `btcli.main.app`).
"""
from __future__ import annotations

import os
import sys
from typing import Any

from btcli.root_help import Entry

# Groups the real btcli has take its shared flags (`real=True`, btcli.options.add_real_btcli_flags);
# the real btcli's snake_case and other command aliases are hidden copies (`aliases`).
_WALLET = Entry("btcli.commands.wallet:app", "Coldkeys, hotkeys, signing. Aliases: w, wallets.",
                # wallet_chain adds balance, transfer, overview, history; wallet_identity set/get-identity; wallet_inspect
                extra=("btcli.commands.wallet_chain", "btcli.commands.wallet_identity", "btcli.commands.wallet_inspect",
                       "btcli.commands.wallet_overview", "btcli.commands.wallet_swap",  # wallet_swap: swap-hotkey/-coldkey/-check
                       "btcli.commands.wallet_crypto"),  # wallet_crypto: encrypt, decrypt
                aliases=(("regen_coldkey", "regen-coldkey"), ("regen_coldkeypub", "regen-coldkeypub"),
                         ("regen_hotkey", "regen-hotkey"), ("regen_hotkeypub", "regen-hotkeypub"),
                         ("new_hotkey", "new-hotkey"), ("new_coldkey", "new-coldkey"),
                         ("set_identity", "set-identity"), ("get_identity", "get-identity"),
                         ("associate_hotkey", "associate-hotkey"), ("swap_hotkey", "swap-hotkey"),
                         ("swap_coldkey", "swap-coldkey"), ("swap_check", "swap-check")), real=True)
_CONFIG = Entry("btcli.commands.config:app", "Defaults for options (network, wallet, …), the proxy address book. Aliases: c, conf.",
                extra=("btcli.commands.config_proxies",), real=True)
_STAKE = Entry("btcli.commands.stake:app", "Stake, unstake, move, transfer and swap stake (safe staking). Alias: st.",
               # stake_list: list; stake_claim: set-claim, process-claim, claimable; stake_child: child get, set,
               # revoke, take; stake_auto: auto, set-auto; stake_wizard: wizard
               extra=("btcli.commands.stake_list", "btcli.commands.stake_claim", "btcli.commands.stake_child",
                      "btcli.commands.stake_auto", "btcli.commands.stake_wizard"),
               aliases=(("claim", "set-claim"), ("unclaim", "set-claim")), real=True)
_SUBNETS = Entry("btcli.commands.subnets:app", "Subnets: list, show, prices, costs, create, start, register. Aliases: s, subnet.",
                 # subnets_identity: get/set-identity, set-symbol, check-start; subnets_mechanisms: mechanisms (mech)
                 extra=("btcli.commands.subnets_identity", "btcli.commands.subnets_mechanisms"),
                 aliases=(("burn_cost", "burn-cost"), ("set_identity", "set-identity"), ("get_identity", "get-identity"),
                          ("check_start", "check-start")), real=True)
_SUDO = Entry("btcli.commands.sudo:app", "Subnet hyperparameters, validator takes, the owner's trigger-epoch. Alias: su.",
              extra=("btcli.commands.sudo_owner",),  # trigger-epoch, trim, stake-burn
              aliases=(("set_take", "set-take"), ("get_take", "get-take"), ("buyback", "stake-burn")), real=True)
_WEIGHTS = Entry("btcli.commands.weights:app", "Set, commit and reveal weights (signed by the hotkey). Aliases: wt, weight.",
                 real=True)


def _alias(entry: Entry) -> Entry:
    return Entry(entry.target, entry.help, hidden=True, extra=entry.extra, aliases=entry.aliases, real=entry.real)


COMMANDS: dict[str, Entry] = {
    "wallet": _WALLET, "w": _alias(_WALLET), "wallets": _alias(_WALLET),
    "consensus": Entry("btcli.commands.consensus:app", "Yuma Consensus offline: one chain epoch, or a simulation."),
    "node": Entry("btcli.commands.node:app", "Run the embedded chain node: start, stop, status, logs, verify, purge."),
    "config": _CONFIG, "c": _alias(_CONFIG), "conf": _alias(_CONFIG),
    "stake": _STAKE, "st": _alias(_STAKE),
    "subnets": _SUBNETS, "s": _alias(_SUBNETS), "subnet": _alias(_SUBNETS),
    "sudo": _SUDO, "su": _alias(_SUDO),
    "weights": _WEIGHTS, "wt": _alias(_WEIGHTS), "weight": _alias(_WEIGHTS),
    "proxy": Entry("btcli.commands.proxy:app", "Proxies: create, add, remove, kill (accounts that sign for your coldkey).",
                   real=True),
    "axon": Entry("btcli.commands.axon:app", "Publish or clear a neuron's axon IP and port.", real=True),
    "utils": Entry("btcli.commands.utils:app", "Convert amounts: TAO and rao, alpha and TAO at a subnet's price.", real=True),
    "localnet": Entry("btcli.commands.localnet:app", "A local dev network with a demo subnet, miners and validators: up, status, down."),
    "miner": Entry("btcli.commands.miner:app", "Miners hosted by the local node: start, stop, list, logs."),
    "validator": Entry("btcli.commands.validator:app", "Validators hosted by the local node: start, stop, list, logs."),
    "view": Entry("btcli.commands.view:view", "The live dashboard: network, subnets, metagraphs, wallets, staking, processes. "
                  "`btcli view dashboard` too.", real=True),
}


HELP = "taonet's btcli: wallets, a local chain node, staking, subnets, consensus and a dashboard."


def print_version() -> None:
    from importlib.metadata import version

    sys.stdout.write(f"btcli {version('taonet')} (taonet)\n")


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer app, made on first use
        from btcli.root_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _root_only(args: list[str]) -> int | None:
    """Answer a command line that names no command (help or version) without Typer: its exit code,
    or None for any other command line (and while the shell asks Typer for completions)."""
    if "_BTCLI_COMPLETE" in os.environ:
        return None
    if args in ([], ["-h"], ["--help"]):
        from btcli.root_help import print_help

        print_help("btcli", HELP, COMMANDS)
        return 0 if args else 2  # no arguments at all: the help, as a usage error (click's rule)
    if args in (["-V"], ["--version"]):
        print_version()
        return 0
    return None


def run(argv: list[str] | None = None) -> None:
    """Entry point of the `btcli` script: run a command; any failure goes through `errors.report`."""
    from btcli import errors, output

    args = sys.argv[1:] if argv is None else list(argv)
    if output.asks_for_json(args):  # so errors found before the command runs are JSON too
        output.configure(json_output=True)
    try:
        answered = _root_only(args)
        if answered is None:
            from typer import Exit

            from btcli.root_app import app

            try:
                code = app(args=args, prog_name="btcli", standalone_mode=False)
            except Exit as exc:  # a command that has already said why
                code = exc.exit_code
            answered = code if isinstance(code, int) else 0
    except (Exception, KeyboardInterrupt) as exc:  # the one place where any error becomes one line
        answered = errors.report(exc)
    sys.exit(answered)
