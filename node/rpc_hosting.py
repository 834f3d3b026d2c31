"""Privileged JSON-RPC methods: start, stop, list and read the logs of hosted processes.

Every method takes the node's admin token first (`<data_dir>/admin.token`, mode 0600) and refuses
without the right one. When the node listens beyond loopback they are all off unless it was
started with --allow-remote-admin. They exist only on a node that runs a supervisor (`python -m
node start`): `register(...)` adds them when the node starts. The process table they manage is
node bookkeeping, not chain state.
"""
from __future__ import annotations

import ipaddress
from typing import Any

from node import rpc_registry
from node.chain import Chain
from node.hosting.supervisor import Supervisor
from node.hosting.table import SpecError, spec_from_request
from node.hosting.token import token_matches
from node.rpc_params import InvalidParams

NAMES = ("taonet_processStart", "taonet_processStop", "taonet_processList", "taonet_processLogs")
MAX_LOG_LINES = 10_000


class AdminRefused(InvalidParams):
    """A privileged call without the right token, or with process control off."""


class _Admin:
    supervisor: Supervisor | None = None
    token: str = ""
    enabled: bool = False
    why_off: str = ""


_admin = _Admin()


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def register(supervisor: Supervisor, token: str, rpc_host: str, allow_remote_admin: bool = False) -> None:
    """Add the process-control methods to the node's RPC, bound to `supervisor` and `token`."""
    _admin.supervisor, _admin.token = supervisor, token
    _admin.enabled = is_loopback(rpc_host) or allow_remote_admin
    _admin.why_off = ("" if _admin.enabled else
                      f"process control is off because the node listens on {rpc_host}, beyond loopback: "
                      "restart the node with --allow-remote-admin to enable it")
    rpc_registry.add(_METHODS)


def _authorized(token: Any) -> Supervisor:
    if not _admin.enabled:
        raise AdminRefused(_admin.why_off)
    if _admin.supervisor is None or not token_matches(_admin.token, token):
        raise AdminRefused("unauthorized: process control needs the node's admin token "
                           "(the admin.token file in the node's data dir)")
    return _admin.supervisor


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 64:
        raise InvalidParams("name must be a process name (see taonet_processList)")
    return value


def process_start(chain: Chain, token: Any, spec: Any) -> dict:
    """Start (or leave running) a hosted miner/validator from a spec; its status with already_running."""
    supervisor = _authorized(token)
    try:
        return supervisor.start(spec_from_request(spec))
    except SpecError as exc:
        raise InvalidParams(str(exc)) from None


def process_stop(chain: Chain, token: Any, name: Any, remove: Any = False) -> dict:
    """Stop a hosted process (SIGTERM, then SIGKILL); remove=true also forgets it."""
    supervisor = _authorized(token)
    try:
        return supervisor.stop(_name(name), bool(remove))
    except SpecError as exc:
        raise InvalidParams(str(exc)) from None


def process_list(chain: Chain, token: Any) -> dict:
    """Every hosted process: {"head", "processes": [status…]} (pid, state, uptime_s, restarts, report…)."""
    supervisor = _authorized(token)
    return {"head": chain.head.number, "processes": supervisor.list()}


def process_logs(chain: Chain, token: Any, name: Any, lines: Any = 100, since: Any = None) -> dict:
    """A process's log: the last `lines` lines, or what follows byte offset `since`; {lines, offset}."""
    supervisor = _authorized(token)
    if type(lines) is not int or not 0 <= lines <= MAX_LOG_LINES:
        raise InvalidParams(f"lines must be an integer in 0..{MAX_LOG_LINES}")
    if since is not None and (type(since) is not int or since < 0):
        raise InvalidParams("since must be a byte offset (a non-negative integer)")
    try:
        return supervisor.logs(_name(name), lines, since)
    except SpecError as exc:
        raise InvalidParams(str(exc)) from None


_METHODS = dict(zip(NAMES, (process_start, process_stop, process_list, process_logs)))
