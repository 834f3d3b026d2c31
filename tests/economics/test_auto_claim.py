"""Automatic root claims (node.runtime.auto_claim): the chain's index maths, the dense index of
root-staking coldkeys, and auto-claims on a builder chain (the builder checks the books, the
index bijection and the state root after every block); `node verify` replays such a chain."""
from __future__ import annotations

import pytest

from consensus import pool as amm
from node import schema
from node.builder import ChainBuilder, address_of
from node.genesis import spec_from_json
from node.replay import verify
from node.runtime import auto_claim, root_claim
from node.state import State
from tests.economics.conftest import TAO, Econ, economy_spec
from tests.economics.test_weights_epoch import _register, _subnet, _until_epoch

U64_MAX = 2**64 - 1


def _hash(*words: int) -> bytes:
    return b"".join(w.to_bytes(8, "big") for w in words)


# -- block_hash_to_indices ----------------------------------------------------------------------
def test_indices_by_hand():
    # words 1, 2, 3, 4; n = 10: start 1, then 1+1=2, 2+2=4, 4+3=7, 7+4=11→1, 1+1=2: a set of 4 < k
    assert auto_claim.block_hash_to_indices(_hash(1, 2, 3, 4), 5, 10) == [1, 2, 4, 7]
    # w0 = u64::MAX: w0 + w0 saturates at u64::MAX; 2^64 ≡ 2 (mod 7), so u64::MAX mod 7 = 1;
    # the zero words then stay on index 1
    assert auto_claim.block_hash_to_indices(_hash(U64_MAX, 0, 0, 0), 5, 7) == [1]
    # words 5, 0, 0, 0; n = 100: 10 then 10 + 0 …
    assert auto_claim.block_hash_to_indices(_hash(5, 0, 0, 0), 3, 100) == [10]
    # steps cycle through the four words: 3+3=6, 6+1=7, 7+1=8, 8+1=9, 9+3=12→2 (n = 10)
    assert auto_claim.block_hash_to_indices(_hash(3, 1, 1, 1), 5, 10) == [2, 6, 7, 8, 9]
    assert auto_claim.block_hash_to_indices(_hash(9, 9, 9, 9), 0, 10) == []
    assert auto_claim.block_hash_to_indices(_hash(9, 9, 9, 9), 5, 1) == [0]


def test_indices_match_the_chains_precomputed_vectors():
    """subtensor's test_claim_root_block_hash_indices: keccak_256(b"some") and (b"some2"), k 15, n 15 000."""
    some = bytes.fromhex("4e7e8301f5d206748d1c4f822e3564ddb1124f86591a839f58dfc2f007983b61")
    some2 = bytes.fromhex("c357a61b4f8af02f92c4f354b4839925d8c5a18c9c017f80efab7efcb363aed7")
    assert auto_claim.block_hash_to_indices(some, 15, 15_000) == [
        265, 630, 1286, 1558, 4496, 4861, 5517, 5789, 6803, 8096, 9092, 11034, 11399, 12055, 12327]
    assert auto_claim.block_hash_to_indices(some2, 15, 15_000) == [
        61, 246, 1440, 2855, 3521, 5236, 6130, 6615, 8511, 9405, 9890, 11786, 11971, 13165, 14580]


# -- the dense index ----------------------------------------------------------------------------
def _listing(state) -> list[str]:
    return [auto_claim.coldkey_at(state, i) for i in range(auto_claim.count(state))]


def test_the_index_appends_and_compacts():
    conn = schema.connect(":memory:")
    schema.ensure(conn)
    state = State(conn, 0)
    for c in "abcd":
        auto_claim.add(state, c)
    auto_claim.add(state, "b")  # already there
    assert _listing(state) == ["a", "b", "c", "d"]
    auto_claim.remove(state, "a")  # the last one moves into the hole
    assert _listing(state) == ["d", "b", "c"] and auto_claim.index_of(state, "d") == 0
    auto_claim.remove(state, "c")  # the last one itself
    auto_claim.remove(state, "zz")  # not there: nothing
    assert _listing(state) == ["d", "b"] and auto_claim.index_of(state, "c") is None
    assert state.get("staking_coldkeys_by_index", "2") is None
    auto_claim.remove(state, "d")
    auto_claim.remove(state, "b")
    assert auto_claim.count(state) == 0 and state.get("storage", auto_claim.COUNT_KEY) is None
    conn.close()


def _indexed(econ) -> set[str]:
    state = econ.b.chain.state
    return {auto_claim.coldkey_at(state, i) for i in range(auto_claim.count(state))}


def test_the_index_follows_root_stake_through_add_move_transfer_remove(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    netuid = _subnet(econ)
    _register(econ, netuid, "bob", "val1")
    _register(econ, netuid, "eve", "val2")
    val1, val2 = address_of("val1"), address_of("val2")
    charlie, dave, ferdie = (address_of(n) for n in ("charlie", "dave", "ferdie"))
    assert _indexed(econ) == set()
    econ.ok("dave", "subtensor.add_stake", hotkey=val1, netuid=netuid, amount_staked=10 * TAO)
    assert _indexed(econ) == set(), "alpha stake is not root stake"
    econ.ok("charlie", "subtensor.add_stake", hotkey=val1, netuid=0, amount_staked=10 * TAO)
    econ.ok("dave", "subtensor.add_stake", hotkey=val1, netuid=0, amount_staked=10 * TAO)
    assert _indexed(econ) == {charlie, dave}
    # moving root stake to another hotkey keeps the coldkey; half of it on each hotkey too
    econ.ok("charlie", "subtensor.move_stake", origin_hotkey=val1, destination_hotkey=val2, origin_netuid=0,
            destination_netuid=0, alpha_amount=5 * TAO)
    econ.ok("charlie", "subtensor.move_stake", origin_hotkey=val1, destination_hotkey=val2, origin_netuid=0,
            destination_netuid=0, alpha_amount=5 * TAO)
    assert _indexed(econ) == {charlie, dave}
    # a transfer of all of it hands the place to the receiver
    econ.ok("charlie", "subtensor.transfer_stake", destination_coldkey=ferdie, hotkey=val2, origin_netuid=0,
            destination_netuid=0, alpha_amount=10 * TAO)
    assert _indexed(econ) == {dave, ferdie}
    # swapping root stake into a subnet, then unstaking the rest: dave leaves
    econ.ok("dave", "subtensor.swap_stake", hotkey=val1, origin_netuid=0, destination_netuid=netuid,
            alpha_amount=4 * TAO)
    assert _indexed(econ) == {dave, ferdie}
    econ.ok("dave", "subtensor.remove_stake", hotkey=val1, netuid=0, amount_unstaked=6 * TAO)
    assert _indexed(econ) == {ferdie} and auto_claim.index_of(econ.b.chain.state, ferdie) == 0
    econ.b.close()


# -- auto-claims on a chain ---------------------------------------------------------------------
def _rooted(tmp_path, **settings) -> tuple[Econ, int]:
    """A subnet whose EMA price follows spot, a second one (so Σ EMA > 1 and root dividends are
    paid), validator val1 (bob) and root stake on it from charlie (Swap) and dave (Keep)."""
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec(subnet_moving_alpha=2**32, root_claim_threshold=1000,
                                                                **settings)))
    a, b = _subnet(econ), _subnet(econ)
    for n in (a, b):
        econ.sudo("admin_utils.set_hyperparameter", netuid=n, parameter="ema_price_halving_blocks", value=1)
    _register(econ, a, "bob", "val1")
    val1 = address_of("val1")
    econ.ok("bob", "subtensor.add_stake", hotkey=val1, netuid=a, amount_staked=50 * TAO)
    econ.ok("dave", "subtensor.set_root_claim_type", new_root_claim_type="Keep")
    econ.ok("charlie", "subtensor.add_stake", hotkey=val1, netuid=0, amount_staked=100 * TAO)
    econ.ok("dave", "subtensor.add_stake", hotkey=val1, netuid=0, amount_staked=300 * TAO)
    return econ, a


def _auto_claims(econ) -> list[dict]:
    return [d for x, n, d in econ.b.last.events if n == "subtensor.RootClaimed" and x is None]


def test_root_dividends_are_claimed_automatically_by_claim_type(tmp_path):
    econ, a = _rooted(tmp_path)
    val1 = address_of("val1")
    charlie_root, dave_alpha = econ.stake("charlie", "val1", 0), econ.stake("dave", "val1", a)
    assert dave_alpha == 0
    claimed: dict[str, list[dict]] = {"charlie": [], "dave": []}
    names = {address_of("charlie"): "charlie", address_of("dave"): "dave"}
    for _ in range(120):  # an epoch fills the escrow; the auto-claims of that block or the next empty it
        econ.b.block()
        for event in _auto_claims(econ):
            assert event["auto"] is True
            claimed[names[event["coldkey"]]] += event["claims"]
        if claimed["charlie"] and claimed["dave"]:
            break
    assert claimed["charlie"] and all(not c["kept"] and c["tao"] > 0 and c["netuid"] == a for c in claimed["charlie"])
    assert claimed["dave"] and all(c["kept"] and c["tao"] == 0 for c in claimed["dave"])
    # Swap lands on root (same hotkey), Keep as alpha on the subnet
    assert econ.stake("charlie", "val1", 0) == charlie_root + sum(c["tao"] for c in claimed["charlie"])
    assert econ.stake("dave", "val1", a) >= sum(c["alpha"] for c in claimed["dave"]) - 1
    state = econ.b.chain.state
    # the threshold is as for manual claims: what is left owed is below it
    for who in ("charlie", "dave"):
        assert root_claim.owed(state, address_of(who), val1, a) < 1000 or not claimed[who]
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_a_failing_auto_claim_changes_nothing_and_is_reported(tmp_path, monkeypatch):
    """Swaps fail (as if the pool could not take the alpha): charlie's Swap claim is rolled back
    whole and reported; dave's Keep claim in the same blocks goes through."""
    econ, a = _rooted(tmp_path, num_root_claims=0)
    val1 = address_of("val1")
    for _ in range(20):
        _until_epoch(econ, a)
        if root_claim.owed(econ.b.chain.state, address_of("charlie"), val1, a) >= 1000:
            break

    def no_liquidity(*args, **kwargs):
        raise amm.SwapError("insufficient_liquidity", "the pool cannot take it")

    monkeypatch.setattr(amm, "sell", no_liquidity)
    econ.sudo("admin_utils.set_chain_setting", setting="num_root_claims", value=5)
    state = econ.b.chain.state
    charlie = address_of("charlie")
    before = (root_claim.watermarks(state, charlie), econ.stake("charlie", "val1", 0))
    failures, dave_claims = [], []
    for _ in range(10):
        econ.b.block()
        failures += [d for _, n, d in econ.b.last.events if n == "subtensor.RootAutoClaimFailed"]
        dave_claims += [c for d in _auto_claims(econ) for c in d["claims"]]
        assert all(d["coldkey"] != charlie for d in _auto_claims(econ))
        if failures and dave_claims:
            break
    assert failures and failures[0] == {"coldkey": charlie, "error": "subtensor.InsufficientLiquidity",
                                        "message": failures[0]["message"]}
    assert "failed" in failures[0]["message"]
    assert dave_claims and all(c["kept"] for c in dave_claims)
    assert (root_claim.watermarks(state, charlie), econ.stake("charlie", "val1", 0)) == before
    econ.b.close()


def test_num_root_claims_bounds_and_off(tmp_path):
    econ, a = _rooted(tmp_path, num_root_claims=0)
    for _ in range(3):
        _until_epoch(econ, a)
        econ.b.block(3)
    assert root_claim.escrow(econ.b.chain.state, a) > 0
    assert not any(n == "subtensor.RootClaimed" for o in econ.b.outcomes for _, n, _ in o.events), "0 is off"
    events = dict(econ.ok("alice", "sudo.sudo", call={"call": "admin_utils.set_chain_setting",
                                                       "args": {"setting": "num_root_claims", "value": 51}}))
    assert events["sudo.Sudid"]["error"] == "subtensor.InvalidNumRootClaim"
    assert "0..50" in events["sudo.Sudid"]["message"]
    econ.sudo("admin_utils.set_chain_setting", setting="num_root_claims", value=50)
    econ.b.close()
    with pytest.raises(ValueError, match="num_root_claims must be in 0..50"):
        spec_from_json({**economy_spec().to_json(), "economics": {"num_root_claims": 51}})
