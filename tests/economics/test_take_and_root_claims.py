"""Per-hotkey validator take and root dividends through RootClaimable (spec §2.6) on a builder chain.

The builder checks after every block: issuance = free + Σ SubnetTAO, the alpha books
(alpha_out = Σ pools + pending + protocol alpha + root escrow), Σ owed root claims ≤ escrow,
share sums and the state root.
"""
from __future__ import annotations

import pytest

from consensus import params as hp
from node.builder import ChainBuilder, address_of
from node.pool import Refused
from node.runtime import root_claim, take
from tests.economics.conftest import TAO, Econ, economy_spec
from tests.economics.test_weights_epoch import _register, _subnet, _until_epoch


def _econ(tmp_path, **settings) -> Econ:
    return Econ(ChainBuilder(tmp_path / "chain", economy_spec(**settings)))


def _events(econ, name: str) -> list[dict]:
    return [d for _, n, d in econ.b.last.events if n == name]


# -- take ---------------------------------------------------------------------------------------
def test_take_checks_in_the_chains_order(tmp_path):
    econ = _econ(tmp_path, delegate_take_rate_limit=20)
    netuid = _subnet(econ)
    _register(econ, netuid, "bob", "val1")
    val1 = address_of("val1")
    assert take.take_of(econ.b.chain.state, val1) == hp.DEFAULT_TAKE == 11_796
    # bounds come first (the chain's dispatch guard), then the hotkey and its owner
    assert econ.fails("charlie", "subtensor.increase_take", hotkey=val1, take=11_797) == "subtensor.DelegateTakeTooHigh"
    assert econ.fails("charlie", "subtensor.decrease_take", hotkey=val1, take=100) == "subtensor.NonAssociatedColdKey"
    assert econ.fails("bob", "subtensor.decrease_take", hotkey=address_of("nobody"), take=100) == \
        "subtensor.HotKeyAccountNotExists"
    assert econ.fails("bob", "subtensor.increase_take", hotkey=val1, take=11_796) == "subtensor.DelegateTakeTooLow"
    with pytest.raises(Refused, match="0..65535"):
        econ.b.submit("bob", "subtensor.increase_take", {"hotkey": val1, "take": 70_000})
    events = dict(econ.ok("bob", "subtensor.decrease_take", hotkey=val1, take=5_000))
    changed_at = econ.b.chain.head.number
    assert events["subtensor.TakeDecreased"] == {"coldkey": address_of("bob"), "hotkey": val1, "take": 5_000}
    assert econ.fails("bob", "subtensor.decrease_take", hotkey=val1, take=5_000) == "subtensor.DelegateTakeTooLow"
    assert econ.fails("bob", "subtensor.increase_take", hotkey=val1, take=4_000) == "subtensor.DelegateTakeTooLow"
    # a raise waits until block − last change > the rate limit (a decrease also restarts it)
    assert econ.fails("bob", "subtensor.increase_take", hotkey=val1, take=6_000) == "subtensor.DelegateTxRateLimitExceeded"
    assert take.next_increase_block(econ.b.chain.state, val1) == changed_at + 21
    econ.b.block(changed_at + 19 - econ.b.chain.head.number)
    assert econ.fails("bob", "subtensor.increase_take", hotkey=val1, take=6_000) == "subtensor.DelegateTxRateLimitExceeded"
    assert econ.b.chain.head.number == changed_at + 20
    assert take.take_of(econ.b.chain.state, val1) == 5_000, "failed calls change nothing"
    econ.ok("bob", "subtensor.increase_take", hotkey=val1, take=6_000)
    assert take.take_of(econ.b.chain.state, val1) == 6_000
    econ.ok("bob", "subtensor.decrease_take", hotkey=val1, take=0)
    assert take.take_of(econ.b.chain.state, val1) == 0
    econ.b.close()


def test_a_lower_take_gives_nominators_more(econ):
    """One validator (bob's val1, nominated by eve): at the default take the owner gains more per
    alpha staked than the nominator; at take 0 both gain the same per alpha."""
    netuid = _subnet(econ)
    _register(econ, netuid, "bob", "val1")
    val1 = address_of("val1")
    econ.ok("bob", "subtensor.add_stake", hotkey=val1, netuid=netuid, amount_staked=100 * TAO)
    econ.ok("eve", "subtensor.add_stake", hotkey=val1, netuid=netuid, amount_staked=100 * TAO)
    _until_epoch(econ, netuid)

    def one_epoch() -> tuple[float, float, dict]:
        bob0, eve0 = econ.stake("bob", "val1", netuid), econ.stake("eve", "val1", netuid)
        _until_epoch(econ, netuid)
        paid = _events(econ, "subtensor.EmissionDistributed")[0]
        return (econ.stake("bob", "val1", netuid) - bob0) / bob0, (econ.stake("eve", "val1", netuid) - eve0) / eve0, paid

    bob_rate, eve_rate, before = one_epoch()
    assert before["dividends"] > 0 and before["validator_take"] > 0
    assert bob_rate > eve_rate * 1.1
    econ.ok("bob", "subtensor.decrease_take", hotkey=val1, take=0)
    _until_epoch(econ, netuid)  # the epoch in which the change landed
    bob_rate, eve_rate, after = one_epoch()
    assert after["dividends"] > 0 and after["validator_take"] < before["validator_take"] / 5  # the owner hotkey's take
    assert bob_rate == pytest.approx(eve_rate, rel=1e-6)


# -- root claims ------------------------------------------------------------------------------------
@pytest.fixture
def rooted(tmp_path):
    """Two subnets whose EMA prices follow spot (so Σ EMA > 1 and root dividends are paid), a
    validator val1 (bob) with alpha stake on subnet A and root stake from charlie (100 TAO) and
    dave (300 TAO); epochs have run until val1 has root dividends waiting. Auto-claims are off
    (num_root_claims 0): these tests claim by hand (tests/economics/test_auto_claim.py has them on)."""
    econ = _econ(tmp_path, subnet_moving_alpha=2**32, root_claim_threshold=0, num_root_claims=0)
    a, b = _subnet(econ), _subnet(econ)
    for n in (a, b):
        econ.sudo("admin_utils.set_hyperparameter", netuid=n, parameter="ema_price_halving_blocks", value=1)
    _register(econ, a, "bob", "val1")
    val1 = address_of("val1")
    econ.ok("bob", "subtensor.add_stake", hotkey=val1, netuid=a, amount_staked=50 * TAO)
    econ.ok("charlie", "subtensor.add_stake", hotkey=val1, netuid=0, amount_staked=100 * TAO)
    econ.ok("dave", "subtensor.add_stake", hotkey=val1, netuid=0, amount_staked=300 * TAO)
    for _ in range(20):
        _until_epoch(econ, a)
        if root_claim.escrow(econ.b.chain.state, a):
            break
    assert root_claim.escrow(econ.b.chain.state, a) > 0, "root dividends reached the escrow"
    yield econ, a, b
    econ.b.close()


def _owed(econ, cold: str, netuid: int, hot: str = "val1") -> int:
    return root_claim.owed(econ.b.chain.state, address_of(cold), address_of(hot), netuid)


def test_root_dividends_wait_in_the_escrow_pro_rata_to_root_stake(rooted):
    econ, a, b = rooted
    paid = _events(econ, "subtensor.EmissionDistributed")[0]
    assert paid["root_dividends"] > 0 and paid["root_recycled"] == 0
    charlie, dave = _owed(econ, "charlie", a), _owed(econ, "dave", a)
    assert charlie > 0 and abs(dave - 3 * charlie) <= 3
    assert charlie + dave <= root_claim.escrow(econ.b.chain.state, a) <= charlie + dave + 2
    assert _owed(econ, "charlie", b) == 0, "no validator with root stake on subnet B: its root alpha is recycled"
    rate = root_claim.rates(econ.b.chain.state, address_of("val1"))[a]
    assert charlie == rate * 100 * TAO // root_claim.ONE


def test_swap_claim_stakes_the_sold_alpha_on_root(rooted):
    econ, a, _ = rooted
    state = econ.b.chain.state
    owed = _owed(econ, "charlie", a)
    escrow0, pool0, root0 = root_claim.escrow(state, a), econ.state_subnet(a), econ.state_subnet(0)
    stake0 = econ.stake("charlie", "val1", 0)
    events = dict(econ.ok("charlie", "subtensor.claim_root", subnets=[a]))
    (claim,) = events["subtensor.RootClaimed"]["claims"]
    assert claim["alpha"] == owed and not claim["kept"] and claim["tao"] > 0
    assert econ.stake("charlie", "val1", 0) == stake0 + claim["tao"]
    assert root_claim.escrow(econ.b.chain.state, a) == escrow0 - claim["alpha"]
    pool1, root1 = econ.state_subnet(a), econ.state_subnet(0)
    assert pool1.volume - pool0.volume >= claim["tao"], "sold through the subnet's pool (which also got emission)"
    assert root1.tao_in == root0.tao_in + claim["tao"]
    assert _owed(econ, "charlie", a) == 0, "the new root stake from the swap claims nothing old"
    assert econ.fails("charlie", "subtensor.claim_root", subnets=[]) == "subtensor.InvalidSubnetNumber"
    assert econ.fails("charlie", "subtensor.claim_root", subnets=[1, 2, 3, 4, 5, 6]) == "subtensor.InvalidSubnetNumber"


def test_keep_and_keep_subnets_claims_stay_alpha_on_the_subnet(rooted):
    econ, a, b = rooted
    owed = _owed(econ, "dave", a)
    assert econ.fails("dave", "subtensor.set_root_claim_type",
                      new_root_claim_type={"KeepSubnets": {"subnets": []}}) == "subtensor.InvalidSubnetNumber"
    with pytest.raises(Refused, match="KeepSubnets"):
        econ.b.submit("dave", "subtensor.set_root_claim_type", {"new_root_claim_type": "Hold"})
    events = dict(econ.ok("dave", "subtensor.set_root_claim_type", new_root_claim_type={"KeepSubnets": {"subnets": [a]}}))
    assert events["subtensor.RootClaimTypeSet"]["root_claim_type"] == "KeepSubnets"
    assert root_claim.claim_type(econ.b.chain.state, address_of("dave")) == ("KeepSubnets", [a])
    alpha0, root0 = econ.stake("dave", "val1", a), econ.stake("dave", "val1", 0)
    events = dict(econ.ok("dave", "subtensor.claim_root", subnets=[a, b]))
    (claim,) = events["subtensor.RootClaimed"]["claims"]
    assert claim["kept"] and claim["alpha"] == owed and claim["netuid"] == a
    assert econ.stake("dave", "val1", a) - alpha0 in (owed, owed - 1)  # the share floor
    assert econ.stake("dave", "val1", 0) == root0
    econ.ok("dave", "subtensor.set_root_claim_type", new_root_claim_type="Swap")
    assert econ.b.chain.state.get("root_claim_type", address_of("dave")) is None, "Swap is the default: no row"


def test_new_root_stake_does_not_claim_old_dividends(rooted):
    econ, a, _ = rooted
    econ.ok("ferdie", "subtensor.add_stake", hotkey=address_of("val1"), netuid=0, amount_staked=400 * TAO)
    assert _owed(econ, "ferdie", a) == 0
    dave0 = _owed(econ, "dave", a)
    econ.ok("ferdie", "subtensor.claim_root", subnets=[a])
    assert _events(econ, "subtensor.RootClaimed")[0]["claims"] == []
    _until_epoch(econ, a)
    gained_dave = _owed(econ, "dave", a) - dave0
    assert gained_dave > 0 and abs(_owed(econ, "ferdie", a) - gained_dave * 4 // 3) <= 4, \
        "from now on ferdie earns pro rata to its root stake"


def test_unstaking_root_keeps_what_was_owed(rooted):
    econ, a, _ = rooted
    owed = _owed(econ, "charlie", a)
    econ.ok("charlie", "subtensor.remove_stake", hotkey=address_of("val1"), netuid=0, amount_unstaked=100 * TAO)
    assert econ.stake("charlie", "val1", 0) == 0 and _owed(econ, "charlie", a) == owed
    _until_epoch(econ, a)
    assert _owed(econ, "charlie", a) == owed, "no root stake: nothing new accrues"
    econ.ok("charlie", "subtensor.set_root_claim_type", new_root_claim_type="Keep")
    events = dict(econ.ok("charlie", "subtensor.claim_root", subnets=[a]))
    assert events["subtensor.RootClaimed"]["claims"][0]["alpha"] == owed
    assert _owed(econ, "charlie", a) == 0
    assert econ.b.chain.state.get("root_claimed", address_of("charlie")) is None, "nothing left to remember"


def test_root_claim_threshold_skips_small_claims(rooted):
    econ, a, _ = rooted
    owed = _owed(econ, "charlie", a)
    econ.sudo("admin_utils.set_chain_setting", setting="root_claim_threshold", value=owed + 10**12)
    events = dict(econ.ok("charlie", "subtensor.claim_root", subnets=[a]))
    assert events["subtensor.RootClaimed"]["claims"] == [] and _owed(econ, "charlie", a) == owed


def test_the_take_of_root_dividends_follows_the_hotkeys_take(rooted):
    """val1 is the only hotkey with root stake, so all root dividends are its: its take
    ⌊r·take/65535⌋ is staked as alpha to bob, the rest goes to the escrow; at take 0, all of it."""
    econ, a, _ = rooted
    val1 = address_of("val1")

    def escrowed_in_one_epoch() -> tuple[int, int]:
        escrow0 = root_claim.escrow(econ.b.chain.state, a)
        _until_epoch(econ, a)
        paid = _events(econ, "subtensor.EmissionDistributed")[0]
        assert paid["root_dividends"] > 0
        return root_claim.escrow(econ.b.chain.state, a) - escrow0, paid["root_dividends"]

    escrowed, root_dividends = escrowed_in_one_epoch()
    assert escrowed == root_dividends - root_dividends * hp.DEFAULT_TAKE // 65535
    econ.ok("bob", "subtensor.decrease_take", hotkey=val1, take=0)
    _until_epoch(econ, a)
    escrowed, root_dividends = escrowed_in_one_epoch()
    assert escrowed == root_dividends
