"""Recycled emission is labelled as such (issue 13 item 6): the incentive of hotkeys owned by the
subnet owner's coldkey is recycled by the chain (spec §2.6), so the metagraph RPC marks those uids
`recycled`, and `subnets metagraph` and `wallet overview` do not show it as earnings. Against a
real dev node whose epoch runs every few blocks."""
from __future__ import annotations

import time

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401


def test_owner_hotkeys_incentive_is_shown_recycled(btcli, node_process, tmp_path):  # noqa: F811
    from client.taonet import TaonetBackend

    node = node_process(tmp_path / "chain", block_time=0.1)
    rpc = TaonetBackend(node.url)
    net = ("--network", node.url)
    wallets = ("-p", str(tmp_path / "wallets"))
    alice, bob, carol = (wallets + ("--name", n) for n in ("alice", "bob", "carol"))

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    keys = {}
    for name, uri in (("alice", "//Alice"), ("bob", "//Bob"), ("carol", "//Carol")):
        keys[name] = json_of(btcli("wallet", "create", *wallets, "--name", name, "--uri", uri, "--no-use-password",
                                   "--json-output"))["keys"][0]["ss58_address"]
    json_of(btcli("wallet", "new-hotkey", *bob, "-H", "miner1", "--json-output"))
    json_of(btcli("wallet", "new-hotkey", *carol, "-H", "miner", "--json-output"))
    run("wallet", "transfer", *alice, "--dest", keys["carol"], "--amount", "10", "-y")
    run("subnets", "create", *bob, "-y")
    for param, value in (("tempo", "10"), ("weights_rate_limit", "0"), ("commit_reveal_weights_enabled", "false")):
        run("sudo", "set", *alice, "--netuid", "1", "--param", param, "--value", value, "-y")
    run("subnets", "start", *bob, "--netuid", "1", "-y")
    assert run("subnets", "register", *bob, "-H", "miner1", "--netuid", "1", "-y")["uid"] == 1  # the owner's miner
    assert run("subnets", "register", *carol, "-H", "miner", "--netuid", "1", "-y")["uid"] == 2  # someone else's
    run("weights", "set", *bob, "--netuid", "1", "--uids", "1,2", "--weights", "1,1", "-y")  # the owner's validator

    deadline = time.monotonic() + 40
    while not all(e > 0 for e in rpc.call("taonet_metagraph", 1)["incentive_alpha"][1:]):
        assert time.monotonic() < deadline, "no epoch paid the miners"
        time.sleep(0.2)
    mg = rpc.call("taonet_metagraph", 1)
    assert mg["recycled"] == [True, True, False]  # uid 0 and 1 belong to the owner's coldkey

    rows = {n["uid"]: n for n in run("subnets", "metagraph", "--netuid", "1")["neurons"]}
    assert rows[1]["recycled"] and rows[1]["emission"] > 0 and rows[1]["daily_earned"] == 0
    assert rows[1]["recycled_emission"] > 0
    assert not rows[2]["recycled"] and rows[2]["daily_earned"] == rows[2]["daily_emission"] > 0
    table = btcli("subnets", "metagraph", "--netuid", "1", *net, env={"COLUMNS": "300"})
    line = next(t for t in table.stdout.splitlines() if rows[1]["hotkey"] in t)
    assert "recycled" in line
    assert "recycled" not in next(t for t in table.stdout.splitlines() if rows[2]["hotkey"] in t)

    overview = run("wallet", "overview", *bob)
    miner = next(n for h in overview["hotkeys"] if h["name"] == "miner1" for n in h["neurons"])
    assert miner["recycled"] and miner["emission"] > 0 and miner["daily_earned"] == 0
    shown = btcli("wallet", "overview", *bob, *net, env={"COLUMNS": "300"})
    assert shown.returncode == 0 and "recycled" in next(t for t in shown.stdout.splitlines() if "miner1" in t and " α" in t)
    theirs = next(n for h in run("wallet", "overview", *carol)["hotkeys"] if h["name"] == "miner" for n in h["neurons"])
    assert not theirs["recycled"] and theirs["daily_earned"] > 0
