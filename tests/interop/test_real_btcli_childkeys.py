"""The real `btcli` 9.23.2's `stake child set | get | take` against a taonet dev node over ws://:
its SetChildren / set_childkey_take extrinsics go through the Substrate façade into taonet's
childkeys, and its reads (ChildKeys, ChildkeyTake) read them back; taonet's own read model agrees."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from node.genesis import DEV_ACCOUNTS
from tests.interop.conftest import real_venv
from tests.node.fixtures import node_process  # noqa: F401

pytestmark = [pytest.mark.interop, pytest.mark.slow]
ALICE, BOB = DEV_ACCOUNTS["alice"], DEV_ACCOUNTS["bob"]


def test_real_btcli_child_set_get_take(node_process, tmp_path, btcli):  # noqa: F811
    real = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2").parent / "btcli"
    node = node_process(tmp_path / "chain", block_time=0.25)
    ws = node.url.replace("http://", "ws://")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), COLUMNS="4000", NO_COLOR="1", TERM="dumb")
    for key in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK", "BT_WALLET_PATH", "BT_WALLET_NAME"):
        env.pop(key, None)
    wallet = ["--wallet-path", str(tmp_path / "wallets"), "--wallet-name", "alice", "--hotkey", "default"]

    def run_real(*args: str) -> str:
        done = subprocess.run([str(real), *args], env=env, capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run_real("wallet", "create", "--uri", "alice", *wallet, "--no-use-password", "--n-words", "12")
    made = btcli("subnets", "create", "-p", str(tmp_path / "wallets"), "--name", "alice", "-y", "--network", node.url,
                 "--json-output")
    netuid = str(json.loads(made.stdout)["netuid"])

    out = json.loads(run_real("stake", "child", "set", *wallet, "--netuid", netuid, "-c", BOB, "--prop", "0.5",
                              "--network", ws, "--no-prompt", "--json-output"))
    assert out[netuid]["success"] is True
    with node.rpc() as rpc:
        mine = rpc.call("taonet_children", ALICE, int(netuid))["subnets"][0]
    assert [(c["hotkey"], round(c["fraction"], 9)) for c in mine["children"]] == [(BOB, 0.5)]
    shown = json.loads(run_real("stake", "child", "get", *wallet, "--netuid", netuid, "--network", ws,
                                "--json-output"))
    assert shown == {netuid: {BOB: mine["children"][0]["proportion"]}}

    taken = json.loads(run_real("stake", "child", "take", *wallet, "--netuid", netuid, "--take", "0.1",
                                "--network", ws, "--no-prompt", "--json-output"))
    assert taken[netuid]["success"] is True
    with node.rpc() as rpc:
        assert rpc.call("taonet_children", ALICE, int(netuid))["subnets"][0]["childkey_take"] == int(0.1 * 65535)  # ⌊f·65535⌋, as taonet's btcli
