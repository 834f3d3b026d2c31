"""Auto-stake destinations (node.runtime.auto_stake): set_coldkey_auto_stake_hotkey's checks, the
epoch staking a miner's incentive to its coldkey's destination hotkey, the read model, and replay."""
from __future__ import annotations

from node.builder import address_of
from node.read_model.stakes import auto_stake
from node.reader import View
from node.replay import verify
from tests.economics.conftest import TAO
from tests.economics.test_weights_epoch import _register, _subnet, _until_epoch


def test_incentive_lands_on_the_destination_hotkey(econ):
    netuid = _subnet(econ)
    uids = {name: _register(econ, netuid, cold, name) for name, cold in
            (("val1", "bob"), ("m1", "charlie"), ("m1b", "charlie"), ("m2", "dave"))}
    econ.ok("bob", "subtensor.add_stake", hotkey=address_of("val1"), netuid=netuid, amount_staked=100 * TAO)
    # the chain's checks, in its order
    assert econ.fails("charlie", "subtensor.set_coldkey_auto_stake_hotkey", netuid=99,
                      hotkey=address_of("m1b")) == "subtensor.SubnetNotExists"
    assert econ.fails("charlie", "subtensor.set_coldkey_auto_stake_hotkey", netuid=netuid,
                      hotkey=address_of("nobody")) == "subtensor.HotKeyNotRegisteredInSubNet"
    # any registered hotkey will do, not only the coldkey's own (m2 is dave's)
    events = econ.ok("charlie", "subtensor.set_coldkey_auto_stake_hotkey", netuid=netuid, hotkey=address_of("m2"))
    assert ("subtensor.AutoStakeDestinationSet", {"coldkey": address_of("charlie"), "netuid": netuid,
                                                  "hotkey": address_of("m2")}) in events
    econ.ok("charlie", "subtensor.set_coldkey_auto_stake_hotkey", netuid=netuid, hotkey=address_of("m1b"))
    assert econ.fails("charlie", "subtensor.set_coldkey_auto_stake_hotkey", netuid=netuid,
                      hotkey=address_of("m1b")) == "subtensor.SameAutoStakeHotkeyAlreadySet"
    view = View(econ.b.chain.reader.conn())
    assert auto_stake(view, address_of("charlie"))["destinations"] == {str(netuid): address_of("m1b")}
    assert auto_stake(view, address_of("dave"))["destinations"] == {}

    _until_epoch(econ, netuid)  # val1 gets its permit
    econ.ok("val1", "subtensor.set_weights", netuid=netuid, dests=[uids["m1"], uids["m2"]], weights=[40000, 20000],
            version_key=0)
    added = []
    for _ in range(3):
        _until_epoch(econ, netuid)
        added += [d for _, n, d in econ.b.last.events if n == "subtensor.AutoStakeAdded"]
    assert econ.stake("charlie", "m1", netuid) == 0, "m1's incentive went to charlie's destination"
    assert econ.stake("charlie", "m1b", netuid) > 0
    assert econ.stake("dave", "m2", netuid) > 0, "dave set no destination: his miner keeps its incentive"
    assert econ.stake("charlie", "m2", netuid) == 0
    assert added and all(d["destination"] == address_of("m1b") and d["hotkey"] == address_of("m1")
                         and d["owner"] == address_of("charlie") and d["incentive"] > 0 for d in added)
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems
