"""`btcli localnet up|status|down` against real processes: idempotent, hosted, stoppable."""
from __future__ import annotations

import re
import shlex
import time
from pathlib import Path

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
        assert "still running" in rest and "Traceback" not in rest, rest
        # the lines it suggests act on this localnet: `up` with the same settings, `down` on its data dir
        again_line, down_line = (shlex.split(c) for c in re.findall(r"`(btcli localnet (?:up|down)[^`]*)`", rest))
        assert again_line[:3] == ["btcli", "localnet", "up"] and down_line[:3] == ["btcli", "localnet", "down"], rest
        again = json_of(btcli(*again_line[1:], "--no-dashboard", "--json-output", timeout=120))
        assert again["data_dir"] == data and again["rpc_url"].endswith(f":{port}") and len(again["neurons"]) == 3
        assert sorted(p["state"] for p in again["processes"]) == ["running"] * 3
        _demo_settings_hold(btcli, again["rpc_url"])
        assert json_of(btcli(*down_line[1:], "--json-output", timeout=60))["stopped"]
    finally:
        if up.poll() is None:
            up.kill()
        btcli("localnet", "down", "--data-dir", data, "--purge", "-y", timeout=60)


def _processes_naming(text: str) -> dict[int, str]:
    """{pid: command line} of the running processes whose command line names `text`."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and text in line:
            found[int(entry.name)] = line
    return found


def test_ctrl_c_while_the_node_starts_leaves_nothing_running(tmp_path, isolated_home):
    import os
    import signal
    import subprocess

    from tests.conftest import btcli_exe

    data, wallets, port = tmp_path / "localnet", str(tmp_path / "wallets"), str(free_port())
    up = subprocess.Popen(btcli_exe() + ["localnet", "up", *_up_args(str(data), wallets, port)], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        for line in up.stderr:
            if "Starting the dev node" in line:
                break
        deadline = time.monotonic() + 30
        while not (data / "node.log").exists():  # opened right before the node is spawned
            assert time.monotonic() < deadline and up.poll() is None, "the node was never started"
            time.sleep(0.01)
        time.sleep(0.1)
        up.send_signal(signal.SIGINT)
        rest = up.communicate(timeout=60)[1]
        assert up.returncode == 130 and "nothing is left running" in rest, rest
        assert _processes_naming(str(data)) == {}, "a node said not to be running was left starting"
    finally:
        if up.poll() is None:
            up.kill()
        for pid in _processes_naming(str(data)):  # only what this test started names its tmp data dir
            os.kill(pid, signal.SIGKILL)


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


def test_up_waits_for_what_a_killed_up_left_in_the_pool(tmp_path, isolated_home):
    """An `up` killed right after it submitted the subnet's creation leaves that in the node's pool:
    the next `up` waits for it to land and reuses the subnet, instead of creating (and paying the
    lock cost of) a second one. (The next `up` runs within the block here; a user's follows the kill
    by a second or more, so this needs a long --block-time to happen by hand.)"""
    from btcli import localnet_chain as steps
    from btcli.localnet import Plan, Report, check_requirements, down, ensure_node, up
    from client import subnets
    from client.taonet import TaonetBackend

    plan = Plan(miners=1, validators=1, block_time=1.0, tempo=10, data_dir=str(tmp_path / "localnet"),
                rpc_port=free_port(), wallet_path=str(tmp_path / "wallets"))
    check_requirements(plan)  # loaded now, so the `up` below reaches the chain well within the block
    try:
        with TaonetBackend(ensure_node(plan, Report(), lambda _m: None)) as rpc:
            owner, owner_hotkey, _ = steps.ensure_wallets(plan.wallet_path, ["validator0"], ["miner0"], Report())
            steps.submit_all(rpc, [(steps._dev(steps.SUDO), "balances.transfer_keep_alive",
                                    {"dest": owner.ss58_address, "value": steps.OWNER_FUNDS})])
            creation = rpc.sign(owner, "subtensor.register_network",
                                {"hotkey": owner_hotkey.ss58_address, "subnet_name": plan.subnet_name})
            head = rpc.call("taonet_getHeader")["number"]
            while rpc.call("taonet_getHeader")["number"] == head:  # submitted just after a block: a second to go
                time.sleep(0.005)
            rpc.submit(creation)
            report = up(plan)  # as `btcli localnet up` would, while the creation is still in the pool
            names = [s["name"] for s in subnets.subnets(rpc)["subnets"]]
        assert report.netuid == 1 and names.count(plan.subnet_name) == 1, names
        assert f"subnet 1 ('{plan.subnet_name}') reused" in report.steps, report.steps
        assert sorted(p["state"] for p in report.processes) == ["running"] * 2
    finally:
        down(plan, purge=True)
