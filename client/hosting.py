"""Process control on a node: start, stop, list and read the logs of hosted miners and validators.

These RPC methods need the node's admin token: `admin_token(data_dir)` reads it from the node's
data dir (where the node wrote it, mode 0600), or from TAONET_ADMIN_TOKEN for a node elsewhere.
`ensure_started` is what a script (or `btcli localnet`) calls: it starts a process from a spec,
and leaves it alone when the same spec already runs.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from client.errors import ClientError
from client.backend import Backend

TOKEN_ENV = "TAONET_ADMIN_TOKEN"
SUGGESTED_FUNDING_TAO = "0.1"  # what to send a miner's hotkey when the node charges serve_axon a fee


def admin_token(data_dir: Path | str | None) -> str:
    """The admin token: $TAONET_ADMIN_TOKEN, else `<data_dir>/admin.token`."""
    from node.hosting.token import read_token, token_path

    env = os.environ.get(TOKEN_ENV)
    if env:
        return env.strip()
    token = read_token(data_dir) if data_dir is not None else None
    if token is None:
        where = token_path(data_dir) if data_dir is not None else "the node's data dir"
        raise ClientError(f"no admin token at {where}: is the node running from that data dir "
                          f"(pass --data-dir), or set {TOKEN_ENV} for a node elsewhere?")
    return token


def process_spec(role: str, netuid: int, wallet_name: str, hotkey: str, wallet_path: str, subnet: str = "template",
                 port: int | None = None, options: dict[str, str] | None = None, name: str | None = None,
                 network: str | None = None) -> dict[str, Any]:
    """A spec for taonet_processStart (the wallet path made absolute, as the node will read it)."""
    spec: dict[str, Any] = {"role": role, "netuid": netuid, "wallet_name": wallet_name, "hotkey": hotkey,
                            "wallet_path": str(Path(wallet_path).expanduser().resolve()), "subnet": subnet,
                            "options": dict(options or {})}
    if port:
        spec["port"] = port
    if name:
        spec["name"] = name
    if network:
        spec["network"] = network
    return spec


def start(rpc: Backend, token: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Start a hosted process; its status (`already_running` when the same spec already ran)."""
    return rpc.call("taonet_processStart", token, spec)


def ensure_started(rpc: Backend, token: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Idempotent start: the same as `start` (which leaves a running identical spec alone)."""
    return start(rpc, token, spec)


def stop(rpc: Backend, token: str, name: str, remove: bool = False) -> dict[str, Any]:
    return rpc.call("taonet_processStop", token, name, remove, timeout=60)


def processes(rpc: Backend, token: str) -> dict[str, Any]:
    """{"head", "processes": [status…]}."""
    return rpc.call("taonet_processList", token)


def logs(rpc: Backend, token: str, name: str, lines: int = 100, since: int | None = None) -> dict[str, Any]:
    """{"name", "path", "lines", "offset"}; pass the returned offset as `since` to follow."""
    return rpc.call("taonet_processLogs", token, name, lines, since)


def serve_axon_args(netuid: int, hotkey: str, ip: str, port: int) -> dict[str, Any]:
    return {"netuid": netuid, "hotkey": hotkey, "ip": ip, "port": port, "ip_type": 6 if ":" in ip else 4, "protocol": 4}


def serve_axon_shortfall(rpc: Backend, netuid: int, hotkey: str, ip: str = "127.0.0.1", port: int = 1) -> str | None:
    """Why `hotkey` cannot pay serve_axon's fee (it signs its own axon), as one line with the command
    that fixes it; None when it can. serve_axon is free (Pays::No) on taonet as on subtensor, so a
    hotkey holding τ0 passes: this only refuses where a node asks a fee for it."""

    fee = rpc.estimate_fee(hotkey, "subtensor.serve_axon", serve_axon_args(netuid, hotkey, ip, port))
    free = rpc.account(hotkey).free
    if free.rao >= fee.rao:
        return None
    return (f"hotkey {hotkey} has {free} and cannot pay serve_axon's fee ({fee}) to publish its axon: send it TAO "
            f"from its coldkey with `btcli wallet transfer --dest {hotkey} --amount {SUGGESTED_FUNDING_TAO}` "
            f"(or start the miner with --fund-hotkey {SUGGESTED_FUNDING_TAO})")
