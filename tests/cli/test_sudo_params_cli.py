"""btcli sudo set / get with the real btcli's hyperparameter names taonet added (issue 17 item 4),
against a dev node through real btcli subprocesses, on both backends (http and ws://)."""
from __future__ import annotations

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401


def test_sudo_set_the_real_btcli_names(btcli, node_process, tmp_path):  # noqa: F811
    from client.taonet import TaonetBackend

    node = node_process(tmp_path / "chain", block_time=0.1)
    rpc = TaonetBackend(node.url)
    http = ("--network", node.url)
    ws = ("--network", node.url.replace("http://", "ws://"))
    wallets = ("-p", str(tmp_path / "wallets"))
    bob = wallets + ("--name", "bob")

    def run(*args, code: int = 0, net=http):
        return json_of(btcli(*args, *net, "--json-output"), code)

    def rows(net=http) -> dict:
        return {r["name"]: r["value"] for r in run("sudo", "get", "--netuid", "1", net=net)["hyperparameters"]}

    for name, uri in (("alice", "//Alice"), ("bob", "//Bob")):
        json_of(btcli("wallet", "create", *wallets, "--name", name, "--uri", uri, "--no-use-password", "--json-output"))
    assert run("subnets", "create", *bob, "-y")["netuid"] == 1
    before = rows()
    assert before["yuma_version"] == 3 and before["owner_cut_enabled"] is True and before["recycle_or_burn"] == "Recycle"
    assert before["min_childkey_take"] == 0

    refusal = run("sudo", "set", *bob, "--netuid", "1", "--param", "yuma_version", "--value", "2", "-y", code=1)
    assert "set yuma3_enabled" in refusal["error"]
    refusal = run("sudo", "set", *bob, "--netuid", "1", "--param", "alpha_values", "--value", "0.5,0.9", "-y", code=1)
    assert "liquid_alpha_enabled on first" in refusal["error"]
    run("sudo", "set", *bob, "--netuid", "1", "--param", "liquid_alpha_enabled", "--value", "true", "-y")
    done = run("sudo", "set", *bob, "--netuid", "1", "--param", "alpha_values", "--value", "0.5,0.9", "-y")
    assert done["value"] == [32767, 58981] and done["extrinsic_identifier"]
    # the subtensor backend (the node's façade) sets and reads them too
    run("sudo", "set", *bob, "--netuid", "1", "--param", "recycle_or_burn", "--value", "Burn", "-y", net=ws)
    run("sudo", "set", *bob, "--netuid", "1", "--param", "owner_cut_enabled", "--value", "false", "-y", net=ws)
    run("sudo", "set", *bob, "--netuid", "1", "--param", "min_childkey_take", "--value", "1000", "-y", net=ws)
    after = rows()
    assert (after["recycle_or_burn"], after["owner_cut_enabled"], after["min_childkey_take"]) == ("Burn", False, 1000)
    assert (after["alpha_low"], after["alpha_high"]) == (32767, 58981)
    over_ws = rows(ws)
    assert over_ws["owner_cut_enabled"] is False and over_ws["min_childkey_take"] == 1000 and over_ws["yuma_version"] == 3
    assert over_ws["recycle_or_burn"] == "Burn"  # RecycleOrBurn storage (no runtime API lists it)
    hotkey = json_of(btcli("wallet", "new-hotkey", *bob, "-H", "other", "--json-output"))
    ss58 = next(k["ss58_address"] for k in hotkey["keys"]) if "keys" in hotkey else hotkey["ss58_address"]
    done = run("sudo", "set", *bob, "--netuid", "1", "--param", "subnet_owner_hotkey", "--value", ss58, "-y", net=ws)
    assert done["value"] == ss58 == rpc.call("taonet_subnetInfo", 1)["owner_hotkey"]
    again = run("sudo", "set", *bob, "--netuid", "1", "--param", "sn_owner_hotkey", "--value", ss58, "-y", code=1)
    assert "owner hotkey already" in again["error"]

    # --normalize: the value as `sudo get`'s NORMALIZED column shows it
    alice = wallets + ("--name", "alice")
    done = run("sudo", "set", *alice, "--netuid", "1", "--param", "kappa", "--value", "0.5", "--normalize", "-y")
    assert done["value"] == 32767  # int(0.5 · 65535), as the real btcli's float_to_u16
    got = {r["name"]: r for r in run("sudo", "get", "--netuid", "1")["hyperparameters"]}
    assert abs(got["kappa"]["normalized_value"] - 0.5) < 1e-4 and got["tempo"]["normalized_value"] == got["tempo"]["raw"]
    done = run("sudo", "set", *bob, "--netuid", "1", "--param", "min_burn", "--value", "0.001", "--normalize", "-y",
               net=ws)
    assert done["value"] == 1_000_000  # TAO to rao
    refusal = run("sudo", "set", *alice, "--netuid", "1", "--param", "kappa", "--value", "2", "--normalize", "-y", code=1)
    assert "fraction in [0, 1]" in refusal["error"]
