"""`python -m node start|verify ...`: run a node (what `btcli node start` runs) or verify a chain."""
from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    from node.service import DEFAULT_BLOCK_TIME, DEFAULT_RPC_PORT, DEV_BLOCK_TIME

    parser = argparse.ArgumentParser(prog="python -m node", description="taonet's embedded chain node")
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="run a node in the foreground")
    start.add_argument("--data-dir", required=True)
    start.add_argument("--chain", default="dev", help="'dev' or a chain spec JSON file")
    start.add_argument("--rpc-host", default="127.0.0.1")
    start.add_argument("--rpc-port", type=int, default=DEFAULT_RPC_PORT)
    start.add_argument("--block-time", type=float, default=None)
    start.add_argument("--dev", action="store_true", help=f"dev chain and {DEV_BLOCK_TIME}s blocks")
    start.add_argument("--log-file", default=None, help="log there (with stdout and stderr), rotated by size")
    start.add_argument("--allow-remote-admin", action="store_true",
                       help="keep process control (admin-token RPC) on when --rpc-host is not loopback")
    verify = sub.add_parser("verify", help="replay every block and compare state roots")
    verify.add_argument("--data-dir", required=True)
    verify.add_argument("--repair", action="store_true",
                        help="if the chain verifies, accept its head as the one to start from (see node.durability)")
    args = parser.parse_args(argv)
    if getattr(args, "log_file", None):
        from node.logs import log_to_file

        log_to_file(args.log_file)
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)

    if args.command == "verify":
        from node.replay import verify as run_verify

        if args.repair:
            import json

            from node.durability import accept_head

            try:
                result = accept_head(args.data_dir)
            except (OSError, ValueError) as exc:
                sys.stderr.write(f"Error: {exc}\n")
                return 1
            print(json.dumps(result))
            return 0 if result["repaired"] else 1
        report = run_verify(args.data_dir)
        print(report.to_json())
        return 0 if report.ok else 1
    from node.genesis import load_spec
    from node.service import run

    block_time = args.block_time if args.block_time is not None else (DEV_BLOCK_TIME if args.dev else DEFAULT_BLOCK_TIME)
    if not block_time > 0:
        parser.error("--block-time must be positive")
    try:
        spec = load_spec("dev" if args.dev else args.chain)
        return run(args.data_dir, spec, args.rpc_host, args.rpc_port, block_time, args.allow_remote_admin)
    except (OSError, ValueError, RuntimeError) as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
