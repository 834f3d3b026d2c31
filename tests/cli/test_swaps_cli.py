"""`btcli wallet swap-hotkey | swap-coldkey <action> | swap-check` against one real dev node
(subprocesses, real keys, pure JSON), with the real btcli's spellings: refusals before signing (one
line, nothing signed), the hotkey's uid, stake and subnet ownership on the new hotkey, and the
coldkey's balance, stakes and hotkeys on the new coldkey after the announcement delay."""
from __future__ import annotations

from node.builder import dev_key
from tests.cli.helpers import json_of
from tests.node.fixtures import node_process, wait_for  # noqa: F401


def announcement_delay(node, blocks: int) -> None:
    """Set the coldkey swap's announcement delay (sudo, //Alice): the default 50 blocks pass in 2.5 s at these
    tests' 0.05 s blocks, sooner than a busy machine runs the commands that must see the swap still waiting."""
    setting = {"call": "admin_utils.set_chain_setting",
               "args": {"setting": "coldkey_swap_announcement_delay", "value": blocks}}
    with node.rpc() as rpc:
        assert rpc.submit_and_wait(rpc.sign(dev_key("alice"), "sudo.sudo", {"call": setting}), timeout=30)["success"]


def test_swap_hotkey_then_coldkey(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.05)
    announcement_delay(node, 160)
    net = ("--network", node.url)
    wallets = str(tmp_path / "wallets")
    w = ("-p", wallets, "--name", "alice")
    new_w = ("-p", wallets, "--name", "fresh")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    json_of(btcli("wallet", "create", *new_w, "--no-use-password", "--json-output"))
    new_hk = json_of(btcli("wallet", "new-hotkey", *w, "--hotkey", "next", "--no-use-password",
                           "--json-output"))["keys"][0]["ss58_address"]
    netuid = run("subnets", "create", *w, "-y")["netuid"]
    run("stake", "add", *w, "--netuid", "0", "--amount", "3", "--unsafe", "-y")
    with node.rpc() as rpc:
        old_hk = rpc.call("taonet_subnetInfo", netuid)["owner_hotkey"]
        alice = rpc.call("taonet_hotkeyOwner", old_hk)["coldkey"]
        root_before = sum(s["alpha"] for s in rpc.call("taonet_stakeInfo", alice)["stakes"]
                          if s["hotkey"] == old_hk and s["netuid"] == 0)
        nonce = rpc.account(alice).nonce
    assert root_before > 0

    # refusals before signing
    same = run("wallet", "swap-hotkey", "default", *w, "-y", code=1)
    assert "is the hotkey being swapped" in same["error"]
    elsewhere = run("wallet", "swap_hotkey", "next", *w, "--netuid", "7", "-y", code=1)
    assert "not registered on subnet 7" in elsewhere["error"]
    json_of(btcli("wallet", "new-hotkey", *w, "--hotkey", "rooted", "--no-use-password", "--json-output"))
    run("wallet", "associate-hotkey", *w, "--hotkey", "rooted", "-y")
    run("stake", "add", *w, "--hotkey", "rooted", "--netuid", "0", "--amount", "1", "--unsafe", "-y")
    with node.rpc() as rpc:
        nonce = rpc.account(alice).nonce
    rooted = run("wallet", "swap-hotkey", "rooted", *w, "-y", code=1)
    assert "already has root stake" in rooted["error"]
    with node.rpc() as rpc:
        assert rpc.account(alice).nonce == nonce, "nothing signed"

    # swap on every subnet: the uid, the subnet's owner hotkey and the root stake move
    done = run("wallet", "swap-hotkey", "next", *w, "--all-netuids", "--no-prompt")
    assert done["success"] is True and done["new_hotkey"] == new_hk and abs(done["cost"] - 0.1) < 1e-9
    with node.rpc() as rpc:
        assert rpc.call("taonet_subnetInfo", netuid)["owner_hotkey"] == new_hk
        assert rpc.call("taonet_hotkeyOwner", new_hk)["netuids"] == [netuid]
        assert rpc.call("taonet_hotkeyOwner", old_hk)["coldkey"] is None
        root_after = sum(s["alpha"] for s in rpc.call("taonet_stakeInfo", alice)["stakes"]
                         if s["hotkey"] == new_hk and s["netuid"] == 0)
    assert root_after == root_before
    limited = run("wallet", "swap-hotkey", "default", *w, "--hotkey", "next", "-y", code=1)
    assert "next key swap is allowed from block" in limited["error"]

    # the coldkey swap: announce, refused while waiting, execute after the delay
    none = run("wallet", "swap-check", "--all")
    assert none["success"] is True and none["announcements"] == [] and none["current_block"] > 0
    early_exec = run("wallet", "swap-coldkey", "execute", *w, "--new-coldkey", "fresh", "-y", code=1)
    assert "no swap announcement" in early_exec["error"]
    announced = run("wallet", "swap_coldkey", "announce", *w, "--new-coldkey", "fresh", "-y")
    assert announced["success"] and announced["announcement"]["status"] == "pending"
    too_early = run("wallet", "swap-coldkey", "execute", *w, "--new-coldkey", "fresh", "-y", code=1)
    assert "can execute from block" in too_early["error"]
    check = run("wallet", "swap-check", "--wallet-name", "alice", "-p", wallets)
    assert [a["coldkey"] for a in check["announcements"]] == [alice]
    assert set(check["announcements"][0]) == {"coldkey", "new_coldkey_hash", "execution_block", "status",
                                              "time_remaining_blocks", "disputed_block", "clear_block",
                                              "clear_remaining_blocks"}
    with node.rpc() as rpc:
        nonce = rpc.account(alice).nonce
    blocked = run("wallet", "transfer", *w, "--dest", new_hk, "--amount", "1", "-y", code=1)
    assert "announced a swap" in blocked["error"] and "swap-coldkey execute" in blocked["error"]
    with node.rpc() as rpc:
        assert rpc.account(alice).nonce == nonce, "nothing signed while the swap is announced"
    human = btcli("wallet", "swap-check", "--all", *net)
    assert human.returncode == 0 and "Pending coldkey swap announcements" in human.stdout
    execution_block = check["announcements"][0]["execution_block"]
    with node.rpc() as rpc:
        free = rpc.account(alice).free.rao
    wait_for(lambda: run("wallet", "swap_check", "--ss58", alice)["current_block"] + 1 >= execution_block,
             timeout=60, what="the announcement delay")
    swapped = run("wallet", "swap-coldkey", "execute", *w, "--new-coldkey", "fresh", "--no-mev-protection", "-y")
    assert swapped["success"] is True
    fresh = swapped["new_coldkey"]
    with node.rpc() as rpc:
        assert rpc.account(alice).free.rao == 0
        assert rpc.account(fresh).free.rao > free - 10**7  # everything but the fee
        assert rpc.call("taonet_hotkeyOwner", new_hk)["coldkey"] == fresh
        assert rpc.call("taonet_subnetInfo", netuid)["owner_coldkey"] == fresh
        moved = sum(s["alpha"] for s in rpc.call("taonet_stakeInfo", fresh)["stakes"]
                    if s["netuid"] == 0 and s["hotkey"] == new_hk)
    assert moved == root_after
    assert run("wallet", "swap-check", "--all")["announcements"] == []

    # dispute freezes an announcement: swap-check shows it, clear is refused before signing
    bob = ("-p", wallets, "--name", "bob")
    json_of(btcli("wallet", "create", *bob, "--uri", "//Bob", "--no-use-password", "--json-output"))
    assert "no swap announcement" in run("wallet", "swap-coldkey", "dispute", *bob, "-y", code=1)["error"]
    run("wallet", "swap-coldkey", "announce", *bob, "--new-coldkey", new_hk, "-y", code=1)  # a hotkey: refused
    run("wallet", "swap-coldkey", "announce", *bob, "--new-coldkey", "alice", "-y")
    assert run("wallet", "swap-coldkey", "dispute", *bob, "-y")["success"] is True
    (disputed,) = run("wallet", "swap-coldkey", "check", *bob)["announcements"]
    assert disputed["status"] == "disputed" and disputed["disputed_block"] > 0
    assert "disputed" in run("wallet", "swap-coldkey", "clear", *bob, "-y", code=1)["error"]
    assert "root resets" in run("subnets", "create", *bob, "-y", code=1)["error"]


def test_swaps_through_the_subtensor_backend(btcli, node_process, tmp_path):  # noqa: F811
    """The same commands over ws:// (taonet's subtensor backend on the node's Substrate façade): the
    status read from the runtime's storage and constants, the real calls signed."""
    node = node_process(tmp_path / "chain", block_time=0.05)
    announcement_delay(node, 10_000)  # this test never executes the swap
    ws = ("--network", node.url.replace("http://", "ws://"))
    wallets = str(tmp_path / "wallets")
    w = ("-p", wallets, "--name", "alice")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *ws, "--json-output", "--no-prompt"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    new_hk = json_of(btcli("wallet", "new-hotkey", *w, "--hotkey", "next", "--no-use-password",
                           "--json-output"))["keys"][0]["ss58_address"]
    netuid = json_of(btcli("subnets", "create", *w, "-y", "--network", node.url, "--json-output"))["netuid"]
    done = run("wallet", "swap-hotkey", "next", *w, "--netuid", str(netuid))
    assert done["success"] is True and abs(done["cost"] - 0.001) < 1e-12
    with node.rpc() as rpc:
        assert rpc.call("taonet_subnetInfo", netuid)["owner_hotkey"] == new_hk
    limited = run("wallet", "swap-hotkey", "default", *w, "--hotkey", "next", code=1)
    assert "next key swap is allowed from block" in limited["error"]
    json_of(btcli("wallet", "create", "-p", wallets, "--name", "fresh", "--no-use-password", "--json-output"))
    announced = run("wallet", "swap-coldkey", "announce", *w, "--new-coldkey", "fresh")
    assert announced["announcement"]["status"] == "pending"
    (shown,) = run("wallet", "swap-check", "--all")["announcements"]
    assert shown["coldkey"] == announced["coldkey"] and shown["execution_block"] > 0
    again = run("wallet", "swap-coldkey", "announce", *w, "--new-coldkey", "fresh", code=1)
    assert "a new announcement is allowed from block" in again["error"]
