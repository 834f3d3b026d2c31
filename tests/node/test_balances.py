"""Balances and sudo through the chain builder: transfers, fees, existential deposit, invariants."""
from __future__ import annotations

import pytest

from node.builder import address_of
from node.genesis import DEV_BALANCE
from node.pool import Refused
from node.runtime.balances import BASE_FEE, BYTE_FEE, EXISTENTIAL_DEPOSIT

TAO = 10**9


def fee_of(b, ext_index: int = 0) -> int:
    return next(d["actual_fee"] for x, n, d in b.last.events if n == "transaction_payment.TransactionFeePaid" and x == ext_index)


def test_transfer_keep_alive_moves_value_and_burns_fee(builder):
    builder.transfer("alice", "bob", 5 * TAO).block()
    fee = fee_of(builder)
    assert fee == BASE_FEE + BYTE_FEE * builder.last.included[0].length
    assert builder.free("alice") == DEV_BALANCE - 5 * TAO - fee
    assert builder.free("bob") == DEV_BALANCE + 5 * TAO
    assert builder.issuance() == 6 * DEV_BALANCE - fee
    assert builder.nonce("alice") == 1
    assert builder.event_names()[-2:] == ["balances.Transfer", "system.ExtrinsicSuccess"]


def test_new_account_below_existential_deposit_fails_and_pays_fee_only(builder):
    fresh = address_of("zed")
    builder.transfer("alice", fresh, EXISTENTIAL_DEPOSIT - 1).block()
    assert builder.last.results[0].error == "balances.ExistentialDeposit"
    assert builder.free(fresh) == 0
    assert builder.free("alice") == DEV_BALANCE - fee_of(builder)
    assert builder.nonce("alice") == 1
    assert "balances.Transfer" not in builder.event_names()


def fee_for_value(b, who, value, call="balances.transfer_keep_alive"):
    from node.extrinsic import parse
    from node.runtime import fee

    return fee(parse(b.signed(who, call, {"dest": address_of("bob"), "value": value})))


def exact_value(b, who, free, leave, call="balances.transfer_keep_alive"):
    """The value whose transfer (with its own fee) leaves exactly `leave` rao of `free`."""
    value = free - fee_for_value(b, who, free, call) - leave
    for _ in range(3):
        value = free - fee_for_value(b, who, value, call) - leave
    return value


def test_keep_alive_refuses_to_empty_and_allow_death_reaps(builder):
    fresh = "zed"
    builder.transfer("alice", fresh, TAO).block()
    value = exact_value(builder, fresh, TAO, EXISTENTIAL_DEPOSIT - 1)  # leaves ED - 1 after the fee
    builder.transfer(fresh, "bob", value).block()
    assert builder.last.results[0].error == "balances.KeepAlive"
    left = builder.free(fresh)
    builder.submit(fresh, "balances.transfer_all", {"dest": address_of("bob"), "keep_alive": False})
    builder.block()
    assert builder.last.results[0].success
    assert builder.free(fresh) == 0
    assert builder.nonce(fresh) == 2  # the reaped account keeps its nonce: no replays
    assert "balances.Reaped" in builder.event_names()
    assert left > 0


def test_transfer_all_keep_alive_leaves_existential_deposit(builder):
    builder.transfer("alice", "zed", 10 * TAO).block()
    builder.submit("zed", "balances.transfer_all", {"dest": address_of("bob"), "keep_alive": True})
    builder.block()
    assert builder.last.results[0].success
    assert builder.free("zed") == EXISTENTIAL_DEPOSIT


def test_allow_death_dust_is_burned(builder):
    builder.transfer("alice", "zed", TAO).block()
    before = builder.issuance()
    value = exact_value(builder, "zed", TAO, 100, "balances.transfer_allow_death")  # leaves 100 rao, below ED: burned
    builder.transfer("zed", "bob", value, keep_alive=False).block()
    assert builder.last.results[0].success
    assert builder.free("zed") == 0
    assert ("balances.DustLost" in builder.event_names()) and ("balances.Reaped" in builder.event_names())
    assert builder.issuance() == before - fee_of(builder) - 100


def test_insufficient_balance_fails_with_named_error(builder):
    builder.transfer("alice", "bob", 2 * DEV_BALANCE).block()
    result = builder.last.results[0]
    assert not result.success and result.error == "balances.InsufficientBalance"
    assert "balance too low" in result.message
    assert builder.free("bob") == DEV_BALANCE


def test_two_spends_of_the_whole_balance_only_one_succeeds(builder):
    builder.transfer("alice", "zed", 10 * TAO).block()
    builder.transfer("zed", "bob", 9 * TAO, nonce=0).transfer("zed", "charlie", 9 * TAO, nonce=1).block()
    assert [r.success for r in builder.last.results] == [True, False]
    assert builder.free("charlie") == DEV_BALANCE


def test_sudo_force_set_balance_and_bad_origin(builder):
    builder.submit("alice", "sudo.sudo", {"call": {"call": "balances.force_set_balance",
                                                   "args": {"who": address_of("zed"), "new_free": 7 * TAO}}})
    builder.block()
    assert builder.free("zed") == 7 * TAO
    assert ("sudo.Sudid" in builder.event_names())
    builder.submit("bob", "sudo.sudo", {"call": {"call": "balances.force_set_balance",
                                                 "args": {"who": address_of("bob"), "new_free": 7 * TAO}}})
    builder.block()
    assert builder.last.results[0].error == "sudo.RequireSudo"
    builder.submit("bob", "balances.force_set_balance", {"who": address_of("bob"), "new_free": 1})
    builder.block()
    assert builder.last.results[0].error == "system.BadOrigin"


def test_sudo_inner_failure_is_rolled_back_but_reported(builder):
    builder.submit("alice", "sudo.sudo", {"call": {"call": "balances.transfer_keep_alive",
                                                   "args": {"dest": address_of("bob"), "value": 1}}})
    builder.block()
    assert builder.last.results[0].success
    sudid = [d for _, n, d in builder.last.events if n == "sudo.Sudid"][0]
    assert sudid["success"] is False and sudid["error"] == "system.BadOrigin"


def test_sudo_set_key(builder):
    builder.submit("alice", "sudo.set_key", {"new": address_of("bob")})
    builder.block()
    assert builder.chain.reader.storage("sudo_key") == address_of("bob")
    builder.submit("alice", "sudo.set_key", {"new": address_of("alice")})
    builder.block()
    assert builder.last.results[0].error == "sudo.RequireSudo"


def test_unaffordable_fee_is_dropped_not_included(builder):
    value = 10**6
    first, second = fee_for_value(builder, "zed", value), fee_for_value(builder, "zed", 1)
    builder.transfer("alice", "zed", first + value + second - 1).block()
    # admission counts both fees (it can pay them), but after the first transfer's value the second
    # cannot pay its fee and is dropped from the block
    builder.transfer("zed", "bob", value, nonce=0).transfer("zed", "bob", 1, nonce=1).block()
    assert len(builder.last.included) == 1 and len(builder.last.dropped) == 1
    assert "can no longer pay the fee" in builder.last.dropped[0][1]
    assert len(builder.chain.pool) == 0


def test_admission_counts_the_fees_already_queued(builder):
    builder.transfer("alice", "zed", fee_for_value(builder, "zed", 1) + EXISTENTIAL_DEPOSIT + 100).block()
    builder.transfer("zed", "bob", 1, nonce=0)
    with pytest.raises(Refused, match="everything it queued"):
        builder.transfer("zed", "bob", 1, nonce=1)


@pytest.mark.parametrize("value", [1, EXISTENTIAL_DEPOSIT, 123 * TAO])
def test_invariants_hold_over_many_blocks(builder, value):
    for i in range(5):
        builder.transfer("alice", "bob", value).transfer("bob", "charlie", value).transfer("charlie", "zed", value, keep_alive=False)
        builder.block()
    assert len(builder.chain.pool) == 0
