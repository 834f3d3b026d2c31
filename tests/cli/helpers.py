"""Shared by the btcli subprocess tests."""
from __future__ import annotations

import json
from typing import Any


def json_of(result: Any, code: int = 0) -> Any:
    """The pure JSON a `btcli … --json-output` run printed, after checking its exit code (and that
    no traceback reached the user); fails if anything else is on stdout."""
    assert result.returncode == code, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _unlocking(pid: int) -> bool:
    """Whether process `pid` is deriving an encrypted key: argon2i's 512 MiB push its memory past 200 MiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return False
    return rss > 200 * 1024


def run_while_unlocking(args: list[str], env: dict[str, str], meanwhile: Any, stdin: str = "",
                        timeout: float = 120) -> tuple[int, str]:
    """Run `btcli args` (an encrypted coldkey, its password in `env`); call `meanwhile()` while it derives
    the key (the seconds in which an old order's checks went stale); its exit code and stdout+stderr."""
    import subprocess

    from tests.conftest import btcli_exe
    from tests.node.fixtures import wait_for

    proc = subprocess.Popen(btcli_exe() + args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
        wait_for(lambda: _unlocking(proc.pid) or proc.poll() is not None, timeout=60, interval=0.05,
                 what="the coldkey's unlock")
        assert proc.poll() is None, "btcli ended before unlocking: " + proc.stdout.read() + proc.stderr.read()
        meanwhile()
        proc.wait(timeout=timeout)
        return proc.returncode, proc.stdout.read() + proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
