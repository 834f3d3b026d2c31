"""try_associate_hotkey: the signer becomes the owner of an unowned hotkey; an owned one is left as
it is (the call succeeds and changes nothing, as on the chain); replayed by node verify."""
from __future__ import annotations

from node.builder import ChainBuilder, address_of
from node.replay import verify
from node.runtime import staking
from tests.economics.conftest import Econ, economy_spec


def test_associate_an_unowned_hotkey_only(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    hk = address_of("fresh-hk")
    assert econ.ok("bob", "subtensor.try_associate_hotkey", hotkey=hk) == []  # no event, as on the chain
    assert staking.hotkey_owner(econ.b.chain.state, hk) == address_of("bob")
    econ.ok("charlie", "subtensor.try_associate_hotkey", hotkey=hk)  # succeeds, changes nothing
    assert staking.hotkey_owner(econ.b.chain.state, hk) == address_of("bob")
    # the bound hotkey is bob's: charlie cannot register it
    netuid = econ.new_subnet("alice", "owner1")
    assert econ.fails("charlie", "subtensor.burned_register", netuid=netuid, hotkey=hk) == "subtensor.NonAssociatedColdKey"
    econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=hk)
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems
