"""Storage and events of a real `python -m node start --dev` over its WebSocket port, read by the real
clients of the Substrate protocol (async-substrate-interface's SubstrateInterface, and taonet's
client.subtensor.backend.SubtensorBackend) and compared with the node's own taonet JSON-RPC answers
for the same state."""
from __future__ import annotations

import pytest

from node.builder import address_of, dev_key

TAO = 10**9


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from tests.node.fixtures import NodeProcess

    proc = NodeProcess(tmp_path_factory.mktemp("substrate-node") / "node", block_time=0.1)
    taonet = proc.rpc()
    outcomes = {}

    def run(name: str, who: str, call: str, /, **args) -> None:
        outcomes[name] = taonet.submit_and_wait(taonet.sign(dev_key(who), call, args), raise_on_failure=False)

    try:
        run("network", "alice", "subtensor.register_network", hotkey=address_of("owner1"), subnet_name="apple",
            symbol="A")
        netuid = max(s["netuid"] for s in taonet.call("taonet_subnets")["subnets"])
        run("start", "alice", "subtensor.start_call", netuid=netuid)
        run("register", "bob", "subtensor.burned_register", netuid=netuid, hotkey=address_of("bobhot"))
        run("axon", "bob", "subtensor.serve_axon", netuid=netuid, hotkey=address_of("bobhot"), ip="10.1.2.3", port=8091)
        run("stake", "alice", "subtensor.add_stake", hotkey=address_of("bobhot"), netuid=netuid, amount_staked=10 * TAO)
        run("transfer", "alice", "balances.transfer_keep_alive", dest=address_of("newcomer"), value=5 * TAO)
        run("failed_stake", "alice", "subtensor.add_stake_limit", hotkey=address_of("bobhot"), netuid=netuid,
            amount_staked=10 * TAO, limit_price=1, allow_partial=False)
        assert [o["success"] for o in outcomes.values()] == [True] * 6 + [False], outcomes
        yield proc, taonet, outcomes, netuid
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def substrate(node):
    from async_substrate_interface.sync_substrate import SubstrateInterface

    s = SubstrateInterface(f"ws://127.0.0.1:{node[0].port}", ss58_format=42)
    yield s
    s.close()


@pytest.fixture(scope="module")
def subtensor(node):
    from client.subtensor.backend import SubtensorBackend

    backend = SubtensorBackend(f"ws://127.0.0.1:{node[0].port}")
    yield backend
    backend.close()


def test_accounts_agree_with_taonet(node, substrate, subtensor):
    _, taonet, _, _ = node
    for who in ("alice", "bob", "newcomer"):
        mine = taonet.call("taonet_accountInfo", address_of(who))
        assert subtensor.call("taonet_accountInfo", address_of(who)) == mine
        account = substrate.query("System", "Account", [address_of(who)]).value
        assert (account["data"]["free"], account["nonce"]) == (mine["free"], mine["nonce"])
    assert mine["free"] == 5 * TAO


def test_hotkeys_and_takes_agree_with_taonet(node, subtensor):
    _, taonet, _, netuid = node
    mine = taonet.call("taonet_hotkeyOwner", address_of("bobhot"))
    theirs = subtensor.call("taonet_hotkeyOwner", address_of("bobhot"))
    assert (theirs["coldkey"], theirs["netuids"]) == (mine["coldkey"], mine["netuids"]) == (address_of("bob"), [netuid])
    mine = taonet.call("taonet_delegateTake", address_of("bobhot"))
    theirs = subtensor.call("taonet_delegateTake", address_of("bobhot"))
    for field in ("take", "owner", "min_take", "max_take", "rate_limit"):
        assert theirs[field] == mine[field], field


def test_subnet_and_neuron_items_agree_with_taonet(node, substrate):
    _, taonet, _, netuid = node
    added = {int(getattr(k, "value", k)) for k, _ in substrate.query_map("SubtensorModule", "NetworksAdded")}
    assert added == {s["netuid"] for s in taonet.call("taonet_subnets")["subnets"]}
    neurons = taonet.call("taonet_neurons", netuid)["neurons"]
    keys = {int(getattr(k, "value", k)): getattr(v, "value", v)
            for k, v in substrate.query_map("SubtensorModule", "Keys", [netuid])}
    assert keys == {n["uid"]: n["hotkey"] for n in neurons}
    for n in neurons:
        assert substrate.query("SubtensorModule", "Uids", [netuid, n["hotkey"]]).value == n["uid"]
    axon = substrate.query("SubtensorModule", "Axons", [netuid, address_of("bobhot")]).value
    assert (axon["ip"], axon["port"]) == (0x0A010203, 8091)
    identity = substrate.query("SubtensorModule", "SubnetIdentitiesV3", [netuid]).value
    assert identity["subnet_name"] == "apple"
    assert substrate.query("SubtensorModule", "SubnetOwner", [netuid]).value == address_of("alice")
    info = taonet.call("taonet_subnetInfo", netuid)
    assert substrate.query("SubtensorModule", "Tempo", [netuid]).value == info["tempo"]
    assert substrate.query("SubtensorModule", "MaxAllowedUids", [netuid]).value == info["max_allowed_uids"]


def test_events_of_a_transfer_and_a_failed_stake(node, substrate):
    from client.subtensor import errors

    _, _, outcomes, _ = node
    transfer = substrate.get_events(outcomes["transfer"]["block_hash"])
    names = [(e["module_id"], e["event_id"]) for e in transfer if e["extrinsic_idx"] == outcomes["transfer"]["index"]]
    assert names == [("Balances", "Withdraw"), ("System", "NewAccount"), ("Balances", "Endowed"),
                     ("Balances", "Transfer"), ("TransactionPayment", "TransactionFeePaid"),
                     ("System", "ExtrinsicSuccess")]
    failed = substrate.get_events(outcomes["failed_stake"]["block_hash"])
    (event,) = [e for e in failed if e["event_id"] == "ExtrinsicFailed"]
    name, _ = errors.describe(substrate.runtime, event["attributes"]["dispatch_error"])
    assert name.endswith("SlippageTooHigh"), name
