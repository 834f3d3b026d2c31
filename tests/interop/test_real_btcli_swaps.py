"""The real `btcli` 9.23.2's `wallet swap-hotkey`, `wallet swap-coldkey announce | execute` and
`wallet swap-check` against a taonet dev node over ws://: its swap_hotkey, announce_coldkey_swap and
swap_coldkey_announced extrinsics go through the Substrate façade into taonet's key swaps, and its
reads (IsNetworkMember, StakingHotkeys, ColdkeySwapAnnouncements, ColdkeySwapDisputes, the delays,
KeySwapCost) read them back; taonet's read model agrees."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from node.builder import address_of
from node.genesis import DEV_ACCOUNTS
from tests.interop.conftest import real_venv
from tests.node.fixtures import node_process, wait_for  # noqa: F401

pytestmark = [pytest.mark.interop, pytest.mark.slow]
ALICE = DEV_ACCOUNTS["alice"]


def test_real_btcli_swaps(node_process, tmp_path, btcli):  # noqa: F811
    real = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2").parent / "btcli"
    node = node_process(tmp_path / "chain", block_time=0.2)
    ws = node.url.replace("http://", "ws://")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), COLUMNS="4000", NO_COLOR="1", TERM="dumb")
    for key in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK", "BT_WALLET_PATH", "BT_WALLET_NAME"):
        env.pop(key, None)
    wallets = str(tmp_path / "wallets")
    wallet = ["--wallet-path", wallets, "--wallet-name", "alice"]

    def run_real(*args: str) -> str:
        done = subprocess.run([str(real), *args], env=env, capture_output=True, text=True, timeout=180, check=False,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
        return done.stdout

    run_real("wallet", "create", "--uri", "alice", *wallet, "--wallet-hotkey", "default", "--no-use-password",
             "--n-words", "12")
    made = btcli("wallet", "new-hotkey", "-p", wallets, "--name", "alice", "--hotkey", "next", "--no-use-password",
                 "--json-output")
    new_hk = json.loads(made.stdout)["keys"][0]["ss58_address"]
    made = btcli("subnets", "create", "-p", wallets, "--name", "alice", "-y", "--network", node.url, "--json-output")
    netuid = json.loads(made.stdout)["netuid"]

    # swap-hotkey on every subnet: the owner hotkey and the uid move
    out = json.loads(run_real("wallet", "swap-hotkey", "next", *wallet, "--wallet-hotkey", "default",
                              "--all-netuids", "--network", ws, "--no-prompt", "--json-output"))
    assert out["success"] is True and out["extrinsic_identifier"]
    with node.rpc() as rpc:
        assert rpc.call("taonet_subnetInfo", netuid)["owner_hotkey"] == new_hk
        assert rpc.call("taonet_hotkeyOwner", new_hk)["netuids"] == [netuid]

    # the coldkey swap: announce, swap-check reads it, execute after the delay
    new_cold = address_of("real-btcli-new-coldkey")
    run_real("wallet", "swap-coldkey", "announce", *wallet, "--new-coldkey", new_cold, "--network", ws,
             "--no-prompt", "--no-mev-protection")
    with node.rpc() as rpc:
        mine = rpc.call("taonet_keySwapStatus", ALICE)["announcements"]
    assert [a["coldkey"] for a in mine] == [ALICE]
    checked = json.loads(run_real("wallet", "swap-check", "--all", "--network", ws, "--json-output"))
    assert checked["success"] is True
    (shown,) = checked["announcements"]
    assert (shown["coldkey"], shown["execution_block"], shown["new_coldkey_hash"]) == \
        (ALICE, mine[0]["execution_block"], mine[0]["new_coldkey_hash"])
    assert shown["status"] == "pending" and shown["disputed_block"] is None

    def head() -> int:
        with node.rpc() as rpc:
            return rpc.call("taonet_getHeader")["number"]

    wait_for(lambda: head() >= mine[0]["execution_block"], timeout=60, what="the announcement delay")
    with node.rpc() as rpc:
        free = rpc.account(ALICE).free.rao
    run_real("wallet", "swap-coldkey", "execute", *wallet, "--new-coldkey", new_cold, "--network", ws,
             "--no-prompt", "--no-mev-protection")
    with node.rpc() as rpc:
        assert rpc.account(ALICE).free.rao == 0
        assert rpc.account(new_cold).free.rao > free - 10**7
        assert rpc.call("taonet_subnetInfo", netuid)["owner_coldkey"] == new_cold
        assert rpc.call("taonet_hotkeyOwner", new_hk)["coldkey"] == new_cold
        assert rpc.call("taonet_keySwapStatus")["announcements"] == []
