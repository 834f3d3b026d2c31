"""The real `btcli` 9.23.2's proxies against a taonet dev node over ws://: its `proxy add` and
`proxy create` (Proxy.add_proxy / create_pure through the Substrate façade; it reads the
ProxyAdded / PureCreated events back), `wallet transfer --proxy` (Proxy.proxy around the transfer,
signed by the delegate), `proxy kill` (through the pure account itself) and `proxy remove`, and its
address book (`config add-proxy`), which taonet's btcli shares."""
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
DAVE = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy"


def test_real_btcli_proxies(node_process, tmp_path, btcli):  # noqa: F811
    real = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2").parent / "btcli"
    node = node_process(tmp_path / "chain", block_time=0.25)
    ws = node.url.replace("http://", "ws://")
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), COLUMNS="4000", NO_COLOR="1", TERM="dumb")
    for key in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK", "BT_WALLET_PATH", "BT_WALLET_NAME", "BTCLI_PROXIES_PATH"):
        env.pop(key, None)
    wallets = str(tmp_path / "wallets")
    alice = ["--wallet-path", wallets, "--wallet-name", "alice", "--hotkey", "default"]
    bob = ["--wallet-path", wallets, "--wallet-name", "bob", "--hotkey", "default"]

    def run_real(*args: str) -> str:
        done = subprocess.run([str(real), *args], env=env, capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run_real("wallet", "create", "--uri", "alice", *alice, "--no-use-password", "--n-words", "12")
    run_real("wallet", "create", "--uri", "bob", *bob, "--no-use-password", "--n-words", "12")

    added = json.loads(run_real("proxy", "add", *alice, "--delegate", BOB, "--proxy-type", "Transfer", "--delay", "0",
                                "--network", ws, "--no-prompt", "--json-output"))
    assert added["success"] is True, added
    assert added["data"] == {"delegatee": BOB, "delegator": ALICE, "proxy_type": "Transfer", "delay": 0}
    with node.rpc() as rpc:
        assert rpc.call("taonet_proxies", ALICE)["proxies"] == [{"delegate": BOB, "proxy_type": "Transfer", "delay": 0}]
        dave = rpc.account(DAVE).free.rao

    run_real("wallet", "transfer", *bob, "--proxy", ALICE, "--destination", DAVE, "--amount", "1", "--network", ws,
             "--no-prompt", "--json-output")
    with node.rpc() as rpc:
        assert rpc.account(DAVE).free.rao == dave + 10**9  # from alice, signed by bob

    created = json.loads(run_real("proxy", "create", *alice, "--proxy-type", "Any", "--delay", "0",
                                  "--network", ws, "--no-prompt", "--json-output"))
    assert created["success"] is True and created["data"]["spawner"] == ALICE, created
    pure = created["data"]["pure"]
    with node.rpc() as rpc:
        assert rpc.call("taonet_proxies", pure)["proxies"] == [{"delegate": ALICE, "proxy_type": "Any", "delay": 0}]

    # one address book: the real btcli writes it, taonet's btcli reads it and resolves --proxy NAME
    run_real("config", "add-proxy", "--name", "treasury", "--address", pure, "--proxy-type", "Any",
             "--spawner", ALICE, "--delay", "0", "--note", "pure")
    taonet_env = dict(env, TAONET_CONFIG=str(home / "taonet.json"))
    shown = json.loads(btcli("config", "proxies", "--json-output", env=taonet_env).stdout)
    assert [(e["name"], e["ss58_address"], e["proxy_type"], e["note"]) for e in shown["proxies"]] == \
        [("treasury", pure, "Any", "pure")]
    # taonet's btcli acts for the pure proxy by its name (alice, its Any proxy, signs): it holds nothing yet,
    # so the transfer is refused before signing, naming it
    sent = btcli("wallet", "transfer", "-p", wallets, "--wallet-name", "alice", "--proxy", "treasury",
                 "--destination", DAVE, "--amount", "0.5", "--network", node.url, "-y", "--json-output", env=taonet_env)
    assert sent.returncode == 1 and pure in sent.stderr and "balance too low" in sent.stderr.lower(), sent.stderr

    # the real btcli kills the pure proxy through itself (Proxy.proxy(pure, kill_pure)), then removes bob
    height, ext_index = created["extrinsic_identifier"].split("-")
    killed = json.loads(run_real("proxy", "kill", *alice, "--proxy", pure, "--height", height, "--ext-index", ext_index,
                                 "--spawner", ALICE, "--proxy-type", "Any", "--network", ws, "--no-prompt",
                                 "--json-output"))
    assert killed["success"] is True, killed
    removed = json.loads(run_real("proxy", "remove", *alice, "--delegate", BOB, "--proxy-type", "Transfer",
                                  "--network", ws, "--no-prompt", "--json-output"))
    assert removed["success"] is True, removed
    with node.rpc() as rpc:
        assert rpc.call("taonet_proxies", pure)["proxies"] == [] and rpc.call("taonet_proxies", ALICE)["proxies"] == []
        assert rpc.call("taonet_economics")["reserved_total"] == 0  # every deposit released
