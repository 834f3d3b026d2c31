"""`btcli wallet set-identity | get-identity` and `btcli subnets set-identity | get-identity |
set-symbol | check-start` against one real dev node for the module (subprocesses, real keys, pure
JSON), with the real btcli's spellings; the same reads through taonet's subtensor backend on the
node's Substrate façade (ws://), and the real btcli 9.23.2 reading and setting an identity."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess

BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("identity-cli")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}

    def btcli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), env=environ, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    wallets = str(root / "wallets")
    alice = ("--wallet.name", "alice", "--wallet_path", wallets)
    bob = ("--name", "bob", "-p", wallets)
    for who, uri in ((alice, "//Alice"), (bob, "//Bob")):
        json_of(btcli("wallet", "create", *who, "--uri", uri, "--no-use-password", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "bob": bob, "net": ("--network", node.url),
                           "root": root, "environ": environ})
    node.stop()


def run(env, *args: str, code: int = 0):
    return json_of(env.btcli(*args, *env.net, "--json-output"), code)


def one_line(result: subprocess.CompletedProcess, code: int = 1) -> str:
    assert result.returncode == code and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    return result.stderr


def test_wallet_identity(env):
    # the chain keeps identities only for coldkeys with a registered hotkey: refused before signing
    refused = run(env, "wallet", "set-identity", *env.alice, "--id-name", "Alice", "--no-prompt", code=1)
    assert refused["success"] is False and "register one first" in refused["error"]
    with env.node.rpc() as rpc:
        nonce = rpc.account(rpc.call("taonet_identity", BOB)["coldkey"]).nonce
    assert run(env, "subnets", "create", *env.alice, "--subnet-name", "demo", "-y")["netuid"] == 1
    assert run(env, "wallet", "get-identity", *env.alice) == {}
    too_long = env.btcli("wallet", "set_identity", *env.alice, *env.net, "--id-name", "x" * 257, "-y")
    assert "name is 257 bytes, more than the chain's 256" in one_line(too_long).lower()
    done = run(env, "wallet", "set_identity", *env.alice, "--id-name", "Alice", "--web", "https://alice.example",
               "--github", "alice/sn", "--description", "ünïcode validator", "--no-prompt", "--no-mev-protection",
               "--verbose")
    assert done["success"] is True and done["extrinsic_identifier"].startswith(str(done["block_number"]))
    assert done["identity"]["name"] == "Alice" and done["identity"]["github_repo"] == "alice/sn"
    # a field left out keeps its value; an empty one clears it
    run(env, "wallet", "set-identity", *env.alice, "--discord", "alice#1", "--web-url", "", "-y")
    got = run(env, "wallet", "get_identity", "--ss58", done["address"])
    assert (got["name"], got["url"], got["discord"], got["description"]) == ("Alice", "", "alice#1", "ünïcode validator")
    human = env.btcli("wallet", "get-identity", *env.alice, *env.net)
    assert human.returncode == 0 and "alice#1" in human.stdout and "~" in human.stdout
    # bob never signed anything
    with env.node.rpc() as rpc:
        assert rpc.account(BOB).nonce == nonce


def test_subnet_identity_symbol_and_check_start(env):
    run(env, "subnets", "create", *env.alice, "-y") if run(env, "subnets", "list")["subnets"][-1]["netuid"] < 1 else None
    schedule = run(env, "subnets", "check-start", "--netuid", "1")
    assert schedule["can_start"] is True and schedule["start_call_delay"] == 0 and schedule["started"] is False
    assert schedule["earliest_start_block"] == schedule["registered_at"]
    not_owner = env.btcli("subnets", "set-identity", "--netuid", "1", *env.bob, *env.net, "--sn-name", "pear", "-y")
    assert "only its owner can set its identity" in one_line(not_owner)
    done = run(env, "subnets", "set_identity", "--netuid", "1", *env.alice, "--sn-name", "apple", "--repo",
               "https://github.com/a/b", "--email", "a@b.c", "--logo-url", "https://a/logo.png", "--no-prompt")
    assert done["success"] is True and done["identity"]["subnet_name"] == "apple"
    got = run(env, "subnets", "get-identity", "--netuid", "1")
    assert (got["subnet_name"], got["subnet_contact"], got["logo_url"]) == ("apple", "a@b.c", "https://a/logo.png")
    assert next(s for s in run(env, "subnets", "list")["subnets"] if s["netuid"] == 1)["name"] == "apple"
    assert "Subnet 1 has no" not in env.btcli("subnets", "get-identity", "--netuid", "1", *env.net).stdout

    changed = run(env, "subnets", "set-symbol", "--netuid", "1", *env.alice, "シ", "-y")
    assert changed["success"] is True and changed["symbol"] == "シ" and changed["message"].endswith("to シ.")
    assert next(s for s in run(env, "subnets", "list")["subnets"] if s["netuid"] == 1)["symbol"] == "シ"
    in_use = env.btcli("subnets", "set-symbol", "--netuid", "1", *env.alice, *env.net, "シ", "-y")
    assert "already the symbol of subnet 1" in one_line(in_use)
    unknown = run(env, "subnets", "set-symbol", "--netuid", "1", *env.alice, "Z", "-y", code=1)
    assert "not a symbol the chain knows" in unknown["error"]
    assert "single character" in run(env, "subnets", "set-symbol", "--netuid", "1", *env.alice, "ab", "-y", code=1)["error"]

    run(env, "subnets", "start", "--netuid", "1", *env.alice, "-y")
    started = run(env, "subnets", "check_start", "--netuid", "1")
    assert started["started"] is True and started["can_start"] is False


def test_the_subtensor_backend_reads_and_signs_identities_on_the_facade(env):
    """taonet's btcli with --network ws://…: the subtensor backend reads IdentitiesV2 /
    SubnetIdentitiesV3 / TokenSymbol from the node's Substrate façade and signs SCALE calls the
    node maps back (client/subtensor/reads_identity.py, calls.py; node/substrate/calls_map.py)."""
    ws = ("--network", env.node.url.replace("http://", "ws://"))
    if not run(env, "subnets", "list")["subnets"][1:]:
        run(env, "subnets", "create", *env.alice, "-y")
    run(env, "subnets", "set-identity", "--netuid", "1", *env.alice, "--sn-name", "apple", "-y")
    run(env, "wallet", "set-identity", *env.alice, "--id-name", "Alice", "-y")
    over_ws = json_of(env.btcli("subnets", "get-identity", "--netuid", "1", *ws, "--json-output"))
    assert over_ws["subnet_name"] == "apple"
    signed = json_of(env.btcli("subnets", "set-identity", "--netuid", "1", *env.alice, "--description", "0xabc ✓",
                               "-y", *ws, "--json-output", timeout=120))
    assert signed["success"] is True and signed["identity"]["description"] == "0xabc ✓"
    assert run(env, "subnets", "get-identity", "--netuid", "1")["description"] == "0xabc ✓"  # the taonet view agrees
    me = json_of(env.btcli("wallet", "get-identity", *env.alice, *ws, "--json-output"))
    assert me["name"] == "Alice"
    schedule = json_of(env.btcli("subnets", "check-start", "--netuid", "1", *ws, "--json-output"))
    assert schedule["registered_at"] == run(env, "subnets", "check-start", "--netuid", "1")["registered_at"]


def test_the_real_btcli_reads_and_sets_an_identity(env):
    from tests.interop.conftest import real_venv

    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    real = [str(python.with_name("btcli"))]
    ws = ("--network", env.node.url.replace("http://", "ws://"))
    if not run(env, "subnets", "list")["subnets"][1:]:
        run(env, "subnets", "create", *env.alice, "-y")

    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(real + list(args), env=env.environ, capture_output=True, text=True, timeout=90,
                              stdin=subprocess.DEVNULL)

    wallets = env.alice[-1]
    done = call("subnets", "set-identity", "--netuid", "1", "--wallet-name", "alice", "--wallet-path", wallets,
                "--subnet-name", "realname", "--github-repo", "https://github.com/r/r", "--subnet-contact",
                "team@example.com", "--subnet-url", "https://r.example", "--discord", "r#1", "--description",
                "set by the real btcli", "--logo-url", "https://r.example/logo.png", "--additional-info", "more",
                "--no-prompt", *ws, "--json-output")  # every field given: the real btcli asks for an empty one
    assert done.returncode == 0, done.stdout + done.stderr
    got = run(env, "subnets", "get-identity", "--netuid", "1")
    assert got["subnet_name"] == "realname" and got["description"] == "set by the real btcli"
    shown = call("subnets", "get-identity", "--netuid", "1", *ws, "--json-output")
    assert shown.returncode == 0 and "realname" in shown.stdout, shown.stdout + shown.stderr


def test_wallet_history_lists_the_coldkeys_transfers(env):
    """`btcli wallet history`: this chain's transfers of the coldkey from the node's events, paged."""
    for amount in ("1", "2", "3"):
        run(env, "wallet", "transfer", *env.alice, "--dest", BOB, "--amount", amount, "-y")
    page = run(env, "wallet", "history", *env.alice, "--limit", "2")
    assert [(t["amount"], t["direction"], t["to"]) for t in page["transfers"]] == [(3.0, "out", BOB), (2.0, "out", BOB)]
    assert page["transfers"][0]["amount_rao"] == 3 * 10**9 and page["next_before"] == page["transfers"][1]["block_number"]
    older = run(env, "wallet", "history", *env.alice, "--limit", "2", "--before-block", str(page["next_before"]))
    assert older["transfers"][0]["amount"] == 1.0
    bob_side = run(env, "wallet", "history", "--ss58", BOB, "--limit", "1")
    assert bob_side["transfers"][0]["direction"] == "in"
    human = env.btcli("wallet", "history", *env.alice, *env.net, "--limit", "1")
    assert human.returncode == 0 and "-τ3.000000000" in human.stdout and "--before-block" in human.stdout


def test_wallet_inspect_summarises_coldkeys(env):
    """`btcli wallet inspect`: balance, identity, stakes and hotkeys, read only (--all, --ss58, --netuids)."""
    if not run(env, "subnets", "check-start", "--netuid", "1")["started"]:
        run(env, "subnets", "start", "--netuid", "1", *env.alice, "-y")
    run(env, "stake", "add", *env.alice, "--netuid", "1", "--amount", "5", "--unsafe", "-y")
    one = run(env, "wallet", "inspect", *env.alice)["coldkeys"]
    assert len(one) == 1 and one[0]["identity"]["name"] == "Alice" and one[0]["free"] > 0
    assert [(s["netuid"], s["alpha"] > 0) for s in one[0]["stakes"]] == [(1, True)]
    assert one[0]["hotkeys"][0]["netuids"] == [1]
    every = run(env, "wallet", "inspect", "-p", env.alice[-1], "--all-wallets")["coldkeys"]
    assert {c["name"] for c in every} == {"alice", "bob"}
    assert run(env, "wallet", "inspect", *env.alice, "--netuids", "2")["coldkeys"][0]["stakes"] == []
    watched = run(env, "wallet", "inspect", "--ss58", BOB)["coldkeys"][0]
    assert watched["coldkey"] == BOB and watched["stakes"] == [] and watched["hotkeys"] == []
    human = env.btcli("wallet", "inspect", *env.alice, *env.net)
    assert human.returncode == 0 and "Stakes" in human.stdout and "Alice" in human.stdout


def test_wallet_associate_hotkey(env):
    """`btcli wallet associate-hotkey`: binds a fresh hotkey; says so without signing when it is bound;
    refuses another coldkey's hotkey before signing."""
    made = json_of(env.btcli("wallet", "new-hotkey", *env.alice, "--hotkey", "spare", "--no-use-password", "--json-output"))
    spare = made["keys"][0]["ss58_address"]
    with env.node.rpc() as rpc:
        assert rpc.call("taonet_hotkeyOwner", spare)["coldkey"] is None
    done = run(env, "wallet", "associate_hotkey", *env.alice, "--hotkey", "spare", "-y")
    assert done["already_associated"] is False and done["block_number"] > 0
    with env.node.rpc() as rpc:
        assert rpc.call("taonet_hotkeyOwner", spare)["coldkey"] == done["coldkey"]
        nonce = rpc.account(done["coldkey"]).nonce
    again = run(env, "wallet", "associate-hotkey", *env.alice, "--hotkey", spare, "-y")
    assert again["already_associated"] is True
    refused = env.btcli("wallet", "associate-hotkey", *env.bob, "--hotkey", spare, *env.net, "-y")
    assert "belongs to coldkey" in one_line(refused)
    with env.node.rpc() as rpc:
        assert rpc.account(done["coldkey"]).nonce == nonce  # nothing more signed
