"""`btcli stake auto | set-auto` against one real dev node (subprocesses, real keys, pure JSON, the
real btcli's JSON keys): the hotkey typed at the prompt as the real btcli asks for it, the subnet's
neurons offered on Enter, refusals before signing (a hotkey without a uid there, the same
destination again), and the same read through the subtensor backend on the node's façade (ws://).
That the incentive then lands on the destination is tests/economics/test_auto_stake.py."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.cli.helpers import json_of, run_while_unlocking
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("auto-stake-cli")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}

    def btcli(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), check=False, env=environ, capture_output=True, text=True,
                              timeout=timeout, input=stdin)

    wallets = str(root / "wallets")
    alice, bob = ("--wallet-name", "alice", "-p", wallets), ("--wallet-name", "bob", "-p", wallets)
    for who, uri in ((alice, "//Alice"), (bob, "//Bob")):
        json_of(btcli("wallet", "create", *who, "--uri", uri, "--no-use-password", "--json-output"))
    net = ("--network", node.url)
    json_of(btcli("subnets", "create", *alice, *net, "--subnet-name", "demo", "-y", "--json-output"))
    json_of(btcli("subnets", "register", "--netuid", "1", *bob, *net, "-y", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "bob": bob, "net": net, "home": str(home)})
    node.stop()


def test_set_auto_then_auto(env):
    with env.node.rpc() as rpc:
        neurons = rpc.call("taonet_neurons", 1)["neurons"]
        bob_coldkey = rpc.call("taonet_hotkeyOwner", neurons[-1]["hotkey"])["coldkey"]
    by_uid = {n["uid"]: n["hotkey"] for n in neurons}
    before = json_of(env.btcli("stake", "auto", *env.bob, *env.net, "--json-output"))
    assert before["1"] == {"subnet_name": "demo", "status": "default", "destination": None, "identity": None}
    assert set(before) == {"0", "1"}
    # a hotkey with no uid on the subnet: refused before signing, nothing sent
    with env.node.rpc() as rpc:
        nonce = rpc.account(bob_coldkey).nonce
    stray = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy"
    refused = env.btcli("stake", "set-auto", *env.bob, *env.net, "--netuid", "1", "-y", "--json-output", stdin=stray + "\n")
    assert refused.returncode == 1 and "not registered on subnet 1" in refused.stdout + refused.stderr
    # Enter lists the subnet's neurons; the uid picks the owner's hotkey (uid 0)
    done = json_of(env.btcli("stake", "set-auto", *env.bob, *env.net, "--netuid", "1", "-y", "--json-output",
                             stdin="\n0\n"))
    assert set(done) == {"success", "error", "netuid", "hotkey", "extrinsic_identifier"}
    assert done["success"] is True and done["hotkey"] == by_uid[0] and done["extrinsic_identifier"]
    after = json_of(env.btcli("stake", "auto", *env.bob, *env.net, "--json-output"))
    assert after["1"]["status"] == "custom" and after["1"]["destination"] == by_uid[0]
    assert after["0"]["status"] == "default"
    again = env.btcli("stake", "set-auto", *env.bob, *env.net, "--netuid", "1", "-y", "--json-output",
                      stdin=by_uid[0] + "\n")
    assert again.returncode == 1 and "already the auto-stake destination" in again.stdout + again.stderr
    with env.node.rpc() as rpc:
        assert rpc.account(bob_coldkey).nonce == nonce + 1  # only the one call was signed
    # the subtensor backend reads AutoStakeDestination from the façade; --ss58 takes any coldkey
    ws = ("--network", env.node.url.replace("http://", "ws://"))
    over_ws = json_of(env.btcli("stake", "auto", "--ss58", bob_coldkey, *ws, "--json-output", timeout=120))
    assert over_ws["1"]["destination"] == by_uid[0]
    table = env.btcli("stake", "auto", *env.bob, *env.net)
    assert table.returncode == 0 and "Custom destinations: 1" in table.stdout


def test_the_real_btcli_sets_and_reads_auto_stake(env):
    """The real btcli 9.23.2 against the node's façade: `stake set-auto` (the hotkey typed at its
    prompt) signs set_coldkey_auto_stake_hotkey, and `stake auto` reads AutoStakeDestination back."""
    from tests.interop.conftest import real_venv

    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    ws = ("--network", env.node.url.replace("http://", "ws://"))
    with env.node.rpc() as rpc:
        neurons = rpc.call("taonet_neurons", 1)["neurons"]
        bob_coldkey = rpc.call("taonet_hotkeyOwner", neurons[-1]["hotkey"])["coldkey"]
        current = rpc.call("taonet_autoStake", bob_coldkey)["destinations"].get("1")
    target = next(n["hotkey"] for n in neurons if n["hotkey"] != current)

    def real(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([str(python.with_name("btcli")), *args, *ws], capture_output=True, text=True, timeout=120,
                              input=stdin, check=False, env={**os.environ, "HOME": env.home})

    done = real("stake", "set-auto", *env.bob, "--netuid", "1", "--no-prompt", "--json-output", stdin=target + "\n")
    assert done.returncode == 0 and '"success": true' in done.stdout, done.stdout + done.stderr
    with env.node.rpc() as rpc:
        assert rpc.call("taonet_autoStake", bob_coldkey)["destinations"]["1"] == target
    shown = real("stake", "auto", "--ss58", bob_coldkey, "--json-output")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    table = json.loads(shown.stdout[shown.stdout.index("{"):])
    # 9.23.2 keeps `destination[0]` of each AutoStakeDestination record; its async-substrate-interface
    # decodes the value as the ss58 text itself, so it shows the first character (on any chain)
    assert table["1"]["status"] == "custom" and target.startswith(table["1"]["destination"])
    assert table["0"]["status"] == "default"


def test_set_auto_checks_again_after_the_slow_unlock(env, tmp_path):
    """btcli.chain's order for an encrypted coldkey: the destination is set by another signer while
    argon2i runs; the check made after the unlock refuses, nothing is signed (the old order checked,
    confirmed, then unlocked and signed a call the chain refused, the fee paid)."""
    from client.taonet import TaonetBackend
    from tests.tui.devnet import make_wallet
    from wallet.keypair import Keypair
    from wallet.password import encode_env_value, env_var_name

    wallets, password, dave = str(tmp_path / "wallets"), "Correct-Horse-7", Keypair.from_uri("//Dave")
    make_wallet(tmp_path / "wallets", "dave", "//Dave", password=password)
    coldkey_file = str(tmp_path / "wallets" / "dave" / "coldkey")
    with env.node.rpc() as rpc:
        owner_hotkey = next(n["hotkey"] for n in rpc.call("taonet_neurons", 1)["neurons"] if n["uid"] == 0)
        nonce = rpc.account(dave.ss58_address).nonce

    def meanwhile() -> None:  # the same destination, set by another client while the key is derived
        with TaonetBackend(env.node.url) as chain:
            assert chain.submit_and_wait(chain.sign(dave, "subtensor.set_coldkey_auto_stake_hotkey",
                                                    {"netuid": 1, "hotkey": owner_hotkey}))["success"]

    code, out = run_while_unlocking(["stake", "set-auto", "--wallet-name", "dave", "-p", wallets, *env.net, "--netuid", "1",
                                     "-y", "--json-output"],
                                    {**os.environ, "HOME": env.home, env_var_name(coldkey_file): encode_env_value(coldkey_file, password)},
                                    meanwhile, stdin=owner_hotkey + "\n")
    assert code == 1 and "already the auto-stake destination" in out, out
    with env.node.rpc() as rpc:
        assert rpc.account(dave.ss58_address).nonce == nonce + 1  # only the other client's call: the CLI signed nothing
