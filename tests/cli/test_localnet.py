"""`btcli localnet up|status|down` against real processes: idempotent, hosted, stoppable."""
from __future__ import annotations

import time

import pytest

from tests.cli.helpers import json_of
from tests.node.fixtures import free_port

pytestmark = pytest.mark.slow


def test_localnet_up_twice_status_and_down(btcli, tmp_path):
    data, wallets, port = str(tmp_path / "localnet"), str(tmp_path / "wallets"), str(free_port())
    args = ["--data-dir", data, "--wallet-path", wallets, "--rpc-port", port, "--miners", "3", "--validators", "2",
            "--block-time", "0.25", "--tempo", "10", "--no-dashboard", "--json-output"]
    first = json_of(btcli("localnet", "up", *args, timeout=120))
    try:
        assert first["netuid"] == 1 and first["rpc_url"].endswith(port)
        names = sorted(p["name"] for p in first["processes"])
        assert names == ["miner-1-localnet-miner0", "miner-1-localnet-miner1", "miner-1-localnet-miner2",
                         "validator-1-localnet-validator0", "validator-1-localnet-validator1"]
        second = json_of(btcli("localnet", "up", *args, timeout=120))
        assert second["netuid"] == 1
        assert any("already running" in s for s in second["steps"]) and any("reused" in s for s in second["steps"])
        assert "every hotkey already registered" in second["steps"]
        deadline = time.monotonic() + 60
        while True:  # the validator's rounds reach both miners
            status = json_of(btcli("localnet", "status", "--data-dir", data, "--json-output"))
            validator = next(p for p in status["processes"] if p["role"] == "validator")
            last = (validator.get("report") or {}).get("last_round") or {}
            if last.get("answered") == 3:
                break
            assert time.monotonic() < deadline, validator
            time.sleep(0.5)
        assert [s["name"] for s in status["subnets"]] == ["localnet-template"]
        # Within a few tempos the epoch ranks the good miners above the bad one (the last miner
        # answers wrongly) and pays the validators dividends.
        hotkeys = {p["name"].rsplit("-", 1)[1]: (p.get("report") or {}).get("hotkey") for p in status["processes"]}
        deadline = time.monotonic() + 90
        while True:
            graph = json_of(btcli("subnets", "metagraph", "--netuid", "1", "--network", first["rpc_url"], "--json-output"))
            by_hotkey = {n["hotkey"]: n for n in graph["neurons"]}
            good = [by_hotkey[hotkeys[m]]["incentive"] for m in ("miner0", "miner1") if hotkeys.get(m) in by_hotkey]
            bad = by_hotkey.get(hotkeys.get("miner2"), {}).get("incentive")
            dividends = [by_hotkey[hotkeys[v]]["dividends"] for v in ("validator0", "validator1") if hotkeys.get(v) in by_hotkey]
            if len(good) == 2 and bad is not None and min(good) > bad and len(dividends) == 2 and sum(dividends) > 0:
                break
            assert time.monotonic() < deadline, (good, bad, dividends)
            time.sleep(1)
    finally:
        down = json_of(btcli("localnet", "down", "--data-dir", data, "--purge", "-y", "--json-output", timeout=60))
    assert down["stopped"] and down["purged"]
    gone = btcli("localnet", "status", "--data-dir", data)
    assert gone.returncode == 1 and "btcli localnet up" in gone.stderr


def test_unknown_subnet_fails_before_anything_starts(btcli, tmp_path):
    data = tmp_path / "localnet"
    result = btcli("localnet", "up", "--data-dir", str(data), "--subnet", "nope", "--rpc-port", str(free_port()))
    assert result.returncode == 1 and result.stderr.startswith("Error: Unknown subnet 'nope'") and "template" in result.stderr
    assert not data.exists()
