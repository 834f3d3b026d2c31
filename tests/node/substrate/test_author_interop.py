"""The real client library signs and submits: async-substrate-interface's SubstrateInterface
(`create_signed_extrinsic`, `submit_extrinsic` waiting for inclusion and finalization, its receipt
reading System.Events at the block) against a taonet node serving the Substrate façade on its RPC
port (ws://127.0.0.1:PORT, a real uvicorn server in this process, producing blocks)."""
from __future__ import annotations

import pytest

from node.builder import address_of, dev_key
from tests.economics.conftest import economy_spec

TAO = 10**9


class Signer:
    """taonet's dev keypair with the library's Keypair surface (it signs what the library hands it)."""

    def __init__(self, name: str) -> None:
        from client.subtensor.signing import SubstrateKeypair

        self._pair = SubstrateKeypair(dev_key(name))
        self.ss58_address, self.public_key, self.crypto_type = (self._pair.ss58_address, self._pair.public_key,
                                                                self._pair.crypto_type)
        self.ss58_format = 42

    def sign(self, data):
        if not isinstance(data, (bytes, str)):
            data = bytes(data) if isinstance(data, bytearray) else bytes(data.data)
        return self._pair.sign(data)


@pytest.fixture
def node(tmp_path):
    from node.service import BackgroundNode

    served = BackgroundNode(tmp_path / "node", economy_spec(), block_time=0.1)
    yield served
    served.stop()


@pytest.fixture
def substrate(node):
    from async_substrate_interface.sync_substrate import SubstrateInterface

    client = SubstrateInterface(node.url.replace("http://", "ws://"), ss58_format=42)
    yield client
    client.close()


def submit(substrate, who, pallet, function, params, **kwargs):
    call = substrate.compose_call(pallet, function, params)
    extrinsic = substrate.create_signed_extrinsic(call=call, keypair=Signer(who), era={"period": 16}, **kwargs)
    receipt = substrate.submit_extrinsic(extrinsic, wait_for_inclusion=True, wait_for_finalization=True)
    receipt.raw = extrinsic.data.to_hex()
    return receipt


def test_the_library_transfers_and_reads_its_receipt(node, substrate):
    before = node.chain.reader.account(address_of("bob"))[0]
    receipt = submit(substrate, "alice", "Balances", "transfer_keep_alive", {"dest": address_of("bob"), "value": 2 * TAO})
    assert receipt.is_success, receipt.error_message
    assert node.chain.reader.account(address_of("bob"))[0] == before + 2 * TAO
    location = node.chain.reader.extrinsic_location(receipt.extrinsic_hash)
    assert location["block_hash"] == receipt.block_hash
    names = [(e["module_id"], e["event_id"]) for e in receipt.triggered_events]
    assert ("Balances", "Transfer") in names and names[-1] == ("System", "ExtrinsicSuccess")
    info = substrate.rpc_request("payment_queryInfo", [receipt.raw])["result"]
    assert receipt.total_fee_amount == int(info["partialFee"])


def test_a_safe_stake_below_the_price_fails_as_slippage_too_high(node, substrate):
    """The subnet is created and started with the library too; the failed stake's receipt carries
    the runtime's Module error, as on subtensor."""
    receipt = submit(substrate, "alice", "SubtensorModule", "register_network", {"hotkey": address_of("owner1")})
    assert receipt.is_success, receipt.error_message
    netuid = next(e["attributes"][0] for e in receipt.triggered_events if e["event_id"] == "NetworkAdded")
    assert submit(substrate, "alice", "SubtensorModule", "start_call", {"netuid": netuid}).is_success
    stake = {"hotkey": address_of("owner1"), "netuid": netuid, "amount_staked": 5 * TAO, "limit_price": 1,
             "allow_partial": False}
    receipt = submit(substrate, "bob", "SubtensorModule", "add_stake_limit", stake)
    assert not receipt.is_success
    assert receipt.error_message["name"] == "SlippageTooHigh"
    ok = submit(substrate, "bob", "SubtensorModule", "add_stake_limit", {**stake, "limit_price": 10 * TAO})
    assert ok.is_success, ok.error_message


def test_refusals_reach_the_library_as_pool_errors(node, substrate):
    from async_substrate_interface.errors import SubstrateRequestException

    with pytest.raises(SubstrateRequestException) as info:
        submit(substrate, "alice", "SubtensorModule", "recycle_alpha", {"hotkey": address_of("bob"), "amount": 1, "netuid": 1})
    assert "SubtensorModule.recycle_alpha is not supported by taonet" in str(info.value)
    assert submit(substrate, "alice", "Balances", "transfer_keep_alive", {"dest": address_of("bob"), "value": 1}).is_success
    with pytest.raises(SubstrateRequestException) as info:
        submit(substrate, "alice", "Balances", "transfer_keep_alive", {"dest": address_of("bob"), "value": 1}, nonce=0)
    assert "Transaction is outdated" in str(info.value)


def test_a_receipt_in_a_block_that_also_holds_json_extrinsics(tmp_path):
    """The library finds its extrinsic at its place in chain_getBlock (a taonet JSON extrinsic before
    it reads as a bare System.remark) and reads its own events, not the JSON one's."""
    from async_substrate_interface.sync_substrate import SubstrateInterface

    from node.extrinsic import parse, sign
    from node.service import BackgroundNode

    node = BackgroundNode(tmp_path / "node", economy_spec(), block_time=None)
    try:
        node.produce_block()
        substrate = SubstrateInterface(node.url.replace("http://", "ws://"), ss58_format=42)
        chain = node.chain
        chain.submit(parse(sign(dev_key("charlie"), "balances.transfer_keep_alive",
                                {"dest": address_of("dave"), "value": 3 * TAO}, 0, chain.genesis_hash)))
        call = substrate.compose_call("Balances", "transfer_keep_alive", {"dest": address_of("bob"), "value": TAO})
        receipt = substrate.submit_extrinsic(substrate.create_signed_extrinsic(call=call, keypair=Signer("alice")))
        receipt.block_hash = node.produce_block().header.hash
        listed = substrate.get_block(receipt.block_hash)["extrinsics"]
        assert [e.value["call"]["call_function"] for e in listed] == ["remark", "transfer_keep_alive"]
        assert receipt.is_success and receipt.extrinsic_idx == 1
        transfer = next(e for e in receipt.triggered_events if e["event_id"] == "Transfer")
        assert transfer["attributes"]["to"] == address_of("bob") and transfer["attributes"]["amount"] == TAO
        substrate.close()
    finally:
        node.stop()


def test_taonet_s_own_subtensor_backend_signs_for_a_taonet_node(node):
    """client.subtensor (what btcli uses on a subtensor network) against a taonet node: the fee it
    estimates is the fee charged; a sudo'd chain setting applies."""
    from client.subtensor.backend import SubtensorBackend
    from node.runtime import economy as eco

    backend = SubtensorBackend(node.url.replace("http://", "ws://"))
    try:
        alice, bob = dev_key("alice"), address_of("bob")
        args = {"dest": bob, "value": TAO}
        fee = backend.estimate_fee(alice.ss58_address, "balances.transfer_keep_alive", args)
        before = node.chain.reader.account(alice.ss58_address)[0]
        outcome = backend.submit_and_wait(backend.sign(alice, "balances.transfer_keep_alive", args))
        assert outcome["success"] and outcome["status"] == "included"
        assert before - node.chain.reader.account(alice.ss58_address)[0] == TAO + fee.rao
        setting = {"call": "admin_utils.set_chain_setting", "args": {"setting": "subnet_limit", "value": 20}}
        assert backend.submit_and_wait(backend.sign(alice, "sudo.sudo", {"call": setting}))["success"]
        with node.chain.reader.snapshot() as view:
            assert eco.setting(view, "subnet_limit") == 20
    finally:
        backend.close()
