"""Predictable failures are refused before signing (issue 13 item 3): each refusal is one line in
TAO, a non-zero exit, and nothing submitted — the signer's nonce and balance stay as they were.
Against a real dev node, through real btcli subprocesses."""
from __future__ import annotations

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401


def test_predictable_failures_are_refused_unsigned(btcli, node_process, tmp_path):  # noqa: F811
    from client.taonet import TaonetBackend

    node = node_process(tmp_path / "chain", block_time=0.1)
    rpc = TaonetBackend(node.url)
    net = ("--network", node.url)
    wallets = ("-p", str(tmp_path / "wallets"))
    alice, bob, carol = (wallets + ("--name", n) for n in ("alice", "bob", "carol"))

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    def account(address: str) -> tuple[int, int]:
        info = rpc.call("taonet_accountInfo", address)
        return info["free"], info["nonce"]

    def refused(address: str, *args, says: str) -> str:
        """Run a command that must be refused before signing; its one-line error."""
        before = account(address)
        result = btcli(*args, *net, "--json-output")
        out = json_of(result, 1)
        assert out["success"] is False and says.lower() in out["error"].lower(), out["error"]
        assert " rao" not in out["error"] and "\n" not in out["error"]
        plain = btcli(*args, *net)
        assert plain.returncode == 1 and "Traceback" not in plain.stderr and len(plain.stderr.strip().splitlines()) == 1
        assert account(address) == before, "something was signed and paid for"
        return out["error"]

    keys = {}
    for name, uri in (("alice", "//Alice"), ("bob", "//Bob"), ("carol", "//Carol")):
        keys[name] = json_of(btcli("wallet", "create", *wallets, "--name", name, "--uri", uri, "--no-use-password",
                                   "--json-output"))["keys"][0]["ss58_address"]
    json_of(btcli("wallet", "new-hotkey", *bob, "-H", "miner1", "--json-output"))
    json_of(btcli("wallet", "new-hotkey", *carol, "-H", "miner", "--json-output"))

    # transfers: a destination left below the existential deposit (500 rao = τ0.0000005)
    refused(keys["alice"], "wallet", "transfer", *alice, "--dest", keys["carol"], "--amount", "0.0000001", "-y",
            says="existential deposit of τ0.0000005")
    run("wallet", "transfer", *alice, "--dest", keys["carol"], "--amount", "0.5", "-y")

    # subnets create without the lock cost (τ1000)
    message = refused(keys["carol"], "subnets", "create", *carol, "-y", says="balance too low to lock τ1,000")
    assert "holds τ0.500000000" in message
    created = run("subnets", "create", *bob, "-y")
    assert created["netuid"] == 1
    run("sudo", "set", *alice, "--netuid", "1", "--param", "weights_rate_limit", "--value", "0", "-y")

    # subnets start: someone else's subnet, then already started; root never
    refused(keys["alice"], "subnets", "start", *alice, "--netuid", "1", "-y", says="only its owner can start it")
    refused(keys["bob"], "subnets", "start", *bob, "--netuid", "7", "-y", says="subnet 7 does not exist")
    run("subnets", "start", *bob, "--netuid", "1", "-y")
    refused(keys["bob"], "subnets", "start", *bob, "--netuid", "1", "-y", says="already started")

    # sudo set: kappa is root-only (the owner is refused), values the chain would refuse
    refused(keys["bob"], "sudo", "set", *bob, "--netuid", "1", "--param", "kappa", "--value", "100", "-y",
            says="only the sudo key")
    refused(keys["alice"], "sudo", "set", *alice, "--netuid", "1", "--param", "tempo", "--value", "0", "-y",
            says="tempo must be in [1, 65535]")
    run("sudo", "set", *bob, "--netuid", "1", "--param", "immunity_period", "--value", "4000", "-y")
    refused(keys["bob"], "sudo", "set", *bob, "--netuid", "1", "--param", "immunity_period", "--value", "4001", "-y",
            says="its owner may set it again from block")

    # subnets register: root, too poor, a burn above the limit, already registered
    refused(keys["bob"], "subnets", "register", *bob, "-H", "miner1", "--netuid", "0", "-y", says="root")
    message = refused(keys["carol"], "subnets", "register", *carol, "-H", "miner", "--netuid", "1", "-y",
                      says="balance too low to register on subnet 1")
    assert "holds τ0.5" in message
    refused(keys["bob"], "subnets", "register", *bob, "-H", "miner1", "--netuid", "1", "--max-burn", "0.5", "-y",
            says="above your limit of τ0.5")
    assert run("subnets", "register", *bob, "-H", "miner1", "--netuid", "1", "-y")["uid"] == 1
    refused(keys["bob"], "subnets", "register", *bob, "-H", "miner1", "--netuid", "1", "-y",
            says="already registered on subnet 1")

    # axon set: a hotkey that is not registered, a wrong IP type, then the serving rate limit
    refused(keys["carol"], "axon", "set", *carol, "-H", "miner", "--netuid", "1", "--ip", "127.0.0.1", "--port", "8091",
            "-y", says="not registered on subnet 1")
    refused(keys["bob"], "axon", "set", *bob, "-H", "miner1", "--netuid", "1", "--ip", "::1", "--port", "8091", "-y",
            says="--ip-type 6")
    run("axon", "set", *bob, "-H", "miner1", "--netuid", "1", "--ip", "127.0.0.1", "--port", "8091", "-y")
    refused(keys["bob"], "axon", "set", *bob, "-H", "miner1", "--netuid", "1", "--ip", "127.0.0.1", "--port", "8092",
            "-y", says="can change again from block")

    # weights (free calls, signed by the hotkey): a commit whose reveal could never pass
    owner_hotkey = rpc.call("taonet_subnetInfo", 1)["owner_hotkey"]
    refused(owner_hotkey, "weights", "commit", *bob, "--netuid", "1", "--uids", "1,1", "--weights", "1,2", "-y",
            says="a uid appears twice")
    refused(owner_hotkey, "weights", "commit", *bob, "--netuid", "1", "--uids", "0,5", "--weights", "1,2", "-y",
            says="uid 5 does not exist")
    refused(owner_hotkey, "weights", "set", *bob, "--netuid", "1", "--uids", "0,1", "--weights", "1,2", "-y",
            says="uses commit-reveal")
