"""unstake_all / unstake_all_alpha (node.runtime.unstake_all), as the real chain: every subnet's stake
of the signer on one hotkey sold in one call; the alpha-only one restakes the TAO on root; replayed."""
from __future__ import annotations

from node.builder import address_of
from node.replay import verify
from node.runtime import balances
from tests.economics.conftest import TAO


def _setup(econ):
    n1, n2 = econ.new_subnet("alice", "owner1"), econ.new_subnet("alice", "owner2")
    hk = address_of("owner1")
    for n in (n1, n2):
        econ.ok("bob", "subtensor.add_stake", hotkey=hk, netuid=n, amount_staked=20 * TAO)
    econ.ok("bob", "subtensor.add_stake", hotkey=hk, netuid=0, amount_staked=5 * TAO)
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("owner2"), netuid=n2, amount_staked=3 * TAO)
    return n1, n2


def test_unstake_all_alpha_restakes_on_root(econ):
    n1, n2 = _setup(econ)
    root0 = econ.stake("bob", "owner1", 0)
    assert econ.fails("bob", "subtensor.unstake_all_alpha", hotkey=address_of("nobody")) == "subtensor.HotKeyAccountNotExists"
    free0 = balances.account(econ.b.chain.state, address_of("bob"))[0]
    events = econ.ok("bob", "subtensor.unstake_all_alpha", hotkey=address_of("owner1"))
    assert econ.stake("bob", "owner1", n1) == econ.stake("bob", "owner1", n2) == 0
    assert econ.stake("bob", "owner2", n2) > 0, "another hotkey's stake is left alone"
    sold = sum(d["tao"] for n, d in events if n == "subtensor.StakeRemoved")
    added = [d for n, d in events if n == "subtensor.StakeAdded"]
    assert len(added) == 1 and added[0]["netuid"] == 0 and added[0]["tao"] == sold > 30 * TAO
    assert econ.stake("bob", "owner1", 0) == root0 + sold
    fee = next(d["actual_fee"] for _, n, d in econ.b.last.events if n == "transaction_payment.TransactionFeePaid")
    assert balances.account(econ.b.chain.state, address_of("bob"))[0] == free0 - fee, "the TAO went to root, not free"


def test_unstake_all_sells_root_too(econ):
    n1, n2 = _setup(econ)
    free0 = balances.account(econ.b.chain.state, address_of("bob"))[0]
    events = econ.ok("bob", "subtensor.unstake_all", hotkey=address_of("owner1"))
    assert {d["netuid"] for n, d in events if n == "subtensor.StakeRemoved"} == {0, n1, n2}
    assert all(econ.stake("bob", "owner1", n) == 0 for n in (0, n1, n2))
    sold = sum(d["tao"] for n, d in events if n == "subtensor.StakeRemoved")
    fee = next(d["actual_fee"] for _, n, d in econ.b.last.events if n == "transaction_payment.TransactionFeePaid")
    assert balances.account(econ.b.chain.state, address_of("bob"))[0] == free0 + sold - fee
    assert econ.ok("bob", "subtensor.unstake_all", hotkey=address_of("owner1")) == []  # nothing left: a no-op
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems
