"""`btcli weights commit | reveal` round trip on a real dev node, and `subnets metagraph`."""
from __future__ import annotations

import time

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401


def test_commit_reveal_round_trip_and_metagraph(btcli, node_process, tmp_path):  # noqa: F811
    from client.taonet import TaonetBackend

    node = node_process(tmp_path / "chain", block_time=0.1)
    net = ("--network", node.url)
    w = ("-p", str(tmp_path / "wallets"), "--name", "alice")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    json_of(btcli("wallet", "new-hotkey", *w, "-H", "miner", "--json-output"))
    run("subnets", "create", *w, "-y")
    for param, value in (("tempo", "80"), ("weights_rate_limit", "0")):
        run("sudo", "set", *w, "--netuid", "1", "--param", param, "--value", value, "-y")
    run("subnets", "start", *w, "--netuid", "1", "-y")
    assert run("subnets", "register", *w, "-H", "miner", "--netuid", "1", "-y")["uid"] == 1

    refused = run("wt", "set", *w, "--netuid", "1", "--uids", "0,1", "--weights", "1,3", "-y", code=1)
    assert "uses commit-reveal" in refused["error"] and "btcli weights commit" in refused["error"]
    rpc = TaonetBackend(node.url)
    deadline = time.monotonic() + 30
    while rpc.call("taonet_pendingEmission", 1)["subnets"][0]["blocks_until_next_epoch"] < 50:
        assert time.monotonic() < deadline, "no epoch"
        time.sleep(0.1)  # commit early in an epoch, so that `reveal` right after is surely too early
    committed = run("weights", "commit", *w, "--netuid", "1", "--uids", "1", "--weights", "1", "-y")
    assert committed["reveal_epoch"] is not None and committed["reveal_from_block"] > committed["block_number"] - 1
    early = run("weights", "reveal", *w, "--netuid", "1", "-y", code=1)
    assert "too early" in early["error"].lower() and f"epoch {committed['reveal_epoch']}" in early["error"]

    hotkey = committed["hotkey"]
    deadline = time.monotonic() + 40
    while rpc.call("taonet_weightCommits", 1, hotkey)["commits"][0]["status"] != "revealable":
        assert time.monotonic() < deadline, "the reveal epoch never came"
        time.sleep(0.1)
    revealed = run("weights", "reveal", *w, "--netuid", "1", "-y")
    assert revealed["uids"] == [1] and revealed["weights"] == [65535]
    mg = rpc.call("taonet_metagraph", 1, True, False)
    assert mg["weights"]["0"] == [[1, 65535]] and mg["n"] == 2
    assert rpc.call("taonet_weightCommits", 1, hotkey)["commits"] == []

    shown = run("subnets", "metagraph", "--netuid", "1", "--sort", "stake", "--limit", "1")
    assert len(shown["neurons"]) == 1 and {"uid", "stake", "incentive", "validator_trust", "axon"} <= set(shown["neurons"][0])
    assert [n["uid"] for n in run("subnets", "show", "--netuid", "1", "--sort", "uid", "--reverse")["neurons"]] == [1, 0]
    overview = run("wallet", "overview", *w)
    neurons = {(n["netuid"], n["uid"]) for h in overview["hotkeys"] for n in h["neurons"]}
    assert neurons == {(1, 0), (1, 1)}
    table = btcli("subnets", "metagraph", "--netuid", "1", *net, env={"COLUMNS": "300"})
    assert table.returncode == 0 and "vtrust" in table.stdout
