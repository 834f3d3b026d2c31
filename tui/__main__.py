"""`python -m tui [--network URL] [--wallet-path P] [--data-dir D]`: the dashboard without btcli."""

from __future__ import annotations

import argparse

from client.network import resolve
from tui.app import TaonetApp
from tui.context import Context


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tui", description="The taonet dashboard.")
    parser.add_argument("--network", default=None, help="local (default) or a node URL")
    parser.add_argument("--wallet-path", default="~/.bittensor/wallets")
    parser.add_argument("--data-dir", default=None, help="the node's data dir (for its admin token)")
    parser.add_argument("--netuid", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        url = resolve(args.network)
    except ValueError as exc:  # an unknown network or a subtensor endpoint: one line, no traceback
        raise SystemExit(f"python -m tui: {exc}") from None
    TaonetApp(Context(url, args.wallet_path, args.data_dir, args.netuid)).run()


if __name__ == "__main__":
    main()
