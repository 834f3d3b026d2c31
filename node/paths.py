"""Where a node keeps its files, and how to tell whether one is running there (no heavy imports).

One node per data directory: whoever opens the chain for writing holds an exclusive `flock` on
`node.lock` for as long as it has it open (the OS drops it when the process dies, kill -9
included), and writes its pid and process start time into that file. "Is a node running here,
and which pid is it" is answered by the lock, never by `node.pid` alone (a stale pid file may name
any process). `node.lock` is never deleted while held.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from node.errors import NodeError

DEFAULT_ROOT = "~/.bittensor/taonet"
PID_FILE, INFO_FILE, LOG_FILE, DB_FILE, LOCK_FILE = "node.pid", "node.json", "node.log", "chain.db", "node.lock"
# a chain name becomes a folder name under DEFAULT_ROOT: letters, digits, '.', '_', '-', not starting with '.'
CHAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")


def check_chain_name(name: object) -> str:
    """`name` if it is a safe chain name (it names the default data directory); ValueError otherwise."""
    if not isinstance(name, str) or not CHAIN_NAME.fullmatch(name):
        raise ValueError(f"invalid chain name {name!r}: use 1 to 64 letters, digits, '.', '_' or '-', "
                         "not starting with '.'")
    return name


def default_data_dir(chain_name: str = "taonet-dev") -> Path:
    """`~/.bittensor/taonet/<chain>` (the chain spec's name)."""
    return Path(os.path.expanduser(DEFAULT_ROOT)) / check_chain_name(chain_name)


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


def process_start(pid: int) -> int | None:
    """A process's start time in clock ticks since boot (Linux /proc), or None where unknown."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def process_command(pid: int) -> list[str] | None:
    """A process's command line (Linux /proc), or None where unknown."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return [part.decode(errors="replace") for part in fh.read().split(b"\0") if part]
    except OSError:
        return None


class DataDirLock:
    """The exclusive lock of a data directory, held by the process that writes its chain."""

    def __init__(self, data_dir: Path | str) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, wait: float = 2.0) -> DataDirLock:
        """Take the lock (retrying for `wait` seconds: a status probe holds it for microseconds), or
        raise NodeError naming the pid that holds it."""
        deadline = time.monotonic() + wait
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                holder = lock_holder(self.path.parent)
                pid = holder["pid"] if holder else "unknown"
                raise NodeError(f"a node is already running in {self.path.parent} (pid {pid}): one node per data "
                                "directory; stop it with `btcli node stop`, or use another --data-dir") from None
            try:  # the file we locked must still be the one at the path (a purge may have removed it)
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            record = json.dumps({"pid": os.getpid(), "start": process_start(os.getpid())})
            os.ftruncate(fd, 0)
            os.pwrite(fd, record.encode() + b"\n", 0)
            self._fd = fd
            return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            except OSError:
                pass
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def lock_holder(data_dir: Path) -> dict[str, Any] | None:
    """{pid, start} of the process holding `data_dir`'s lock, or None when nobody holds it."""
    path = Path(data_dir) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        deadline = time.monotonic() + 1.0
        while True:  # held: the holder writes its record right after taking the lock
            try:
                record = json.loads(os.pread(fd, 4096, 0) or b"null")
            except ValueError:
                record = None
            if isinstance(record, dict) and isinstance(record.get("pid"), int):
                return record
            if time.monotonic() > deadline:
                return {"pid": None, "start": None}
            time.sleep(0.02)
    finally:
        os.close(fd)


def running_pid(data_dir: Path) -> int | None:
    """The pid of the node running in `data_dir` (the holder of its lock; 0 if it recorded none), or
    None. `node.pid` is not trusted: a stale one may name any process."""
    holder = lock_holder(data_dir)
    return None if holder is None else (holder["pid"] or 0)


def node_info(data_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((data_dir / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
