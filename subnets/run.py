"""`python -m subnets.run miner|validator --subnet NAME --netuid N …`: run one neuron until SIGTERM.

This is what a node hosting processes spawns (and what you can run by hand). The hotkey's
password, if it has one, comes from its BT_PW_ variable or the keyring, never from argv.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


def parse_options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--option takes key=value, not {pair!r}")
        options[key.strip()] = value.strip()
    return options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subnets.run", description="run a subnet's miner or validator")
    parser.add_argument("role", choices=("miner", "validator"))
    parser.add_argument("--subnet", default="template", help="a subnet name, dotted module or .py file")
    parser.add_argument("--netuid", type=int, required=True)
    parser.add_argument("--wallet-name", default="default")
    parser.add_argument("--wallet-path", default="~/.bittensor/wallets")
    parser.add_argument("--hotkey", default="default")
    parser.add_argument("--network", default="http://127.0.0.1:9944", help="the node's RPC URL")
    parser.add_argument("--port", type=int, default=0, help="the axon's port (miners; 0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="the axon's address (loopback unless you say otherwise)")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="a subnet option (repeat)")
    parser.add_argument("--state-dir", default=None, help="where status.json and the axon's nonce log go")
    parser.add_argument("--sync-interval", type=float, default=2.0, help="seconds between metagraph refreshes")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per RPC call would drown the log

    from subnets.base.neuron import NeuronConfig
    from subnets.registry import SubnetNotFound, load

    try:
        options = parse_options(args.option)
        subnet = load(args.subnet)
    except (ValueError, SubnetNotFound) as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return 2
    state_dir = Path(args.state_dir).expanduser() if args.state_dir else None
    if state_dir is not None:
        state_dir.mkdir(parents=True, exist_ok=True)
    config = NeuronConfig(netuid=args.netuid, network=args.network, wallet_name=args.wallet_name,
                          wallet_path=args.wallet_path, hotkey=args.hotkey, subnet=args.subnet, port=args.port,
                          host=args.host, options=options, state_dir=state_dir, sync_interval=args.sync_interval)
    neuron = subnet.neuron_class(args.role)(config)
    try:
        return neuron.run()
    except Exception as exc:  # logged in full: this goes to the process log
        logging.getLogger("taonet").exception("%s stopped with an error: %s", args.role, exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
