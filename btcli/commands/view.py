"""`btcli view`: the terminal dashboard (tui/) on the configured node, or any node by --network.

Textual is imported only when the command runs, so `btcli --help` stays fast.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from btcli.options import Network, WalletPath

DataDir = Annotated[Optional[str], typer.Option("--data-dir", "-d", help="The node's folder, for its admin token (Processes view) (default: the local node's).")]
Netuid = Annotated[int, typer.Option("--netuid", help="The subnet the Subnet view opens on.")]


Page = Annotated[Optional[str], typer.Argument(hidden=True, help="`dashboard`: the real btcli's `btcli view dashboard`.")]


def view(page: Page = None, network: Network = None, wallet_path: WalletPath = None, data_dir: DataDir = None,
         netuid: Netuid = 1) -> None:
    """Open the dashboard: network, subnets and metagraphs live, wallets, staking and hosted processes.
    `btcli view dashboard` (the real btcli's spelling) is the same.

    Example: btcli view --network http://127.0.0.1:9944 --netuid 2
    """
    if page not in (None, "dashboard"):
        raise typer.BadParameter(f"no view {page!r}: run `btcli view` (or `btcli view dashboard`)")
    from btcli import config
    from btcli.commands.processes import hosting_dir
    from client.network import resolve
    from node.paths import node_info

    folder = hosting_dir(data_dir)
    info = node_info(folder) or {}
    url = resolve(network, config.get("network") if network or not info.get("rpc_url") else info["rpc_url"])
    path = wallet_path or config.get("wallet_path") or "~/.bittensor/wallets"
    run_dashboard(url, path, str(folder), netuid)


def run_dashboard(url: str, wallet_path: str, data_dir: str | None, netuid: int = 1) -> None:
    """Run the app in this terminal until the user quits (also used by `btcli localnet up --view`)."""
    from tui.app import TaonetApp
    from tui.context import Context

    TaonetApp(Context(url, wallet_path, data_dir, netuid)).run()
