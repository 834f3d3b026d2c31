"""Hosting fixtures: tiny scripts that crash, hang or exit; a supervisor in this process; and real
`python -m node start` subprocesses (any host, extra flags). Everything started here is stopped here."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.node.fixtures import free_port, wait_for

SCRIPTS = {
    # runs until SIGTERM, then exits 0
    "serve": """
        import signal, sys, time
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        print("serving", flush=True)
        while True:
            time.sleep(0.05)
    """,
    "crash": """
        import sys
        print("about to crash", flush=True)
        sys.exit(3)
    """,
    # ignores SIGTERM: only SIGKILL ends it
    "stubborn": """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("ignoring SIGTERM", flush=True)
        while True:
            time.sleep(0.05)
    """,
}


@pytest.fixture
def script(tmp_path):
    """`script("serve")` -> argv of a tiny Python program (see SCRIPTS)."""

    def make(kind: str) -> list[str]:
        path = tmp_path / f"{kind}.py"
        path.write_text(textwrap.dedent(SCRIPTS[kind]))
        return [sys.executable, str(path)]

    return make


@pytest.fixture
def supervisor(tmp_path):
    """A fast supervisor (short backoff, 3 restarts make a crash loop) on tmp_path/data."""
    from node.hosting.supervisor import Supervisor

    made = []

    def make(**kwargs):
        options = dict(backoff_base=0.05, backoff_max=0.2, crashloop_restarts=3, crashloop_window=20.0,
                       stop_timeout=2.0, poll_interval=0.02)
        options.update(kwargs)
        sup = Supervisor(tmp_path / "data", "http://127.0.0.1:1", **options)
        made.append(sup)
        return sup

    yield make
    for sup in made:
        sup.shutdown()


def pid_running(pid: int) -> bool:
    from node.paths import pid_alive

    return pid_alive(pid)


class HostingNode:
    """A real node subprocess with hosting; `kill9()` and `stop()`; `rpc()` gives a client."""

    def __init__(self, data_dir: Path, host: str = "127.0.0.1", extra: tuple[str, ...] = (), block_time: float = 0.1) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.host = host
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir.parent / f"{data_dir.name}-{self.port}.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "node", "start", "--dev", "--data-dir", str(data_dir), "--rpc-host", host,
             "--rpc-port", str(self.port), "--block-time", str(block_time), *extra],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_for(self._ready, timeout=30, what="the node's RPC")

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

    def rpc(self):
        from client.rpc import Client

        return Client(self.url)

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
        return self.proc.returncode


@pytest.fixture
def hosting_node(tmp_path):
    """Start real nodes with `hosting_node(data_dir, host=..., extra=(...))`; all are stopped after,
    and any hosted process they left behind is ended."""
    started: list[HostingNode] = []

    def start(data_dir: Path | None = None, **kwargs) -> HostingNode:
        node = HostingNode(data_dir or tmp_path / "node", **kwargs)
        started.append(node)
        return node

    yield start
    for node in started:
        node.stop()
    for node in started:  # a hosted process must never outlive the test
        table = node.data_dir / "processes.json"
        if table.exists():
            for spec in json.loads(table.read_text()).get("processes", []):
                if spec.get("pid") and pid_running(spec["pid"]):
                    try:
                        os.killpg(spec["pid"], signal.SIGKILL)
                    except OSError:
                        pass


__all__ = ["free_port", "wait_for", "pid_running"]
