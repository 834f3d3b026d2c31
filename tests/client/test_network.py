"""Network names and endpoints: the real btcli's names, the environment, and which backend each
choice picks (a subtensor endpoint is never spoken to with taonet's JSON-RPC)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from client.network import LOCAL_URL, SUBTENSOR_ENDPOINTS, UnknownNetwork, resolve, resolve_network


@pytest.fixture(autouse=True)
def no_network_env(monkeypatch):
    for var in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK"):
        monkeypatch.delenv(var, raising=False)


def test_real_btcli_endpoints():
    assert SUBTENSOR_ENDPOINTS == {"finney": "wss://entrypoint-finney.opentensor.ai:443",
                                   "test": "wss://test.finney.opentensor.ai:443",
                                   "archive": "wss://archive.chain.opentensor.ai:443"}


@pytest.mark.parametrize("name", ["finney", "test", "archive", "Finney"])
def test_subtensor_names_pick_the_subtensor_backend(name):
    chosen = resolve_network(name)
    assert (chosen.kind, chosen.name, chosen.url) == ("subtensor", name.lower(), SUBTENSOR_ENDPOINTS[name.lower()])


@pytest.mark.parametrize("url, name", [("ws://127.0.0.1:9945", "ws://127.0.0.1:9945"),
                                       ("wss://entrypoint-finney.opentensor.ai:443", "finney"),
                                       ("wss://test.finney.opentensor.ai:443/", "test")])
def test_ws_urls_are_subtensor_endpoints(url, name):
    chosen = resolve_network(url)
    assert (chosen.kind, chosen.name, chosen.url) == ("subtensor", name, url.rstrip("/"))


def test_taonet_nodes():
    assert resolve(None) == LOCAL_URL
    assert resolve("local") == LOCAL_URL
    assert resolve(None, "http://10.0.0.1:9944/") == "http://10.0.0.1:9944"
    assert resolve("https://node.example:443") == "https://node.example:443"
    assert resolve("127.0.0.1:9000") == "http://127.0.0.1:9000"


@pytest.mark.parametrize("bad", ["finney-ish", "mainnet", "ftp://x", "a/b:9"])
def test_neither_a_name_nor_a_url(bad):
    with pytest.raises(UnknownNetwork, match="unknown network") as info:
        resolve(bad)
    assert "\n" not in str(info.value)


def test_precedence_option_then_environment_then_config(monkeypatch):
    configured = "http://10.0.0.9:9944"
    assert resolve_network(None, configured).source == "config"
    monkeypatch.setenv("BT_NETWORK", "http://10.0.0.2:9944")
    assert resolve(None, configured) == "http://10.0.0.2:9944"
    monkeypatch.setenv("BT_SUBTENSOR_NETWORK", "http://10.0.0.1:9944")
    chosen = resolve_network(None, configured)
    assert (chosen.url, chosen.source) == ("http://10.0.0.1:9944", "BT_SUBTENSOR_NETWORK")
    assert resolve("local", configured) == LOCAL_URL  # the option wins
    monkeypatch.setenv("BT_SUBTENSOR_NETWORK", "finney")
    chosen = resolve_network(None, configured)
    assert (chosen.kind, chosen.name, chosen.source) == ("subtensor", "finney", "BT_SUBTENSOR_NETWORK")
    monkeypatch.setenv("BT_SUBTENSOR_NETWORK", "mainnet")
    with pytest.raises(UnknownNetwork, match=r"\$BT_SUBTENSOR_NETWORK"):
        resolve(None, configured)


def _btcli(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK")}
    base.update(HOME=str(tmp_path), TAONET_CONFIG=str(tmp_path / "config.json"), COLUMNS="200", **env)
    return subprocess.run([sys.executable, "-m", "btcli", *args], env=base, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_cli_says_one_line_when_a_subtensor_endpoint_does_not_answer(tmp_path):
    url = f"ws://127.0.0.1:{_closed_port()}"
    human = _btcli("subnets", "list", "--network", url, env={}, tmp_path=tmp_path)
    assert human.returncode == 1 and "Traceback" not in human.stderr
    lines = [line for line in (human.stdout + human.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and url in lines[0], lines
    as_json = _btcli("wallet", "balance", "--ss58", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                     "--json-output", env={"BT_SUBTENSOR_NETWORK": url}, tmp_path=tmp_path)
    answer = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and answer["success"] is False and url in answer["error"]


def test_cli_unknown_network_and_config(tmp_path):
    bad = _btcli("subnets", "list", "--network", "mainnet", "--json-output", env={}, tmp_path=tmp_path)
    assert bad.returncode == 1 and "unknown network 'mainnet'" in json.loads(bad.stdout)["error"].lower()
    refused = _btcli("config", "set", "network", "mainnet", env={}, tmp_path=tmp_path)
    assert refused.returncode == 1 and "unknown network" in refused.stderr.lower()
    assert not (tmp_path / "config.json").exists()
    kept = _btcli("config", "set", "network", "test", env={}, tmp_path=tmp_path)
    assert kept.returncode == 0 and json.loads((tmp_path / "config.json").read_text())["network"] == "test"


def test_the_dashboard_says_one_line_too(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK")}
    done = subprocess.run([sys.executable, "-m", "tui", "--network", "mainnet"], env={**env, "HOME": str(tmp_path)},
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "unknown network 'mainnet'" in done.stderr
