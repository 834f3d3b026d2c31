"""Stake amounts worth less than one share of a hotkey's pool (integer shares, ⌊a·S/A⌋ minted):
a user's add, move or transfer that would mint no share is refused before anything changes, and
no path ever writes a zero-share stake row (the economics check after every block says so)."""
from __future__ import annotations

from node.builder import ChainBuilder, address_of
from node.runtime import economy as eco
from node.runtime import staking
from tests.economics.conftest import Econ, economy_spec

TAO = 10**9


def _pricey_share_pool(tmp_path):
    """A subnet where owner1's pool holds 3 alpha rao per share (dividends raised it), min_stake 0."""
    b = ChainBuilder(tmp_path / "chain", economy_spec(min_stake=0))
    econ = Econ(b)
    netuid = econ.new_subnet()
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("owner1"), netuid=netuid, amount_staked=TAO)
    state = b.chain.state
    alpha, shares = staking.hotkey_pool(state, netuid, address_of("owner1"))
    gift = 2 * alpha  # as epoch dividends do: alpha into the pool, no shares minted
    staking.add_to_hotkey_pool(state, netuid, address_of("owner1"), gift, address_of("alice"))
    s = eco.subnet(state, netuid)
    s.alpha_out += gift
    eco.save_subnet(state, s)
    b.block()
    return b, econ, netuid


def test_transfer_stake_of_one_alpha_rao_is_refused_not_a_zero_share_row(tmp_path):
    b, econ, netuid = _pricey_share_pool(tmp_path)
    hotkey = address_of("owner1")
    before = econ.stake("bob", "owner1", netuid)
    for call, args in (("subtensor.transfer_stake", dict(destination_coldkey=address_of("dave"), hotkey=hotkey)),
                       ("subtensor.move_stake", dict(origin_hotkey=hotkey, destination_hotkey=hotkey))):
        error = econ.fails("bob", call, origin_netuid=netuid, destination_netuid=netuid, alpha_amount=1, **args)
        assert error == "subtensor.AmountTooLow"
        assert "share" in b.last.results[-1].message
    assert econ.stake("bob", "owner1", netuid) == before
    assert b.chain.state.get("stake", f"{address_of('dave')}:{hotkey}:{netuid}") is None
    # an amount worth a share still moves
    econ.ok("bob", "subtensor.transfer_stake", destination_coldkey=address_of("dave"), hotkey=hotkey,
            origin_netuid=netuid, destination_netuid=netuid, alpha_amount=30)
    assert econ.stake("dave", "owner1", netuid) > 0
    b.close()


def test_a_credit_below_one_share_writes_no_row(tmp_path):
    """Internal credits (dividends, claims) round to no share: the alpha joins the pool, no row."""
    b, econ, netuid = _pricey_share_pool(tmp_path)
    state = b.chain.state
    hotkey, dave = address_of("owner1"), address_of("dave")
    pool_alpha, _ = staking.hotkey_pool(state, netuid, hotkey)
    staking.credit_stake(state, dave, hotkey, netuid, 1)
    s = eco.subnet(state, netuid)
    s.alpha_out += 1
    eco.save_subnet(state, s)
    assert state.get("stake", f"{dave}:{hotkey}:{netuid}") is None
    assert staking.hotkey_pool(state, netuid, hotkey)[0] == pool_alpha + 1
    b.block()  # the economics check runs on the committed block
    b.close()
