"""Key swaps on a builder chain: swap_hotkey everywhere and on one subnet (checks in the chain's
order, what moves: uid, stake of every staker, root stake and its claim ledger, owner hotkey,
children, take), the coldkey swap's announcement, delay, guard, clear and dispute, what the swap
moves (balance, stakes, hotkeys, subnet ownership, identity), and a replay (`btcli node verify`).
The builder checks the issuance and alpha identities and the state root after every block."""
from __future__ import annotations

from node.builder import ChainBuilder, address_of
from node.replay import verify
from node.runtime import balances, staking
from node.runtime import economy as eco
from node.runtime.swap_coldkey import coldkey_hash
from node.runtime.swap_hotkey import KEY_SWAP_COST, KEY_SWAP_ON_SUBNET_COST
from tests.economics.conftest import TAO, Econ, economy_spec

MAX = 2**64 - 1


def _econ(tmp_path, **settings) -> Econ:
    base = {"set_children_rate_limit": 0, "pending_childkey_cooldown": 0, "coldkey_swap_announcement_delay": 5,
            "coldkey_swap_reannouncement_delay": 3}
    return Econ(ChainBuilder(tmp_path / "chain", economy_spec(**{**base, **settings})))


def _state(econ):
    return econ.b.chain.state


def test_swap_hotkey_everywhere_moves_uid_stake_root_and_roles(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("alice", "owner1")
    old, new, other = address_of("bob-hk"), address_of("bob-hk2"), address_of("charlie-hk")
    econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=old)
    econ.ok("bob", "subtensor.add_stake", hotkey=old, netuid=netuid, amount_staked=20 * TAO)
    econ.ok("eve", "subtensor.add_stake", hotkey=old, netuid=netuid, amount_staked=5 * TAO)
    econ.ok("bob", "subtensor.add_stake", hotkey=old, netuid=0, amount_staked=3 * TAO)
    econ.ok("charlie", "subtensor.burned_register", netuid=netuid, hotkey=other)
    uid = eco.uid_of(_state(econ), netuid, old)
    before = {w: econ.stake(w, "bob-hk", netuid) for w in ("bob", "eve")}
    root_before = econ.stake("bob", "bob-hk", 0)

    def fails(who, hotkey=old, new_hotkey=new, **kw):
        return econ.fails(who, "subtensor.swap_hotkey", hotkey=hotkey, new_hotkey=new_hotkey, **kw)

    assert fails("charlie") == "subtensor.NonAssociatedColdKey"
    assert fails("bob", new_hotkey=other) == "subtensor.NonAssociatedColdKey"
    assert fails("bob", new_hotkey=old) == "subtensor.NewHotKeyIsSameWithOld"
    free = balances.account(_state(econ), address_of("bob"))[0]
    issuance = econ.b.issuance()
    events = dict(econ.ok("bob", "subtensor.swap_hotkey", hotkey=old, new_hotkey=new))
    assert events["subtensor.HotkeySwapped"] == {"coldkey": address_of("bob"), "old_hotkey": old, "new_hotkey": new}
    state = _state(econ)
    fee = free - balances.account(state, address_of("bob"))[0] - KEY_SWAP_COST
    assert 0 < fee < TAO // 100, "the swap cost is recycled, plus the fee"
    assert econ.b.issuance() <= issuance - KEY_SWAP_COST
    assert eco.uid_of(state, netuid, new) == uid and eco.uid_of(state, netuid, old) is None
    assert state.get("neurons", eco.neuron_key(netuid, uid))[0] == new
    assert staking.hotkey_owner(state, new) == address_of("bob") and staking.hotkey_owner(state, old) is None
    assert {w: econ.stake(w, "bob-hk2", netuid) for w in ("bob", "eve")} == before
    assert econ.stake("bob", "bob-hk", netuid) == 0 and econ.stake("bob", "bob-hk2", 0) == root_before
    # the coldkey's next key swap waits TxRateLimit blocks
    assert fails("bob", hotkey=new, new_hotkey=address_of("bob-hk3")) == "subtensor.HotKeySetTxRateLimitExceeded"
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_swap_hotkey_on_one_subnet_keeps_the_old_elsewhere(tmp_path):
    econ = _econ(tmp_path, tx_rate_limit=0)
    a = econ.new_subnet("alice", "owner1")
    b = econ.new_subnet("alice", "owner2")
    old, new = address_of("bob-hk"), address_of("bob-hk2")
    for n in (a, b):
        econ.ok("bob", "subtensor.burned_register", netuid=n, hotkey=old)
    econ.ok("bob", "subtensor.add_stake", hotkey=old, netuid=a, amount_staked=4 * TAO)
    econ.ok("bob", "subtensor.set_children", hotkey=old, netuid=a, children=[[MAX // 2, address_of("kid")]])
    econ.b.block(2)
    taken = address_of("bob-hk3")
    econ.ok("bob", "subtensor.burned_register", netuid=b, hotkey=taken)
    assert econ.fails("bob", "subtensor.swap_hotkey", hotkey=old, new_hotkey=taken) == "subtensor.HotKeyAlreadyRegisteredInSubNet"
    free = balances.account(_state(econ), address_of("bob"))[0]
    events = dict(econ.ok("bob", "subtensor.swap_hotkey", hotkey=old, new_hotkey=new, netuid=a))
    assert events["subtensor.HotkeySwappedOnSubnet"]["netuid"] == a
    state = _state(econ)
    assert free - balances.account(state, address_of("bob"))[0] > KEY_SWAP_ON_SUBNET_COST
    assert eco.uid_of(state, a, new) is not None and eco.uid_of(state, a, old) is None
    assert eco.uid_of(state, b, old) is not None, "the other subnet keeps the old hotkey"
    assert staking.hotkey_owner(state, old) == staking.hotkey_owner(state, new) == address_of("bob")
    assert econ.stake("bob", "bob-hk2", a) > 0 and econ.stake("bob", "bob-hk", a) == 0
    from node.runtime import childkeys

    pending = childkeys.pending_of(state, a, new)
    children = childkeys.children_of(state, a, new) or (pending[0] if pending else [])
    assert [c for _, c in children] == [address_of("kid")]
    # one hotkey swap per subnet per HotkeySwapOnSubnetInterval
    assert econ.fails("bob", "subtensor.swap_hotkey", hotkey=new, new_hotkey=address_of("bob-hk4"),
                      netuid=a) == "subtensor.HotKeySwapOnSubnetIntervalNotPassed"
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    assert verify(data_dir).ok


def test_coldkey_swap_announce_wait_execute(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("bob", "bob-owner")
    hk = address_of("bob-hk")
    econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=hk)
    econ.ok("bob", "subtensor.add_stake", hotkey=hk, netuid=netuid, amount_staked=6 * TAO)
    econ.ok("bob", "subtensor.add_stake", hotkey=hk, netuid=0, amount_staked=2 * TAO)
    econ.ok("bob", "subtensor.set_identity", name="bob", url="", github_repo="", image="", discord="",
            description="", additional="")
    new = address_of("bob-new-cold")
    assert econ.fails("bob", "subtensor.swap_coldkey_announced", new_coldkey=new) == "subtensor.ColdkeySwapAnnouncementNotFound"
    free = balances.account(_state(econ), address_of("bob"))[0]
    events = dict(econ.ok("bob", "subtensor.announce_coldkey_swap", new_coldkey_hash=coldkey_hash(new)))
    assert events["subtensor.ColdkeySwapAnnounced"]["new_coldkey_hash"] == coldkey_hash(new)
    assert free - balances.account(_state(econ), address_of("bob"))[0] > KEY_SWAP_COST
    # other calls are refused while the announcement stands
    assert econ.fails("bob", "subtensor.add_stake", hotkey=hk, netuid=netuid, amount_staked=TAO) == "subtensor.ColdkeySwapAnnounced"
    assert econ.fails("bob", "subtensor.swap_coldkey_announced", new_coldkey=address_of("x")) == "subtensor.AnnouncedColdkeyHashDoesNotMatch"
    assert econ.fails("bob", "subtensor.swap_coldkey_announced", new_coldkey=new) == "subtensor.ColdkeySwapTooEarly"
    assert econ.fails("bob", "subtensor.announce_coldkey_swap",
                      new_coldkey_hash=coldkey_hash(new)) == "subtensor.ColdkeySwapReannouncedTooEarly"
    when = _state(econ).get("coldkey_swap_announcements", address_of("bob"))[0]
    while econ.b.chain.head.number + 1 < when:
        econ.b.block()
    old_stakes = {n: econ.stake("bob", "bob-hk", n) for n in (0, netuid)}
    free = balances.account(_state(econ), address_of("bob"))[0]
    events = dict(econ.ok("bob", "subtensor.swap_coldkey_announced", new_coldkey=new))
    assert events["subtensor.ColdkeySwapped"] == {"old_coldkey": address_of("bob"), "new_coldkey": new}
    state = _state(econ)
    assert balances.account(state, address_of("bob"))[0] == 0
    assert balances.account(state, new)[0] > free - TAO // 100
    assert {n: staking.stake_alpha(state, new, hk, n) for n in (0, netuid)} == old_stakes
    assert staking.hotkey_owner(state, hk) == new and staking.hotkey_owner(state, address_of("bob-owner")) == new
    assert eco.subnet(state, netuid).owner_coldkey == new
    assert state.get("identities", new) is not None and state.get("identities", address_of("bob")) is None
    assert state.get("neurons", eco.neuron_key(netuid, eco.uid_of(state, netuid, hk)))[1] == new
    assert state.get("coldkey_swap_announcements", address_of("bob")) is None
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_clear_dispute_and_reset(tmp_path):
    econ = _econ(tmp_path)
    new_hash = coldkey_hash(address_of("dave-new"))
    assert econ.fails("dave", "subtensor.clear_coldkey_swap_announcement") == "subtensor.ColdkeySwapAnnouncementNotFound"
    econ.ok("dave", "subtensor.announce_coldkey_swap", new_coldkey_hash=new_hash)
    assert econ.fails("dave", "subtensor.clear_coldkey_swap_announcement") == "subtensor.ColdkeySwapClearTooEarly"
    when = _state(econ).get("coldkey_swap_announcements", address_of("dave"))[0]
    while econ.b.chain.head.number + 1 < when + 3:
        econ.b.block()
    assert [n for n, _ in econ.ok("dave", "subtensor.clear_coldkey_swap_announcement")] == ["subtensor.ColdkeySwapCleared"]
    econ.ok("dave", "balances.transfer_keep_alive", dest=address_of("eve"), value=TAO)  # free again
    econ.ok("dave", "subtensor.announce_coldkey_swap", new_coldkey_hash=new_hash)
    econ.ok("dave", "subtensor.dispute_coldkey_swap")
    assert econ.fails("dave", "subtensor.clear_coldkey_swap_announcement") == "subtensor.ColdkeySwapDisputed"
    econ.sudo("subtensor.reset_coldkey_swap", coldkey=address_of("dave"))
    assert _state(econ).get("coldkey_swap_disputes", address_of("dave")) is None
    econ.ok("dave", "balances.transfer_keep_alive", dest=address_of("eve"), value=TAO)
    econ.b.close()


def test_swap_onto_a_hotkey_with_stake_merges_the_pools(tmp_path):
    econ = _econ(tmp_path)
    netuid = econ.new_subnet("alice", "owner1")
    old, new = address_of("bob-hk"), address_of("bob-hk2")
    econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=old)
    econ.ok("bob", "subtensor.try_associate_hotkey", hotkey=new)
    econ.ok("bob", "subtensor.add_stake", hotkey=old, netuid=netuid, amount_staked=7 * TAO)
    econ.ok("eve", "subtensor.add_stake", hotkey=old, netuid=netuid, amount_staked=2 * TAO)
    econ.ok("eve", "subtensor.add_stake", hotkey=new, netuid=netuid, amount_staked=3 * TAO)
    before = {w: econ.stake(w, "bob-hk", netuid) + econ.stake(w, "bob-hk2", netuid) for w in ("bob", "eve")}
    econ.ok("bob", "subtensor.swap_hotkey", hotkey=old, new_hotkey=new)
    after = {w: econ.stake(w, "bob-hk2", netuid) for w in ("bob", "eve")}
    # value for value (a share's rounding), plus whatever the block's emission added to the pool
    assert all(before[w] - 2 <= after[w] <= before[w] * 1.01 for w in before), (before, after)
    assert staking.hotkey_pool(_state(econ), netuid, old) == (0, 0)
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    assert verify(data_dir).ok


def test_swap_hotkey_moves_weight_commits(tmp_path):
    econ = _econ(tmp_path, stake_threshold=0)
    netuid = econ.new_subnet("alice", "owner1")
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="commit_reveal_weights_enabled", value=True)
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="weights_rate_limit", value=0)
    old, new = address_of("bob-hk"), address_of("bob-hk2")
    econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=old)
    econ.ok("bob-hk", "subtensor.commit_weights", netuid=netuid, commit_hash="0x" + "ab" * 32)
    committed = _state(econ).get("weight_commits", f"{netuid}:{old}")
    assert committed is not None
    econ.ok("bob", "subtensor.swap_hotkey", hotkey=old, new_hotkey=new, netuid=netuid)
    assert _state(econ).get("weight_commits", f"{netuid}:{new}") == committed
    assert _state(econ).get("weight_commits", f"{netuid}:{old}") is None
    econ.b.close()
