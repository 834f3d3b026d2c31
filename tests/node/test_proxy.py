"""Proxies (node.runtime.proxy): a delegate acts for its real account within its type, deposits are
reserved and released, pure proxies are derived as the chain derives them, delayed proxies announce
first; all replayed by node verify."""
from __future__ import annotations

import hashlib

from node import proxy_rules as rules
from node.builder import ChainBuilder, address_of
from node.replay import verify
from node.runtime import proxy as runtime_proxy
from tests.economics.conftest import Econ, economy_spec

TAO = 10**9


def _executed(events: list) -> dict:
    return dict(events)["proxy.ProxyExecuted"]


def test_staking_proxy_stakes_for_the_real_account_and_may_not_transfer(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    netuid = econ.new_subnet("alice", "owner1")
    bob, charlie = address_of("bob"), address_of("charlie")
    free_before = econ.b.free("bob")
    events = econ.ok("bob", "proxy.add_proxy", delegate=charlie, proxy_type="Staking", delay=0)
    deposit = rules.PROXY_DEPOSIT_BASE + rules.PROXY_DEPOSIT_FACTOR
    assert dict(events)["proxy.ProxyAdded"] == {"delegator": bob, "delegatee": charlie, "proxy_type": "Staking",
                                                 "delay": 0}
    fee = next(d["actual_fee"] for _, n, d in econ.b.last.events if n == "transaction_payment.TransactionFeePaid")
    assert econ.b.free("bob") == free_before - deposit - fee
    assert runtime_proxy.reserved(econ.b.chain.state, bob) == deposit
    bob_free = econ.b.free("bob")
    charlie_free = econ.b.free("charlie")
    stake = {"call": "subtensor.add_stake", "args": {"hotkey": address_of("owner1"), "netuid": netuid,
                                                      "amount_staked": 2 * TAO}}
    assert _executed(econ.ok("charlie", "proxy.proxy", real=bob, call=stake))["success"] is True
    assert econ.stake("bob", "owner1", netuid) > 0 and econ.stake("charlie", "owner1", netuid) == 0
    assert econ.b.free("bob") == bob_free - 2 * TAO  # the real account pays the stake
    assert econ.b.free("charlie") < charlie_free  # the delegate pays the fee
    transfer = {"call": "balances.transfer_keep_alive", "args": {"dest": charlie, "value": TAO}}
    result = _executed(econ.ok("charlie", "proxy.proxy", real=bob, call=transfer))
    assert result["success"] is False and result["error"] == "system.CallFiltered"
    # a failed inner call: its own failure in ProxyExecuted, nothing of it applied
    big = {"call": "balances.transfer_keep_alive", "args": {"dest": charlie, "value": 10**18}}
    econ.ok("bob", "proxy.add_proxy", delegate=charlie, proxy_type="Transfer", delay=0)
    result = _executed(econ.ok("charlie", "proxy.proxy", real=bob, force_proxy_type="Transfer", call=big))
    assert result == {"success": False, "error": "balances.InsufficientBalance", "message": result["message"]}
    assert econ.fails("dave", "proxy.proxy", real=bob, call=stake) == "proxy.NotProxy"
    assert econ.fails("bob", "proxy.add_proxy", delegate=bob, proxy_type="Any", delay=0) == "proxy.NoSelfProxy"
    assert econ.fails("bob", "proxy.add_proxy", delegate=charlie, proxy_type="Staking", delay=0) == "proxy.Duplicate"
    # a Staking proxy may not add an Any proxy for its real account (not a superset)
    add_any = {"call": "proxy.add_proxy", "args": {"delegate": address_of("dave"), "proxy_type": "Any", "delay": 0}}
    assert _executed(econ.ok("charlie", "proxy.proxy", real=bob, force_proxy_type="Staking",
                             call=add_any))["error"] == "system.CallFiltered"
    econ.ok("bob", "proxy.remove_proxies")
    assert runtime_proxy.proxies_of(econ.b.chain.state, bob) == ([], 0)
    assert runtime_proxy.reserved(econ.b.chain.state, bob) == 0
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_pure_proxy_create_fund_transfer_kill(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    bob = address_of("bob")
    events = econ.ok("bob", "proxy.create_pure", proxy_type="Any", delay=0, index=0)
    created = dict(events)["proxy.PureCreated"]
    height, ext_index = econ.b.chain.head.number, 0
    pure = created["pure"]
    assert created["who"] == bob and created["proxy_type"] == "Any"
    # the address is the pallet's: blake2-256("modlpy/proxy____" ++ who ++ height ++ ext ++ type ++ index)
    from wallet import ss58
    raw = (b"modlpy/proxy____" + ss58.decode(bob) + height.to_bytes(4, "little") + ext_index.to_bytes(4, "little")
           + bytes([0]) + (0).to_bytes(2, "little"))
    assert pure == ss58.encode(hashlib.blake2b(raw, digest_size=32).digest())
    econ.b.transfer("alice", pure, 5 * TAO).block()
    send = {"call": "balances.transfer_keep_alive", "args": {"dest": address_of("dave"), "value": TAO}}
    dave = econ.b.free("dave")
    assert _executed(econ.ok("bob", "proxy.proxy", real=pure, call=send))["success"]
    assert econ.b.free("dave") == dave + TAO
    kill = {"call": "proxy.kill_pure", "args": {"spawner": bob, "proxy_type": "Any", "index": 0, "height": height,
                                                 "ext_index": ext_index}}
    assert _executed(econ.ok("bob", "proxy.proxy", real=pure, call=kill))["success"]
    assert runtime_proxy.proxies_of(econ.b.chain.state, pure) == ([], 0)
    assert runtime_proxy.reserved(econ.b.chain.state, bob) == 0
    assert econ.fails("bob", "proxy.proxy", real=pure, call=send) == "proxy.NotProxy"
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_delayed_proxy_announces_then_executes(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    bob, charlie = address_of("bob"), address_of("charlie")
    econ.ok("bob", "proxy.add_proxy", delegate=charlie, proxy_type="Transfer", delay=2)
    send = {"call": "balances.transfer_keep_alive", "args": {"dest": address_of("dave"), "value": TAO}}
    assert econ.fails("charlie", "proxy.proxy", real=bob, call=send) == "proxy.Unannounced"
    digest = rules.call_hash(send["call"], send["args"])
    econ.ok("charlie", "proxy.announce", real=bob, call_hash=digest)
    assert runtime_proxy.reserved(econ.b.chain.state, charlie) == rules.ANNOUNCEMENT_DEPOSIT_BASE + \
        rules.ANNOUNCEMENT_DEPOSIT_FACTOR
    args = {"delegate": charlie, "real": bob, "call": send}
    assert econ.fails("dave", "proxy.proxy_announced", **args) == "proxy.Unannounced"  # too early
    econ.b.block()
    dave = econ.b.free("dave")
    assert _executed(econ.ok("dave", "proxy.proxy_announced", **args))["success"]
    assert econ.b.free("dave") > dave
    assert runtime_proxy.announcements_of(econ.b.chain.state, charlie) == ([], 0)
    assert runtime_proxy.reserved(econ.b.chain.state, charlie) == 0
    data_dir = econ.b.chain.data_dir
    econ.b.close()
    report = verify(data_dir)
    assert report.ok, report.problems


def test_type_filter_matches_the_runtime():
    assert rules.type_allows("SmallTransfer", "balances.transfer_keep_alive", {"value": TAO // 2 - 1})
    assert not rules.type_allows("SmallTransfer", "balances.transfer_keep_alive", {"value": TAO // 2})
    assert rules.type_allows("NonTransfer", "subtensor.add_stake", {})
    assert not rules.type_allows("NonTransfer", "subtensor.transfer_stake", {})
    assert not rules.type_allows("NonCritical", "subtensor.burned_register", {})
    assert rules.type_allows("Registration", "subtensor.burned_register", {})
    assert rules.type_allows("Owner", "subtensor.set_subnet_identity", {})
    assert rules.type_allows("ChildKeys", "subtensor.set_children", {})
    assert not rules.type_allows("Senate", "subtensor.add_stake", {})
    assert rules.is_superset("NonTransfer", "Staking") and not rules.is_superset("NonTransfer", "Transfer")
    assert rules.is_superset("Transfer", "SmallTransfer") and not rules.is_superset("Staking", "Any")
    assert not rules.allows("NonTransfer", "proxy.remove_proxies", {})
    batch = {"calls": [{"call": "subtensor.add_stake", "args": {}}, {"call": "balances.transfer_all", "args": {}}]}
    assert not rules.allows("NonTransfer", "utility.batch", batch)


def test_deposits_limits_and_withdrawn_announcements(tmp_path):
    econ = Econ(ChainBuilder(tmp_path / "chain", economy_spec()))
    bob, charlie = address_of("bob"), address_of("charlie")
    state = lambda: econ.b.chain.state
    for i in range(rules.MAX_PROXIES):
        econ.ok("bob", "proxy.add_proxy", delegate=address_of(f"d{i}"), proxy_type="Staking", delay=0)
    assert runtime_proxy.reserved(state(), bob) == rules.deposit(rules.MAX_PROXIES)
    assert econ.fails("bob", "proxy.add_proxy", delegate=charlie, proxy_type="Any", delay=0) == "proxy.TooMany"
    econ.ok("bob", "proxy.remove_proxy", delegate=address_of("d0"), proxy_type="Staking", delay=0)
    assert runtime_proxy.reserved(state(), bob) == rules.deposit(rules.MAX_PROXIES - 1)
    assert econ.fails("bob", "proxy.remove_proxy", delegate=address_of("d0"), proxy_type="Staking",
                      delay=0) == "proxy.NotFound"
    econ.ok("bob", "proxy.remove_proxies")
    assert runtime_proxy.reserved(state(), bob) == 0
    # a SmallTransfer proxy: below 0.5 TAO only
    econ.ok("bob", "proxy.add_proxy", delegate=charlie, proxy_type="SmallTransfer", delay=0)
    small = {"call": "balances.transfer_keep_alive", "args": {"dest": charlie, "value": TAO // 2 - 1}}
    large = {"call": "balances.transfer_keep_alive", "args": {"dest": charlie, "value": TAO // 2}}
    assert _executed(econ.ok("charlie", "proxy.proxy", real=bob, call=small))["success"]
    assert _executed(econ.ok("charlie", "proxy.proxy", real=bob, call=large))["error"] == "system.CallFiltered"
    # announcements: the delegate withdraws one, the real account rejects another; deposits follow
    econ.ok("bob", "proxy.add_proxy", delegate=charlie, proxy_type="Transfer", delay=10)
    h1, h2 = rules.call_hash(small["call"], small["args"]), rules.call_hash(large["call"], large["args"])
    econ.ok("charlie", "proxy.announce", real=bob, call_hash=h1)
    econ.ok("charlie", "proxy.announce", real=bob, call_hash=h2)
    assert runtime_proxy.reserved(state(), charlie) == rules.deposit(2, rules.ANNOUNCEMENT_DEPOSIT_BASE,
                                                                     rules.ANNOUNCEMENT_DEPOSIT_FACTOR)
    econ.ok("charlie", "proxy.remove_announcement", real=bob, call_hash=h1)
    econ.ok("bob", "proxy.reject_announcement", delegate=charlie, call_hash=h2)
    assert runtime_proxy.announcements_of(state(), charlie) == ([], 0)
    assert runtime_proxy.reserved(state(), charlie) == 0
    assert econ.fails("bob", "proxy.reject_announcement", delegate=charlie, call_hash=h2) == "proxy.NotFound"
    assert econ.fails("dave", "proxy.announce", real=bob, call_hash=h1) == "proxy.NotProxy"


def test_type_filter_on_key_swaps_and_owner_calls():
    for kind in ("NonTransfer", "NonCritical", "NonFungible"):
        assert not rules.type_allows(kind, "subtensor.swap_coldkey", {})
        assert not rules.type_allows(kind, "subtensor.announce_coldkey_swap", {})
    assert rules.type_allows("SwapHotkey", "subtensor.swap_hotkey", {})
    assert rules.type_allows("NonTransfer", "subtensor.swap_hotkey", {})
    assert not rules.type_allows("NonFungible", "subtensor.swap_hotkey", {})
    assert rules.type_allows("Staking", "subtensor.unstake_all", {})
    assert rules.type_allows("NonCritical", "subtensor.register_network", {})
    assert not rules.type_allows("NonFungible", "subtensor.register_network", {})
    assert rules.type_allows("Owner", "admin_utils.set_mechanism_count", {})
    assert not rules.type_allows("Owner", "admin_utils.set_sn_owner_hotkey", {})
    assert rules.type_allows("SubnetLeaseBeneficiary", "admin_utils.set_hyperparameter", {"parameter": "kappa"})
    assert not rules.type_allows("SubnetLeaseBeneficiary", "admin_utils.set_hyperparameter", {"parameter": "tempo"})
