"""The fake spec-461 subtensor, driven by async-substrate-interface's synchronous client (no taonet code).

Each test starts its own node on a free loopback port and signs with taonet's sr25519 keys, so what
passes here is what a real Substrate client does against a real node: metadata fetched and decoded,
storage and runtime APIs decoded, extrinsics composed, signed, submitted and watched, events read
back at the block that included them.
"""
from __future__ import annotations

import json

import pytest

from tests.substrate.fake_runtime import codec, golden
from tests.substrate.fake_state import RAO
from tests.substrate.fake_subtensor import ALICE, BOB, CHARLIE, FakeSubtensor

pytest.importorskip("async_substrate_interface")


class Signer:
    """taonet's Keypair seen through the interface's Keypair protocol (it signs bytearrays)."""

    def __init__(self, uri: str) -> None:
        from wallet.keypair import Keypair

        self.pair = Keypair.from_uri(uri)
        self.public_key, self.ss58_address = self.pair.public_key, self.pair.ss58_address
        self.crypto_type, self.ss58_format = self.pair.crypto_type, 42

    def sign(self, data) -> bytes:
        return self.pair.sign(bytes(data))


@pytest.fixture
def node():
    with FakeSubtensor(accounts={ALICE: 1_000 * RAO, CHARLIE: 50 * RAO}) as fake:
        yield fake


@pytest.fixture
def substrate(node):
    from async_substrate_interface import SubstrateInterface

    client = SubstrateInterface(node.url, ss58_format=42)
    yield client
    client.close()


def submit(substrate, signer, pallet, function, args, **kwargs):
    call = substrate.compose_call(pallet, function, args)
    ext = substrate.create_signed_extrinsic(call, signer, era={"period": 64}, **kwargs)
    return substrate.submit_extrinsic(ext, wait_for_inclusion=True, wait_for_finalization=True)


def raw_rpc(url: str, method: str, params: list) -> dict:
    """One JSON-RPC exchange over a bare WebSocket: the whole error object, as the node sent it."""
    from websockets.sync.client import connect

    with connect(url) as ws:
        ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        return json.loads(ws.recv(timeout=10))


def names(receipt) -> list[str]:
    return [f"{e['event']['module_id']}.{e['event']['event_id']}" for e in receipt.triggered_events]


def test_serves_spec_461_genesis_versions_and_golden_storage_keys(node, substrate):
    net = golden()["network"]
    assert substrate.get_block_hash(0) == net["genesis_hash"]
    version = substrate.rpc_request("state_getRuntimeVersion", [])["result"]
    assert (version["specVersion"], version["transactionVersion"]) == (461, 1)
    key = golden()["storage_keys"][0]
    assert "0x" + codec().storage_key(key["pallet"], key["storage_function"], key["params"]).hex() == key["key_hex"]
    assert substrate.create_storage_key("System", "Account", [ALICE]).to_hex() == key["key_hex"]


def test_reads_account_subnets_prices_and_stakes(node, substrate):
    account = substrate.query("System", "Account", [ALICE])
    assert account["data"]["free"] == 1_000 * RAO and account["nonce"] == 0
    subnets = substrate.runtime_call("SubnetInfoRuntimeApi", "get_all_dynamic_info", [])
    assert [s["netuid"] for s in subnets] == [0, 1, 2]
    apex = subnets[1]
    assert bytes(apex["subnet_name"]).decode() == "apex" and apex["tao_in"] == 1_000 * RAO
    assert (apex["alpha_in"], apex["owner_coldkey"], apex["owner_hotkey"]) == (4_000 * RAO, ALICE, BOB)
    prices = substrate.runtime_call("SwapRuntimeApi", "current_alpha_price_all", [])
    assert {p["netuid"]: p["price"] for p in prices} == {0: RAO, 1: RAO // 4, 2: 2 * RAO}
    stakes = substrate.runtime_call("StakeInfoRuntimeApi", "get_stake_info_for_coldkeys", [[ALICE]])
    assert [(s["hotkey"], s["netuid"], s["stake"]) for s in stakes[0][1]] == [(BOB, 1, 100 * RAO)]
    hyper = substrate.runtime_call("SubnetInfoRuntimeApi", "get_subnet_hyperparams_v3", [1])
    assert {"name": "tempo", "value": {"U16": 360}} in hyper
    graph = substrate.runtime_call("SubnetInfoRuntimeApi", "get_metagraph", [1])
    assert graph["hotkeys"] == [BOB] and graph["alpha_stake"] == [100 * RAO]
    info = substrate.runtime_call("SubnetInfoRuntimeApi", "get_subnets_info_v2", [])
    assert [(i["netuid"], i["subnetwork_n"], i["burn"]) for i in info] == [(0, 0, RAO), (1, 1, RAO), (2, 1, 2 * RAO)]
    assert sorted(k for k, v in substrate.query_map("SubtensorModule", "NetworksAdded") if v) == [0, 1, 2]
    assert node.errors == []


def test_signed_transfer_moves_the_balance_and_its_events_decode(node, substrate):
    alice = Signer("//Alice")
    call = substrate.compose_call("Balances", "transfer_keep_alive", {"dest": CHARLIE, "value": 5 * RAO})
    quoted = substrate.get_payment_info(call, alice, era={"period": 64})["partial_fee"]
    receipt = submit(substrate, alice, "Balances", "transfer_keep_alive", {"dest": CHARLIE, "value": 5 * RAO})
    assert receipt.is_success, receipt.error_message
    assert names(receipt) == ["Balances.Withdraw", "Balances.Transfer", "TransactionPayment.TransactionFeePaid",
                              "System.ExtrinsicSuccess"]
    assert receipt.total_fee_amount == quoted > 0
    assert substrate.query("System", "Account", [CHARLIE])["data"]["free"] == 55 * RAO
    after = substrate.query("System", "Account", [ALICE])
    assert after["data"]["free"] == 995 * RAO - quoted and after["nonce"] == 1
    assert substrate.get_account_next_index(ALICE) == 1


def test_stake_limit_beyond_the_price_fails_with_slippage_too_high(node, substrate):
    alice = Signer("//Alice")
    args = {"hotkey": BOB, "netuid": 1, "amount_staked": 100 * RAO, "limit_price": RAO // 4 + 1,
            "allow_partial": False}
    receipt = submit(substrate, alice, "SubtensorModule", "add_stake_limit", args)
    assert receipt.is_success is False
    assert receipt.error_message["name"] == "SlippageTooHigh"
    failed = receipt.triggered_events[-1]["event"]["attributes"]["dispatch_error"]["Module"]
    assert failed["index"] == codec().module_error("SubtensorModule", "SlippageTooHigh")[0]
    assert node.stake(BOB, ALICE, 1) == 100 * RAO  # nothing staked, only the fee paid
    assert node.balance(ALICE) == 1_000 * RAO - receipt.total_fee_amount

    quote = substrate.runtime_call("SwapRuntimeApi", "sim_swap_tao_for_alpha", [1, 100 * RAO])
    ok = submit(substrate, alice, "SubtensorModule", "add_stake_limit", dict(args, limit_price=RAO))
    assert ok.is_success, ok.error_message
    assert "SubtensorModule.StakeAdded" in names(ok)
    assert node.stake(BOB, ALICE, 1) == 100 * RAO + quote["alpha_amount"]


def test_tampered_signature_stale_nonce_and_unpaid_fee_are_refused_like_the_pool(node, substrate):
    from async_substrate_interface.errors import SubstrateRequestException

    alice = Signer("//Alice")
    call = substrate.compose_call("Balances", "transfer_keep_alive", {"dest": CHARLIE, "value": RAO})
    raw = bytearray(substrate.create_signed_extrinsic(call, alice, era={"period": 64}).data.data)
    raw[-5] ^= 0x01  # the amount's bytes, after signing
    answer = raw_rpc(node.url, "author_submitAndWatchExtrinsic", ["0x" + raw.hex()])
    assert answer["error"] == {"code": 1010, "message": "Invalid Transaction",
                               "data": "Transaction has a bad signature"}
    with pytest.raises(SubstrateRequestException, match="Invalid Transaction"):
        substrate.rpc_request("author_submitExtrinsic", ["0x" + raw.hex()])
    assert node.balance(CHARLIE) == 50 * RAO and substrate.get_account_next_index(ALICE) == 0

    stale = substrate.create_signed_extrinsic(call, alice, era={"period": 64}, nonce=0)
    assert submit(substrate, alice, "Balances", "transfer_keep_alive", {"dest": CHARLIE, "value": RAO}).is_success
    answer = raw_rpc(node.url, "author_submitExtrinsic", [str(stale.data)])
    assert answer["error"]["data"] == "Transaction is outdated"
    assert node.balance(CHARLIE) == 51 * RAO

    # a mortal era that has passed signs another birth block than the node now derives: a real node
    # answers that as a bad signature (CheckMortality), and so does the fake
    expiring = substrate.create_signed_extrinsic(call, alice, era={"period": 4})
    node.produce_blocks(4)
    answer = raw_rpc(node.url, "author_submitExtrinsic", [str(expiring.data)])
    assert answer["error"]["data"] == "Transaction has a bad signature"

    poor = Signer("//Dave")  # no account: cannot pay the fee
    unpaid = substrate.create_signed_extrinsic(
        substrate.compose_call("Balances", "transfer_allow_death", {"dest": ALICE, "value": 1}), poor)
    answer = raw_rpc(node.url, "author_submitExtrinsic", [str(unpaid.data)])
    assert answer["error"]["data"] == "Inability to pay some fees (e.g. account balance too low)"


def test_register_weights_commit_reveal_axon_and_owner_hyperparameters(node, substrate):
    charlie, alice = Signer("//Charlie"), Signer("//Alice")
    reg = submit(substrate, charlie, "SubtensorModule", "burned_register", {"netuid": 1, "hotkey": CHARLIE})
    assert reg.is_success, reg.error_message
    assert node.balance(CHARLIE) == 49 * RAO - reg.total_fee_amount
    assert substrate.query("SubtensorModule", "Uids", [1, CHARLIE]) == 1
    again = submit(substrate, charlie, "SubtensorModule", "burned_register", {"netuid": 1, "hotkey": CHARLIE})
    assert again.error_message["name"] == "HotKeyAlreadyRegisteredInSubNet"

    weights = {"netuid": 1, "dests": [0, 1], "weights": [65535, 100], "version_key": 0}
    assert "SubtensorModule.WeightsSet" in names(submit(substrate, charlie, "SubtensorModule", "set_weights", weights))
    axon = {"netuid": 1, "version": 1, "ip": 2130706433, "port": 8091, "ip_type": 4, "protocol": 4,
            "placeholder1": 0, "placeholder2": 0}
    assert submit(substrate, charlie, "SubtensorModule", "serve_axon", axon).is_success
    assert substrate.runtime_call("SubnetInfoRuntimeApi", "get_metagraph", [1])["axons"][1]["port"] == 8091

    denied = submit(substrate, charlie, "AdminUtils", "sudo_set_commit_reveal_weights_enabled",
                    {"netuid": 1, "enabled": True})
    assert denied.is_success is False and denied.error_message["name"] == "BadOrigin"
    assert submit(substrate, alice, "AdminUtils", "sudo_set_commit_reveal_weights_enabled",
                  {"netuid": 1, "enabled": True}).is_success
    blocked = submit(substrate, charlie, "SubtensorModule", "set_weights", weights)
    assert blocked.error_message["name"] == "CommitRevealEnabled"

    from tests.substrate.fake_neurons import NeuronCalls

    reveal = {"netuid": 1, "uids": [0], "values": [65535], "salt": [1, 2, 3], "version_key": 0}
    digest = NeuronCalls.commit_hash(type("C", (), {"codec": codec()})(), CHARLIE, **reveal)
    assert submit(substrate, charlie, "SubtensorModule", "commit_weights",
                  {"netuid": 1, "commit_hash": digest}).is_success
    wrong = submit(substrate, charlie, "SubtensorModule", "reveal_weights", dict(reveal, salt=[9]))
    assert wrong.error_message["name"] == "InvalidRevealCommitHashNotMatch"
    assert "SubtensorModule.WeightsRevealed" in names(
        submit(substrate, charlie, "SubtensorModule", "reveal_weights", reveal))


def test_new_heads_are_pushed_to_subscribers(node):
    from websockets.sync.client import connect

    with connect(node.url) as ws:
        ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_subscribeNewHeads", "params": []}))
        sub = json.loads(ws.recv(timeout=5))["result"]
        number = node.produce_blocks(1)
        note = json.loads(ws.recv(timeout=5))
    assert note["method"] == "chain_newHead" and note["params"]["subscription"] == sub
    assert int(note["params"]["result"]["number"], 16) == number


def test_created_subnet_trades_only_after_its_owner_starts_it(node, substrate):
    alice = Signer("//Alice")
    created = submit(substrate, alice, "SubtensorModule", "register_network", {"hotkey": BOB})
    assert "SubtensorModule.NetworkAdded" in names(created)
    assert node.balance(ALICE) == 900 * RAO - created.total_fee_amount  # the lock, 100 TAO, and the fee
    stake = {"hotkey": BOB, "netuid": 3, "amount_staked": RAO}
    assert submit(substrate, alice, "SubtensorModule", "add_stake", stake).error_message["name"] == "SubtokenDisabled"
    denied = submit(substrate, Signer("//Charlie"), "SubtensorModule", "start_call", {"netuid": 3})
    assert denied.error_message["name"] == "BadOrigin"
    assert "SubtensorModule.FirstEmissionBlockNumberSet" in names(
        submit(substrate, alice, "SubtensorModule", "start_call", {"netuid": 3}))
    assert substrate.query("SubtensorModule", "SubtokenEnabled", [3]).value is True
    assert submit(substrate, alice, "SubtensorModule", "add_stake", stake).is_success
    assert node.stake(BOB, ALICE, 3) > 0


def test_what_the_fake_does_not_model_is_refused_not_invented(node, substrate):
    from async_substrate_interface.errors import SubstrateRequestException

    assert raw_rpc(node.url, "offchain_localStorageGet", [])["error"]["code"] == -32601
    with pytest.raises(SubstrateRequestException, match="not modelled"):
        substrate.runtime_call("SubnetInfoRuntimeApi", "get_all_metagraphs", [])
    assert ("state_call:SubnetInfoRuntimeApi_get_all_metagraphs", 4003) in node.errors
    batch = {"calls": [substrate.compose_call("System", "remark", {"remark": "0x00"})]}
    refused = submit(substrate, Signer("//Alice"), "Utility", "batch", batch)
    assert refused.is_success is False and refused.error_message["name"] == "CallFiltered"


def test_register_limit_refuses_a_burn_above_the_limit(node, substrate):
    charlie = Signer("//Charlie")
    over = submit(substrate, charlie, "SubtensorModule", "register_limit",
                  {"netuid": 2, "hotkey": CHARLIE, "limit_price": 2 * RAO - 1})
    assert over.error_message["name"] == "RegistrationPriceLimitExceeded"
    ok = submit(substrate, charlie, "SubtensorModule", "register_limit",
                {"netuid": 2, "hotkey": CHARLIE, "limit_price": 2 * RAO})
    assert "SubtensorModule.NeuronRegistered" in names(ok)
    assert node.balance(CHARLIE) == 48 * RAO - over.total_fee_amount - ok.total_fee_amount


def test_sudo_dispatches_as_root_and_swap_limits_hold(node, substrate):
    alice, charlie = Signer("//Alice"), Signer("//Charlie")
    inner = substrate.compose_call("AdminUtils", "sudo_set_tempo", {"netuid": 2, "tempo": 99})
    assert submit(substrate, charlie, "Sudo", "sudo", {"call": inner}).error_message["name"] == "RequireSudo"
    done = submit(substrate, alice, "Sudo", "sudo", {"call": inner})
    assert done.is_success and "Sudo.Sudid" in names(done)
    assert substrate.query("SubtensorModule", "Tempo", [2]) == 99
    wrong = substrate.compose_call("Balances", "force_set_balance", {"who": CHARLIE, "new_free": 1})
    assert submit(substrate, alice, "Balances", "force_set_balance", {"who": CHARLIE, "new_free": 1}
                  ).error_message["name"] == "BadOrigin"
    assert submit(substrate, alice, "Sudo", "sudo", {"call": wrong}).is_success and node.balance(CHARLIE) == 1

    # α of subnet 1 (0.25 τ) into subnet 2 (2 τ): the rate is 0.125 before any price impact
    swap = {"hotkey": BOB, "origin_netuid": 1, "destination_netuid": 2, "alpha_amount": 80 * RAO,
            "limit_price": RAO // 8, "allow_partial": False}
    tight = submit(substrate, alice, "SubtensorModule", "swap_stake_limit", swap)
    assert tight.error_message["name"] == "SlippageTooHigh" and node.stake(BOB, ALICE, 1) == 100 * RAO
    partial = submit(substrate, alice, "SubtensorModule", "swap_stake_limit",
                     dict(swap, limit_price=RAO // 8 - RAO // 200, allow_partial=True))
    assert "SubtensorModule.StakeSwapped" in names(partial)
    assert 20 * RAO < node.stake(BOB, ALICE, 1) < 100 * RAO and node.stake(BOB, ALICE, 2) > 0
