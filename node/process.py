"""A node as a background process: start it detached (pid file, log) and stop it cleanly."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from node.errors import NodeError
from node.paths import LOG_FILE, PID_FILE, lock_holder, node_info, pid_alive, process_command, process_start, running_pid

START_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0


def _failure(path: Path, offset: int, lines: int = 8) -> str:
    """Why a node this start spawned exited: its own `Error:` line (what `python -m node start`
    prints), else the last lines it wrote. Only what it wrote after `offset` (node.log also holds the
    earlier runs, whose lines would mislead)."""
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode(errors="replace")
    except OSError:
        return ""
    errors = [line[len("Error: "):] for line in text.splitlines() if line.startswith("Error: ")]
    return errors[-1] if errors else " / ".join(text.strip().splitlines()[-lines:])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=1.0) as response:
            return response.status == 200
    except OSError:
        return False


def start_detached(data_dir: Path, chain_spec: str | None, rpc_host: str, rpc_port: int, block_time: float,
                   allow_remote_admin: bool = False) -> dict[str, Any]:
    """Start `python -m node start` in its own session, logging to <data_dir>/node.log; wait until its
    RPC answers and return its node.json (pid, rpc_url, chain, genesis_hash, ...)."""
    pid = running_pid(data_dir)
    if pid is not None:
        raise NodeError(f"a node is already running in {data_dir} (pid {pid}): `btcli node stop` first")
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "node", "start", "--data-dir", str(data_dir), "--chain",
               str(Path(chain_spec).expanduser().resolve()) if chain_spec else "dev",
               "--rpc-host", rpc_host, "--rpc-port", str(rpc_port), "--block-time", repr(block_time)]
    if allow_remote_admin:
        command.append("--allow-remote-admin")
    log_path = data_dir / LOG_FILE
    command += ["--log-file", str(log_path)]  # the node rotates it by size (node.logs); stdout/stderr follow
    with log_path.open("ab") as log:
        offset = log.tell()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True, close_fds=True)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                raise NodeError(f"the node exited at once (status {proc.returncode}): "
                                f"{_failure(log_path, offset) or 'see ' + str(log_path)}")
            info = node_info(data_dir)
            if info and info.get("pid") == proc.pid and _healthy(info["rpc_url"]):
                return {**info, "log": str(log_path)}
            if time.monotonic() > deadline:
                raise NodeError(f"the node did not answer within {START_TIMEOUT:g}s: see {log_path}")
            time.sleep(0.05)
    except KeyboardInterrupt:  # Ctrl-C before it answered: the node is not left starting in its own session
        _end(proc)
        raise


def _end(proc: subprocess.Popen) -> None:
    """SIGTERM a node this process spawned (it finishes its block and exits), SIGKILL if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serving_url(data_dir: Path, wait: float = 10.0) -> str | None:
    """The RPC URL of the node running in `data_dir`, None when none runs there. The URL comes from
    the running node's own node.json (same pid: one a killed node left names a dead port); a node
    still starting is waited for up to `wait` seconds, and a lock holder that serves no RPC (an
    in-process chain, another program) is a NodeError that says so."""
    deadline = time.monotonic() + wait
    while True:
        pid = running_pid(data_dir)
        if pid is None:
            return None
        info = node_info(data_dir) or {}
        if pid and info.get("pid") == pid and isinstance(info.get("rpc_url"), str):
            return info["rpc_url"]
        if time.monotonic() > deadline:
            raise NodeError(f"{data_dir} is held by pid {pid}, which serves no RPC there (not a node started by "
                            "`btcli node start`, or one still starting): stop it, or use another --data-dir")
        time.sleep(0.1)


def node_pid(data_dir: Path) -> int:
    """The pid of the node process serving `data_dir`, checked before anyone signals it: it holds
    the data dir's lock, it is the process that took the lock (same start time), and its command
    line is a node start. Raise NodeError otherwise (a stale `node.pid` is never trusted)."""
    holder = lock_holder(data_dir)
    if holder is None:
        stale = ""
        try:
            stale = f" (node.pid names pid {int((data_dir / PID_FILE).read_text())}, which is not this folder's node)"
        except (OSError, ValueError):
            pass
        raise NodeError(f"no node is running in {data_dir}{stale}")
    pid = holder["pid"]
    if not isinstance(pid, int) or pid <= 0 or not pid_alive(pid):
        raise NodeError(f"the lock of {data_dir} is held but names no live process: nothing was signalled")
    start = process_start(pid)
    if holder.get("start") is not None and start is not None and start != holder["start"]:
        raise NodeError(f"pid {pid} is not the process that locked {data_dir}: nothing was signalled")
    command = process_command(pid)
    if command is not None and not _is_node_start(command):
        raise NodeError(f"{data_dir} is held by pid {pid} ({' '.join(' '.join(command).split())[:80]}), which is not a node started "
                        "by `btcli node start`: stop it there; nothing was signalled")
    return pid


def _is_node_start(command: list[str]) -> bool:
    """`python -m node start …` or `btcli node start …` (the foreground node)."""
    words = [Path(word).name for word in command[:4]]
    return any(a in ("node", "btcli") and b in ("node", "start") for a, b in zip(words, words[1:])) and "start" in command


def stop_node(data_dir: Path, timeout: float = STOP_TIMEOUT, force: bool = False) -> dict[str, Any]:
    """SIGTERM the node in `data_dir` and wait until it has finished its block and exited (its lock
    is free)."""
    pid = node_pid(data_dir)
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while lock_holder(data_dir) is not None:
        if time.monotonic() > deadline:
            if not force:
                raise NodeError(f"the node (pid {pid}) did not stop within {timeout:g}s: retry, or add --force to kill it")
            try:
                same = node_pid(data_dir) == pid  # checked again right before the kill
            except NodeError:
                break  # it stopped meanwhile
            if same:
                os.kill(pid, signal.SIGKILL)
                (data_dir / PID_FILE).unlink(missing_ok=True)
                return {"stopped": True, "pid": pid, "killed": True, "data_dir": str(data_dir)}
        time.sleep(0.05)
    while pid_alive(pid) and time.monotonic() < deadline:  # the lock goes just before the exit
        time.sleep(0.02)
    return {"stopped": True, "pid": pid, "killed": False, "data_dir": str(data_dir)}
