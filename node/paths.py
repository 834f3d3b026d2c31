"""Where a node keeps its files, and how to tell whether one is running there (no heavy imports)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULT_ROOT = "~/.bittensor/taonet"
PID_FILE, INFO_FILE, LOG_FILE, DB_FILE = "node.pid", "node.json", "node.log", "chain.db"


def default_data_dir(chain_name: str = "taonet-dev") -> Path:
    """`~/.bittensor/taonet/<chain>` (the chain spec's name)."""
    return Path(os.path.expanduser(DEFAULT_ROOT)) / chain_name


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited, not yet reaped by its parent) is not a running node
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def running_pid(data_dir: Path) -> int | None:
    """The pid of the node running in `data_dir`, or None (a stale pid file counts as none)."""
    try:
        pid = int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if pid_alive(pid) else None


def node_info(data_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((data_dir / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
