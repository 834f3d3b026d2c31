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
        assert names == ["miner-1-localnet-miner0-default", "miner-1-localnet-miner1-default",
                         "miner-1-localnet-miner2-default", "validator-1-localnet-validator0-default",
                         "validator-1-localnet-validator1-default"]
        # every miner and validator has a coldkey of its own, never the subnet owner's (whose
        # hotkeys' incentive the chain recycles)
        owner = json_of(btcli("subnets", "show", "--netuid", "1", "--network", first["rpc_url"], "--json-output"))
        coldkeys = [n["coldkey"] for n in first["neurons"]]
        assert len(set(coldkeys)) == 5 and owner["subnet"]["owner_coldkey"] not in coldkeys
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
        hotkeys = {p["name"].split("-")[3]: (p.get("report") or {}).get("hotkey") for p in status["processes"]}
        deadline = time.monotonic() + 90
        while True:
            graph = json_of(btcli("subnets", "metagraph", "--netuid", "1", "--network", first["rpc_url"], "--json-output"))
            by_hotkey = {n["hotkey"]: n for n in graph["neurons"]}
            good = [by_hotkey[hotkeys[m]]["incentive"] for m in ("miner0", "miner1") if hotkeys.get(m) in by_hotkey]
            bad = by_hotkey.get(hotkeys.get("miner2"), {}).get("incentive")
            dividends = [by_hotkey[hotkeys[v]]["dividends"] for v in ("validator0", "validator1") if hotkeys.get(v) in by_hotkey]
            earned = [by_hotkey[hotkeys[m]]["alpha_stake"] for m in ("miner0", "miner1") if hotkeys.get(m) in by_hotkey]
            if (len(good) == 2 and bad is not None and min(good) > bad and len(dividends) == 2 and sum(dividends) > 0
                    and len(earned) == 2 and min(earned) > 0):  # the good miners' incentive is theirs: their stake grows
                break
            assert time.monotonic() < deadline, (good, bad, dividends, earned)
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


def _up_args(data: str, wallets: str, port: str) -> list[str]:
    return ["--data-dir", data, "--wallet-path", wallets, "--rpc-port", port, "--miners", "2", "--validators", "1",
            "--block-time", "0.25", "--tempo", "10", "--no-dashboard"]


def _demo_settings_hold(btcli, rpc_url: str) -> None:
    from client import subnets
    from client.taonet import TaonetBackend

    with TaonetBackend(rpc_url) as rpc:
        params = {h["name"]: h["raw"] for h in subnets.hyperparameters(rpc, 1)["hyperparameters"]}
    assert params["tempo"] == 10 and params["commit_reveal_weights_enabled"] is False and params["serving_rate_limit"] == 0
    assert params["subnet_is_active"] is True


def test_ctrl_c_says_what_is_left_running_and_up_finishes_it(btcli, tmp_path, isolated_home):
    import os
    import signal
    import subprocess

    from tests.conftest import btcli_exe

    data, wallets, port = str(tmp_path / "localnet"), str(tmp_path / "wallets"), str(free_port())
    up = subprocess.Popen(btcli_exe() + ["localnet", "up", *_up_args(data, wallets, port)], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        seen = []
        for line in up.stderr:  # progress lines; Ctrl-C once the chain steps begin
            seen.append(line)
            if "Funding" in line:
                up.send_signal(signal.SIGINT)
                break
        rest = up.communicate(timeout=90)[1]
        assert up.returncode == 130, "".join(seen) + rest
        assert "still running" in rest and "btcli localnet up" in rest and "btcli localnet down" in rest, rest
        assert "Traceback" not in rest
        again = json_of(btcli("localnet", "up", *_up_args(data, wallets, port), "--json-output", timeout=120))
        assert sorted(p["state"] for p in again["processes"]) == ["running"] * 3
        _demo_settings_hold(btcli, again["rpc_url"])
    finally:
        if up.poll() is None:
            up.kill()
        btcli("localnet", "down", "--data-dir", data, "--purge", "-y", timeout=60)


def test_up_finishes_a_half_made_subnet_and_restores_the_demo_settings(btcli, tmp_path, isolated_home):
    """The states an interrupted `up` (or a hand) leaves: the subnet created but not started, and
    tempo 360 with commit-reveal. `up` starts it, sets the demo's settings back and goes on."""
    from btcli import localnet_chain as steps
    from btcli.localnet import Plan, Report, ensure_node
    from client.taonet import TaonetBackend

    data, wallets, port = str(tmp_path / "localnet"), str(tmp_path / "wallets"), str(free_port())
    plan = Plan(miners=2, validators=1, block_time=0.25, tempo=10, data_dir=data, rpc_port=int(port), wallet_path=wallets)
    try:
        report = Report()
        with TaonetBackend(ensure_node(plan, report, lambda _m: None)) as rpc:
            chain = rpc
            owner, owner_hotkey, _ = steps.ensure_wallets(wallets, ["validator0"], ["miner0", "miner1"], report)
            steps.submit_all(chain, [(steps._dev("//Alice"), "balances.transfer_keep_alive",
                                      {"dest": owner.ss58_address, "value": steps.OWNER_FUNDS})])
            steps.submit_all(chain, [(owner, "subtensor.register_network",
                                      {"hotkey": owner_hotkey.ss58_address, "subnet_name": plan.subnet_name})])
            sudo = steps._dev("//Alice")
            steps.submit_all(chain, [(sudo, "sudo.sudo", {"call": {"call": "admin_utils.set_hyperparameter", "args": {
                "netuid": 1, "parameter": k, "value": v}}}) for k, v in (("tempo", 360), ("commit_reveal_weights_enabled", True))])
        done = json_of(btcli("localnet", "up", *_up_args(data, wallets, port), "--json-output", timeout=120))
        assert done["netuid"] == 1 and "subnet 1 started" in done["steps"]
        assert sorted(p["state"] for p in done["processes"]) == ["running"] * 3
        _demo_settings_hold(btcli, done["rpc_url"])
    finally:
        btcli("localnet", "down", "--data-dir", data, "--purge", "-y", timeout=60)
