"""System.Events of the Substrate façade (node/substrate/events.py) from a real taonet chain's
blocks: real variants in the runtime's order, fields in the metadata's order, DispatchError::Module
by the metadata's error list; decoded from the `System.Events` storage bytes with the metadata, and
read back by taonet's subtensor client (client.subtensor.events.normalize) to the chain's own values."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from client.subtensor import events as client_events
from node.builder import ChainBuilder, address_of
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, ChainSpec
from node.substrate import events, storage_rpc
from node.substrate.codec import codec

TAO = 10**9


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    spec = ChainSpec("taonet-events-test", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0,
                     {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO})
    b = ChainBuilder(tmp_path_factory.mktemp("events") / "chain", spec)
    blocks = {}

    def run(name: str, who: str, call: str, /, tip: int = 0, **args) -> None:
        b.submit(who, call, args, tip=tip)
        b.block()
        blocks[name] = b.last

    run("network", "alice", "subtensor.register_network", hotkey=address_of("owner1"), subnet_name="apple", symbol="A")
    run("start", "alice", "subtensor.start_call", netuid=1)
    run("sudo_ok", "alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                                               "args": {"netuid": 1, "parameter": "weights_rate_limit", "value": 0}})
    run("register", "bob", "subtensor.burned_register", netuid=1, hotkey=address_of("bobhot"))
    run("stake", "alice", "subtensor.add_stake", hotkey=address_of("bobhot"), netuid=1, amount_staked=10 * TAO)
    run("failed_stake", "alice", "subtensor.add_stake_limit", hotkey=address_of("bobhot"), netuid=1,
        amount_staked=10 * TAO, limit_price=1, allow_partial=False)
    run("transfer", "alice", "balances.transfer_keep_alive", dest=address_of("newcomer"), value=5 * TAO)
    run("tipped", "bob", "balances.transfer_keep_alive", dest=address_of("alice"), value=TAO, tip=1000)
    run("commit", "owner1", "subtensor.commit_weights", netuid=1, commit_hash="0x" + "cd" * 32)
    run("sudo_fails", "alice", "sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                                                  "args": {"netuid": 9, "parameter": "tempo", "value": 400}})
    yield b.chain, blocks
    b.close()


def _decoded(chain, number: int) -> list:
    """System.Events of block `number` read through state_getStorage at its hash, decoded."""
    c = codec()
    at = chain.reader.block_row(number=number)[1]
    raw = storage_rpc.get_storage(SimpleNamespace(chain=chain), ["0x" + c.storage_prefix("System", "Events").hex(), at])
    return c.decode_events(bytes.fromhex(raw[2:]))


def _names(records) -> list[str]:
    return [r.name for r in records]


def test_transfer_block(built):
    chain, blocks = built
    outcome = blocks["transfer"]
    records = _decoded(chain, outcome.header.number)
    assert _names(records) == ["Balances.Withdraw", "System.NewAccount", "Balances.Endowed", "Balances.Transfer",
                               "TransactionPayment.TransactionFeePaid", "System.ExtrinsicSuccess"]
    assert {r.phase for r in records} == {0}
    fee = next(d for _, n, d in outcome.events if n == "transaction_payment.TransactionFeePaid")["actual_fee"]
    assert records[0].fields == {"who": address_of("alice"), "amount": fee}
    assert records[3].fields == {"from": address_of("alice"), "to": address_of("newcomer"), "amount": 5 * TAO}
    assert records[4].fields == {"who": address_of("alice"), "actual_fee": fee, "tip": 0}


def test_tip_and_a_free_call(built):
    chain, blocks = built
    tipped = _decoded(chain, blocks["tipped"].header.number)
    fee = next(d for _, n, d in blocks["tipped"].events if n == "transaction_payment.TransactionFeePaid")["actual_fee"]
    assert [r.fields for r in tipped if r.name == "TransactionPayment.TransactionFeePaid"] == [
        {"who": address_of("bob"), "actual_fee": fee, "tip": 1000}]
    commit = _decoded(chain, blocks["commit"].header.number)
    assert _names(commit) == ["SubtensorModule.WeightsCommitted", "TransactionPayment.TransactionFeePaid",
                              "System.ExtrinsicSuccess"]
    assert commit[0].fields == [address_of("owner1"), 1, "0x" + "cd" * 32]
    assert commit[1].fields["actual_fee"] == 0 and commit[2].fields["dispatch_info"]["pays_fee"] == "No"


def test_failed_stake_is_a_module_error_of_the_metadata(built):
    chain, blocks = built
    outcome = blocks["failed_stake"]
    assert outcome.results[-1].error == "subtensor.SlippageTooHigh"
    records = _decoded(chain, outcome.header.number)
    assert _names(records) == ["Balances.Withdraw", "TransactionPayment.TransactionFeePaid", "System.ExtrinsicFailed"]
    error = records[-1].fields["dispatch_error"]
    index, number = codec().module_error("SubtensorModule", "SlippageTooHigh")
    assert error["Module"]["index"] == index == 7
    assert bytes.fromhex(error["Module"]["error"][2:])[0] == number


def test_stake_added_reads_back_as_the_chain_emitted_it(built):
    chain, blocks = built
    outcome = blocks["stake"]
    emitted = next(d for _, n, d in outcome.events if n == "subtensor.StakeAdded")
    records = _decoded(chain, outcome.header.number)
    assert _names(records)[1] == "SubtensorModule.StakeAdded"
    shaped = [{"name": r.name, "data": {"value": r.fields} if isinstance(r.fields, list) else r.fields} for r in records]
    (read,) = [e for e in client_events.normalize(shaped, lambda err: ("?", "")) if e["name"] == "subtensor.StakeAdded"]
    assert read["data"] == {k: emitted[k] for k in client_events.FIELDS["subtensor.StakeAdded"]}


def test_pallet_events_in_the_metadata_order(built):
    chain, blocks = built
    network = _decoded(chain, blocks["network"].header.number)
    assert [r.fields for r in network if r.name == "SubtensorModule.NetworkAdded"] == [[1, 0]]
    register = _decoded(chain, blocks["register"].header.number)
    assert [r.fields for r in register if r.name == "SubtensorModule.NeuronRegistered"] == [[1, 1, address_of("bobhot")]]
    start = _decoded(chain, blocks["start"].header.number)
    (first,) = [r.fields for r in start if r.name == "SubtensorModule.FirstEmissionBlockNumberSet"]
    assert first == [1, blocks["start"].header.number]


def test_sudo_result_carries_the_inner_error(built):
    chain, blocks = built
    records = _decoded(chain, blocks["sudo_fails"].header.number)
    (sudid,) = [r for r in records if r.name == "Sudo.Sudid"]
    index, number = codec().module_error("SubtensorModule", "SubnetNotExists")
    err = sudid.fields["sudo_result"]["Err"]
    assert err["Module"]["index"] == index and bytes.fromhex(err["Module"]["error"][2:])[0] == number
    assert records[-1].name == "System.ExtrinsicSuccess"  # sudo itself succeeded
    ok = _decoded(chain, blocks["sudo_ok"].header.number)
    assert [r.fields for r in ok if r.name == "Sudo.Sudid"] == [{"sudo_result": {"Ok": ()}}]


def test_dispatch_error_by_name():
    index, number = codec().module_error("SubtensorModule", "NotEnoughBalanceToStake")
    assert events.dispatch_error("subtensor.NotEnoughBalanceToStake") == {
        "Module": {"index": index, "error": "0x" + bytes([number, 0, 0, 0]).hex()}}
    assert events.dispatch_error("system.BadOrigin") == "BadOrigin"
    assert events.dispatch_error("subtensor.NoSuchErrorAnywhere") == "Other"
    assert events.dispatch_error("system.InternalError") == "Other"
    assert events.dispatch_error("") == "Other"


def test_phases_of_the_blocks_own_events():
    alice, bob = address_of("alice"), address_of("bob")
    taonet = [(None, "balances.DustLost", {"account": bob, "amount": 3}),
              (0, "transaction_payment.TransactionFeePaid", {"who": alice, "actual_fee": 10}),
              (0, "system.ExtrinsicSuccess", {}),
              (1, "transaction_payment.TransactionFeePaid", {"who": bob, "actual_fee": 10}),
              (1, "system.ExtrinsicFailed", {"error": "subtensor.SubnetNotExists", "message": "…"}),
              (None, "subtensor.EpochRun", {"netuid": 1}),  # no counterpart in the runtime: left out
              (None, "balances.DustLost", {"account": alice, "amount": 4})]
    records = events.convert(taonet)
    assert [(r.phase, r.name) for r in records] == [
        ("Initialization", "Balances.DustLost"),
        (0, "Balances.Withdraw"), (0, "TransactionPayment.TransactionFeePaid"), (0, "System.ExtrinsicSuccess"),
        (1, "Balances.Withdraw"), (1, "TransactionPayment.TransactionFeePaid"), (1, "System.ExtrinsicFailed"),
        ("Finalization", "Balances.DustLost")]
    assert codec().decode_events(codec().encode_events(records)) == records


def test_every_mapped_event_of_a_busy_chain_encodes(tmp_path):
    """Each taonet call's events, through state_getStorage, decode with the metadata to the variants."""
    spec = ChainSpec("taonet-events-busy", {a: DEV_BALANCE for a in DEV_ACCOUNTS.values()}, DEV_ACCOUNTS["alice"], 0,
                     {"network_rate_limit": 0, "network_min_lock_cost": 100 * TAO, "delegate_take_rate_limit": 0})
    b = ChainBuilder(tmp_path / "chain", spec)
    try:
        def run(who: str, call: str, /, **args) -> None:
            b.submit(who, call, args)
            b.block()
            assert b.last.results[-1].success, (call, b.last.results[-1].error, b.last.results[-1].message)

        owner1, bobhot = address_of("owner1"), address_of("bobhot")
        for netuid, hotkey in ((1, owner1), (2, address_of("owner2"))):
            run("alice", "subtensor.register_network", hotkey=hotkey)
            run("alice", "subtensor.start_call", netuid=netuid)
        run("bob", "subtensor.burned_register", netuid=1, hotkey=bobhot)
        run("bob", "subtensor.burned_register", netuid=2, hotkey=bobhot)
        run("bob", "subtensor.serve_axon", netuid=1, hotkey=bobhot, ip="10.0.0.1", port=1)
        run("alice", "subtensor.add_stake", hotkey=bobhot, netuid=1, amount_staked=20 * TAO)
        run("alice", "subtensor.remove_stake", hotkey=bobhot, netuid=1, amount_unstaked=TAO)
        run("alice", "subtensor.move_stake", origin_hotkey=bobhot, destination_hotkey=owner1, origin_netuid=1,
            destination_netuid=1, alpha_amount=TAO)
        run("alice", "subtensor.swap_stake", hotkey=bobhot, origin_netuid=1, destination_netuid=2, alpha_amount=TAO)
        run("alice", "subtensor.transfer_stake", destination_coldkey=address_of("charlie"), hotkey=bobhot,
            origin_netuid=1, destination_netuid=1, alpha_amount=TAO)
        run("bob", "subtensor.decrease_take", hotkey=bobhot, take=100)
        run("bob", "subtensor.increase_take", hotkey=bobhot, take=200)
        run("alice", "sudo.sudo", call={"call": "balances.force_set_balance",
                                        "args": {"who": address_of("dave"), "new_free": 10**6}})
        run("dave", "balances.transfer_all", dest=address_of("eve"), keep_alive=False)
        run("alice", "sudo.set_key", new=address_of("bob"))
        seen = set()
        for number in range(1, b.chain.reader.head_row()[0] + 1):
            records = _decoded(b.chain, number)
            assert records == events.records(b.chain, number)
            seen |= {r.name for r in records}
        assert {"SubtensorModule.StakeRemoved", "SubtensorModule.StakeMoved", "SubtensorModule.StakeSwapped",
                "SubtensorModule.StakeTransferred", "SubtensorModule.TakeDecreased", "SubtensorModule.TakeIncreased",
                "SubtensorModule.AxonServed", "Balances.BalanceSet", "System.KilledAccount",
                "Sudo.KeyChanged", "Sudo.Sudid"} <= seen, seen
    finally:
        b.close()
