"""Hosting fixtures: tiny scripts that crash, hang or exit; a supervisor in this process; and real
`python -m node start` subprocesses (any host, extra flags). Everything started here is stopped here."""
from __future__ import annotations

import json
import os
import signal
import sys
import textwrap
from pathlib import Path

import pytest

from tests.node.fixtures import NodeProcess, free_port, wait_for

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
    """A fast supervisor (short backoff, 3 restarts make a crash loop) on tmp_path/data, which runs
    each spec's `script` option (see `script`) instead of a miner: the in-process `command` hook."""
    from node.hosting.supervisor import Supervisor

    made = []

    def make(**kwargs):
        options = dict(backoff_base=0.05, backoff_max=0.2, crashloop_restarts=3, crashloop_window=20.0,
                       stop_timeout=2.0, poll_interval=0.02, command=lambda spec: [sys.executable, spec.options["script"]])
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


# A real node subprocess (hosting is on in every `python -m node start`).
HostingNode = NodeProcess


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
