"""A hosted validator on a commit-reveal subnet reveals when the chain says it may (taonet_weightCommits)
and never signs a reveal that is too early: while it waits, `validator list` says when it reveals."""
from __future__ import annotations

import pytest

from client import hosting
from tests.hosting import network
from tests.hosting.conftest import HostingNode, wait_for

WALLET = "cr"
pytestmark = pytest.mark.slow


def _set(rpc, netuid: int, parameter: str, value) -> None:
    inner = {"call": "admin_utils.set_hyperparameter", "args": {"netuid": netuid, "parameter": parameter, "value": value}}
    rpc.submit_and_wait(rpc.sign(network.ALICE, "sudo.sudo", {"call": inner}))


def test_a_commit_is_revealed_in_its_window_and_never_too_early(tmp_path, btcli):
    wallets = str(tmp_path / "wallets")
    keys = network.write_hotkeys(wallets, WALLET, ["owner", "m", "v"])
    node = HostingNode(tmp_path / "node", block_time=0.1)
    rpc = node.rpc()
    try:
        netuid = network.create_subnet(rpc, keys["owner"].ss58_address)
        for parameter, value in (("tempo", 40), ("weights_rate_limit", 0), ("commit_reveal_weights_enabled", True)):
            _set(rpc, netuid, parameter, value)
        network.register(rpc, netuid, keys["m"], fund_tao=0)
        network.register(rpc, netuid, keys["v"])
        network.stake(rpc, netuid, keys["v"].ss58_address, 100)
        token = hosting.admin_token(node.data_dir)
        hosting.start(rpc, token, hosting.process_spec("miner", netuid, WALLET, "m", wallets, name="m"))
        hosting.start(rpc, token, hosting.process_spec("validator", netuid, WALLET, "v", wallets, name="v",
                                                       options={"round_interval": "0.5"}))
        notes: list[str] = []

        def note() -> str:
            report = next(p for p in hosting.processes(rpc, token)["processes"] if p["name"] == "v")["report"] or {}
            notes.append(report.get("weights_note") or "")
            return notes[-1]

        waiting = wait_for(lambda: "to be revealed in epoch" in (n := note()) and n, timeout=60, interval=0.2,
                           what="a commit waiting for its reveal window")
        assert "about blocks" in waiting and "now block" in waiting, waiting
        listed = btcli("validator", "list", "--data-dir", str(node.data_dir))
        assert "to be revealed in epoch" in " ".join(listed.stdout.split()), listed.stdout
        wait_for(lambda: any("weights revealed" in line for line in hosting.logs(rpc, token, "v", 400)["lines"])
                 and note() is not None, timeout=60, interval=0.2, what="the reveal in its window")
        assert not any("refused" in n or "not accepted" in n for n in notes), [n for n in notes if n][:5]
    finally:
        rpc.close()
        node.stop()
