"""A hosted miner publishes the axon it really serves: serve_axon is free (Pays::No, as on
subtensor), so a new hotkey holding τ0 publishes it at once and still holds τ0; after a restart the
miner serves the same port and the chain's axon stays right; a new port within the serving rate
limit is published when the limit ends, never signed before."""
from __future__ import annotations

import json
import os
import signal
import socket

import pytest

from client import hosting, subnets
from tests.hosting import network
from tests.hosting.conftest import HostingNode, wait_for

WALLET = "pw"
pytestmark = pytest.mark.slow


def _chain_axon(rpc, netuid: int, hotkey: str) -> dict | None:
    return next((n["axon"] for n in subnets.neurons(rpc, netuid)["neurons"] if n["hotkey"] == hotkey), None)


def test_an_unfunded_hotkey_publishes_and_keeps_its_axon_across_a_restart(tmp_path, btcli):
    wallets = str(tmp_path / "wallets")
    keys = network.write_hotkeys(wallets, WALLET, ["owner", "m"])
    node = HostingNode(tmp_path / "node", block_time=0.1)
    rpc = node.rpc()
    try:
        netuid = network.create_subnet(rpc, keys["owner"].ss58_address)
        network.register(rpc, netuid, keys["m"], fund_tao=0)  # a new hotkey: τ0
        hotkey = keys["m"].ss58_address
        token = hosting.admin_token(node.data_dir)
        spec = hosting.process_spec("miner", netuid, WALLET, "m", wallets, name="m")
        hosting.start(rpc, token, spec)

        def report() -> dict:
            return next(p for p in hosting.processes(rpc, token)["processes"] if p["name"] == "m")["report"] or {}

        first = wait_for(lambda: (r := report()).get("published") and r, timeout=60, what="the axon published")
        port = first["axon_port"]
        assert first["published"] == ["127.0.0.1", port] and first["publish_error"] is None
        assert _chain_axon(rpc, netuid, hotkey)["port"] == port
        account = rpc.account(hotkey)
        assert (account.free.rao, rpc.next_nonce(hotkey)) == (0, 1), "free: the hotkey signed once and paid nothing"
        listed = btcli("miner", "list", "--data-dir", str(node.data_dir))
        assert listed.returncode == 0 and "cannot pay" not in listed.stdout, listed.stdout

        os.kill(first["pid"], signal.SIGKILL)  # a crash: the supervisor restarts it
        again = wait_for(lambda: (r := report()).get("pid") not in (None, first["pid"]) and r.get("published") and r,
                         timeout=60, what="the restarted miner")
        assert again["axon_port"] == port, "a restarted miner keeps its port, so the published axon stays valid"
        assert _chain_axon(rpc, netuid, hotkey)["port"] == again["axon_port"]
        state = json.loads((node.data_dir / "processes" / "m" / "status.json").read_text())
        assert state["axon_port"] == port

        # Restarted while its port is taken and within the serving rate limit: the miner serves another
        # port, signs nothing the chain would refuse, says why and when, and publishes as soon as it may.
        _set(rpc, netuid, "serving_rate_limit", 100_000)
        hosting.stop(rpc, token, "m")
        nonce = rpc.next_nonce(hotkey)
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", port))
            taken.listen()
            hosting.start(rpc, token, spec)
            waiting = wait_for(lambda: (r := report()).get("publish_error") and not r.get("stopped") and r, timeout=60,
                               what="the refusal foreseen")
            moved = waiting["axon_port"]
            assert moved != port and "can change again from block" in waiting["publish_error"], waiting
            assert f"publishes 127.0.0.1:{moved} then" in waiting["publish_error"], waiting
            assert "refused" not in waiting["publish_error"], "foreseen, never signed and refused by the node"
            listed = btcli("miner", "list", "--data-dir", str(node.data_dir))
            assert f"publishes 127.0.0.1:{moved} then" in " ".join(listed.stdout.split()), listed.stdout
            _set(rpc, netuid, "serving_rate_limit", 0)
            wait_for(lambda: report().get("published") == ["127.0.0.1", moved], timeout=15,
                     what="the new port published within seconds of the limit's end")
        assert _chain_axon(rpc, netuid, hotkey)["port"] == moved and rpc.next_nonce(hotkey) == nonce + 1
    finally:
        rpc.close()
        node.stop()


def _set(rpc, netuid: int, parameter: str, value: int) -> None:
    inner = {"call": "admin_utils.set_hyperparameter", "args": {"netuid": netuid, "parameter": parameter, "value": value}}
    rpc.submit_and_wait(rpc.sign(network.ALICE, "sudo.sudo", {"call": inner}))


def test_a_validator_says_why_it_queries_nobody(tmp_path):
    wallets = str(tmp_path / "wallets")
    keys = network.write_hotkeys(wallets, WALLET, ["owner", "v"])
    node = HostingNode(tmp_path / "node", block_time=0.1)
    rpc = node.rpc()
    try:
        netuid = network.create_subnet(rpc, keys["owner"].ss58_address)
        network.register(rpc, netuid, keys["v"])
        token = hosting.admin_token(node.data_dir)
        hosting.start(rpc, token, hosting.process_spec("validator", netuid, WALLET, "v", wallets, name="v",
                                                       options={"round_interval": "0.3"}))
        last = wait_for(lambda: (next(p for p in hosting.processes(rpc, token)["processes"])["report"] or {})
                        .get("last_round"), timeout=60, what="a round")
        assert last["queried"] == 0 and "published an axon" in last["note"] and "btcli miner list" in last["note"]
        lines = hosting.logs(rpc, token, "v", 200)["lines"]
        assert any("published an axon" in line for line in lines), lines
    finally:
        rpc.close()
        node.stop()



def test_before_the_first_epoch_any_registered_hotkey_may_call_a_miner():
    """A new subnet reports every permit false until its first epoch: miners must not refuse every
    validator for a whole tempo (the walkthrough's validator answered 0/1 for 3 minutes)."""
    from subnets.base.metagraph import Metagraph

    mg = Metagraph(1, 10)
    mg.hotkeys = ["a", "b"]
    assert mg.validators() is None  # no permits reported
    mg.validator_permit = [False, False]
    assert mg.validators() is None  # no epoch yet
    mg.validator_permit = [False, True]
    assert mg.validators() == {"b"}
