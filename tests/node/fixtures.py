"""Node fixtures shared by tests/node and tests/client: a chain builder, an in-process RPC node,
and a real `python -m node` subprocess. Every node started here is stopped here."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from node.builder import ChainBuilder, dev_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float = 20.0, interval: float = 0.01, what: str = "condition"):
    """Poll `condition()` until it returns something truthy; fail the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


@pytest.fixture
def builder(tmp_path):
    b = ChainBuilder(tmp_path / "chain")
    yield b
    b.close()


@pytest.fixture
def manual_node(tmp_path):
    """An RPC node in this process whose blocks are made on demand (`manual_node.produce_block()`)."""
    from node.genesis import dev_spec
    from node.service import BackgroundNode

    node = BackgroundNode(tmp_path / "manual", dev_spec(), block_time=None)
    yield node
    node.stop()


@pytest.fixture
def live_node(tmp_path):
    """An RPC node in this process making a block every 50 ms."""
    from node.genesis import dev_spec
    from node.service import BackgroundNode

    node = BackgroundNode(tmp_path / "live", dev_spec(), block_time=0.05)
    yield node
    node.stop()


class NodeProcess:
    """A real `python -m node start` subprocess (`host` and `extra` flags for hosting tests)."""

    def __init__(self, data_dir: Path, block_time: float = 0.1, port: int | None = None, host: str = "127.0.0.1",
                 extra: tuple[str, ...] = ()) -> None:
        self.data_dir = data_dir
        self.host = host
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(data_dir.parent / f"{data_dir.name}-{self.port}.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "node", "start", "--dev", "--data-dir", str(data_dir), "--rpc-host", host,
             "--rpc-port", str(self.port), "--block-time", str(block_time), *extra],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_for(self._ready, timeout=30, what="the node's RPC")

    def rpc(self):
        from client.taonet import TaonetBackend

        return TaonetBackend(self.url)

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"node exited with {self.proc.returncode}")
        try:
            info = json.loads((self.data_dir / "node.json").read_text())
        except (OSError, ValueError):
            return False
        if info.get("pid") != self.proc.pid:
            return False
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)  # a node with hosted processes stops them first
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
        return self.proc.returncode


@pytest.fixture
def node_process(tmp_path):
    """Start real node subprocesses with `node_process(data_dir)`; all are stopped afterwards."""
    started: list[NodeProcess] = []

    def start(data_dir: Path | None = None, **kwargs) -> NodeProcess:
        proc = NodeProcess(data_dir or tmp_path / "proc", **kwargs)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


__all__ = ["builder", "manual_node", "live_node", "node_process", "dev_key", "free_port", "wait_for", "NodeProcess"]
