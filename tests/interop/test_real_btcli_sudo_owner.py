"""The real `btcli` 9.23.2's subnet-owner sudo commands against a taonet dev node over ws://: `sudo set`
with a hyperparameter taonet added (recycle_or_burn), `sudo trim`, `sudo trigger-epoch` and `sudo
stake-burn` go through the Substrate façade into taonet's runtime, and taonet's read model shows the effect."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.interop.conftest import real_venv
from tests.node.fixtures import node_process  # noqa: F401

pytestmark = [pytest.mark.interop, pytest.mark.slow]


def test_real_btcli_owner_sudo_commands(node_process, tmp_path, btcli):  # noqa: F811
    real = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2").parent / "btcli"
    node = node_process(tmp_path / "chain", block_time=0.25)
    ws = node.url.replace("http://", "ws://")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), COLUMNS="4000", NO_COLOR="1", TERM="dumb")
    for key in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK", "BT_WALLET_PATH", "BT_WALLET_NAME"):
        env.pop(key, None)
    wallet = ["--wallet-path", str(tmp_path / "wallets"), "--wallet-name", "alice", "--hotkey", "default"]

    def run_real(*args: str) -> dict:
        done = subprocess.run([str(real), *args, "--network", ws, "--no-prompt", "--json-output"], env=env,
                              capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)

    def taonet(*args: str) -> dict:
        return json.loads(btcli(*args, "-p", str(tmp_path / "wallets"), "--name", "alice", "-y", "--network", node.url,
                                "--json-output").stdout)

    subprocess.run([str(real), "wallet", "create", "--uri", "alice", *wallet, "--no-use-password", "--n-words", "12"],
                   env=env, capture_output=True, text=True, timeout=180, check=True)
    netuid = taonet("subnets", "create")["netuid"]
    taonet("subnets", "start", "--netuid", str(netuid))

    def rows() -> dict:
        with node.rpc() as rpc:
            return {r["name"]: r["value"] for r in rpc.call("taonet_hyperparameters", netuid)["hyperparameters"]}

    out = run_real("sudo", "set", *wallet, "--netuid", str(netuid), "--param", "recycle_or_burn", "--value", "Burn")
    assert out["success"] is True, out
    out = run_real("sudo", "set", *wallet, "--netuid", str(netuid), "--param", "commit_reveal_weights_enabled",
                   "--value", "false")
    assert out["success"] is True, out
    assert (rows()["recycle_or_burn"], rows()["commit_reveal_weights_enabled"]) == ("Burn", False)

    out = run_real("sudo", "trim", *wallet, "--netuid", str(netuid), "--max", "128")
    assert out["success"] is True and out["message"] == f"Successfully trimmed UIDs on SN{netuid} to 128", out
    assert rows()["max_allowed_uids"] == 128

    out = run_real("sudo", "stake-burn", *wallet, "--netuid", str(netuid), "--amount", "5", "--no-safe-staking",
                   "--no-mev-protection")
    assert out["success"] is True, out
    with node.rpc() as rpc:
        assert rpc.call("taonet_subnetInfo", netuid)["last_owner_changes"]["add_stake_burn"] > 0

    out = run_real("sudo", "trigger-epoch", *wallet, "--netuid", str(netuid))
    assert out["success"] is True and out["fires_at"], out
    with node.rpc() as rpc:
        info = rpc.call("taonet_subnetInfo", netuid)
    assert info["last_epoch_trigger"] == out["fires_at"] - 10
