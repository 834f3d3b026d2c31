"""The real bittensor libraries, each in its own venv, for interoperability tests.

The venvs live under ~/.cache/taonet-tests (reused between runs). When a package cannot be
installed (no network, no wheel for this platform) the tests that need it are skipped cleanly.
"""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("TAONET_TEST_CACHE", Path.home() / ".cache" / "taonet-tests"))


def real_venv(name: str, requirement: str) -> Path:
    """A venv with `requirement` installed; pytest.skip when that is impossible here.

    Built at most once at a time: pytest-xdist workers (or two runs) asking for the same venv take
    an OS lock on CACHE/<name>.lock; the one that gets it builds, the others wait and reuse it."""
    target = CACHE / name
    python = target / "bin" / "python"
    marker = target / ".installed"

    def ready() -> bool:
        return marker.exists() and marker.read_text() == requirement and python.exists()

    if ready():
        return python
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, and by the OS if we die
        if ready():  # built by whoever held the lock before us
            return python
        marker.unlink(missing_ok=True)
        try:
            venv.create(target, with_pip=True, clear=True)
            done = subprocess.run(
                [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
                capture_output=True, text=True, timeout=600,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"cannot make a venv for {requirement}: {exc}")
        if done.returncode != 0:
            pytest.skip(f"cannot install {requirement} here: {done.stderr.strip().splitlines()[-1:]}")
        marker.write_text(requirement)
    return python


@pytest.fixture(scope="session")
def real_wallet_python() -> Path:
    return real_venv("bittensor-wallet-4.1.1", "bittensor-wallet==4.1.1")


@pytest.fixture(scope="session")
def real_sdk_python() -> Path:
    """The real bittensor SDK 10.5.0 (with its async-substrate-interface and bittensor-wallet)."""
    return real_venv("bittensor-10.5.0", "bittensor==10.5.0")


def run_real(python: Path, code: str, **env: str) -> str:
    """Run `code` with the real library's interpreter; return its stdout (fail on error)."""
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, **env), cwd="/")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # the real library prints progress lines first


__all__ = ["run_real", "real_venv", "sys"]
