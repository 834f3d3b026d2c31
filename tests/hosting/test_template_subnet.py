"""The template subnet hosted by a dev node, at the process level: a validator's rounds reach the
good miner, score a `bad=true` miner lower, survive a hostile axon, and go on when a miner stops."""
from __future__ import annotations

import importlib.util

import pytest

from client import hosting
from tests.hosting import network
from tests.hosting.conftest import HostingNode, pid_running, wait_for

WALLET = "tw"


@pytest.fixture(scope="module")
def subnet(tmp_path_factory):
    root = tmp_path_factory.mktemp("template")
    wallets = str(root / "wallets")
    keys = network.write_hotkeys(wallets, WALLET, ["owner", "good", "bad", "val", "hostile"])
    node = HostingNode(root / "node", block_time=0.1)
    hostile = network.HostileAxon()
    rpc = node.rpc()
    try:
        netuid = network.create_subnet(rpc, keys["owner"].ss58_address)
        uids = {name: network.register(rpc, netuid, keys[name]) for name in ("good", "bad", "val", "hostile")}
        network.stake(rpc, netuid, keys["val"].ss58_address, 100)
        network.serve_axon(rpc, netuid, keys["hostile"].ss58_address, hostile.port)
        token = hosting.admin_token(node.data_dir)
        spec = lambda role, hk, **opts: hosting.process_spec(role, netuid, WALLET, hk, wallets, name=f"{role}-{hk}",
                                                             options={k: str(v) for k, v in opts.items()})
        hosting.start(rpc, token, spec("miner", "good"))
        hosting.start(rpc, token, spec("miner", "bad", bad="true"))
        hosting.start(rpc, token, spec("validator", "val", round_interval=0.3, timeout=1.0, alpha=0.5))
        yield {"node": node, "rpc": rpc, "token": token, "netuid": netuid, "uids": uids, "hostile": hostile}
    finally:
        rpc.close()
        node.stop()
        hostile.close()


def status(net: dict, name: str) -> dict:
    return next(p for p in hosting.processes(net["rpc"], net["token"])["processes"] if p["name"] == name)


def report(net: dict, name: str = "validator-val") -> dict:
    return status(net, name)["report"] or {}


def test_rounds_reach_the_miners_and_score_the_bad_one_lower(subnet):
    uids = subnet["uids"]

    def scored() -> dict | None:
        r = report(subnet)
        last = r.get("last_round") or {}
        return r if last.get("queried") == 3 and last.get("answered") == 2 and r.get("rounds", 0) >= 3 else None

    r = wait_for(scored, timeout=90, interval=0.2, what="validator rounds against both miners")
    scores = r["scores"]
    assert scores[str(uids["good"])] >= 0.5 > scores[str(uids["bad"])]
    assert scores[str(uids["bad"])] == 0.0 and scores[str(uids["hostile"])] == 0.0
    assert r["last_round"]["mean_latency_s"] < 1.0
    for name in ("miner-good", "miner-bad"):
        miner = wait_for(lambda: (m := status(subnet, name))["report"].get("served", 0) >= 1 and m, timeout=30,
                         what=f"{name} to report a served request")
        assert miner["state"] == "running" and miner["report"]["published"]


def test_a_hostile_axon_never_stalls_the_validator(subnet):
    before = report(subnet)["rounds"]
    r = wait_for(lambda: (x := report(subnet))["rounds"] >= before + 3 and x, timeout=30, interval=0.2,
                 what="more rounds")
    assert subnet["hostile"].connections >= 3
    val = status(subnet, "validator-val")
    assert val["state"] == "running" and val["restarts"] == 0
    assert r["last_round"]["queried"] == 3


def test_a_stranger_is_refused_and_the_miner_keeps_serving(subnet):
    import asyncio

    from subnets.protocol.dendrite import AxonTarget, Dendrite
    from subnets.template import Dummy
    from wallet.keypair import Keypair

    miner = status(subnet, "miner-good")
    target = AxonTarget("127.0.0.1", miner["report"]["axon_port"], miner["report"]["hotkey"])

    async def ask():
        async with Dendrite(Keypair.from_uri("//Eve")) as d:  # signed, but not registered on the subnet
            return await d.query([target] * 5, Dummy(dummy_input=4), timeout=5)

    results = asyncio.run(ask())
    assert {r.status_code for r in results} == {403} and all(r.verified for r in results)
    before = report(subnet)["rounds"]
    r = wait_for(lambda: (x := report(subnet))["rounds"] >= before + 2 and x, timeout=30, interval=0.2, what="rounds")
    assert r["last_round"]["answered"] == 2 and status(subnet, "miner-good")["restarts"] == 0


def test_weights_are_set_when_the_chain_has_them(subnet):
    if importlib.util.find_spec("client.weights") is None:
        pytest.skip("client.weights (issue 5) is not in this tree yet: weight setting is not verified; "
                    "the validator keeps scoring without it")
    r = wait_for(lambda: (x := report(subnet)).get("last_weights_block") and x, timeout=60, interval=0.2,
                 what="weights on chain")
    assert r["last_weights_block"] > 0


def test_the_validator_goes_on_when_a_miner_stops(subnet):
    val_pid = status(subnet, "validator-val")["pid"]
    miner_pid = status(subnet, "miner-good")["pid"]
    hosting.stop(subnet["rpc"], subnet["token"], "miner-good")
    assert not pid_running(miner_pid)
    before = report(subnet)["rounds"]
    r = wait_for(lambda: (x := report(subnet))["rounds"] >= before + 3 and x["last_round"]["answered"] == 1 and x,
                 timeout=30, interval=0.2, what="rounds without the good miner")
    assert r["last_round"]["queried"] == 3
    val = status(subnet, "validator-val")
    assert val["pid"] == val_pid and val["state"] == "running" and val["restarts"] == 0
