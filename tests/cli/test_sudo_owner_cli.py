"""btcli sudo trigger-epoch / trim / stake-burn against a real dev node, through real btcli
subprocesses: refusals before signing (one line, nothing paid), the real btcli's JSON keys, and the
effect read back from the chain."""
from __future__ import annotations

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401


def test_owner_sudo_commands(btcli, node_process, tmp_path):  # noqa: F811
    from client.taonet import TaonetBackend

    node = node_process(tmp_path / "chain", block_time=0.1)
    rpc = TaonetBackend(node.url)
    net = ("--network", node.url)
    wallets = ("-p", str(tmp_path / "wallets"))
    alice, bob = (wallets + ("--name", n) for n in ("alice", "bob"))

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *(() if "--network" in args else net), "--json-output"), code)

    def refused(address: str, *args, says: str) -> str:
        before = rpc.call("taonet_accountInfo", address)["nonce"]
        out = run(*args, code=1)
        assert out["success"] is False and says.lower() in out["error"].lower(), out["error"]
        assert "\n" not in out["error"]
        assert rpc.call("taonet_accountInfo", address)["nonce"] == before, "something was signed"
        return out["error"]

    keys = {}
    for name, uri in (("alice", "//Alice"), ("bob", "//Bob")):
        keys[name] = json_of(btcli("wallet", "create", *wallets, "--name", name, "--uri", uri, "--no-use-password",
                                   "--json-output"))["keys"][0]["ss58_address"]
    assert run("subnets", "create", *bob, "-y")["netuid"] == 1
    run("subnets", "start", *bob, "--netuid", "1", "-y")

    # trigger-epoch: the owner only, commit-reveal off first; fires ten blocks later
    refused(keys["bob"], "sudo", "trigger-epoch", *bob, "--netuid", "1", "-y", says="commit-reveal on")
    run("sudo", "set", *bob, "--netuid", "1", "--param", "commit_reveal_weights_enabled", "--value", "false", "-y")
    refused(keys["alice"], "sudo", "trigger-epoch", *alice, "--netuid", "1", "-y", says="does not own subnet 1")
    done = run("sudo", "trigger-epoch", *bob, "--netuid", "1", "-y")
    assert done["success"] is True and done["fires_at"] == done["block_number"] + 10
    assert done["extrinsic_identifier"].startswith(f"{done['block_number']}-")
    assert f"fire at block {done['fires_at']}" in done["message"]
    assert rpc.call("taonet_subnetInfo", 1)["last_epoch_trigger"] == done["block_number"]
    # pending (or, once it fired, the owner's rate limit): refused either way
    again = refused(keys["bob"], "sudo", "trigger-epoch", *bob, "--netuid", "1", "-y", says="")
    assert "already scheduled" in again or "may trigger it again from block" in again

    # the same through the subtensor backend (ws://, the node's Substrate façade)
    ws = ("--network", node.url.replace("http://", "ws://"))
    assert run("subnets", "create", *bob, "-y")["netuid"] == 2
    run("subnets", "start", *bob, "--netuid", "2", "-y")
    json_of(btcli("sudo", "set", *bob, "--netuid", "2", "--param", "commit_reveal_weights_enabled", "--value", "false",
                  "-y", *ws, "--json-output"))
    done = json_of(btcli("sudo", "trigger-epoch", *bob, "--netuid", "2", "-y", *ws, "--json-output"))
    assert done["fires_at"] == done["block_number"] + 10
    assert rpc.call("taonet_subnetInfo", 2)["last_epoch_trigger"] == done["block_number"]

    # trim: the owner drops the lowest emitters (all 0 here: the highest uid first), never the immune
    assert run("subnets", "create", *bob, "-y")["netuid"] == 3
    run("subnets", "start", *bob, "--netuid", "3", "-y")
    run("sudo", "set", *alice, "--netuid", "3", "--param", "min_allowed_uids", "--value", "1", "-y")
    run("sudo", "set", *bob, "--netuid", "3", "--param", "immunity_period", "--value", "0", "-y")
    for hk in ("m1", "m2"):
        json_of(btcli("wallet", "new-hotkey", *alice, "-H", hk, "--json-output"))
        run("subnets", "register", *alice, "-H", hk, "--netuid", "3", "-y")
    refused(keys["bob"], "sudo", "trim", *bob, "--netuid", "3", "--max", "0", "-y", says="--max must be in [1, 256]")
    done = run("sudo", "trim", *bob, "--netuid", "3", "--max", "2", "-y")
    assert (done["success"], done["trimmed_uids"], done["neurons"], done["max_uids"]) == (True, [2], 2, 2)
    assert done["message"] == "Successfully trimmed UIDs on SN3 to 2"
    graph = rpc.call("taonet_metagraph", 3, False, False)
    assert graph["n"] == 2 and graph["hyperparameters"]["max_allowed_uids"] == 2
    refused(keys["bob"], "sudo", "trim", *bob, "--netuid", "3", "--max", "2", "-y", says="may trim it again from block")
    # the sudo key trims through sudo, over ws:// too; not when 80% of the kept uids would be immune (the owner's)
    refused(keys["alice"], "sudo", "trim", *alice, "--netuid", "3", "--max", "1", "-y", *ws, says="immune")

    # stake-burn (buyback): the owner buys alpha and burns it; preview, slippage and the once-per-tempo limit
    refused(keys["alice"], "sudo", "stake-burn", *alice, "--netuid", "1", "--amount", "5", "-y", says="does not own subnet 1")
    refused(keys["bob"], "sudo", "stake-burn", *bob, "--netuid", "1", "--amount", "50", "--tolerance", "0.001", "-y",
            says="slippage beyond the tolerance")
    done = run("sudo", "stake-burn", *bob, "--netuid", "1", "--amount", "5", "--tolerance", "0.2", "-y")
    assert done["success"] and done["message"] == "Subnet stake burn succeeded on SN1."
    assert done["alpha_burned"] > 0 and abs(done["alpha_burned"] - done["preview"]["received"]) < 0.01 * done["alpha_burned"]
    refused(keys["bob"], "sudo", "stake-burn", *bob, "--netuid", "1", "--amount", "5", "-y", says="once per tempo")
    done = run("sudo", "buyback", *bob, "--netuid", "2", "--amount", "5", "--no-safe-staking", "-y", "--network", ws[1])
    assert done["success"] and done["alpha_burned"] > 0 and done["preview"]["limit_rao"] is None
