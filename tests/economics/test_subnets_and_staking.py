"""Subnets, staking, registration and hyperparameters through the node (in-process builder):
named errors, exact pool maths, shares, lock and burn costs, pruning, axons. The builder checks
the issuance identity and the economy's books after every block."""
from __future__ import annotations

from node.builder import address_of as A
from node.runtime import balances
from consensus import pool as amm
from consensus import registration as reg
from tests.economics.conftest import TAO


def test_root_exists_at_genesis_and_swaps_one_to_one(econ):
    root = econ.subnet(0)
    assert root["name"] == "root" and root["price"] == 1.0
    econ.new_subnet("alice", "owner1")  # gives owner1 an owner: root stake needs a known hotkey
    before = econ.b.free("bob")
    econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=0, amount_staked=5 * TAO)
    assert econ.stake("bob", "owner1", 0) == 5 * TAO
    assert econ.subnet(0)["tao_in"] == 5 * TAO
    assert before - econ.b.free("bob") - 5 * TAO == econ.b.last.events[0][2]["actual_fee"]


def test_register_network_locks_into_the_pool_and_doubles_the_lock(econ):
    issuance = econ.b.issuance()
    netuid = econ.new_subnet("alice", "owner1", start=False)
    s = econ.subnet(netuid)
    assert netuid == 1 and s["tao_in"] == s["lock_paid"] == 100 * TAO and s["owner_hotkey"] == A("owner1")
    assert s["neurons"] == 1 and s["burn"] == reg.INITIAL_NEURON_BURN
    assert issuance - econ.b.issuance() < TAO  # only fees burned; the lock moved into the pool
    block = econ.b.chain.head.number + 1
    expected = reg.subnet_lock_cost(100 * TAO, block - 1, block, 10**9, 100 * TAO)
    events = econ.ok("bob", "subtensor.register_network", hotkey=A("owner2"))
    assert dict(events)["subtensor.NetworkAdded"]["lock"] == expected == 200 * TAO - (100 * TAO // 100_800)


def test_staking_needs_start_call_and_a_known_hotkey(econ):
    netuid = econ.new_subnet(start=False)
    assert econ.fails("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid,
                      amount_staked=TAO) == "subtensor.SubtokenDisabled"
    econ.ok("alice", "subtensor.start_call", netuid=netuid)
    assert econ.fails("bob", "subtensor.start_call", netuid=netuid) == "subtensor.NotSubnetOwner"
    assert econ.fails("alice", "subtensor.start_call", netuid=netuid) == "subtensor.FirstEmissionBlockNumberAlreadySet"
    assert econ.fails("bob", "subtensor.add_stake", hotkey=A("nobody"), netuid=netuid,
                      amount_staked=TAO) == "subtensor.HotKeyAccountNotExists"
    assert econ.fails("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=99,
                      amount_staked=TAO) == "subtensor.SubnetNotExists"


def test_stake_through_the_pool_is_exactly_consensus_pool(econ):
    netuid = econ.new_subnet()
    for amount in (3 * 10**6, 10**9, 7 * TAO, 40 * TAO):
        econ.b.block()  # settle the coinbase of the next block before reading the pool
        s = econ.state_subnet(netuid)
        # the coinbase of the stake's own block runs first: simulate it by making the block
        # empty-handed is not possible, so compare against the pool right after on_initialize
        fee_before = econ.b.free("bob")
        events = dict(econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid, amount_staked=amount))
        added = events["subtensor.StakeAdded"]
        assert added["tao"] == amount and added["fee"] == amm.swap_fee(amount)
        after = econ.state_subnet(netuid)
        # the pool moved by exactly the trade on top of this block's injection
        assert after.tao_in - s.tao_in >= amount - added["fee"]
        assert fee_before - econ.b.free("bob") - amount == econ.b.last.events[0][2]["actual_fee"]


def test_pool_vectors_through_the_node(tmp_path):
    """The balancer_swap vectors (tao 1e9, alpha 4e9, w = ½) executed by add_stake/remove_stake."""
    from node.builder import ChainBuilder
    from node.runtime import economy as eco
    from tests.conftest import load_vector
    from tests.economics.conftest import Econ, economy_spec

    vectors = load_vector("yuma", "coinbase_swap_misc.json")["balancer_swap"]
    for case in vectors["buys"][2:] + [{"sell": s} for s in vectors["sells"]]:
        b = ChainBuilder(tmp_path / f"v{len(list(tmp_path.iterdir()))}", economy_spec(min_stake=0))
        econ = Econ(b)
        netuid = econ.new_subnet()
        state = b.chain.state
        econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid, amount_staked=10**7)
        # force the vector's pool (and keep the issuance identity): no emission on this subnet
        s = eco.subnet(state, netuid)
        params = eco.params(state, netuid)
        params["registration_allowed"] = False
        eco.save_params(state, netuid, params, {})
        state.put_value("total_issuance", balances.total_issuance(state) - s.tao_in + 10**9)
        s.tao_in, s.alpha_in, s.quote_weight = 10**9, 4 * 10**9, amm.DEFAULT_QUOTE_WEIGHT
        eco.save_subnet(state, s)
        b.block()
        if "sell" in case:
            sell = case["sell"]
            events = dict(econ.ok("bob", "subtensor.remove_stake", hotkey=A("owner1"), netuid=netuid,
                                  amount_unstaked=sell["alpha_in"]))
            got = events["subtensor.StakeRemoved"]
            assert got["fee"] == sell["fee_alpha"]
            assert abs(got["tao"] - sell["tao_out"]) <= vectors["weighted_tolerance_rao"]
        else:
            events = dict(econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid,
                                  amount_staked=case["tao_in"]))
            got = events["subtensor.StakeAdded"]
            assert got["fee"] == case["fee_to_block_author_tao"]
            assert abs(got["alpha"] - case["alpha_out"]) <= vectors["weighted_tolerance_rao"]
            assert econ.state_subnet(netuid).tao_in == 10**9 + case["tao_added_to_reserve"]
        b.close()


def test_limits_partial_fills_and_named_errors(econ):
    netuid = econ.new_subnet()
    price = econ.state_subnet(netuid).price
    limit = int(price * 1.01 * amm.PRICE_LIMIT_SCALE)
    free = econ.b.free("bob")
    assert econ.fails("bob", "subtensor.add_stake_limit", hotkey=A("owner1"), netuid=netuid, amount_staked=50 * TAO,
                      limit_price=limit, allow_partial=False) == "subtensor.SlippageTooHigh"
    assert free - econ.b.free("bob") == econ.b.last.events[0][2]["actual_fee"]  # a failure costs only the fee
    events = dict(econ.ok("bob", "subtensor.add_stake_limit", hotkey=A("owner1"), netuid=netuid,
                          amount_staked=50 * TAO, limit_price=limit, allow_partial=True))
    added = events["subtensor.StakeAdded"]
    assert added["partial"] and added["tao"] < 50 * TAO
    assert econ.state_subnet(netuid).price <= amm.limit_to_price(limit)
    assert econ.fails("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid,
                      amount_staked=10**6) == "subtensor.AmountTooLow"
    held = econ.stake("bob", "owner1", netuid)
    assert econ.fails("bob", "subtensor.remove_stake", hotkey=A("owner1"), netuid=netuid,
                      amount_unstaked=held + 1) == "subtensor.NotEnoughStakeToWithdraw"
    assert econ.fails("bob", "subtensor.remove_stake", hotkey=A("owner1"), netuid=netuid,
                      amount_unstaked=held - 10) == "subtensor.AmountTooLow"  # would leave dust
    low = int(econ.state_subnet(netuid).price * 0.999 * amm.PRICE_LIMIT_SCALE)
    events = dict(econ.ok("bob", "subtensor.remove_stake_limit", hotkey=A("owner1"), netuid=netuid,
                          amount_unstaked=held, limit_price=low, allow_partial=True))
    removed = events["subtensor.StakeRemoved"]
    assert removed["partial"] and econ.stake("bob", "owner1", netuid) == held - removed["alpha"]
    econ.ok("bob", "subtensor.remove_stake", hotkey=A("owner1"), netuid=netuid,
            amount_unstaked=econ.stake("bob", "owner1", netuid))
    assert econ.stake("bob", "owner1", netuid) == 0


def test_shares_stay_pro_rata(econ):
    netuid = econ.new_subnet()
    econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid, amount_staked=3 * TAO)
    econ.ok("charlie", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid, amount_staked=TAO)
    from node.runtime import staking

    state = econ.b.chain.state
    pool_alpha, shares = staking.hotkey_pool(state, netuid, A("owner1"))
    bob, charlie = econ.stake("bob", "owner1", netuid), econ.stake("charlie", "owner1", netuid)
    assert bob + charlie <= pool_alpha <= bob + charlie + 2
    # a dividend (next issue) adds alpha to the hotkey pool: both gain in proportion
    staking.credit_stake  # noqa: B018  (the API the epoch will use is the pool total)
    ratio_before = bob / charlie
    state.put("hotkey_alpha", f"{netuid}:{A('owner1')}", (pool_alpha * 2, shares))
    assert abs(econ.stake("bob", "owner1", netuid) / econ.stake("charlie", "owner1", netuid) - ratio_before) < 1e-9
    state.put("hotkey_alpha", f"{netuid}:{A('owner1')}", (pool_alpha, shares))


def test_move_transfer_swap(econ):
    n1 = econ.new_subnet("alice", "owner1")
    n2 = econ.new_subnet("bob", "owner2")
    econ.ok("charlie", "subtensor.add_stake", hotkey=A("owner1"), netuid=n1, amount_staked=10 * TAO)
    held = econ.stake("charlie", "owner1", n1)
    econ.ok("charlie", "subtensor.move_stake", origin_hotkey=A("owner1"), destination_hotkey=A("owner2"),
            origin_netuid=n1, destination_netuid=n1, alpha_amount=held // 2)
    assert econ.stake("charlie", "owner2", n1) == held // 2
    econ.ok("charlie", "subtensor.transfer_stake", destination_coldkey=A("dave"), hotkey=A("owner2"),
            origin_netuid=n1, destination_netuid=n1, alpha_amount=held // 4)
    assert econ.stake("dave", "owner2", n1) == held // 4
    assert econ.fails("charlie", "subtensor.swap_stake", hotkey=A("owner1"), origin_netuid=n1, destination_netuid=n1,
                      alpha_amount=10) == "subtensor.SameNetuid"
    rest = econ.stake("charlie", "owner1", n1)
    assert econ.fails("charlie", "subtensor.swap_stake_limit", hotkey=A("owner1"), origin_netuid=n1,
                      destination_netuid=n2, alpha_amount=rest, limit_price=10**12,
                      allow_partial=False) == "subtensor.SlippageTooHigh"
    events = dict(econ.ok("charlie", "subtensor.swap_stake", hotkey=A("owner1"), origin_netuid=n1,
                          destination_netuid=n2, alpha_amount=rest))
    swapped = events["subtensor.StakeSwapped"]
    assert econ.stake("charlie", "owner1", n1) == 0
    assert econ.stake("charlie", "owner1", n2) == swapped["received_alpha"] > 0
    events = dict(econ.ok("charlie", "subtensor.swap_stake", hotkey=A("owner1"), origin_netuid=n2,
                          destination_netuid=0, alpha_amount=econ.stake("charlie", "owner1", n2)))
    assert econ.stake("charlie", "owner1", 0) == events["subtensor.StakeSwapped"]["received_alpha"]


def test_burned_registration_ownership_and_burn_path(econ):
    netuid = econ.new_subnet()
    econ.b.block()
    burn_before = econ.state_subnet(netuid).burn
    half_life = 360
    expected = reg.burn_block(burn_before, 1, half_life)
    alpha_out = econ.state_subnet(netuid).alpha_out
    events = dict(econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=A("hk-b")))
    reg_event = events["subtensor.NeuronRegistered"]
    assert (reg_event["uid"], reg_event["burn"]) == (1, expected.registrations_paid[0])
    s = econ.state_subnet(netuid)
    assert s.burn == expected.burn_after and s.neurons == 2
    assert s.alpha_out - alpha_out == s.alpha_emission  # the bought alpha was recycled
    assert econ.fails("charlie", "subtensor.burned_register", netuid=netuid,
                      hotkey=A("hk-b")) == "subtensor.HotKeyAlreadyRegisteredInSubNet"
    n2 = econ.new_subnet("alice", "owner9")
    assert econ.fails("charlie", "subtensor.burned_register", netuid=n2,
                      hotkey=A("hk-b")) == "subtensor.NonAssociatedColdKey"
    assert econ.fails("bob", "subtensor.burned_register", netuid=0,
                      hotkey=A("hk-b")) == "subtensor.RegistrationNotPermittedOnRootSubnet"
    assert econ.fails("bob", "subtensor.burned_register", netuid=n2, hotkey=A("hk-c"),
                      max_burn=1000) == "subtensor.RegistrationPriceLimitExceeded"


def test_pruning_replaces_the_lowest_non_immune_neuron(econ):
    netuid = econ.new_subnet()
    for param, value in (("max_allowed_uids", 64), ("immunity_period", 0), ("min_burn", 0), ("max_burn", TAO)):
        econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter=param, value=value)
    hotkeys = [A(f"n{i}") for i in range(63)]
    for hk in hotkeys:
        econ.b.submit("bob", "subtensor.burned_register", {"netuid": netuid, "hotkey": hk})
    econ.b.block()
    assert all(r.success for r in econ.b.last.results) and econ.state_subnet(netuid).neurons == 64
    events = dict(econ.ok("bob", "subtensor.burned_register", netuid=netuid, hotkey=A("late")))
    assert events["subtensor.NeuronDeregistered"]["uid"] == 1  # owner uid 0 is immortal; ties → earliest, lowest uid
    assert events["subtensor.NeuronRegistered"]["uid"] == 1


def test_axon_and_hyperparameters(econ):
    netuid = econ.new_subnet()
    econ.ok("alice", "subtensor.serve_axon", netuid=netuid, hotkey=A("owner1"), ip="10.0.0.1", port=8091)
    # serve_axon is free (Pays::No), so one that would fail is refused before the pool
    assert econ.refused("alice", "subtensor.serve_axon", netuid=netuid, hotkey=A("owner1"), ip="10.0.0.1",
                        port=8092) == "subtensor.ServingRateLimitExceeded"
    assert econ.refused("bob", "subtensor.serve_axon", netuid=netuid, hotkey=A("owner1"), ip="10.0.0.1",
                        port=1) == "subtensor.NonAssociatedColdKey"
    assert econ.refused("alice", "subtensor.serve_axon", netuid=netuid, hotkey=A("owner1"), ip="nope",
                        port=1) == "subtensor.InvalidIpAddress"
    # owner: owner-settable ones within bounds, rate limited; sudo: all, tempo ≥ 1
    assert econ.fails("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo",
                      value=20) == "admin_utils.ValueOutOfRange"
    assert econ.fails("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="kappa",
                      value=1) == "admin_utils.NotOwnerSettable"
    assert econ.fails("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="nonsense",
                      value=1) == "admin_utils.UnknownHyperparameter"
    assert econ.fails("bob", "admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo",
                      value=400) == "subtensor.NotSubnetOwner"
    econ.ok("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo", value=400)
    assert econ.fails("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo",
                      value=500) == "admin_utils.RateLimitExceeded"
    econ.ok("alice", "admin_utils.set_hyperparameter", netuid=netuid, parameter="burn_increase_mult", value="1.5")
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo", value=3)
    assert econ.subnet(netuid)["tempo"] == 3


def test_epochs_are_scheduled_by_tempo_and_pending_accumulates(econ):
    netuid = econ.new_subnet()
    econ.sudo("admin_utils.set_hyperparameter", netuid=netuid, parameter="tempo", value=5)
    econ.b.block(30)
    s = econ.subnet(netuid)
    assert s["epoch_count"] >= 5 and s["blocks_until_next_epoch"] <= 5
    epochs = [e for o in econ.b.outcomes[-10:] for _, n, e in o.events if n == "subtensor.EpochRun"]
    assert epochs and all(e["pending_server"] <= s["pending"]["server"] for e in epochs)
    assert s["pending"]["server"] > 0 and s["pending"]["owner"] > 0


def test_coinbase_block_matches_consensus_emission(econ):
    """One block of coinbase on a started subnet with root stake equals the pure functions."""
    from fractions import Fraction

    from consensus import emission as em
    from node.runtime import economy as eco

    netuid = econ.new_subnet()
    econ.ok("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=0, amount_staked=500 * TAO)
    econ.b.block(20)  # the EMA price leaves zero after a few blocks
    state = econ.b.chain.state
    s = econ.state_subnet(netuid)
    issuance = econ.b.issuance()
    emission = em.block_emission(issuance)
    share = em.subnet_shares([em.ema_price_fraction(s.ema_price_q32)])[0]
    tao_emission = em.tao_emissions(emission, [share])[0]
    alpha_issuance = s.alpha_in + s.alpha_out
    alpha_emission = em.block_emission(alpha_issuance)
    root_prop = em.root_proportion(Fraction(eco.setting(state, "tao_weight"), eco.U64_MAX),
                                   econ.state_subnet(0).tao_in, alpha_issuance)
    injection = em.subnet_injection(tao_emission, s.price, root_prop, alpha_emission)
    pool_after, bought, _ = em.inject_and_buy(s.pool(), injection)
    split = em.split_alpha_out(alpha_emission, root_prop)
    econ.b.block()
    t = econ.state_subnet(netuid)
    assert (t.tao_in, t.alpha_in, t.quote_weight) == (pool_after.tao_reserve, pool_after.alpha_reserve,
                                                       pool_after.quote_weight)
    assert t.pending_owner - s.pending_owner == split.owner_cut
    assert t.pending_server - s.pending_server == split.server
    assert t.pending_validator - s.pending_validator == split.validator
    assert t.protocol_alpha - s.protocol_alpha == bought
    assert econ.b.issuance() - issuance == pool_after.tao_reserve - s.tao_in  # exactly what entered the pool
    assert t.ema_price_q32 == em.update_ema_price(s.ema_price_q32, amm.price_u64f64(pool_after),
                                                  econ.b.chain.head.number - s.first_emission_block)


def test_a_bug_in_a_call_fails_the_extrinsic_and_keeps_the_chain_going(econ, monkeypatch):
    from node.runtime import staking

    netuid = econ.new_subnet()

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(staking, "add_stake", broken)
    free = econ.b.free("bob")
    inner = {"call": "subtensor.add_stake", "args": {"hotkey": A("owner1"), "netuid": netuid, "amount_staked": TAO}}
    assert econ.fails("bob", "subtensor.add_stake", hotkey=A("owner1"), netuid=netuid,
                      amount_staked=TAO) == "system.InternalError"
    assert free - econ.b.free("bob") == econ.b.last.events[0][2]["actual_fee"]
    assert econ.fails("alice", "sudo.sudo", call=inner) == "system.InternalError"  # nested savepoints unwound
    econ.b.block()
