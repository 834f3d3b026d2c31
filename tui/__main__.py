"""`python -m tui [--network NETWORK] [--wallet-path P] [--data-dir D]`: the dashboard without btcli."""

from __future__ import annotations

import argparse

from client.network import resolve_network
from tui.app import TaonetApp
from tui.context import Context


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tui", description="The taonet dashboard.")
    parser.add_argument("--network", default=None,
                        help="local (default), a taonet node's URL, finney, test, archive or a subtensor ws(s):// URL")
    parser.add_argument("--wallet-path", default="~/.bittensor/wallets")
    parser.add_argument("--data-dir", default=None, help="the node's data dir (for its admin token)")
    parser.add_argument("--netuid", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        network = resolve_network(args.network)
    except ValueError as exc:  # an unknown network: one line, no traceback
        raise SystemExit(f"python -m tui: {exc}") from None
    TaonetApp(Context(network, args.wallet_path, args.data_dir, args.netuid)).run()


if __name__ == "__main__":
    main()
