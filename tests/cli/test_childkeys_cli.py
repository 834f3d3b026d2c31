"""`btcli stake child get | set | revoke | take` against one real dev node (subprocesses, real keys,
pure JSON): the real btcli's flags, refusals before signing, and the chain's effect."""
from __future__ import annotations

from node.builder import address_of
from node.genesis import DEV_ACCOUNTS
from tests.cli.helpers import json_of
from tests.node.fixtures import node_process, wait_for  # noqa: F401

BOB, CHARLIE = DEV_ACCOUNTS["bob"], DEV_ACCOUNTS["charlie"]


def test_child_set_get_take_revoke(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.05)
    net = ("--network", node.url)
    wallets = str(tmp_path / "wallets")
    w = ("-p", wallets, "--name", "alice")
    bob = ("-p", wallets, "--name", "bob")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    json_of(btcli("wallet", "create", *bob, "--uri", "//Bob", "--no-use-password", "--json-output"))
    netuid = str(run("subnets", "create", *w, "-y")["netuid"])  # not started: children apply at once

    # refusals before signing: one line, exit 1, nothing changed
    over = run("stake", "child", "set", *w, "--netuid", netuid, "-c", BOB, "-c", CHARLIE,
               "--prop", "0.7", "--prop", "0.6", "-y", code=1)
    assert over["success"] is False and "add up to" in over["error"]
    mismatch = run("stake", "child", "set", *w, "--netuid", netuid, "-c", BOB, "-y", code=1)
    assert "one proportion per child" in mismatch["error"]
    six = [a for i in range(6) for a in ("-c", address_of(f"kid{i}"))] + ["--prop", "0.1"] * 6
    too_many = run("stake", "child", "set", *w, "--netuid", netuid, *six, "-y", code=1)
    assert "at most 5" in too_many["error"] and "nothing signed" in too_many["error"]
    root = run("stake", "child", "set", *w, "--netuid", "0", "-c", BOB, "--prop", "0.5", "-y", code=1)
    assert "root subnet" in root["error"]
    empty = run("stake", "child", "get", *w, "--netuid", netuid)
    alice_hotkey = empty["hotkey"]
    assert empty["subnets"][0]["children"] == []
    not_owner = run("stake", "child", "set", *bob, "--hotkey", alice_hotkey, "--netuid", netuid, "-c", BOB,
                    "--prop", "0.5", "-y", code=1)
    assert "not by this wallet's coldkey" in not_owner["error"]

    # set (real spellings: -c/--children, --prop/--proportions, --netuid, --no-prompt)
    done = run("stake", "child", "set", *w, "--netuid", netuid, "--children", BOB, "--proportions", "0.5",
               "--no-prompt", "--wait-for-inclusion", "--wait-for-finalization")
    assert done[netuid]["success"] is True and done[netuid]["completion_block"] is None
    got = run("stake", "child", "get", *w, "--netuid", netuid)["subnets"][0]
    assert [c["hotkey"] for c in got["children"]] == [BOB] and abs(got["children"][0]["proportion"] - 0.5) < 1e-9
    again = run("stake", "child", "set", *w, "--netuid", netuid, "-c", CHARLIE, "--prop", "0.2", "-y", code=1)
    assert "can be set again from block" in again["error"]
    with node.rpc() as rpc:
        assert rpc.call("taonet_parents", BOB, int(netuid))["subnets"][0]["parents"][0]["hotkey"] == alice_hotkey

    # childkey take: shown, set, refused out of range
    assert run("stake", "child", "take", *w, "--netuid", netuid)[0]["take"] == 0
    assert run("stake", "child", "take", *w, "--netuid", netuid, "--take", "0.5", "-y", code=1)["success"] is False
    set_take = run("stake", "child", "take", *w, "--netuid", netuid, "--take", "0.1", "-y")
    assert set_take[0]["success"] and set_take[0]["take_u16"] == 6553
    assert run("stake", "child", "take", *w, "--netuid", netuid)[0]["take_u16"] == 6553

    # revoke after the rate limit (150 blocks)
    def rate_limit_passed() -> bool:
        d = run("stake", "child", "get", *w, "--netuid", netuid)
        return d["subnets"][0]["next_set_children_block"] <= d["head"] + 1

    wait_for(rate_limit_passed, timeout=60, what="the set_children rate limit")
    revoked = run("stake", "child", "revoke", *w, "--netuid", netuid, "-y")
    assert revoked[netuid]["success"] is True
    assert run("stake", "child", "get", *w, "--netuid", netuid)["subnets"][0]["children"] == []


def test_child_set_checks_again_after_the_slow_unlock(node_process, tmp_path, isolated_home):  # noqa: F811
    """btcli.chain's order for an encrypted coldkey: while argon2i runs, the same hotkey's children
    are set by another client, so the chain's rate limit now refuses a second set; the check made
    after the unlock says so and signs nothing (the old order checked, confirmed, then unlocked and
    signed a call the chain refused, the fee paid)."""
    import os

    from client import childkeys
    from client.taonet import TaonetBackend
    from tests.cli.helpers import run_while_unlocking
    from tests.tui.devnet import make_wallet
    from wallet.keypair import Keypair
    from wallet.password import encode_env_value, env_var_name

    node = node_process(tmp_path / "chain", block_time=0.1)
    password, dave = "Correct-Horse-7", Keypair.from_uri("//Dave")
    keys = make_wallet(tmp_path / "wallets", "dave", "//Dave", password=password)
    with TaonetBackend(node.url) as chain:
        assert chain.submit_and_wait(chain.sign(dave, "subtensor.register_network",
                                                {"hotkey": keys["miner1"], "subnet_name": "kids", "symbol": "K"}))["success"]
        netuid = max(s["netuid"] for s in chain.call("taonet_subnets")["subnets"])
        nonce = chain.account(dave.ss58_address).nonce

    def meanwhile() -> None:
        with TaonetBackend(node.url) as chain:
            call, args = childkeys.set_children_call(keys["miner1"], netuid, [(2**63, CHARLIE)])
            assert chain.submit_and_wait(chain.sign(dave, call, args))["success"]

    coldkey_file = str(tmp_path / "wallets" / "dave" / "coldkey")
    code, out = run_while_unlocking(["stake", "child", "set", "-p", str(tmp_path / "wallets"), "--name", "dave",
                                     "--hotkey", "miner1", "--netuid", str(netuid), "-c", BOB, "--prop", "0.5", "-y",
                                     "--network", node.url, "--json-output"],
                                    {**os.environ, env_var_name(coldkey_file): encode_env_value(coldkey_file, password)},
                                    meanwhile)
    assert code == 1 and "nothing signed" in out and "can be set again from block" in out, out
    with TaonetBackend(node.url) as chain:
        assert chain.account(dave.ss58_address).nonce == nonce + 1  # only the other client's call
        now = childkeys.children(chain, keys["miner1"], netuid)["subnets"][0]
        assert [c["hotkey"] for c in now["children"]] == [CHARLIE], now
