"""`btcli view`: the terminal dashboard (tui/) on the configured node, or any node by --network.

Textual is imported only when the command runs, so `btcli --help` stays fast.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from btcli.options import ColdkeySs58, Network, WalletName, WalletPath, refuses

DataDir = Annotated[Optional[str], typer.Option("--data-dir", "-d", help="The node's folder, for its admin token (Processes view) (default: the local node's).")]
Netuid = Annotated[int, typer.Option("--netuid", help="The subnet the Subnet view opens on.")]


Page = Annotated[Optional[str], typer.Argument(hidden=True, help="`dashboard`: the real btcli's `btcli view dashboard`.")]
BROWSER = "taonet's dashboard runs in this terminal (`btcli view`): it opens no browser window and writes no HTML file"


@refuses((["--use-wry", "--html"], BROWSER, False), (["--save-file", "--save"], BROWSER, False),
         (["--dashboard-path", "--dashboard_path", "--dash_path", "--dash.path", "--dashboard.path"], BROWSER, True))
def view(page: Page = None, network: Network = None, wallet_path: WalletPath = None, data_dir: DataDir = None,
         netuid: Netuid = 1, wallet_name: WalletName = None, coldkey_ss58: ColdkeySs58 = None) -> None:
    """Open the dashboard: network, subnets and metagraphs live, wallets, staking and hosted processes.
    `btcli view dashboard` (the real btcli's spelling) is the same. With --wallet-name or --coldkey-ss58
    it opens on the Wallets view showing that wallet (or that address, watch-only) alone.

    Example: btcli view --network http://127.0.0.1:9944 --netuid 2
    """
    if page not in (None, "dashboard"):
        raise typer.BadParameter(f"no view {page!r}: run `btcli view` (or `btcli view dashboard`)")
    focus = preselect(wallet_name, coldkey_ss58, wallet_path)
    from btcli import config
    from btcli.commands.processes import hosting_dir
    from client.network import resolve
    from node.paths import node_info

    folder = hosting_dir(data_dir)
    info = node_info(folder) or {}
    url = resolve(network, config.get("network") if network or not info.get("rpc_url") else info["rpc_url"])
    path = wallet_path or config.get("wallet_path") or "~/.bittensor/wallets"
    run_dashboard(url, path, str(folder), netuid, focus)


def preselect(wallet_name: str | None, coldkey_ss58: str | None, wallet_path: str | None) -> dict[str, str]:
    """The Wallets view's selection (Context.extra): a wallet under the path, or an address (which
    wins, as in the real btcli); a wallet that is not there or a bad address is one line."""
    from btcli import config
    from btcli.errors import CliError

    if coldkey_ss58:
        from wallet import ss58

        try:
            ss58.decode(coldkey_ss58, None)
        except ValueError:
            raise CliError(f"Invalid SS58 address: {coldkey_ss58}", exit_code=2) from None
        return {"coldkey_ss58": coldkey_ss58}
    if wallet_name:
        from pathlib import Path

        path = Path(wallet_path or config.get("wallet_path") or "~/.bittensor/wallets").expanduser()
        if not (path / wallet_name).is_dir():
            raise CliError(f"no wallet {wallet_name!r} in {path}: see `btcli wallet list -p {path}`", exit_code=2)
        return {"wallet_name": wallet_name}
    return {}


def run_dashboard(url: str, wallet_path: str, data_dir: str | None, netuid: int = 1,
                  focus: dict[str, str] | None = None) -> None:
    """Run the app in this terminal until the user quits (also used by `btcli localnet up --view`);
    `focus` (wallet_name or coldkey_ss58) opens it on the Wallets view showing that one alone."""
    from tui.app import TaonetApp
    from tui.context import Context

    TaonetApp(Context(url, wallet_path, data_dir, netuid, extra=dict(focus or {}))).run()
