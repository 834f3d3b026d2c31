"""`btcli proxy create|add|remove|kill`, the address book (`btcli config add-proxy|proxies|…`) and
`--proxy` on signed commands, against one real dev node (subprocesses, real keys, pure JSON): a
Staking proxy stakes for the real account, a transfer by it is refused before signing, and a pure
proxy is created, funded, spends through its proxy and is killed."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess

DAVE = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("proxy-cli")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}
    environ.pop("BTCLI_PROXIES_PATH", None)

    def btcli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), check=False, env=environ, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    wallets = str(root / "wallets")
    alice, bob = ("--wallet-name", "alice", "-p", wallets), ("--wallet-name", "bob", "-p", wallets)
    addresses = {}
    for name, who, uri in (("alice", alice, "//Alice"), ("bob", bob, "//Bob")):
        made = json_of(btcli("wallet", "create", *who, "--uri", uri, "--no-use-password", "--json-output"))
        addresses[name] = made["data"]["coldkey_ss58"] if "data" in made else made.get("coldkey_ss58")
    net = ("--network", node.url)
    json_of(btcli("subnets", "create", *alice, *net, "--subnet-name", "demo", "-y", "--json-output"))
    json_of(btcli("subnets", "start", *alice, *net, "--netuid", "1", "-y", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "bob": bob, "net": net, "home": home})
    node.stop()


def run(env, *args: str, code: int = 0):
    return json_of(env.btcli(*args, *env.net, "--json-output"), code)


def local(env, *args: str, code: int = 0):
    return json_of(env.btcli(*args, "--json-output"), code)


def test_staking_proxy_stakes_for_the_real_account(env):
    with env.node.rpc() as rpc:
        alice = rpc.call("taonet_subnetInfo", 1)["owner_coldkey"]
        owner_hotkey = rpc.call("taonet_subnetInfo", 1)["owner_hotkey"]
    added = run(env, "proxy", "add", *env.alice, "--delegate", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
                "--proxy-type", "Staking", "-y")
    assert added["success"] is True and set(added) == {"success", "message", "data", "extrinsic_identifier"}
    assert added["data"]["delegator"] == alice and added["data"]["proxy_type"] == "Staking"
    with env.node.rpc() as rpc:
        assert rpc.call("taonet_proxies", alice)["proxies"] == [
            {"delegate": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", "proxy_type": "Staking", "delay": 0}]
        before = rpc.account(alice).free.rao
        bob_nonce = rpc.account("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty").nonce
    staked = run(env, "stake", "add", *env.bob, "--proxy", alice, "--netuid", "1", "--hotkey", owner_hotkey,
                 "--amount", "5", "--unsafe", "-y")
    assert staked
    with env.node.rpc() as rpc:
        stakes = rpc.call("taonet_stakeInfo", alice)
        assert any(s["netuid"] == 1 and s["hotkey"] == owner_hotkey and s["tao_value"] > 0 for s in stakes["stakes"]), stakes
        assert rpc.account(alice).free.rao == before - 5 * 10**9  # the real account staked; bob paid the fee
        assert rpc.account("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty").nonce == bob_nonce + 1
        nonce = rpc.account("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty").nonce
    # unstaking is a Staking proxy's too: the TAO goes back to the real account
    with env.node.rpc() as rpc:
        free = rpc.account(alice).free.rao
    run(env, "stake", "remove", *env.bob, "--proxy", alice, "--netuid", "1", "--hotkey", owner_hotkey,
        "--amount", "1", "--unsafe", "-y")
    with env.node.rpc() as rpc:
        assert rpc.account(alice).free.rao > free
        nonce = rpc.account("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty").nonce
    # nor a stake transfer to another coldkey
    moved = env.btcli("stake", "transfer", *env.bob, *env.net, "--proxy", alice, "--hotkey", owner_hotkey,
                      "--origin-netuid", "1", "--dest-netuid", "1", "--dest", DAVE, "--amount", "1", "-y")
    assert moved.returncode == 1 and "may not call subtensor.transfer_stake" in moved.stderr, moved.stderr
    # a transfer is not a Staking proxy's to make: refused before signing, in one line
    refused = env.btcli("wallet", "transfer", *env.bob, *env.net, "--proxy", alice, "--destination", DAVE,
                        "--amount", "1", "-y", "--json-output")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Staking proxy" in refused.stdout + refused.stderr and "may not call balances.transfer" in refused.stdout + refused.stderr
    with env.node.rpc() as rpc:
        assert rpc.account("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty").nonce == nonce  # nothing signed
    # the address book: --proxy NAME
    local(env, "config", "add-proxy", "--name", "alice-real", "--address", alice, "--proxy-type", "Staking",
        "--spawner", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty")
    book = local(env, "config", "proxies")
    assert [e["name"] for e in book["proxies"]] == ["alice-real"] and book["path"].endswith(".bittensor/bittensor.db")
    assert (env.home / ".bittensor" / "bittensor.db").exists()
    run(env, "stake", "add", *env.bob, "--proxy", "alice-real", "--netuid", "1", "--hotkey", owner_hotkey,
        "--amount", "1", "--unsafe", "-y")
    local(env, "config", "update-proxy", "--name", "alice-real", "--note", "staking only")
    assert local(env, "config", "proxies")["proxies"][0]["note"] == "staking only"
    local(env, "config", "remove-proxy", "--name", "alice-real")
    assert local(env, "config", "proxies")["proxies"] == []
    unknown = env.btcli("stake", "add", *env.bob, *env.net, "--proxy", "nobody", "--netuid", "1", "--amount", "1", "-y")
    assert unknown.returncode == 2 and "address book" in unknown.stderr
    removed = run(env, "proxy", "remove", *env.alice, "--all", "-y")
    assert removed["success"] is True
    with env.node.rpc() as rpc:
        assert rpc.call("taonet_proxies", alice)["proxies"] == []


def test_pure_proxy_create_fund_transfer_kill(env):
    created = run(env, "proxy", "create", *env.alice, "--proxy-type", "Any", "-y")
    data = created["data"]
    pure = data["pure"]
    assert created["success"] is True and data["proxy_type"] == "Any" and data["delay"] == 0
    run(env, "wallet", "transfer", *env.alice, "--destination", pure, "--amount", "3", "-y")
    with env.node.rpc() as rpc:
        dave = rpc.account(DAVE).free.rao
    run(env, "wallet", "transfer", *env.alice, "--proxy", pure, "--destination", DAVE, "--amount", "1", "-y")
    with env.node.rpc() as rpc:
        assert rpc.account(DAVE).free.rao == dave + 10**9
        assert rpc.account(pure).free.rao == 2 * 10**9
    wrong = env.btcli("proxy", "kill", *env.alice, *env.net, "--proxy", pure, "--height", str(data["height"] + 1),
                      "--ext-index", str(data["ext_index"]), "-y")
    assert wrong.returncode == 1 and "is not the pure proxy" in wrong.stderr
    killed = run(env, "proxy", "kill", *env.alice, "--proxy", pure, "--height", str(data["height"]),
                 "--ext-index", str(data["ext_index"]), "--proxy-type", "Any", "-y")
    assert killed["success"] is True
    with env.node.rpc() as rpc:
        assert rpc.call("taonet_proxies", pure)["proxies"] == []
    gone = env.btcli("wallet", "transfer", *env.alice, *env.net, "--proxy", pure, "--destination", DAVE,
                     "--amount", "1", "-y")
    assert gone.returncode == 1 and "is not a proxy of" in gone.stderr


def test_a_proxied_transfer_may_send_everything_the_real_account_holds(env):
    """The delegate pays the fee, so the real account's whole balance can be sent (nothing left for a fee)."""
    data = run(env, "proxy", "create", *env.alice, "--proxy-type", "Any", "--index", "7", "-y")["data"]
    pure = data["pure"]
    run(env, "wallet", "transfer", *env.alice, "--destination", pure, "--amount", "2", "-y")
    sent = run(env, "wallet", "transfer", *env.alice, "--proxy", pure, "--destination", DAVE, "--amount", "2",
               "--allow-death", "-y")
    assert sent["amount"] == 2.0
    with env.node.rpc() as rpc:
        assert rpc.account(pure).free.rao == 0


def test_a_delayed_proxy_announces_then_executes(env):
    """60 blocks of 0.1 s: the test waits about 6 s for the delay."""
    import time

    bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
    with env.node.rpc() as rpc:
        alice = rpc.call("taonet_subnetInfo", 1)["owner_coldkey"]
    run(env, "proxy", "add", *env.alice, "--delegate", bob, "--proxy-type", "Transfer", "--delay", "60", "-y")
    direct = env.btcli("wallet", "transfer", *env.bob, *env.net, "--proxy", alice, "--destination", DAVE,
                       "--amount", "1", "-y")
    assert direct.returncode == 1 and "delay of 60 blocks" in direct.stderr  # refused before signing
    announced = env.btcli("wallet", "transfer", *env.bob, *env.net, "--proxy", alice, "--announce-only",
                          "--destination", DAVE, "--amount", "1", "-y", "--json-output")
    assert announced.returncode == 0, announced.stderr
    with env.node.rpc() as rpc:
        call_hash = rpc.call("taonet_proxies", bob)["announcements"][0]["call_hash"]
        dave = rpc.account(DAVE).free.rao
    early = env.btcli("proxy", "execute", *env.bob, *env.net, "--proxy", alice, "--call-hash", call_hash, "-y")
    assert early.returncode == 1 and "delay is 60 blocks" in early.stderr
    with env.node.rpc() as rpc:
        start = rpc.call("taonet_proxies", bob)["announcements"][0]["height"]
        while rpc.call("taonet_proxies", bob)["head"] < start + 60:
            time.sleep(0.1)
    done = run(env, "proxy", "execute", *env.bob, "--proxy", alice, "--call-hash", call_hash, "-y")
    assert done["success"] is True
    with env.node.rpc() as rpc:
        assert rpc.account(DAVE).free.rao == dave + 10**9
        assert rpc.call("taonet_proxies", bob)["announcements"] == []
    again = env.btcli("proxy", "execute", *env.bob, *env.net, "--proxy", alice, "--call-hash", call_hash, "-y")
    assert again.returncode == 1 and "call with hash" in again.stderr
    gone = run(env, "proxy", "remove", *env.alice, "--delegate", bob, "--proxy-type", "Transfer", "--delay", "60", "-y")
    assert gone["success"] is True


def test_the_subtensor_backend_signs_through_a_proxy_on_the_facade(env):
    """taonet's btcli with --network ws://…: the subtensor backend reads Proxy.Proxies, composes the
    real Proxy.add_proxy / Proxy.proxy, and the node maps them back (node/substrate/calls_map.py)."""
    ws = ("--network", env.node.url.replace("http://", "ws://"))
    bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
    with env.node.rpc() as rpc:
        alice = rpc.call("taonet_subnetInfo", 1)["owner_coldkey"]
    run_ws = lambda *args, code=0: json_of(env.btcli(*args, *ws, "--json-output", timeout=120), code)
    assert run_ws("proxy", "add", *env.alice, "--delegate", bob, "--proxy-type", "SmallTransfer", "-y")["success"]
    with env.node.rpc() as rpc:
        assert {"delegate": bob, "proxy_type": "SmallTransfer", "delay": 0} in rpc.call("taonet_proxies", alice)["proxies"]
        dave = rpc.account(DAVE).free.rao
    run_ws("wallet", "transfer", *env.bob, "--proxy", alice, "--destination", DAVE, "--amount", "0.25", "-y")
    with env.node.rpc() as rpc:
        assert rpc.account(DAVE).free.rao == dave + 250_000_000
    big = env.btcli("wallet", "transfer", *env.bob, *ws, "--proxy", alice, "--destination", DAVE, "--amount", "0.5", "-y")
    assert big.returncode == 1 and "SmallTransfer proxy" in big.stderr  # 0.5 TAO is not below the limit


def test_a_filtered_proxied_call_fails_in_one_line_on_the_facade(env):
    """A call the chain filters (here: a SmallTransfer proxy asked, on a subtensor backend, for a transfer
    the client cannot see is too big because it is checked on chain) reports the inner failure."""
    from client.subtensor import events

    describe = lambda err: ("system.CallFiltered", "filtered")
    out = events.normalize([{"name": "Proxy.ProxyExecuted", "data": {"result": {"Err": {"Module": {}}}}}], describe)
    assert out[0]["data"] == {"success": False, "error": "system.CallFiltered", "message": "filtered"}
    assert events.normalize([{"name": "Proxy.ProxyExecuted", "data": {"result": {"Ok": ()}}}], describe)[0]["data"] == \
        {"success": True}


def test_proxy_refuses_a_call_signed_by_another_key():
    """--proxy never silently drops: a command signing with a hotkey is refused before signing."""
    from btcli import chain
    from btcli.errors import CliError
    from client.proxy import ProxiedKey

    class Backend:
        def sign(self, keypair, call, args):
            return ("signed", call)

    backend = Backend()
    chain._coldkey_only(backend)
    with pytest.raises(CliError, match="drop --proxy"):
        backend.sign(object(), "subtensor.set_weights", {})
    assert backend.sign(ProxiedKey("5real", object()), "balances.transfer_all", {}) == ("signed", "balances.transfer_all")
