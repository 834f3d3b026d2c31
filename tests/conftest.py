"""Shared fixtures: an isolated HOME/config per test, the vectors directory, and a btcli runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

VECTORS = Path(__file__).parent / "vectors"

# A Bittensor user's shell may export a network (client.network reads these before the config):
# the suite's commands talk to the nodes the tests start, never to that network.
for _var in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK"):
    os.environ.pop(_var, None)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _metadata_cache(tmp_path_factory):
    """The subtensor backend caches runtime metadata on disk: the suite keeps its own cache (and its
    subprocesses inherit it), never the user's ~/.bittensor/taonet/metadata."""
    os.environ["TAONET_METADATA_CACHE"] = str(tmp_path_factory.mktemp("metadata-cache"))


def load_vector(*parts: str):
    return json.loads(VECTORS.joinpath(*parts).read_text())


@pytest.fixture
def isolated_home(tmp_path_factory, monkeypatch):
    """A fresh HOME, config file and keyring location, so tests never touch the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TAONET_CONFIG", str(home / "config.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for key in list(os.environ):
        if key.startswith("BT_PW_"):
            monkeypatch.delenv(key)
    return home


def btcli_exe() -> list[str]:
    beside = Path(sys.executable).with_name("btcli")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "btcli"]


@pytest.fixture
def btcli(isolated_home):
    """Run btcli as a real subprocess with no terminal on stdin; returns CompletedProcess."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60):
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run(
            btcli_exe() + list(args), env=full_env, input=input, capture_output=True, text=True,
            timeout=timeout, stdin=None if input is not None else subprocess.DEVNULL,
        )

    return run
