"""Admission into the pool: signature, chain, nonce (stale, gaps), replay, arguments, fees, duplicates."""
from __future__ import annotations

import pytest

from node.builder import address_of
from node.extrinsic import parse
from node.genesis import DEV_BALANCE
from node.pool import Refused

TAO = 10**9


def test_replay_of_an_included_extrinsic_is_refused(builder):
    ext = builder.signed("alice", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO})
    builder.chain.submit(parse(ext))
    builder.block()
    with pytest.raises(Refused, match="already included in block 1"):
        builder.chain.submit(parse(ext))
    builder.block()
    assert builder.free("bob") == DEV_BALANCE + TAO


def test_extrinsic_from_another_chain_is_refused(builder):
    ext = builder.signed("alice", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO},
                         genesis_hash="0x" + "11" * 32)
    with pytest.raises(Refused, match="for another chain"):
        builder.chain.submit(parse(ext))


def test_bad_signature_is_refused(builder):
    ext = builder.signed("alice", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO})
    ext["signature"] = "0x" + bytes(64).hex()
    with pytest.raises(Refused, match="bad signature"):
        builder.chain.submit(parse(ext))
    forged = builder.signed("bob", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO})
    forged["signer"] = address_of("alice")  # Bob signs a spend of Alice's money
    with pytest.raises(Refused, match="bad signature"):
        builder.chain.submit(parse(forged))


def test_stale_nonce_is_refused_and_a_gap_waits(builder):
    builder.transfer("alice", "bob", TAO).block()
    with pytest.raises(Refused, match="stale nonce 0"):
        builder.transfer("alice", "bob", 2 * TAO, nonce=0)
    builder.transfer("alice", "charlie", TAO, nonce=2)  # gap: nonce 1 missing
    builder.block()
    assert builder.last.included == [] and len(builder.chain.pool) == 1
    assert builder.chain.next_nonce(address_of("alice")) == 1
    builder.transfer("alice", "dave", TAO, nonce=1).block()
    assert [e.nonce for e in builder.last.included] == [1, 2]
    assert builder.nonce("alice") == 3


def test_same_nonce_twice_only_first_enters_pool(builder):
    builder.transfer("alice", "bob", TAO, nonce=0)
    with pytest.raises(Refused, match="nonce 0 is already in the pool"):
        builder.transfer("alice", "charlie", TAO, nonce=0)
    builder.block()
    assert builder.free("charlie") == DEV_BALANCE


def test_same_extrinsic_twice_in_pool_is_refused(builder):
    ext = parse(builder.signed("alice", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO}))
    builder.chain.submit(ext)
    with pytest.raises(Refused, match="already in the pool"):
        builder.chain.submit(ext)


def test_far_future_nonce_is_refused(builder):
    with pytest.raises(Refused, match="too far ahead"):
        builder.transfer("alice", "bob", TAO, nonce=10_000)


@pytest.mark.parametrize("value, reason", [
    (-1, "must not be negative"), (2**64, "overflows u64"), (2**70, "overflows u64"), (1.5, "must be an integer"),
    ("100", "must be an integer"), (True, "must be an integer"), (None, "must be an integer"),
])
def test_bad_amounts_are_refused(builder, value, reason):
    with pytest.raises(Refused, match=reason):
        builder.submit("alice", "balances.transfer_keep_alive", {"dest": address_of("bob"), "value": value})


def test_max_u64_amount_is_admitted_and_fails_cleanly(builder):
    builder.transfer("alice", "bob", 2**64 - 1).block()
    assert builder.last.results[0].error == "balances.InsufficientBalance"


@pytest.mark.parametrize("args, reason", [
    ({"dest": "5Grwva", "value": 1}, "valid ss58 address"),
    ({"dest": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ", "value": 1}, "valid ss58 address"),
    ({"value": 1}, "missing argument dest"),
    ({"dest": address_of("bob"), "value": 1, "memo": "x"}, "unknown argument"),
])
def test_bad_arguments_are_refused(builder, args, reason):
    with pytest.raises(Refused, match=reason):
        builder.submit("alice", "balances.transfer_keep_alive", args)


def test_unknown_call_is_refused(builder):
    with pytest.raises(Refused, match="unknown call 'balances.steal'"):
        builder.submit("alice", "balances.steal", {})


def test_account_that_cannot_pay_the_fee_is_refused(builder):
    with pytest.raises(Refused, match="cannot pay the fee"):
        builder.transfer("nobody", "bob", 1)
