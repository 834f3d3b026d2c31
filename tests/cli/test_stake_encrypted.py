"""Safe staking with an encrypted coldkey, as on the localnet demo (issue 13, item 1): a dev node
whose subnet price climbs every block (the coinbase), a coldkey whose unlock costs seconds of
argon2i. The limit price must be quoted after the unlock, so the stake lands within it the first
time; quoting before the unlock let the price run past the limit and the chain refused the call
(SlippageTooHigh) after charging its fee."""
from __future__ import annotations

import time

from client.taonet import TaonetBackend
from tests.cli.helpers import json_of
from tests.node.fixtures import node_process, wait_for  # noqa: F401
from tests.tui.devnet import RAO, make_wallet
from wallet.keypair import Keypair
from wallet.password import encode_env_value, env_var_name

PASSWORD = "Correct-Horse-7"


def climbing_subnet(url: str) -> str:
    """Subnet 1 started on the node at `url`, its price rising each block; the hotkey registered."""
    alice = Keypair.from_uri("//Alice")
    hotkey = Keypair.from_uri("//Alice//miner1").ss58_address
    with TaonetBackend(url) as rpc:
        chain = rpc
        for call, args in [("subtensor.register_network", {"hotkey": hotkey, "subnet_name": "demo", "symbol": "D"}),
                           ("subtensor.start_call", {"netuid": 1})]:
            assert chain.submit_and_wait(chain.sign(alice, call, args))["success"]
        start = rpc.call("taonet_subnetInfo", 1)["price"]
        wait_for(lambda: rpc.call("taonet_subnetInfo", 1)["price"] > start * 1.002, timeout=30, interval=0.1,
                 what="the price to move")
    return hotkey


def test_safe_stake_with_an_encrypted_coldkey_lands_first_time(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.1)
    wallets = tmp_path / "wallets"
    keys = make_wallet(wallets, password=PASSWORD)
    coldkey_file = str(wallets / "alice" / "coldkey")
    env = {env_var_name(coldkey_file): encode_env_value(coldkey_file, PASSWORD)}
    climbing_subnet(node.url)
    began = time.monotonic()
    out = json_of(btcli("stake", "add", "-p", str(wallets), "--name", "alice", "-H", "miner1", "--netuid", "1",
                        "--amount", "1", "--safe", "--tolerance", "0.02", "-y", "--network", node.url, "--json-output",
                        env=env))
    took = time.monotonic() - began
    result = out["results"][0]
    assert result["status"] == "success", result
    assert result["received"] > 0 and result["sent"] == 1.0 and out["preview"][0]["limit_price"]
    with TaonetBackend(node.url) as rpc:
        stakes = rpc.call("taonet_stakeInfo", keys["coldkey"])["stakes"]
        assert [s["netuid"] for s in stakes if s["hotkey"] == keys["miner1"]] == [1]
        assert rpc.call("taonet_subnetInfo", 1)["price"] > out["preview"][0]["price"]  # it kept climbing
    assert took > 1.0  # the unlock really was slow (argon2i), so the old order fails here
    assert out["preview"][0]["amount_rao"] == RAO
