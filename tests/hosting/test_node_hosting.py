"""Hosting through a real node: the admin token, kill -9 of a hosted process and of the node, a clean
node stop, loopback-only admin, and a chain that still verifies (the table is not chain state)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from client.errors import RpcError
from client import hosting
from tests.hosting.conftest import pid_running, wait_for
from wallet.keypair import Keypair
from wallet.wallet import Wallet


@pytest.fixture
def wallet_path(tmp_path):
    path = tmp_path / "wallets"
    Wallet("w", "m1", str(path)).write_hotkey(Keypair.from_uri("//Bob"), None)
    return str(path)


def miner_spec(wallet_path: str, **extra) -> dict:
    # netuid 7 does not exist: the miner serves its axon and keeps waiting for the subnet
    return hosting.process_spec("miner", 7, "w", "m1", wallet_path, name="m1", **extra)


def listed(rpc, token, name="m1") -> dict:
    return next(p for p in hosting.processes(rpc, token)["processes"] if p["name"] == name)


def test_process_control_needs_the_token(hosting_node, wallet_path):
    node = hosting_node()
    token = hosting.admin_token(node.data_dir)
    assert (node.data_dir / "admin.token").stat().st_mode & 0o777 == 0o600
    with node.rpc() as rpc:
        for bad in (None, "", "0" * 64, token[:-1]):
            with pytest.raises(RpcError, match="admin token"):
                hosting.processes(rpc, bad)
            with pytest.raises(RpcError, match="admin token"):
                hosting.start(rpc, bad, miner_spec(wallet_path))
        assert hosting.processes(rpc, token)["processes"] == []


def test_kill9_of_a_hosted_process_and_of_the_node(hosting_node, wallet_path, tmp_path):
    node = hosting_node()
    token = hosting.admin_token(node.data_dir)
    with node.rpc() as rpc:
        started = hosting.start(rpc, token, miner_spec(wallet_path))
        assert started["state"] == "running" and not started["already_running"]
        assert hosting.ensure_started(rpc, token, miner_spec(wallet_path))["already_running"] is True
        first = wait_for(lambda: (p := listed(rpc, token))["report"] and p["report"].get("axon_port") and p,
                         timeout=60, what="the miner's status.json")
        assert first["report"]["role"] == "miner" and first["report"]["pid"] == first["pid"]
        os.kill(first["pid"], signal.SIGKILL)
        again = wait_for(lambda: (p := listed(rpc, token))["state"] == "running" and p["pid"] != first["pid"] and p,
                         timeout=30, what="the restart")
        assert again["restarts"] == 1
        lines = hosting.logs(rpc, token, "m1", 200)["lines"]
        assert any("restarting in" in line for line in lines)
    before = again["pid"]
    node.kill9()
    # the orphan notices its node is gone and stops by itself
    wait_for(lambda: not pid_running(before), timeout=30, what="the orphaned miner to stop")
    node2 = hosting_node(node.data_dir)
    with node2.rpc() as rpc:
        token2 = hosting.admin_token(node2.data_dir)
        back = wait_for(lambda: (p := listed(rpc, token2))["state"] == "running" and p, timeout=30, what="resume")
        assert back["pid"] != before and pid_running(back["pid"])
    node2.stop()
    assert not pid_running(back["pid"]), "a hosted process must stop with its node"
    verify = subprocess.run([sys.executable, "-m", "node", "verify", "--data-dir", str(node.data_dir)],
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "True" in verify.stdout or "true" in verify.stdout
    table = json.loads((node.data_dir / "processes.json").read_text())
    assert table["processes"][0]["desired"] == "running"  # stopping the node keeps what should run


def test_stop_list_and_remove(hosting_node, wallet_path):
    node = hosting_node()
    token = hosting.admin_token(node.data_dir)
    with node.rpc() as rpc:
        pid = hosting.start(rpc, token, miner_spec(wallet_path))["pid"]
        wait_for(lambda: (listed(rpc, token)["report"] or {}).get("axon_port"), timeout=60, what="the axon")
        stopped = hosting.stop(rpc, token, "m1")
        assert stopped["state"] == "stopped" and not stopped["killed"] and not pid_running(pid)
        # a clean stop: status 0, no traceback, and the miner's last word is that it stopped
        log = "\n".join(hosting.logs(rpc, token, "m1", 200)["lines"])
        assert stopped["last_exit_code"] == 0 and "Traceback" not in log and "stopped with an error" not in log, log
        assert stopped["report"]["stopped"] is True and stopped["report"]["axon_port"]
        assert listed(rpc, token)["state"] == "stopped"
        with pytest.raises(RpcError, match="no process"):
            hosting.stop(rpc, token, "nope")
        hosting.stop(rpc, token, "m1", remove=True)
        assert hosting.processes(rpc, token)["processes"] == []


def test_admin_is_off_beyond_loopback_unless_allowed(hosting_node, tmp_path):
    node = hosting_node(tmp_path / "open", host="0.0.0.0")
    token = hosting.admin_token(node.data_dir)
    with node.rpc() as rpc:
        with pytest.raises(RpcError, match="allow-remote-admin"):
            hosting.processes(rpc, token)
    node.stop()
    node = hosting_node(tmp_path / "open", host="0.0.0.0", extra=("--allow-remote-admin",))
    with node.rpc() as rpc:
        assert hosting.processes(rpc, token)["processes"] == []
