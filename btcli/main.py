"""The root command: wires one sub-app per command group and runs them through the error translator."""
from __future__ import annotations

import sys

import typer

from btcli.commands import config as config_cmd
from btcli.commands import node as node_cmd
from btcli.commands import axon, consensus, stake, subnets, sudo, wallet
from btcli.commands import localnet, miner, validator, weights
from btcli.commands import view as view_cmd
from btcli.commands import wallet_chain  # noqa: F401  (adds balance, transfer, overview to wallet)
from btcli.root_help import RootGroup

app = typer.Typer(
    name="btcli",
    cls=RootGroup,
    help="taonet's btcli: wallets, a local chain node, staking, subnets, consensus and a dashboard.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(wallet.app, name="wallet", help="Coldkeys, hotkeys, signing. Aliases: w, wallets.")
app.add_typer(wallet.app, name="w", hidden=True)
app.add_typer(wallet.app, name="wallets", hidden=True)
app.add_typer(consensus.app, name="consensus", help="Yuma Consensus offline: one chain epoch, or a simulation.")
app.add_typer(node_cmd.app, name="node", help="Run the embedded chain node: start, stop, status, logs, verify, purge.")
app.add_typer(config_cmd.app, name="config", help="Defaults for options (network, wallet, …). Alias: c.")
app.add_typer(config_cmd.app, name="c", hidden=True)
app.add_typer(stake.app, name="stake", help="Stake, unstake, move, transfer and swap stake (safe staking). Alias: st.")
app.add_typer(stake.app, name="st", hidden=True)
app.add_typer(subnets.app, name="subnets", help="Subnets: list, show, prices, costs, create, start, register. Aliases: s, subnet.")
app.add_typer(subnets.app, name="s", hidden=True)
app.add_typer(subnets.app, name="subnet", hidden=True)
app.add_typer(sudo.app, name="sudo", help="Subnet hyperparameters and validator takes: get and set. Alias: su.")
app.add_typer(sudo.app, name="su", hidden=True)
app.add_typer(weights.app, name="weights", help="Set, commit and reveal weights (signed by the hotkey). Aliases: wt, weight.")
app.add_typer(weights.app, name="wt", hidden=True)
app.add_typer(weights.app, name="weight", hidden=True)
app.add_typer(axon.app, name="axon", help="Publish or clear a neuron's axon IP and port.")
app.add_typer(localnet.app, name="localnet", help="A local dev network with a demo subnet, miners and validators: up, status, down.")
app.add_typer(miner.app, name="miner", help="Miners hosted by the local node: start, stop, list, logs.")
app.add_typer(validator.app, name="validator", help="Validators hosted by the local node: start, stop, list, logs.")
app.command("view", help="The live dashboard: network, subnets, metagraphs, wallets, staking, processes.")(view_cmd.view)


def run(argv: list[str] | None = None) -> None:
    """Entry point of the `btcli` script: run a command, translate any error to one line."""
    from btcli import errors

    try:  # typer >= 0.26 vendors click as typer._click
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import ClickException

    try:
        code = app(args=argv, prog_name="btcli", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("Aborted.\n")
        sys.exit(130)
    except ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except Exception as exc:  # the one place where any error becomes one line
        sys.exit(errors.report(exc))
