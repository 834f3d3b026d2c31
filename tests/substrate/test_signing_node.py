"""client.subtensor.signing against the loopback fake subtensor (spec-461 metadata, signatures
verified, instant seal) through client.subtensor.connection: sign, fee, submit and watch, events."""
from __future__ import annotations

import pytest
from scalecodec import ScaleBytes

from client.subtensor import calls, signing
from client.subtensor.connection import Substrate
from tests.substrate.fake_state import RAO
from tests.substrate.fake_subtensor import FakeSubtensor
from wallet.keypair import Keypair

ALICE = Keypair.from_uri("//Alice")
BOB = Keypair.from_uri("//Bob")


@pytest.fixture(scope="module")
def node():
    with FakeSubtensor(accounts={ALICE.ss58_address: 1_000 * RAO}) as fake:
        yield fake


@pytest.fixture(scope="module")
def conn(node, tmp_path_factory):
    with Substrate(node.url, deadline=20, cache_dir=tmp_path_factory.mktemp("metadata")) as connection:
        yield connection


def test_a_transfer_is_signed_mortal_paid_as_estimated_and_reported(node, conn):
    args = {"dest": BOB.ss58_address, "value": 5 * RAO}
    before = node.balance(BOB.ss58_address)
    nonce = signing.next_nonce(conn, ALICE.ss58_address)
    fee = signing.estimate_fee(conn, ALICE.ss58_address, "balances.transfer_keep_alive", args)
    ext = signing.sign(conn, ALICE, "balances.transfer_keep_alive", args)
    runtime = calls.runtime_of(conn)
    decoded = runtime.runtime_config.create_scale_object("Extrinsic", data=ScaleBytes(ext), metadata=runtime.metadata)
    value = decoded.decode()
    assert value["nonce"] == nonce and value["era"][0] == 16 and value["mode"] == {"mode": "Disabled"}  # mortal, period 16
    outcome = signing.submit_and_wait(conn, ext, timeout=20)
    assert outcome["status"] == "included" and outcome["success"] and outcome["hash"] == signing.extrinsic_hash(ext)
    assert (outcome["error"], outcome["message"]) == (None, None)
    events = signing.extrinsic_events(conn, outcome)
    names = [e["name"] for e in events]
    assert "Balances.Transfer" in names and names[-1] == "System.ExtrinsicSuccess"
    paid = next(e["data"]["actual_fee"] for e in events if e["name"] == "TransactionPayment.TransactionFeePaid")
    assert paid == fee > 0
    assert node.balance(BOB.ss58_address) == before + 5 * RAO
    assert signing.next_nonce(conn, ALICE.ss58_address) == nonce + 1


def test_a_failed_call_names_the_pallet_error(conn):
    ext = signing.sign(conn, ALICE, "subtensor.add_stake",
                       {"hotkey": BOB.ss58_address, "netuid": 1, "amount_staked": 10**6 * RAO})
    outcome = signing.submit_and_wait(conn, ext, timeout=20)
    assert (outcome["status"], outcome["success"]) == ("included", False)
    assert outcome["error"] == "SubtensorModule.NotEnoughBalanceToStake"
    assert outcome["message"] == "The caller is requesting adding more stake than there exists in the coldkey account"
    assert "System.ExtrinsicFailed" in [e["name"] for e in signing.extrinsic_events(conn, outcome)]


def test_an_extrinsic_the_pool_refuses_is_dropped_with_the_reason(conn):
    stale = signing.next_nonce(conn, ALICE.ss58_address) - 1
    ext = signing.sign(conn, ALICE, "balances.transfer_keep_alive", {"dest": BOB.ss58_address, "value": RAO}, nonce=stale)
    outcome = signing.submit_and_wait(conn, ext, timeout=20)
    assert outcome["status"] == "dropped" and "outdated" in outcome["reason"].lower(), outcome
    assert signing.extrinsic_events(conn, outcome) == []


def test_the_commit_hash_uses_the_connections_runtime(conn):
    expected = calls.weights_commit_hash(calls.runtime_of(conn), BOB.ss58_address, 1, [0, 1], [3, 4], [9], 0)
    assert calls.commit_hash(conn, BOB.ss58_address, 1, [0, 1], [3, 4], [9], 0) == expected
